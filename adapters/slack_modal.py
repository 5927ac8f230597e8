"""The “add someone” form: a Slack modal whose fields become one `add` command.

The form is another way to type `add Priya Shah, met at PyCon, yesterday, #conference`, so the
engine stores it exactly as if it had been typed. Checks here only catch what the typed
grammar would misread (a comma in a name, a day it can't read) and put the message on the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from coaching.capture import KINDS, split_name
from coaching.text import MAX_NAME_CHARS, InputProblem, valid_name
from coaching.when import find_past

CALLBACK_ID = "coach_add"
FIELD = "value"
_TAG = re.compile(r"^[\w-]{1,40}$")


UTC_ZONE = ZoneInfo("UTC")

def _input(block_id: str, label: str, placeholder: str, *, optional: bool = True, multiline: bool = False,
           max_length: int = 150) -> dict:
    element = {
        "type": "plain_text_input",
        "action_id": FIELD,
        "max_length": max_length,
        "placeholder": {"type": "plain_text", "text": placeholder},
    }
    if multiline:
        element["multiline"] = True
    return {"type": "input", "block_id": block_id, "optional": optional,
            "label": {"type": "plain_text", "text": label}, "element": element}


def add_view(response_url: str | None = None) -> dict:
    """The modal for `/coach add` with no text. `response_url` lets the answer appear where the command was typed."""
    kind = {
        "type": "input",
        "block_id": "kind",
        "optional": True,
        "label": {"type": "plain_text", "text": "Kind"},
        "element": {
            "type": "static_select",
            "action_id": FIELD,
            "placeholder": {"type": "plain_text", "text": "I'll guess from where you met"},
            "options": [{"text": {"type": "plain_text", "text": k.capitalize()}, "value": k} for k in KINDS],
        },
    }
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": "Add someone"},
        "submit": {"type": "plain_text", "text": "Add"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"response_url": response_url}),
        "blocks": [
            _input("name", "Name", "Priya Shah", optional=False, max_length=MAX_NAME_CHARS),
            _input("where", "Where you met", "PyCon Berlin"),
            _input("when", "When", "yesterday, 3 days ago, 12 Nov"),
            kind,
            _input("notes", "What you talked about", "Works on ML infra, wants intros to data teams",
                   multiline=True, max_length=2000),
            _input("tags", "Tags", "conference, python", max_length=200),
        ],
    }


@dataclass(frozen=True)
class Submission:
    """A checked form: the command to run, or messages keyed by the field they belong to."""

    command: str | None
    errors: dict[str, str]
    response_url: str | None


def _values(view: dict) -> dict[str, str]:
    found = {}
    for block_id, fields in (view.get("state") or {}).get("values", {}).items():
        field = fields.get(FIELD) or {}
        chosen = field.get("selected_option") or {}
        found[block_id] = (field.get("value") or chosen.get("value") or "").strip()
    return found


def read_submission(view: dict, now: datetime, zone: ZoneInfo = UTC_ZONE) -> Submission:
    """Check the submitted view and build the `add` command the engine already understands."""
    values = _values(view)
    errors: dict[str, str] = {}
    name = values.get("name", "")
    try:
        name = valid_name(name)
        head, tail = split_name(name)
        if "," in name or ";" in name:
            errors["name"] = "Leave commas out of the name; the other fields have room for the rest."
        elif tail:
            errors["name"] = f"I'd read only “{head}” as the name. Put the rest in “Where” or “What you talked about”."
    except InputProblem as problem:
        errors["name"] = str(problem)
    where = values.get("where", "")
    if "," in where:
        errors["where"] = "Write the place without commas, like “PyCon Berlin”."
    when = values.get("when", "")
    if when and find_past(when, now, zone)[0] is None:
        errors["when"] = "I couldn't read that as a day that has passed. Try “yesterday”, “3 days ago” or “12 Nov”."
    kind = values.get("kind", "")
    if kind and kind not in KINDS:
        errors["kind"] = f"Pick one of: {', '.join(KINDS)}."
    tags = [tag.lstrip("#") for tag in re.split(r"[,\s]+", values.get("tags", "")) if tag.strip("#")]
    if any(not _TAG.match(tag) for tag in tags):
        errors["tags"] = "Tags are single words (letters, digits, dashes), up to 40 characters each."
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        metadata = {}
    response_url = metadata.get("response_url") if isinstance(metadata, dict) else None
    if errors:
        return Submission(None, errors, response_url)
    notes = "; ".join(line.strip() for line in values.get("notes", "").splitlines() if line.strip())
    parts = [name, when, f"where: {where}" if where else "", f"kind: {kind}" if kind else "", notes,
             " ".join(f"#{tag}" for tag in tags)]
    return Submission("add " + ", ".join(part for part in parts if part), {}, response_url)
