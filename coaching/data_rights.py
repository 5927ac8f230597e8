"""Your data is yours: take all of it with you, or have all of it deleted."""

from __future__ import annotations

import json

from coaching.commands import PROFILE, Ctx, command
from coaching.conversation import expect, on_confirm
from coaching.model import Action, Attachment, Reply
from coaching.names import CONTACTS
from coaching.store import SCHEMA_VERSION
from coaching.text import plural

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


@command(
    "export",
    "export",
    "All your data as a JSON file: contacts, notes, goals, pitch attempts, settings.",
    ("export",),
    topic="data",
)
def export(ctx: Ctx, rest: str) -> Reply:
    count = len(ctx.data.all(CONTACTS))
    data = export_json(ctx)
    return Reply(
        body=f"Here's everything I have for you: {plural(count, 'contact')}, as JSON.",
        attachments=(Attachment("networking-coach-export.json", data, "application/json", "Your data"),),
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
    return Reply(body="Done. I've deleted everything I had about you. If you come back, you'll start fresh.")
