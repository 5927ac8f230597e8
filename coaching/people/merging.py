"""Two records of one person become one, and nothing either of them held is lost."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from coaching.core.model import Reply
from coaching.core.records import Contact, Note, other_field
from coaching.core.registry import Ctx, on_confirm
from coaching.core.when import say_day
from coaching.people.places import met_place
from coaching.people.records import EVENTS, contact_by_id, remove_contact, save_contact

DETAILS = ("company", "role", "met_at")
MULTI = ("email", "phone", "url")  # a contact may have several: the primary one, then others
_PHONE_DIGITS = 9  # the national part of a number: +44 20 7946 0958 and 020 7946 0958 are one phone


def detail_key(key: str, value: str) -> str:
    """What makes two emails, phones or links the same one: case, http(s)://, www. and a trailing slash
    don't matter, nor a phone's spaces, dashes or country code."""
    folded = value.strip().casefold()
    if key == "phone":
        return re.sub(r"\D", "", value)[-_PHONE_DIGITS:] or folded
    if key == "url":
        return folded.removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
    return folded


def folded_name(name: str) -> str:
    """A name with accents, case and word order set aside: "Ana García" and "garcia ana" fold alike."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(sorted(name.casefold().split()))


def fill_in(contact: Contact, other: Contact) -> None:
    """Take the other record's details where this one has none, every email, phone and link it adds
    (this record's primary ones stay primary), and all of its tags."""
    for key in DETAILS:
        if getattr(other, key) and not getattr(contact, key):
            setattr(contact, key, getattr(other, key))
    for key in MULTI:
        merged: dict[str, str] = {}
        for value in (*contact.details(key), *other.details(key)):
            merged.setdefault(detail_key(key, value), value)
        if merged:
            first, *others = merged.values()
            setattr(contact, key, first)
            setattr(contact, other_field(key), others)
    contact.tags = sorted({*contact.tags, *other.tags})


def _met_on(contact: Contact) -> datetime:
    return datetime.fromisoformat(contact.met_on)


def merge(ctx: Ctx, source: Contact, target: Contact) -> None:
    """Fold `source` into `target`: first meeting, latest contact, every note, the follow-up still owed."""
    dated = [c for c in (target, source) if not c.met_on_unknown] or [target, source]
    first = min(dated, key=_met_on)
    later = source if first is target else target
    places = first.met_at, later.met_at
    fill_in(target, source)
    notes = [*target.notes, *source.notes]
    if all(places) and places[0] != places[1]:
        notes.append(Note(at=later.met_on, text=f"also met {met_place(places[1])}"))
    target.notes = sorted(notes, key=lambda note: datetime.fromisoformat(note.at))
    target.met_on, target.met_at = first.met_on, places[0] or places[1]
    if not first.met_on_unknown:
        target.unset("met_on_unknown")
    target.last_contact = max(target, source, key=lambda c: datetime.fromisoformat(c.last_contact)).last_contact
    if not (target.reconnect_queue and source.reconnect_queue):
        target.unset("reconnect_queue")  # only two untouched imports still wait for a first hello
    owed = [c.followup for c in (target, source) if c.followup_open]
    if owed:
        target.followup = min(owed, key=lambda followup: followup.due)
    if source.rhythm_days and not target.rhythm_days:
        target.rhythm_days = source.rhythm_days
    save_contact(ctx, target)
    remove_contact(ctx, source.id)
    for event in ctx.data.all(EVENTS):
        if event.get("contact") != source.id:
            continue
        if event.get("type") == "added":  # someone you already had (added or imported) is not a new contact
            ctx.data.delete(EVENTS, event["id"])
        else:
            ctx.data.put(EVENTS, {**event, "contact": target.id})


@on_confirm("merge", cancelled="OK, I'll keep them as two separate people.")
def confirm_merge(ctx: Ctx, state: dict) -> Reply:
    source, target = contact_by_id(ctx, state["source"]), contact_by_id(ctx, state["target"])
    if source is None or target is None:
        return Reply(body="One of those two records is gone already, so there's nothing to merge.")
    merge(ctx, source, target)
    first_met = say_day(_met_on(target), ctx.now, ctx.tz)
    return Reply(body=f"Merged: {target.name} is one record again, with the notes and details from both "
                      f"(first met {first_met}{' ' + met_place(target.met_at) if target.met_at else ''}).")
