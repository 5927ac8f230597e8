"""Reconnect: a handful of people worth getting back in touch with, and a check-in to send each.

Only a few at a time: a short list gets done, a long one gets ignored. Lapsed rhythms come
first (most overdue, best fit for the goal), then imported people who have not heard from you yet.
"""

from __future__ import annotations

from datetime import datetime

from coaching.core.model import Item, Reply
from coaching.core.records import Contact
from coaching.core.registry import Ctx, Feature, command
from coaching.core.text import plural
from coaching.core.when import say_day
from coaching.data.importing import queue_order
from coaching.goals.goal import goal_fit, purpose
from coaching.people.contacts import sent_actions
from coaching.people.drafts import checkin_draft
from coaching.people.keep_in_touch import IMPORTED, lapsed, last_contact, next_checkin, rhythm_for, scheduled, why_now
from coaching.people.names import answer_choice, resolve
from coaching.people.records import all_contacts

MAX_SUGGESTIONS = 3


def waiting_imports(ctx: Ctx, contacts: list[Contact]) -> list[Contact]:
    """Of every contact, the imported people never contacted since the import, best fit for the goal first, then
    newest connection. Both callers have read every contact already, for other scans."""
    return queue_order(ctx, [c for c in contacts
                             if c.reconnect_queue and c.source == IMPORTED
                             and rhythm_for(c, ctx.profile) is None
                             and last_contact(c) <= datetime.fromisoformat(c.created)])


def _suggestion(ctx: Ctx, contact: Contact, reason: str) -> Item:
    draft = checkin_draft(contact, ctx.now, ctx.tz)
    return Item(f"{contact.name}: {reason}\nDraft: {draft}", sent_actions(contact))


def _one(ctx: Ctx, contact: Contact) -> Reply:
    last = last_contact(contact)
    lines = [why_now(contact, last, goal_fit(contact, purpose(ctx.profile)), ctx)]
    due = next_checkin(contact, ctx)
    if due and due > ctx.now:
        lines.append(f"Not due yet (next check-in {say_day(due, ctx.now, ctx.tz)}), but a note never hurts.")
    lines.append(f"Draft: {checkin_draft(contact, ctx.now, ctx.tz)}")
    lines.append("Make it yours: add one useful thing, like an article or a name they'd want.")
    return Reply(title=f"Check in with {contact.name}", body="\n".join(lines), actions=sent_actions(contact))


@command(
    "reconnect",
    "reconnect [name]",
    "A few people worth getting back in touch with, most overdue and best fit for your goal first, each with a "
    "drafted check-in. Or a check-in draft for one person.",
    ("reconnect", "reconnect Priya"),
    topic="relationships",
    aliases=("checkin", "check-in", "reconnects"),
)
def reconnect(ctx: Ctx, rest: str) -> Reply:
    if rest.strip():
        return _one(ctx, resolve(ctx, rest, "reconnect"))
    contacts = all_contacts(ctx)  # read by every scan below: loaded once
    due = lapsed(ctx, contacts)
    imports = waiting_imports(ctx, contacts)
    items = [_suggestion(ctx, lapse.contact, why_now(lapse.contact, lapse.last, lapse.fit, ctx))
             for lapse in due[:MAX_SUGGESTIONS]]
    goal = purpose(ctx.profile)
    for contact in imports[: MAX_SUGGESTIONS - len(items)]:
        reason = "from your imported contacts, " + why_now(contact, last_contact(contact), goal_fit(contact, goal), ctx)
        items.append(_suggestion(ctx, contact, reason))
    if not items:
        upcoming = sorted(scheduled(ctx, contacts), key=lambda lapse: lapse.due)
        if not upcoming:
            return Reply(body="Nobody to reconnect with yet. As you add people and follow up, I'll keep track of "
                              "when each one is due a check-in.")
        soonest = upcoming[0]
        return Reply(body=f"Everyone's warm: no check-ins due. Next up: {soonest.contact.name} "
                          f"{say_day(soonest.due, ctx.now, ctx.tz)}.")
    more = len(due) + len(imports) - len(items)
    body = "Send one or two today. Each counts as a reconnect once you mark it sent."
    if more > 0:
        body += f" {plural(more, 'more person', 'more people')} waiting; I'll show them as you get through these."
    return Reply(title="Worth reconnecting with", body=body, items=tuple(items))


FEATURE = Feature("reconnect", commands=(reconnect,), questions=(answer_choice,))
