"""`today`: what is worth doing now, so a plain "hi" never meets a dead end."""

from __future__ import annotations

from datetime import datetime

from coaching.core.model import Action, Reply
from coaching.core.registry import Ctx, Feature, command
from coaching.core.text import plural
from coaching.people.followups import open_followups
from coaching.people.keep_in_touch import lapsed
from coaching.people.reconnect import waiting_imports
from coaching.people.records import all_contacts
from coaching.pitch.practice import DRILLS


@command(
    "today",
    "today",
    "What's worth doing now: follow-ups due, people to check in with, pitch practice.",
    ("today",),
    topic="general",
    aliases=("hi", "hello", "hey", "start", "menu", "what", "now"),
)
def today(ctx: Ctx, rest: str) -> Reply:
    contacts = all_contacts(ctx)  # read by every scan: loaded once, each follow-up with it
    due = [row for row in open_followups(ctx, contacts) if row[0] <= ctx.end_of_day]
    late = sum(1 for _, overdue, _ in due if overdue <= ctx.now)
    checkins = lapsed(ctx, contacts)
    imports = [] if checkins else waiting_imports(ctx, contacts)  # only said when no one is due a check-in
    drills = [d for d in ctx.data.all(DRILLS) if datetime.fromisoformat(d["due"]) <= ctx.now]
    lines, actions = [], []
    if due:
        parts = [f"{late} overdue" if late else "", f"{len(due) - late} due today" if len(due) > late else ""]
        lines.append(f"Follow-ups: {' and '.join(part for part in parts if part)}.")
        actions.append(Action("Follow-ups", "followups", "primary"))
    if checkins:
        lines.append(f"{plural(len(checkins), 'person', 'people')} you haven't been in touch with for a while.")
    elif imports:
        lines.append(f"{plural(len(imports), 'imported contact')} waiting for a first hello; I'll suggest a few at a time.")
    if checkins or imports:
        actions.append(Action("Reconnect", "reconnect"))
    if drills:
        lines.append("A one-minute pitch drill is waiting.")
        actions.append(Action("Drill", "drill"))
    if not lines:
        lines.append("Nothing is waiting on you. Met someone lately? `add <name>, <where>` while it's fresh. "
                     "Or sharpen your pitch with `pitch`.")
    return Reply(title="Hi! Here's what's worth doing now", body="\n".join(lines), actions=tuple(actions))


FEATURE = Feature("today", commands=(today,))
