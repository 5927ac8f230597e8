"""Personal settings: timezone, quiet hours, and whether to nudge at all."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from functools import cache

from rapidfuzz import process

from coaching.commands import Ctx, UserError, command
from coaching.model import Reply
from coaching.text import shorten

_CLOCK = r"(\d+)(?::([0-5]\d))?(?:\s*([ap]\.?m\.?))?"  # any hour, so one off the clock hears why
_QUIET = re.compile(rf"^{_CLOCK}(?:\s*+(?:-|–|to)\s*+|\s++){_CLOCK}$")
_OFFSET = re.compile(r"^(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?00)?$", re.IGNORECASE)
DEFAULT_QUIET = ("21:00", "08:00")
_LONGEST_ZONE = 40  # the longest IANA name is 32 characters; fuzzy matching reads no further


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _hhmm(hour: str, minute: str | None, half: str | None) -> str | None:
    """"10", "pm" -> "22:00"; 24-hour times pass through; None for an hour that doesn't exist."""
    h = int(hour)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.startswith("p") else 0)
    return f"{h:02d}:{minute or '00'}" if h <= 23 else None


def quiet_hours(profile: dict) -> tuple[str, str] | None:
    quiet = profile.get("quiet", list(DEFAULT_QUIET))
    return tuple(quiet) if quiet else None


@command(
    "tz",
    "tz <IANA timezone>",
    "Set your timezone so reminders arrive at sensible local times.",
    ("tz Europe/London", "tz America/New_York"),
    topic="settings",
    aliases=("timezone",),
)
def set_tz(ctx: Ctx, rest: str) -> Reply:
    wanted = rest.strip()
    if not wanted:
        return Reply(body=f"Your timezone is {ctx.tz.key}. Change it with `tz Europe/London`.")
    offset = _OFFSET.match(wanted)
    if offset:
        zone = _offset_zone(*offset.groups())
        if zone is None:
            raise UserError(f"“{wanted}” isn't an offset anywhere uses: they run from UTC-12 to UTC+14. "
                            "A city is easiest, like `tz Europe/Paris`.")
    else:
        zones = {zone.casefold(): zone for zone in _zones()}
        key = wanted.casefold().replace(" ", "_")
        by_city = [z for z in _zones() if "/" in z and z.rsplit("/", 1)[1].casefold() == key]
        zone = zones.get(key) or (by_city[0] if len(by_city) == 1 else None)
    if zone is None:
        close = [match for match, _, _ in process.extract(wanted[:_LONGEST_ZONE], _zones(), limit=3)]
        raise UserError(f"“{wanted}” isn't a timezone I know. Did you mean {', '.join(close)}?")
    ctx.profile["tz"] = zone
    ctx.save_profile()
    follows_the_clocks = "/" in zone and not zone.startswith("Etc/")
    fixed = "" if follows_the_clocks or zone == "UTC" else (
        " That's a fixed offset with no summer time; a city, like `tz Europe/Paris`, follows the clocks.")
    return Reply(body=f"Timezone set to {zone}. It's {ctx.local_now:%H:%M} there now.{fixed}")


def _offset_zone(sign: str, hours: str) -> str | None:
    """"UTC+1" means an hour ahead of UTC, which the IANA database spells Etc/GMT-1 (its signs are reversed)."""
    hour = int(hours)
    if hour == 0:
        return "UTC"
    if (sign == "+" and hour > 14) or (sign == "-" and hour > 12):
        return None
    return f"Etc/GMT{'-' if sign == '+' else '+'}{hour}"


@command(
    "quiet",
    "quiet <start-end> | quiet off",
    f"Hours when I won't nudge you (default {DEFAULT_QUIET[0]}-{DEFAULT_QUIET[1]}, your time).",
    ("quiet 22:00-07:30", "quiet 10pm-7am", "quiet off"),
    topic="settings",
)
def set_quiet(ctx: Ctx, rest: str) -> Reply:
    wanted = rest.strip().casefold()
    if not wanted:
        hours = quiet_hours(ctx.profile)
        state = f"{hours[0]}-{hours[1]}" if hours else "off"
        return Reply(body=f"Quiet hours: {state} ({ctx.tz.key}). Change with `quiet 22:00-07:30` or `quiet off`.")
    if wanted in ("off", "none", "no"):
        ctx.profile["quiet"] = []
        ctx.save_profile()
        return Reply(body="Quiet hours off: nudges can arrive at any hour.")
    match = _QUIET.match(wanted)
    if (match and not any(match.group(2, 3, 5, 6)) and not match[1].startswith("0")
            and 12 >= int(match[1]) > int(match[4])):  # "10-7": the evening, or ten in the morning?
        raise UserError(f"Is that {match[1]}pm to {match[4]}am? Say `quiet {match[1]}pm-{match[4]}am`, "
                        f"or in 24-hour time, like `quiet 22:00-07:30`.")
    if not match:
        raise UserError("Write quiet hours as start-end, like `quiet 22:00-07:30` or `quiet 10pm-7am`.")
    start, end = _hhmm(*match.group(1, 2, 3)), _hhmm(*match.group(4, 5, 6))
    if not start or not end:
        raise UserError(f"“{shorten(rest.strip(), 30)}” has an hour that isn't on the clock: hours run 0-23, or 1-12 "
                        "with am/pm, like `quiet 22:00-07:30` or `quiet 10pm-7am`.")
    if start == end:
        raise UserError("Start and end are the same. Use `quiet off` to turn quiet hours off.")
    ctx.profile["quiet"] = [start, end]
    ctx.save_profile()
    return Reply(body=f"Quiet hours set: {start}-{end} your time ({ctx.tz.key}). Nudges due then wait until {end}.")


@command(
    "nudges",
    "nudges on|off",
    "Turn reminder messages on or off. Everything else keeps working.",
    ("nudges off", "nudges on"),
    topic="settings",
)
def set_nudges(ctx: Ctx, rest: str) -> Reply:
    return switch(ctx, rest, "nudges", default=True, state=lambda on: f"Nudges are {'on' if on else 'off'}.",
                  on="Nudges on. I'll remind you about follow-ups and check-ins, outside your quiet hours.",
                  off="Nudges off. I won't message you first; `followups` still shows what's due.")


def switch(ctx: Ctx, rest: str, key: str, *, default: bool, state: Callable[[bool], str], on: str, off: str) -> Reply:
    """An on/off setting in the profile: `<key> on`, `<key> off`, or just `<key>` to hear how it stands."""
    wanted = rest.strip().casefold()
    if wanted not in ("on", "off"):
        return Reply(body=f"{state(ctx.profile.get(key, default))} Say `{key} on` or `{key} off`.")
    ctx.profile[key] = wanted == "on"
    ctx.save_profile()
    return Reply(body=on if wanted == "on" else off)


@command("settings", "settings", "Show your timezone, quiet hours and nudges.", ("settings",), topic="settings")
def show_settings(ctx: Ctx, rest: str) -> Reply:
    hours = quiet_hours(ctx.profile)
    lines = [
        f"Timezone: {ctx.tz.key} (`tz <zone>`)",
        f"Quiet hours: {f'{hours[0]}-{hours[1]}' if hours else 'off'} (`quiet 22:00-07:30`)",
        f"Nudges: {'on' if ctx.profile.get('nudges', True) else 'off'} (`nudges on|off`)",
    ]
    return Reply(title="Your settings", body="\n".join(lines))
