"""The “add someone” form: a Slack modal whose fields become one `add` command.

The form is another way to type `add Priya Shah, met at PyCon, yesterday, #conference`, so the
engine stores it exactly as if it had been typed. Checks here only catch what the typed
grammar would misread (a comma in a name, a day it can't read); the coach makes those checks
(`Coach.form_command`) and the form puts each message on its field. What the form offers
(kinds, how long a name may be) comes from the coach too (`Coach.limits.form`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from coaching.core.incoming import FormLimits

CALLBACK_ID = "coach_add"
FIELD = "value"

FormCheck = Callable[[dict[str, str]], tuple[str | None, dict[str, str]]]


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


def add_view(form: FormLimits, response_url: str | None = None) -> dict:
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
            "options": [{"text": {"type": "plain_text", "text": k.capitalize()}, "value": k} for k in form.kinds],
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
            _input("name", "Name", "Priya Shah", optional=False, max_length=form.name_chars),
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


def read_submission(view: dict, check: FormCheck) -> Submission:
    """Check the submitted view with `check` (the coach's) and build the `add` command the engine already understands."""
    command, errors = check(_values(view))
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        metadata = {}
    response_url = metadata.get("response_url") if isinstance(metadata, dict) else None
    return Submission(command, errors, response_url)
