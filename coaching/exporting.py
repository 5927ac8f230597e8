"""Write a person's contacts and reminders in formats other tools open: CSV, vCard, iCalendar.

Pure functions from the engine's stored dicts to bytes, so the same export works as a Slack
upload, a Discord attachment or a console file. Stored records may be old or partial, so
every key is optional; text is cleaned of control characters that would break the formats.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from coaching.contacts import MET_ON_UNKNOWN
from coaching.importing import KIND_PROP, MET_AT_PROP, MET_ON_PROP

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
)
DEFAULT_EVENT_MINUTES = 15
PRODID = "-//Networking Coach//Contacts and reminders//EN"

_NOTE_JOINER = " | "
_TAG_JOINER = "; "
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEEDS_FORMULA_GUARD = re.compile(r"'*[=+\-@]")


def _met_on(contact: Mapping[str, Any], tz: tzinfo) -> str:
    """When you met, in your own timezone (so the date is the one you saw); empty when nobody knows."""
    if contact.get(MET_ON_UNKNOWN) or not contact.get("met_on"):
        return ""
    try:
        met_on = datetime.fromisoformat(str(contact["met_on"]))
        return (met_on if met_on.tzinfo is None else met_on.astimezone(tz)).isoformat()
    except (ValueError, OverflowError):
        return ""


def contacts_to_csv(contacts: Iterable[Mapping[str, Any]], tz: tzinfo = UTC) -> bytes:
    """One row per contact, UTF-8 with a BOM so Excel shows accents; `read_contacts` reads it back."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for contact in contacts:
        row = {
            "name": _text(contact.get("name")),
            "company": _text(contact.get("company")),
            "role": _text(contact.get("role")),
            "email": _text(contact.get("email")),
            "url": _text(contact.get("url")),
            "phone": _text(contact.get("phone")),
            "tags": _TAG_JOINER.join(_tags(contact)),
            "met_at": _text(contact.get("met_at")),
            "met_on": _met_on(contact, tz),
            "kind": _text(contact.get("kind")),
            "notes": _NOTE_JOINER.join(_notes(contact)),
        }
        writer.writerow(_guard_formula(row[column]) for column in CSV_COLUMNS)
    return buffer.getvalue().encode("utf-8-sig")


def contacts_to_vcard(contacts: Iterable[Mapping[str, Any]], tz: tzinfo = UTC) -> bytes:
    """vCard 3.0, the version phones and mail apps most reliably import."""
    import vobject  # here, not at the top: only this export needs it, and it is slow to load

    cards = []
    for contact in contacts:
        name = _text(contact.get("name")).strip()
        card = vobject.vCard()
        card.add("fn").value = name
        words = name.split()
        card.add("n").value = vobject.vcard.Name(
            family=words[-1] if len(words) > 1 else "",
            given=" ".join(words[:-1]) if len(words) > 1 else name,
        )
        if company := _text(contact.get("company")):
            card.add("org").value = [company]
        for prop, key in (("title", "role"), ("url", "url"), ("tel", "phone")):
            if value := _text(contact.get(key)):
                card.add(prop).value = value
        if email := _text(contact.get("email")):
            line = card.add("email")
            line.value = email
            line.type_param = "INTERNET"
        if notes := _notes(contact):
            card.add("note").value = "\n".join(notes)
        if tags := _tags(contact):
            card.add("categories").value = tags
        met_on = _met_on(contact, tz)[:10]  # the date: the time of day is ours alone
        for prop, value in ((MET_AT_PROP, _text(contact.get("met_at"))), (MET_ON_PROP, met_on),
                            (KIND_PROP, _text(contact.get("kind")))):
            if value:
                card.add(prop).value = value
        cards.append(card.serialize())
    return "".join(cards).encode("utf-8")


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
    return calendar.to_ical()


def _text(value: object) -> str:
    """Stored values may be None or not strings; control characters are invalid in vCard and iCalendar."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def _notes(contact: Mapping[str, Any]) -> list[str]:
    notes = contact.get("notes") or []
    if isinstance(notes, str):
        notes = [notes]
    texts = (_text(note.get("text") if isinstance(note, Mapping) else note) for note in notes)
    return [text for text in texts if text.strip()]


def _tags(contact: Mapping[str, Any]) -> list[str]:
    tags = contact.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    return [text for text in (_text(tag).strip() for tag in tags) if text]


def _guard_formula(value: str) -> str:
    """Spreadsheets run cells starting with =, +, - or @ as formulas; a leading apostrophe keeps them text."""
    return "'" + value if _NEEDS_FORMULA_GUARD.match(value) else value
