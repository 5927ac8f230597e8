"""Your data is yours: take all of it with you, or have all of it deleted."""

from __future__ import annotations

import json
from datetime import datetime

from coaching.commands import PROFILE, Ctx, Feature, UserError, command, on_confirm
from coaching.conversation import expect
from coaching.drafts import checkin_draft, followup_draft
from coaching.exporting import contacts_to_csv, contacts_to_vcard, events_to_ics
from coaching.model import Action, Attachment, Reply
from coaching.names import CONTACTS
from coaching.rhythm import next_checkin
from coaching.store import SCHEMA_VERSION
from coaching.text import plural, shorten

TABLES = (PROFILE, CONTACTS, "events", "pitches", "drills", "goals", "nudges")


def export_json(ctx: Ctx) -> bytes:
    """The whole of a user's data; the schema is documented in README ("Export format")."""
    document = {
        "schema": SCHEMA_VERSION,
        "exported_at": ctx.now.isoformat(),
        "user": {"platform": ctx.user.platform, "workspace": ctx.user.workspace, "user_id": ctx.user.user_id},
        **{table: ctx.data.all(table) for table in TABLES},
    }
    for doc in document[PROFILE]:
        doc.pop("pending", None)
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _calendar_events(ctx: Ctx) -> list[dict]:
    """Upcoming follow-ups and keep-in-touch check-ins, so they show up in a calendar.
    Each draft is written as of its event's time, so "yesterday" is right on the day you read it."""
    events = []
    for contact in ctx.data.all(CONTACTS):
        followup = contact.get("followup") or {}
        if followup.get("status") == "open":
            start = max(datetime.fromisoformat(followup["due"]), ctx.now)
            events.append({
                "uid": f"followup-{contact['id']}@networking-coach",
                "summary": f"Follow up with {contact['name']}",
                "description": followup_draft(contact, start, ctx.tz),
                "start": datetime.fromisoformat(followup["due"]),
            })
        checkin = None if followup.get("status") == "open" else next_checkin(contact, ctx)
        if checkin is not None:
            start = max(checkin, ctx.now)
            events.append({
                "uid": f"checkin-{contact['id']}@networking-coach",
                "summary": f"Check in with {contact['name']}",
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
    contacts = ctx.data.all(CONTACTS)
    count = plural(len(contacts), "contact")
    if kind == "json":
        data = export_json(ctx)
    elif kind == "csv":
        data = contacts_to_csv(contacts, ctx.tz)
    elif kind == "vcard":
        data = contacts_to_vcard(contacts, ctx.tz)
    else:
        events = _calendar_events(ctx)
        data = events_to_ics(events, "Networking coach", stamp=ctx.now)
        count = plural(len(events), "event")
    filename, mime, what = EXPORTS[kind]
    return Reply(
        body=f"Your file is ready: {what} ({count}).",
        attachments=(Attachment(filename, data, mime, what),),
    )


@command(
    "forget me",
    "forget me",
    "Delete everything I have about you, for good (asks first).",
    ("forget me",),
    topic="data",
)
def forget_me(ctx: Ctx, rest: str) -> Reply:
    count = len(ctx.data.all(CONTACTS))
    expect(ctx, "confirm", action="forget")
    return Reply(
        body=f"This deletes all your data: {plural(count, 'contact')}, notes, goals, pitch attempts and settings. "
        "It can't be undone. Reply `yes` to delete everything, or `no` to keep it.",
        actions=(Action("Yes, delete everything", "yes", "danger"), Action("Keep my data", "no")),
    )


@on_confirm("forget")
def confirm_forget(ctx: Ctx, state: dict) -> Reply:
    ctx.forget = True
    return Reply(body="Done. I've deleted everything I had about you. If you come back, you'll start fresh. "
                 "Export files I sent you in a Slack or Discord DM stay there until you delete them.")


FEATURE = Feature("your data", commands=(export, forget_me), confirms=(confirm_forget,))
