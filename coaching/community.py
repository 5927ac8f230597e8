"""Channel posts for a community: a rotating tip, a weekly challenge, an opt-in digest of counts.

A channel post never carries anything personal. The digest counts only people who
said `digest on` and did something that week, only adds numbers up, stays silent until
enough of them were active that no number points at one person, and rounds every figure
(small ones become "a few"), so one person's week can't be read back from the totals.

Schedules come from the config file or from channel managers in chat (`schedule ...`);
the engine can't see platform permissions, so the adapter tells it `can_manage` and the
command reads it from `Ctx`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coaching.core.model import Action, Item, Reply, UserRef
from coaching.core.registry import PROFILE, Ctx, Feature, UserError, command
from coaching.core.settings import switch
from coaching.core.store import Store, UserData
from coaching.core.tips import ALL_TIPS
from coaching.goals.progress import EVENT_TARGET
from coaching.people.records import EVENTS

SCHEDULES = "schedules"
STATE = "channel_state"
KINDS = ("tip", "challenge", "digest")
PRESETS = {"daily": "0 9 * * *", "weekdays": "0 9 * * mon-fri", "weekly": "0 9 * * mon"}
MAX_PER_CHANNEL = 5
MIN_MEMBERS = 5  # people active in the week, before the digest shows any figure
ROUND_TO = 5
DIGEST_WINDOW = timedelta(days=7)

CHALLENGES = (
    "Reconnect with someone you haven't spoken to in three months. Two lines will do: what made you think of them, "
    "and one question about what they're up to.",
    "Introduce two people who should know each other, and tell each of them why.",
    "Thank someone who helped you along the way, however long ago it was.",
    "Share something useful with one person in your network (an article, a tool, a job post) with no ask attached.",
    "Add three people you met this week, each with one detail only they could have told you.",
    "Say your pitch out loud three times and cut one sentence each time.",
    "Talk to someone outside your usual circle: another team, another field, another background.",
    "Congratulate someone on a new role, a launch or a milestone.",
    "Clear every open follow-up before Friday, even if it's a short note.",
    "Ask one person a specific question about their work, then listen more than you talk.",
    "Before your next event, pick two people you want to meet and one question for each.",
    "Offer help first: ask someone what they're working on and what would make it easier.",
)
POOLS = {"tip": ALL_TIPS, "challenge": CHALLENGES}
TITLES = {"tip": "Networking tip", "challenge": "This week's challenge"}


@dataclass(frozen=True)
class ChannelSchedule:
    """Post `kind` into `channel` whenever `cron` fires, in `timezone`."""

    id: str
    platform: str
    channel: str
    cron: str
    timezone: str = "UTC"
    kind: str = "tip"
    workspace: str | None = None
    source: str = "chat"  # "config" or "chat"

    @classmethod
    def from_config(cls, platform: str, channel: str, cron: str, timezone: str, kind: str) -> ChannelSchedule:
        """Config entries have no stored id, so the id is derived from what they say: stable across restarts."""
        digest = hashlib.sha256(f"{platform}|{channel}|{cron}|{timezone}|{kind}".encode()).hexdigest()[:10]
        return cls(f"cfg-{digest}", platform, channel, cron, timezone, kind, source="config")


@dataclass(frozen=True)
class ChannelPost:
    """A composed post; `used` is the rotated text's fingerprint, remembered once it's out.

    `reply` is None for a fire that was skipped: it counts as posted, and nothing went out.
    """

    schedule: ChannelSchedule
    reply: Reply | None
    used: str | None = None


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _state(data, schedule: ChannelSchedule) -> dict | None:
    return data.get(STATE, schedule.id)


def _first_state(schedule: ChannelSchedule, now: datetime) -> dict:
    """A schedule's state when it is first seen: nothing posted, nothing owed before `now`."""
    return {"id": schedule.id, "since": now.isoformat(), "used": [], "round": 0}


def _posted_at(state: dict) -> datetime:
    return datetime.fromisoformat(state.get("last") or state["since"])


def last_posted(store: Store, schedule: ChannelSchedule, now: datetime) -> datetime:
    """The last post, or the first time this schedule was seen: fires after it are still owed."""
    with store.shared() as data:
        state = _state(data, schedule)
        if state is None:
            state = _first_state(schedule, now)
            data.put(STATE, state)
    return _posted_at(state)


def _rotate(schedule: ChannelSchedule, state: dict) -> str:
    """The next text in a shuffled round: nothing repeats until the whole pool has been used."""
    pool = POOLS[schedule.kind]
    used = set(state.get("used", []))
    left = [text for text in pool if _fingerprint(text) not in used] or list(pool)
    seed = f"{schedule.id}|{state.get('round', 0)}|"
    return min(left, key=lambda text: hashlib.sha256((seed + text).encode()).digest())


def compose(store: Store, schedule: ChannelSchedule, now: datetime) -> ChannelPost:
    if schedule.kind == "digest":
        return ChannelPost(schedule, digest_reply(store, schedule, now))
    with store.shared() as data:
        state = _state(data, schedule) or {}
    text = _rotate(schedule, state)
    return ChannelPost(schedule, Reply(title=TITLES[schedule.kind], body=text), _fingerprint(text))


def claim(store: Store, schedule: ChannelSchedule, fire: datetime, now: datetime, lease: timedelta) -> bool:
    """Take the post owed for `fire` for this process, so replicas sharing a store post it once.

    False when it is out already or another process holds it; a holder that dies loses it after `lease`.
    """
    with store.shared() as data:
        state = _state(data, schedule) or _first_state(schedule, now)
        held = state.get("claim") or {}
        if _posted_at(state) >= fire or (
                held.get("fire") == fire.isoformat() and datetime.fromisoformat(held["until"]) > now):
            return False
        data.put(STATE, {**state, "claim": {"fire": fire.isoformat(), "until": (now + lease).isoformat()}})
    return True


def release(store: Store, schedule: ChannelSchedule) -> None:
    """Give a claimed post back after a send that may work later, so the next sweep can try at once."""
    with store.shared() as data:
        state = _state(data, schedule)
        if state is not None and "claim" in state:
            data.put(STATE, {k: v for k, v in state.items() if k != "claim"})


def mark_posted(store: Store, post: ChannelPost, now: datetime) -> None:
    with store.shared() as data:
        state = _state(data, post.schedule) or _first_state(post.schedule, now)
        state.pop("claim", None)
        used = state.get("used", [])
        if post.used:
            used = [*used, post.used]
            if {_fingerprint(text) for text in POOLS[post.schedule.kind]} <= set(used):
                used, state["round"] = [], state.get("round", 0) + 1
        data.put(STATE, {**state, "used": used, "last": now.isoformat()})


@dataclass(frozen=True)
class Activity:
    members: int
    added: int
    followups: int
    drills: int


def activity(store: Store, platform: str, workspace: str | None, now: datetime) -> Activity:
    """Sum the last week's counts over people who opted in and were active in it (`members`).

    Numbers only: no name, no note leaves here. An opted-in account with nothing that week is
    not counted, so empty accounts can't make one person's week look like a crowd's.
    """
    since = now - DIGEST_WINDOW
    members = added = followups = drills = 0
    for user in store.users():
        if user.platform != platform or (workspace and user.workspace != workspace):
            continue
        with store.session(user) as data:
            if not (data.get(PROFILE, "profile") or {}).get("digest"):
                continue
            week = [event["type"] for event in data.all(EVENTS) if datetime.fromisoformat(event["at"]) >= since]
        if not week:
            continue
        members += 1
        added += week.count("added")
        followups += week.count("followup")
        drills += sum(EVENT_TARGET.get(kind) == "drills" for kind in week)
    return Activity(members, added, followups, drills)


def rounded(count: int, noun: str) -> str:
    """A figure to the nearest five, small ones as "a few": totals stay true without pointing at anyone."""
    if count == 0:
        return f"no {noun}"
    if count < ROUND_TO:
        return f"a few {noun}"
    return f"about {max(ROUND_TO, round(count / ROUND_TO) * ROUND_TO)} {noun}"


def digest_reply(store: Store, schedule: ChannelSchedule, now: datetime) -> Reply:
    counts = activity(store, schedule.platform, schedule.workspace, now)
    if counts.members < MIN_MEMBERS:
        return Reply(
            title="Community digest",
            body=f"The weekly digest starts once {MIN_MEMBERS} people who share their numbers have a week with "
            "something in it. Want to be counted? Send me `digest on`: I only ever add up rounded totals, "
            "never names or notes.",
        )
    return Reply(
        title="This week in the community",
        body=f"{rounded(counts.members, 'people').capitalize()} shared an active week. Together you:",
        items=(
            Item(f"met and added {rounded(counts.added, 'new people')}"),
            Item(f"followed up with {rounded(counts.followups, 'people')}"),
            Item(f"ran {rounded(counts.drills, 'pitch drills')}"),
        ),
        tip="Rounded counts only, from people who said `digest on`. Add yours the same way.",
    )


def stored_schedules(store: Store) -> list[ChannelSchedule]:
    with store.shared() as data:
        return _schedules(data)


def _schedules(shared: UserData) -> list[ChannelSchedule]:
    names = {field.name for field in fields(ChannelSchedule)}
    return [ChannelSchedule(**{k: v for k, v in doc.items() if k in names}) for doc in shared.all(SCHEDULES)]


def forget_schedules(shared: UserData, platform: str, workspaces: set[str]) -> None:
    """Drop the scheduled posts, and what was posted, of workspaces whose data is being deleted."""
    for schedule in _schedules(shared):
        if schedule.platform == platform and schedule.workspace in workspaces:
            shared.delete(SCHEDULES, schedule.id)
            shared.delete(STATE, schedule.id)


def _zone(ctx: Ctx, wanted: str | None) -> str:
    if wanted is None:
        return ctx.profile.get("tz") or "UTC"
    try:
        return ZoneInfo(wanted).key
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"“{wanted}” isn't a timezone I know. Use a name like `Europe/London`.") from None


def _here(shared: UserData, user: UserRef, channel: str) -> list[ChannelSchedule]:
    return [s for s in _schedules(shared)
            if (s.platform, s.workspace, s.channel) == (user.platform, user.workspace, channel)]


def _describe(schedule: ChannelSchedule) -> str:
    return f"{schedule.kind} at `{schedule.cron}` ({schedule.timezone}), id `{schedule.id}`"


NOT_ALLOWED = "Only people who can manage this channel can change its scheduled posts. `schedule list` shows what's planned."
USAGE = ("Scheduled posts for this channel: `schedule list`, `schedule add tip weekly`, "
         "`schedule add challenge 0 9 * * mon Europe/London`, `schedule remove <id>`. Kinds: tip, challenge, digest.")


@command(
    "schedule",
    "schedule list | add <tip|challenge|digest> <when> [timezone] | remove <id>",
    "Scheduled posts in a channel. Type it in the channel itself; changing them needs channel manager rights.",
    ("schedule list", "schedule add tip weekly", "schedule add challenge 0 9 * * mon Europe/London", "schedule remove 3fa2c1"),
    topic="community",
    channel_rights=True,
)
def schedules_here(ctx: Ctx, rest: str) -> Reply:
    """`schedule list | add <kind> <when> [timezone] | remove <id>` for the channel it's typed in.

    The schedules are the community's, kept in the shared records; the surface said whether this person may
    manage the channel. In a direct message there is no channel to manage, so it says where to type it.
    """
    if ctx.channel is None:
        return Reply(body="Scheduled posts belong to a channel, so type `schedule ...` in the channel you want to "
                          "manage. " + USAGE)
    assert ctx.shared is not None, "a coach always gives its handlers the shared records"
    words = rest.split()
    action = words[0].casefold() if words else "list"
    if action == "list":
        with ctx.shared() as shared:
            here = _here(shared, ctx.user, ctx.channel)
        if not here:
            return Reply(body="No scheduled posts in this channel yet. " + USAGE)
        actions = tuple(Action(f"Remove {s.id}", f"schedule remove {s.id}", "danger") for s in here) if ctx.can_manage else ()
        return Reply(title="Scheduled posts here", body="", items=tuple(Item(_describe(s)) for s in here), actions=actions)
    if action not in ("add", "remove"):
        raise UserError(USAGE)
    if not ctx.can_manage:
        raise UserError(NOT_ALLOWED)
    with ctx.shared() as shared:
        if action == "remove":
            return _remove(shared, ctx.user, ctx.channel, words[1:])
        return _add(ctx, shared, ctx.channel, words[1:])


def _add(ctx: Ctx, shared: UserData, channel: str, words: list[str]) -> Reply:
    if not words or words[0].casefold() not in KINDS:
        raise UserError("What should I post? `schedule add tip weekly`, `schedule add challenge weekly` or "
                        "`schedule add digest 0 17 * * fri`.")
    kind = words[0].casefold()
    if len(words) > 1 and words[1].casefold() in PRESETS:
        cron, extra = PRESETS[words[1].casefold()], words[2:]
    elif len(words) >= 6:
        cron, extra = " ".join(words[1:6]), words[6:]
    else:
        raise UserError("When should it post? Use `daily`, `weekdays`, `weekly`, or five cron fields like `0 9 * * mon`.")
    if len(extra) > 1:
        raise UserError(f"I didn't follow “{' '.join(extra)}”. After the time, add only a timezone, like `Europe/London`.")
    zone = _zone(ctx, extra[0] if extra else None)
    assert ctx.cron_check is not None, "a coach always gives its handlers its cron reader"
    try:
        ctx.cron_check(cron, zone, ctx.now)
    except ValueError as problem:
        raise UserError(str(problem)) from None
    if len(_here(shared, ctx.user, channel)) >= MAX_PER_CHANNEL:
        raise UserError(f"This channel already has {MAX_PER_CHANNEL} scheduled posts. Remove one first.")
    schedule = ChannelSchedule(secrets.token_hex(4), ctx.user.platform, channel, cron, zone, kind, ctx.user.workspace)
    shared.put(SCHEDULES, {**asdict(schedule), "added_at": ctx.now.isoformat()})
    return Reply(body=f"Scheduled: {_describe(schedule)}. Remove it with `schedule remove {schedule.id}`.")


def _remove(shared: UserData, user: UserRef, channel: str, words: list[str]) -> Reply:
    wanted = words[0].strip("`") if words else ""
    match = next((s for s in _here(shared, user, channel) if s.id == wanted), None)
    if match is None:
        raise UserError("Which one? `schedule list` shows each post's id; then `schedule remove <id>`.")
    shared.delete(SCHEDULES, match.id)
    shared.delete(STATE, match.id)
    return Reply(body=f"Removed the {match.kind} post `{match.id}` from this channel.")


@command(
    "digest",
    "digest on|off",
    "Count your week (people added, follow-ups, pitch drills) in the community digest. Numbers only, never names.",
    ("digest on", "digest off"),
    topic="community",
)
def set_digest(ctx: Ctx, rest: str) -> Reply:
    return switch(ctx, rest, "digest", default=False,
                  state=lambda on: f"You're {'counted' if on else 'not counted'} in the community digest.",
                  on="Thanks! Your weekly counts now join the community digest: totals only, never names or notes.",
                  off="Done: your numbers are no longer part of the community digest.")


FEATURE = Feature("community", commands=(schedules_here, set_digest))
