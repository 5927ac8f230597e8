"""How the habit is going: this week against the targets, the streak, on-time follow-ups, the trend.

Weeks start on Monday at midnight in the user's own timezone, so a Sunday-night coffee
counts for the week it happened in, wherever the server is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from coaching.core.model import Action, Attachment, Item, Reply
from coaching.core.nudges import settled
from coaching.core.records import Contact
from coaching.core.registry import Ctx, DueItem, Feature, command
from coaching.core.text import plural
from coaching.core.when import week_start
from coaching.goals.goal import TARGETS, describe_goal, goal_of, purpose, say_target, targets
from coaching.people.followup_window import OVERDUE_AFTER
from coaching.people.followups import overdue_names
from coaching.people.keep_in_touch import reconnections
from coaching.people.records import EVENTS, all_contacts

TREND_WEEKS = 4
CHECKIN_HOUR = 9
EVENT_TARGET = {"added": "contacts", "followup": "followups", "pitch": "drills", "drill": "drills"}


@dataclass(frozen=True)
class Week:
    start: date
    counts: dict[str, int]

    def met(self, wanted: dict[str, int]) -> bool:
        return bool(wanted) and all(self.counts.get(key, 0) >= n for key, n in wanted.items())


@dataclass(frozen=True)
class OnTime:
    on_time: int
    counted: int


def tally(ctx: Ctx, contacts: list[Contact]) -> dict[date, Counter]:
    """Counts per target for every week with any activity, keyed by the week's Monday; `contacts`: every contact."""
    weeks: dict[date, Counter] = {}
    events = ctx.data.all(EVENTS)
    moments = [(datetime.fromisoformat(e["at"]), EVENT_TARGET[e["type"]]) for e in events if e.get("type") in EVENT_TARGET]
    moments += [(moment, "reconnects") for moment in reconnections(ctx, contacts, events)]
    for moment, key in moments:
        weeks.setdefault(week_start(moment, ctx.tz), Counter())[key] += 1
    return weeks


def recent_weeks(weeks: dict[date, Counter], this_week: date, count: int = TREND_WEEKS) -> list[Week]:
    starts = [this_week - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    return [Week(start, {key: weeks.get(start, Counter())[key] for key in TARGETS}) for start in starts]


def streak(weeks: dict[date, Counter], wanted: dict[str, int], this_week: date) -> int:
    """Consecutive weeks with every target met. The week in progress adds once met, and never breaks it."""
    def met(start: date) -> bool:
        return Week(start, dict(weeks.get(start, Counter()))).met(wanted)

    count = 1 if met(this_week) else 0
    start = this_week - timedelta(weeks=1)
    while met(start):
        count += 1
        start -= timedelta(weeks=1)
    return count


def on_time_rate(ctx: Ctx, contacts: list[Contact]) -> OnTime:
    """Of the people met in the last four weeks whose 48 hours are up (or who heard back), how many in time."""
    since = ctx.now - timedelta(weeks=TREND_WEEKS)
    on_time = counted = 0
    for contact in contacts:
        followup = contact.followup
        if not followup:
            continue
        met_on = datetime.fromisoformat(contact.met_on)
        if met_on < since or (followup.status != "done" and met_on + OVERDUE_AFTER > ctx.now):
            continue
        counted += 1
        on_time += bool(followup.status == "done" and followup.on_time)
    return OnTime(on_time, counted)


def say_week(start: date) -> str:
    return f"{start.day} {start:%b}"


def _week_line(week: Week, wanted: dict[str, int]) -> str:
    shown = wanted or {key: 0 for key in TARGETS}
    counts = ", ".join(say_target(key, week.counts.get(key, 0)) for key in shown)
    return f"Week of {say_week(week.start)}: {counts}" + (" ✓" if week.met(wanted) else "")


def _streak_line(count: int) -> str:
    if count == 0:
        return "Streak: none yet. Meet every target this week to start one."
    return f"Streak: {count} week{'s' if count != 1 else ''} in a row with every target met."


def _on_time_line(rate: OnTime) -> str:
    if not rate.counted:
        return "On-time follow-ups: nobody to count from the last four weeks yet."
    share = round(100 * rate.on_time / rate.counted)
    met = plural(rate.counted, "person", "people")
    return (f"On-time follow-ups: {rate.on_time} of {met} you met in the last four weeks "
            f"heard from you within 48 hours ({share}%).")


def _target_item(key: str, done: int, wanted: int) -> Item:
    many = TARGETS[key][1]
    if done > wanted:
        return Item(f"{many.capitalize()}: {done} (target {wanted}) ✓")
    mark = " ✓" if done == wanted else f", {wanted - done} to go"
    return Item(f"{many.capitalize()}: {done} of {wanted}{mark}")


def _against_target(key: str, done: int, wanted: int) -> str:
    """"1 of 2 follow-ups", "2 of 2 follow-ups ✓", and past the target "3 pitch drills (target 1) ✓"."""
    if done > wanted:
        return f"{say_target(key, done)} (target {wanted}) ✓"
    return f"{done} of {say_target(key, wanted)}{' ✓' if done == wanted else ''}"


def progress_reply(ctx: Ctx, chart: bool) -> Reply:
    wanted = targets(ctx.profile)
    contacts = all_contacts(ctx)  # read by both the tally and the on-time rate: loaded once
    weeks = tally(ctx, contacts)
    this_week = week_start(ctx.now, ctx.tz)
    trend = recent_weeks(weeks, this_week)
    current = trend[-1]
    lines = [describe_goal(ctx.profile)] if purpose(ctx.profile) else []
    if not wanted:
        counts = ", ".join(say_target(key, current.counts[key]) for key in TARGETS)
        lines.append(f"This week so far: {counts}.")
    lines += [_streak_line(streak(weeks, wanted, this_week))] if wanted else []
    lines += [_on_time_line(on_time_rate(ctx, contacts)), f"Last {TREND_WEEKS} weeks:",
              *(f"  {_week_line(week, wanted)}" for week in trend)]
    if not wanted:
        lines.append("Set weekly targets to track against, and I'll keep your streak: `goal 3 new contacts/week`, "
                     "`goal 5 follow-ups/week`.")
    items = tuple(_target_item(key, current.counts[key], n) for key, n in wanted.items())
    attachments = ()
    if chart:
        from coaching.goals.chart import progress_chart

        png = progress_chart([say_week(week.start) for week in trend],
                             {TARGETS[key][1]: [week.counts[key] for week in trend] for key in (wanted or TARGETS)},
                             {TARGETS[key][1]: n for key, n in wanted.items()})
        attachments = (Attachment(f"progress-{this_week.isoformat()}.png", png, "image/png", "Your last four weeks"),)
    title = f"This week (from Monday {say_week(this_week)}, {ctx.tz.key})"
    actions = () if chart else (Action("Show chart", "progress chart"),)
    return Reply(title=title, body="\n".join(lines), items=items, attachments=attachments, actions=actions)


@command(
    "progress",
    "progress [chart]",
    "This week against your targets, your streak, on-time follow-ups and the last four weeks.",
    ("progress", "progress chart"),
    topic="goals",
    aliases=("stats", "streak"),
)
def progress(ctx: Ctx, rest: str) -> Reply:
    return progress_reply(ctx, chart=rest.strip().casefold() in ("chart", "graph", "png", "picture"))


def _checkin_text(ctx: Ctx, wanted: dict[str, int]) -> str:
    contacts = all_contacts(ctx)  # read by both the tally and the late follow-ups: loaded once
    weeks = tally(ctx, contacts)
    this_week = week_start(ctx.now, ctx.tz)
    last = recent_weeks(weeks, this_week, 2)[0]
    results = ", ".join(_against_target(key, last.counts[key], n) for key, n in wanted.items())
    count = streak(weeks, wanted, this_week)
    cheer = f"Streak: {count} week{'s' if count != 1 else ''}." if count else "Fresh week, fresh start."
    aim = ", ".join(say_target(key, n) for key, n in wanted.items())
    late = overdue_names(ctx, contacts)
    waiting = f" Still waiting for your follow-up: {', '.join(late[:5])}{' and more' if len(late) > 5 else ''}." if late else ""
    return f"Weekly check-in. Last week: {results}. {cheer}{waiting} This week, aim for {aim}."


def weekly_checkin(ctx: Ctx) -> list[DueItem]:
    """Monday morning, local time: how last week went. Only for weeks that began after the goal was set.

    This week's item stays on offer after it is sent (the nudge log filters it), so it is never sent twice.
    """
    wanted = targets(ctx.profile)
    if not wanted:
        return []
    this_week = week_start(ctx.now, ctx.tz)
    since = datetime.fromisoformat(goal_of(ctx.profile).get("since") or ctx.now.isoformat())
    actions = (Action("See progress", "progress"),)
    upcoming = Item("Weekly check-in: how last week went against your targets.", actions)
    items = []
    at = datetime.combine(this_week, time(CHECKIN_HOUR), ctx.tz)
    key = f"goal-week:{this_week.isoformat()}"
    if since < at:
        build = (lambda: upcoming) if key in settled(ctx) else partial(_checkin_item, ctx, wanted, actions)
        items.append(DueItem(key, at, build, "goal"))
    next_week = this_week + timedelta(weeks=1)
    items.append(DueItem(f"goal-week:{next_week.isoformat()}", datetime.combine(next_week, time(CHECKIN_HOUR), ctx.tz),
                         lambda: upcoming, "goal"))
    return items


def _checkin_item(ctx: Ctx, wanted: dict[str, int], actions: tuple[Action, ...]) -> Item:
    return Item(_checkin_text(ctx, wanted), actions)


FEATURE = Feature("progress", commands=(progress,), sources=(weekly_checkin,))
