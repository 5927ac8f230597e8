"""How contacts and events are stored: table and field names, and the helpers every feature reads them with.

Kept apart from the commands that use them so merging, importing and exporting share one definition.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from coaching.core.records import Contact, FollowUp
from coaching.core.registry import Ctx

CONTACTS = "contacts"
EVENTS = "events"
IMPORTED = "import"  # the source of a contact that came from a file
MET_ON_UNKNOWN = "met_on_unknown"  # imported from a file with no date: met_on holds the import time


def all_contacts(ctx: Ctx, *, flagged: str | None = None) -> list[Contact]:
    """Every contact of the person, as records; with `flagged` (a true-or-false field such as `reconnect_queue`),
    only those with it true, the rest never loaded: a scan for the few flagged ones pays for those few."""
    docs = ctx.data.all(CONTACTS)
    return [Contact.load(doc) for doc in docs if flagged is None or doc.get(flagged)]


def contacts_by_followup(ctx: Ctx, wanted: Callable[[FollowUp | None], bool]) -> list[Contact]:
    """The contacts whose follow-up is `wanted`, each loaded whole only if it is: most follow-ups are long done, so a
    scan for those still owed reads each contact's follow-up alone."""
    return [Contact.load(doc) for doc in ctx.data.all(CONTACTS) if wanted(Contact.followup_of(doc))]


def contact_by_id(ctx: Ctx, contact_id: str) -> Contact | None:
    doc = ctx.data.get(CONTACTS, contact_id)
    return None if doc is None else Contact.load(doc)


def save_contact(ctx: Ctx, contact: Contact) -> None:
    """The one way a contact is written, so every write goes through its record's `dump`."""
    ctx.data.put(CONTACTS, contact.dump())


def remove_contact(ctx: Ctx, contact_id: str) -> None:
    ctx.data.delete(CONTACTS, contact_id)


def new_id() -> str:
    return secrets.token_hex(6)


def log_event(ctx: Ctx, kind: str, contact_id: str | None = None, **extra: object) -> None:
    """Every real interaction is an event: progress, streaks and rhythms are counted from these."""
    ctx.data.put(EVENTS, {"id": new_id(), "type": kind, "contact": contact_id, "at": ctx.now.isoformat(), **extra})
