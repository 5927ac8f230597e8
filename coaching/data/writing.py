"""Write a person's contacts and reminders in formats other tools open: CSV, vCard, iCalendar.

Pure functions from the engine's contact records to bytes, so the same export works as a Slack
upload, a Discord attachment or a console file. Stored records may be old or partial, so a
value may be missing or not a string; text is cleaned of control characters that would break the formats.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from coaching.core.records import Contact, Note
from coaching.data.reading import KIND_PROP, MET_AT_PROP, MET_ON_PROP, MULTI_VALUE

if TYPE_CHECKING:  # icalendar loads only when a calendar is written
    import icalendar

CSV_COLUMNS = (
    "name",
    "company",
    "role",
    "email",
    "url",
    "phone",
    "tags",
    "met_at",
    "met_on",
    "kind",
    "notes",
    "coach id",
)
DEFAULT_EVENT_MINUTES = 15
VCARD_LINE_OCTETS = 75  # RFC 6350 3.2: lines are folded at 75 octets, not characters
PRODID = "-//Networking Coach//Contacts and reminders//EN"

_NOTE_JOINER = " | "
_TAG_JOINER = "; "
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEEDS_FORMULA_GUARD = re.compile(r"'*[=+\-@]")


def _met_on(contact: Contact, tz: tzinfo) -> str:
    """When you met, in your own timezone (so the date is the one you saw); empty when nobody knows."""
    if contact.met_on_unknown or not contact.met_on:
        return ""
    try:
        met_on = datetime.fromisoformat(str(contact.met_on))
        return (met_on if met_on.tzinfo is None else met_on.astimezone(tz)).isoformat()
    except (ValueError, OverflowError):
        return ""


def contacts_to_csv(contacts: Iterable[Contact], tz: tzinfo = UTC) -> bytes:
    """One row per contact, UTF-8 with a BOM so Excel shows accents; `read_contacts` reads it back.

    Several emails, phones or links share one cell, the primary first, separated by " ::: " as Google
    Contacts writes them; the coach id lets a re-import update each person instead of guessing by name."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for contact in contacts:
        row = {
            "name": _text(contact.name),
            "company": _text(contact.company),
            "role": _text(contact.role),
            "email": _multi(contact, "email"),
            "url": _multi(contact, "url"),
            "phone": _multi(contact, "phone"),
            "tags": _TAG_JOINER.join(_tags(contact)),
            "met_at": _text(contact.met_at),
            "met_on": _met_on(contact, tz),
            "kind": _text(contact.kind),
            "notes": _NOTE_JOINER.join(_notes(contact)),
            "coach id": _text(contact.id),
        }
        writer.writerow(_guard_formula(row[column]) for column in CSV_COLUMNS)
    return buffer.getvalue().encode("utf-8-sig")


def contacts_to_vcard(contacts: Iterable[Contact], tz: tzinfo = UTC) -> bytes:
    """vCard 3.0, the version phones and mail apps most reliably import; every email, phone and link
    is its own line, the primary one marked PREF, and the coach id is the card's UID."""
    import vobject  # here, not at the top: only this export needs it, and it is slow to load

    cards = []
    for contact in contacts:
        name = _text(contact.name).strip()
        card = vobject.vCard()
        card.add("fn").value = name
        words = name.split()
        card.add("n").value = vobject.vcard.Name(
            family=words[-1] if len(words) > 1 else "",
            given=" ".join(words[:-1]) if len(words) > 1 else name,
        )
        if company := _text(contact.company):
            card.add("org").value = [company]
        if role := _text(contact.role):
            card.add("title").value = role
        for prop, key in (("email", "email"), ("tel", "phone"), ("url", "url")):
            for number, value in enumerate(_values(contact, key)):
                line = card.add(prop)
                line.value = value
                types = (["INTERNET"] if prop == "email" else []) + ([] if number else ["PREF"])
                if types:
                    line.type_paramlist = types
        if notes := _notes(contact):
            card.add("note").value = "\n".join(notes)
        if tags := _tags(contact):
            card.add("categories").value = tags
        if ident := _text(contact.id):
            card.add("uid").value = ident
        met_on = _met_on(contact, tz)[:10]  # the date: the time of day is ours alone
        for prop, value in ((MET_AT_PROP, _text(contact.met_at)), (MET_ON_PROP, met_on),
                            (KIND_PROP, _text(contact.kind))):
            if value:
                card.add(prop).value = value
        cards.append(_fold_octets(card.serialize()))
    return "".join(cards).encode("utf-8")


def _fold_octets(serialized: str) -> str:
    """Refold vobject's output (it folds at 75 characters) at 75 octets, never inside a UTF-8 sequence."""
    folded = []
    for line in serialized.replace("\r\n ", "").split("\r\n"):
        segments, limit, size, start = [], VCARD_LINE_OCTETS, 0, 0
        for index, char in enumerate(line):
            width = len(char.encode("utf-8"))
            if size + width > limit:
                segments.append(line[start:index])
                start, size, limit = index, 0, VCARD_LINE_OCTETS - 1  # a continuation line starts with a space
            size += width
        segments.append(line[start:])
        folded.append("\r\n ".join(segments))
    return "\r\n".join(folded)


def events_to_ics(
    events: Iterable[Mapping[str, Any]], calendar_name: str, *, stamp: datetime
) -> bytes:
    """A calendar of reminders. Each event needs "uid" and an aware "start"; times are written in UTC.

    `stamp` is the DTSTAMP (when the file was made); pass the engine's clock for repeatable output.
    """
    import icalendar  # here, not at the top: only the calendar export needs it

    stamp = stamp.astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _text(calendar_name))
    for event in events:
        start = event["start"]
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"Event {event['uid']!r} starts at a time without a time zone: {start}.")
        minutes = event.get("minutes") or DEFAULT_EVENT_MINUTES
        entry = icalendar.Event()
        entry.add("uid", _text(event["uid"]))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", start.astimezone(UTC))
        entry.add("dtend", (start + timedelta(minutes=minutes)).astimezone(UTC))
        entry.add("summary", _text(event.get("summary")))
        if description := _text(event.get("description")):
            entry.add("description", description)
        calendar.add_component(entry)
    if not calendar.subcomponents:
        calendar.add_component(_utc_timezone())
    return calendar.to_ical()


def _utc_timezone() -> icalendar.Timezone:
    """RFC 5545 wants at least one component in a calendar. With nothing upcoming we send the UTC time
    zone our events are written in: Google, Apple and Outlook calendars import it as "no events", where
    a placeholder event would clutter the person's calendar and a VJOURNAL note is ignored or refused."""
    import icalendar

    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    zone = icalendar.Timezone()
    zone.add("tzid", "UTC")
    zone.add_component(standard)
    return zone


def _text(value: object) -> str:
    """Stored values may be None or not strings; control characters are invalid in vCard and iCalendar."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def _values(contact: Contact, key: str) -> list[str]:
    """Every email, phone or link (`key`), the primary first, cleaned for the formats."""
    return [text for text in (_text(value).strip() for value in contact.details(key)) if text]


def _multi(contact: Contact, key: str) -> str:
    return MULTI_VALUE.join(_values(contact, key))


def _notes(contact: Contact) -> list[str]:
    notes = contact.notes or []
    if isinstance(notes, str):
        notes = [notes]
    texts = (_text(note.text if isinstance(note, Note) else note) for note in notes)
    return [text for text in texts if text.strip()]


def _tags(contact: Contact) -> list[str]:
    tags = contact.tags or []
    if isinstance(tags, str):
        tags = [tags]
    return [text for text in (_text(tag).strip() for tag in tags) if text]


def _guard_formula(value: str) -> str:
    """Spreadsheets run cells starting with =, +, - or @ as formulas; a leading apostrophe keeps them text."""
    return "'" + value if _NEEDS_FORMULA_GUARD.match(value) else value
