"""The first follow-up after meeting someone: due a day later, overdue a day after that, one last call,
then handed over to keep-in-touch. Stored on the contact as `followup`."""

from __future__ import annotations

from datetime import datetime, timedelta

from coaching.core.records import FollowUp
from coaching.core.registry import Ctx
from coaching.core.when import say_moment

FOLLOW_UP_AFTER = timedelta(hours=24)
OVERDUE_AFTER = timedelta(hours=48)
LAST_CALL_AFTER = timedelta(days=3)  # after overdue: one last reminder
MOVED_AFTER = timedelta(days=5)  # after overdue (a week after meeting): no more reminders, keep-in-touch takes over
RECENT = OVERDUE_AFTER + MOVED_AFTER  # a meeting longer ago than this is a reconnect, not a 24-48 h follow-up


def followup_window(start: datetime) -> FollowUp:
    """A follow-up due a day after `start`, and overdue a day after that."""
    return FollowUp(status="open", due=start + FOLLOW_UP_AFTER, overdue=start + OVERDUE_AFTER)


def followup_waiting(followup: FollowUp | None, now: datetime) -> bool:
    """A first follow-up still worth a reminder: open, and not yet handed over to keep-in-touch."""
    return followup is not None and followup.open and now < followup.overdue + MOVED_AFTER


def long_ago(met_on: datetime, now: datetime) -> bool:
    """Met too long ago for a thank-you-for-yesterday message: a check-in fits better."""
    return now - met_on > RECENT


def followup_when(due: datetime, overdue: datetime, ctx: Ctx) -> str:
    """"due tomorrow at 10:00", or "overdue since Sunday at 10:00" once it's late."""
    if overdue <= ctx.now:
        return f"overdue since {say_moment(overdue, ctx.now, ctx.tz, bare=True)}"
    return f"due {say_moment(due, ctx.now, ctx.tz)}"
