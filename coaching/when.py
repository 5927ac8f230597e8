"""Reading and saying times the way people do: "yesterday at 3pm", "3 days ago", "on 12 Nov", "tomorrow 9am"."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
AMOUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|couple of)"
_FULL_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
CLOCK = r"(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}|noon|midday)"

PAST_PHRASE = re.compile(
    rf"""\b(?:on\s+)?(?:(?:at\s+)?{CLOCK}\s+)?(?:
        yesterday|today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night
      | {AMOUNT}\s+(?:minute|hour|day|week|month|year)s?\s+ago
      | last\s+{_WEEKDAY}|last\s+week|last\s+month|last\s+year
      | in\s+{_FULL_MONTH}(?:\s+\d{{4}})?
      | (?:on\s+)?{_WEEKDAY}
      | \d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?
      | {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?
      | \d{{4}}-\d{{2}}-\d{{2}}
    )(?:\s+(?:at\s+)?{CLOCK}|,\s*(?:at\s+)?{CLOCK}(?=\s*(?:[,;\n]|$)))?\b""",
    re.IGNORECASE | re.VERBOSE,
)

_YEAR = re.compile(r"\b\d{4}\b")
_FAR_BACK = re.compile(rf"(?:on\s+)?(?:in\s+{_FULL_MONTH}|{AMOUNT}\s+years?\s+ago|last\s+year)", re.IGNORECASE)
_MET_BEFORE = re.compile(r"\b(?:met|meeting|introduced)\b", re.IGNORECASE)
_DATE_ONLY = re.compile(rf"{_MONTH}|\d{{4}}-\d{{2}}-\d{{2}}|{_WEEKDAY}|last (?:week|month|year)", re.IGNORECASE)
_SHORT_SPAN = re.compile(r"^(?:in\s+)?(\d+)\s*(m|min|h|hr|d|w)$", re.IGNORECASE)
_SPAN_AHEAD = re.compile(r"^in\s+\d+\s+(?:minute|hour|day|week|month|year)s?$")
_LONGEST_PHRASE = 80  # longer than any way of saying a time: dateparser is not read past it
_SPAN_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "hr": "hours", "d": "days", "w": "weeks"}
_WORDS = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
          "seven": "7", "eight": "8", "nine": "9", "ten": "10", "couple of": "2"}


def _settings(now: datetime, tz: ZoneInfo, prefer: str) -> dict:
    """Parse in local wall-clock time; the zone is attached afterwards by zoneinfo, which knows DST."""
    return {
        "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None),
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def _parse(text: str, now: datetime, tz: ZoneInfo, prefer: str) -> datetime | None:
    if len(text) > _LONGEST_PHRASE:  # dateparser's time grows with its input, and no time is said in so many words
        return None
    moment = dateparser.parse(text, languages=["en"], settings=_settings(now, tz, prefer))
    return moment.replace(tzinfo=tz) if moment is not None else None


def find_past(text: str, now: datetime, tz: ZoneInfo) -> tuple[datetime | None, str]:
    """Find when a meeting happened inside free text. Returns (moment, the phrase used).

    Far-back phrases ("in May", "2 years ago", "last year") count only after "met" or at the start
    of a part: "moving to Berlin in May" is news about them, not when you met.
    """
    for match in PAST_PHRASE.finditer(text):
        phrase = match.group(0)
        before = re.split(r"[,;\n]", text[: match.start()])[-1]
        if _FAR_BACK.match(phrase) and before.strip() and not _MET_BEFORE.search(before):
            continue
        moment = parse_past(phrase, now, tz)
        if moment is not None:
            return moment, phrase
    return None, ""


def parse_past(phrase: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    cleaned = re.sub(r"^(?:on|at)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    cleaned = re.sub(r"\bmidday\b", "noon", cleaned, flags=re.IGNORECASE)  # dateparser knows only "noon"
    cleaned = re.sub(rf"^in\s+({_FULL_MONTH})", r"1 \1", cleaned, flags=re.IGNORECASE)  # "in March": its first day
    for word, digit in _WORDS.items():
        cleaned = re.sub(rf"^{word}\b", digit, cleaned, flags=re.IGNORECASE)
    moment = _parse(cleaned, now, tz, "past")
    if moment is None:
        return None
    if _DATE_ONLY.search(cleaned) and moment.time() == time(0):
        moment = moment.replace(hour=12)
    if moment > now + timedelta(minutes=1):
        if not _DATE_ONLY.search(cleaned) or _YEAR.search(cleaned):
            return None
        try:
            moment = moment.replace(year=moment.year - 1)
        except ValueError:  # 29 February has no last year
            return None
    return moment


_BEYOND_THE_CALENDAR = datetime.max.replace(tzinfo=UTC)  # after any limit a caller sets, so they say it is too far


def parse_future(phrase: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    """When to snooze to: "tomorrow", "3 days", "2d", "monday 9am", "in a week"."""
    cleaned = phrase.strip().casefold()
    short = _SHORT_SPAN.match(cleaned)
    if short:
        try:
            return now + timedelta(**{_SPAN_UNITS[short.group(2)]: int(short.group(1))})
        except OverflowError:
            return _BEYOND_THE_CALENDAR
    cleaned = re.sub(r"^(?:for|until|till|to)\s+", "", cleaned)
    if re.match(r"^\d+\s+\w+$", cleaned) or re.match(r"^(?:a|an)\s+\w+$", cleaned):
        cleaned = "in " + cleaned
    moment = _parse(cleaned, now, tz, "future")
    if moment is None and _SPAN_AHEAD.match(cleaned):  # "in 99999 years": read, but past the calendar's end
        return _BEYOND_THE_CALENDAR
    if moment is None or moment <= now:
        return None
    if moment.time() == time(0) and not re.search(r"\d\s*(?:am|pm|:)|midnight", cleaned):
        moment = moment.replace(hour=9)
    return moment


def say_day(moment: datetime, now: datetime, tz: ZoneInfo, *, bare: bool = False) -> str:
    """"today", "yesterday", "on Tuesday" (this week past or coming), "on 12 Nov 2025": how a person says it.

    `bare` drops the "on", for after words such as "since" or "before".
    """
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    days = (today - local.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    on = "" if bare else "on "
    if 1 < abs(days) < 7:
        return f"{on}{local:%A}"
    if local.year == today.year:
        return f"{on}{local.day} {local:%b}"
    return f"{on}{local.day} {local:%b %Y}"


def say_moment(moment: datetime, now: datetime, tz: ZoneInfo, *, bare: bool = False) -> str:
    """A day and a clock time in the user's zone: "tomorrow at 09:00", "on 29 Nov at 09:00"."""
    local = moment.astimezone(tz)
    return f"{say_day(moment, now, tz, bare=bare)} at {local:%H:%M}"


def ago(moment: datetime, now: datetime, tz: ZoneInfo) -> str:
    """Calendar days in the user's timezone, so a 30-day rhythm reads "30 days ago" on its morning."""
    days = (now.astimezone(tz).date() - moment.astimezone(tz).date()).days
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def week_start(moment: datetime, tz: ZoneInfo) -> date:
    """The Monday of `moment`'s week, in the user's own calendar."""
    local = moment.astimezone(tz).date()
    return local - timedelta(days=local.weekday())
