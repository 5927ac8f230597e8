"""Follow-ups: the 24–48 hour window after meeting someone, and closing the loop."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from coaching.core.model import Action, Item, Reply
from coaching.core.records import Contact
from coaching.core.registry import Ctx, DueItem, Feature, UserError, command
from coaching.core.when import parse_future, say_day, say_moment
from coaching.people.contacts import contact_actions, touch
from coaching.people.drafts import checkin_draft, followup_draft
from coaching.people.followup_window import (
    FOLLOW_UP_AFTER,
    LAST_CALL_AFTER,
    MOVED_AFTER,
    OVERDUE_AFTER,
    followup_waiting,
    followup_when,
)
from coaching.people.names import answer_choice, first_name, resolve, split_target
from coaching.people.places import met_place
from coaching.people.records import all_contacts, contacts_by_followup, log_event, save_contact

DEFAULT_SNOOZE = "1d"
SHOWN = 10  # a list longer than this stops being a to-do list


def open_followups(ctx: Ctx, contacts: list[Contact] | None = None) -> list[tuple[datetime, datetime, Contact]]:
    """(due, overdue, contact) for every follow-up not yet done nor handed to keep-in-touch, soonest first.

    From `contacts`, every contact, when the caller has loaded them for more than this. Else not through
    `all_contacts`: the sweep asks this of everyone often, and most follow-ups are long done, so only each
    one's follow-up is loaded, and a contact whole only when it is listed.
    """
    now = ctx.now
    if contacts is None:
        contacts = contacts_by_followup(ctx, lambda followup: followup_waiting(followup, now))
    waiting = [(contact.followup.due, contact.followup.overdue, contact) for contact in contacts
               if followup_waiting(contact.followup, now)]
    return sorted(waiting, key=lambda row: row[0])


def _who(contact: Contact) -> str:
    """"Priya Shah, met at PyCon": enough to place someone in a list."""
    return f"{contact.name}, met {met_place(contact.met_at)}" if contact.met_at else contact.name


def followup_line(contact: Contact, due: datetime, overdue: datetime, ctx: Ctx) -> str:
    return f"{_who(contact)}: {followup_when(due, overdue, ctx)}"


@command(
    "followups",
    "followups",
    "Who to follow up with: overdue first, then due today, then coming up.",
    ("followups",),
    topic="followups",
    aliases=("followup", "follow-ups", "due", "todo"),
)
def followups(ctx: Ctx, rest: str) -> Reply:
    rows = open_followups(ctx)
    if not rows:
        return Reply(body="You're all caught up: no follow-ups waiting. Met someone? `add <name>, <where>`.")
    groups: dict[str, list[tuple]] = {"Overdue": [], "Due today": [], "Coming up": []}
    end_of_day = ctx.end_of_day
    for row in rows:
        due, overdue, _ = row
        groups["Overdue" if overdue <= ctx.now else "Due today" if due <= end_of_day else "Coming up"].append(row)
    summary = ", ".join(f"{len(found)} {name.lower()}" for name, found in groups.items() if found)
    shown = [row for name in groups for row in groups[name]][:SHOWN]
    items = tuple(Item(followup_line(contact, due, overdue, ctx), contact_actions(contact)) for due, overdue, contact in shown)
    more = f" Here are the first {SHOWN}; clear a few with `done` and the rest move up." if len(rows) > SHOWN else ""
    return Reply(title="Follow-ups", body=f"{summary[0].upper()}{summary[1:]}.{more}", items=items)


@command(
    "done",
    "done <name>",
    "You followed up (or were in touch). Closes the follow-up and restarts the keep-in-touch clock.",
    ("done Priya",),
    topic="followups",
    aliases=("sent", "followed"),
)
def done(ctx: Ctx, rest: str) -> Reply:
    contact = resolve(ctx, rest, "done")
    touch(ctx, contact)
    if contact.followup_open:
        on_time = ctx.now <= datetime.fromisoformat(contact.met_on) + OVERDUE_AFTER
        contact.followup.status, contact.followup.done_at, contact.followup.on_time = "done", ctx.now, on_time
        save_contact(ctx, contact)
        log_event(ctx, "followup", contact.id, on_time=on_time)
        praise = " within 48 hours. Nicely done." if on_time else ". Late is far better than never."
        return Reply(body=f"Followed up with {contact.name}{praise} I'll remind you to check in again later.")
    save_contact(ctx, contact)
    log_event(ctx, "checkin", contact.id)
    return Reply(body=f"Logged that you were in touch with {contact.name} today. The keep-in-touch clock restarts now.")


@command(
    "snooze",
    "snooze <name> [when]",
    "Push a follow-up back: `tomorrow`, `3 days`, `2d`, `monday 9am`. Default is one day.",
    ("snooze Priya tomorrow", "snooze Tom 3 days"),
    topic="followups",
    aliases=("later", "remind"),
)
def snooze(ctx: Ctx, rest: str) -> Reply:
    contacts = all_contacts(ctx)
    wanted, when_text = split_target(contacts, rest)
    contact = resolve(ctx, wanted, "snooze", when_text, contacts=contacts)
    if not contact.followup_open:
        raise UserError(f"There's no follow-up waiting for {contact.name}.")
    until = parse_future(when_text or DEFAULT_SNOOZE, ctx.now, ctx.tz)
    if until is None:
        raise UserError(f"I couldn't read “{when_text}” as a time ahead. Try `tomorrow`, `3 days` or `monday 9am`.")
    if until - ctx.now > timedelta(days=90):
        raise UserError("That's more than three months away. Snooze for less, or `remove` them if you're done.")
    followup = contact.followup
    followup.due, followup.overdue, followup.snoozed = until, until + OVERDUE_AFTER - FOLLOW_UP_AFTER, (followup.snoozed or 0) + 1
    save_contact(ctx, contact)
    return Reply(body=f"OK, I'll bring up {contact.name} again {say_moment(until, ctx.now, ctx.tz)}.")


@command(
    "draft",
    "draft <name>",
    "A follow-up message written from what you recorded. Edit it to sound like you, then send it.",
    ("draft Priya",),
    topic="followups",
    aliases=("write",),
)
def draft(ctx: Ctx, rest: str) -> Reply:
    contact = resolve(ctx, rest, "draft")
    text = (followup_draft if contact.followup_open else checkin_draft)(contact, ctx.now, ctx.tz)
    hint = "" if contact.notes else (
        f"\nAdd what you talked about (`note {first_name(contact.name)} …`) and the draft gets more personal.")
    ref = f"id:{contact.id}"
    return Reply(
        title=f"Draft for {contact.name}",
        body=f"{text}\n{hint}".rstrip(),
        actions=(Action("Mark as sent", f"done {ref}", "primary"), Action("Snooze 1 day", f"snooze {ref} 1d")),
    )


def _followup_item(contact: Contact, due: datetime, overdue: datetime, ctx: Ctx) -> Item:
    return Item(followup_line(contact, due, overdue, ctx), contact_actions(contact))


def _last_call_item(contact: Contact, overdue: datetime, ctx: Ctx) -> Item:
    moved = say_day(overdue + MOVED_AFTER, ctx.now, ctx.tz, bare=True)
    return Item(f"Last call for {_who(contact)}: a short note still lands well. If it isn't the moment, "
                f"I'll stop asking after {moved} and keep them on your keep-in-touch list.", contact_actions(contact))


def followup_stages(contact: Contact, due: datetime, overdue: datetime, ctx: Ctx) -> list[DueItem]:
    """When an open follow-up is raised: at due, at overdue, a last call three days later; then keep-in-touch.

    Only the latest stage reached is offered (a follow-up added late is raised once, not three times in one
    message), with the next one, so the sweep knows when to come back. A snooze moves `due`, so its stages are new.
    """
    ref = contact.id
    stages = [
        DueItem(f"followup:{ref}:{due.isoformat()}", due, partial(_followup_item, contact, due, overdue, ctx), "followup"),
        DueItem(f"followup-overdue:{ref}:{overdue.isoformat()}", overdue,
                partial(_followup_item, contact, due, overdue, ctx), "followup"),
        DueItem(f"followup-last:{ref}:{overdue.isoformat()}", overdue + LAST_CALL_AFTER,
                partial(_last_call_item, contact, overdue, ctx), "followup"),
    ]
    reached = [stage for stage in stages if stage.at <= ctx.now]
    return reached[-1:] + [stage for stage in stages if stage.at > ctx.now][:1]


def due_followups(ctx: Ctx) -> list[DueItem]:
    """An open follow-up comes back three times at most, days apart: never a daily nag."""
    return [item for due, overdue, contact in open_followups(ctx)
            for item in followup_stages(contact, due, overdue, ctx)]


def overdue_names(ctx: Ctx, contacts: list[Contact]) -> list[str]:
    """People whose follow-up is overdue and still waiting, most overdue first: what a weekly summary mentions."""
    return [contact.name for _, overdue, contact in open_followups(ctx, contacts)
            if overdue <= ctx.now]


FEATURE = Feature("follow-ups", commands=(followups, done, snooze, draft), questions=(answer_choice,), sources=(due_followups,))
