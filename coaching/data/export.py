"""Your data is yours: `export` takes all of it with you, in files other apps read."""

from __future__ import annotations

import json

from coaching.core.model import Attachment, Reply
from coaching.core.nudges import NUDGES
from coaching.core.records import Contact
from coaching.core.registry import PROFILE, Ctx, Feature, UserError, command
from coaching.core.store import SCHEMA_VERSION
from coaching.core.text import plural, shorten
from coaching.data.writing import contacts_to_csv, contacts_to_vcard, events_to_ics
from coaching.people.drafts import checkin_draft, followup_draft
from coaching.people.keep_in_touch import next_checkin
from coaching.people.records import CONTACTS, EVENTS, all_contacts
from coaching.pitch.practice import DRILLS, PITCHES

TABLES = (PROFILE, CONTACTS, EVENTS, PITCHES, DRILLS, "goals", NUDGES)  # "goals": in the schema, though empty


def export_json(ctx: Ctx, contacts: list[Contact]) -> bytes:
    """The whole of a user's data; the schema is documented in README ("Export format")."""
    document = {
        "schema": SCHEMA_VERSION,
        "exported_at": ctx.now.isoformat(),
        "user": {"platform": ctx.user.platform, "workspace": ctx.user.workspace, "user_id": ctx.user.user_id},
        **{table: [c.dump() for c in contacts] if table == CONTACTS else ctx.data.all(table) for table in TABLES},
    }
    for doc in document[PROFILE]:
        doc.pop("pending", None)
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _calendar_events(ctx: Ctx, contacts: list[Contact]) -> list[dict]:
    """Upcoming follow-ups and keep-in-touch check-ins, so they show up in a calendar.
    Each draft is written as of its event's time, so "yesterday" is right on the day you read it."""
    events = []
    for contact in contacts:
        if contact.followup_open:
            start = max(contact.followup.due, ctx.now)
            events.append({
                "uid": f"followup-{contact.id}@networking-coach",
                "summary": f"Follow up with {contact.name}",
                "description": followup_draft(contact, start, ctx.tz),
                "start": contact.followup.due,
            })
        checkin = None if contact.followup_open else next_checkin(contact, ctx)
        if checkin is not None:
            start = max(checkin, ctx.now)
            events.append({
                "uid": f"checkin-{contact.id}@networking-coach",
                "summary": f"Check in with {contact.name}",
                "description": checkin_draft(contact, start, ctx.tz),
                "start": start,
            })
    return events


EXPORTS = {
    "json": ("networking-coach-export.json", "application/json", "everything, as JSON"),
    "csv": ("contacts.csv", "text/csv", "your contacts as a spreadsheet (CSV)"),
    "vcard": ("contacts.vcf", "text/vcard", "your contacts as vCards"),
    "ics": ("networking-coach.ics", "text/calendar", "upcoming follow-ups and check-ins as a calendar"),
}
EXPORT_ALIASES = {"": "json", "vcf": "vcard", "vcards": "vcard", "calendar": "ics", "ical": "ics", "all": "json"}


@command(
    "export",
    "export [json|csv|vcard|ics]",
    "Take your data with you: everything as JSON, contacts as CSV or vCard, reminders as a calendar file.",
    ("export", "export csv", "export vcard", "export ics"),
    topic="data",
)
def export(ctx: Ctx, rest: str) -> Reply:
    wanted = rest.strip().casefold()
    kind = EXPORT_ALIASES.get(wanted, wanted)
    if kind not in EXPORTS:
        raise UserError(f"I can export json, csv, vcard or ics, not “{shorten(rest, 40)}”. For example `export csv`.")
    contacts = all_contacts(ctx)
    count = plural(len(contacts), "contact")
    if kind == "json":
        data = export_json(ctx, contacts)
    elif kind == "csv":
        data = contacts_to_csv(contacts, ctx.tz)
    elif kind == "vcard":
        data = contacts_to_vcard(contacts, ctx.tz)
    else:
        events = _calendar_events(ctx, contacts)
        data = events_to_ics(events, "Networking coach", stamp=ctx.now)
        count = plural(len(events), "event")
    filename, mime, what = EXPORTS[kind]
    return Reply(
        body=f"Your file is ready: {what} ({count}).",
        attachments=(Attachment(filename, data, mime, what),),
    )


FEATURE = Feature("export", commands=(export,))
