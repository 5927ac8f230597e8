"""Drafting messages from what was recorded: specific, short, and never a template with blanks."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from coaching.when import say_day

_WANTS = re.compile(r"^(?:(?:she|he|they)\s+)?(?:wants?|is looking for|looking for|needs?|hopes? to|hoping to|"
                    r"would love|asked (?:me )?(?:for|about))\s+(?P<what>.+)$", re.IGNORECASE)
_WORKS_ON = re.compile(r"^(?:(?:she|he|they)\s+)?(?:works?|working|is working)\s+on\s+(?P<what>.+)$", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
_SELF = {"i ": "you ", "my ": "your ", "me ": "you "}

NEXT_STEP = {
    "social": "Fancy a coffee some time in the next couple of weeks?",
    "digital": "Happy to keep the conversation going here, or on a quick call if that's easier.",
    "business": "Would a 20-minute call next week be useful to see if there's a fit?",
    "professional": "Would you be up for a 20-minute call in the next couple of weeks to keep talking?",
}


def first_name(contact: dict) -> str:
    return contact["name"].split()[0]


def _their(text: str) -> str:
    """Turn the user's note about someone into words addressed to them ("she" -> "you")."""
    text = re.sub(r"\b(she|he|they)'s\b", "you're", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(she|he|they) (is|are)\b", "you're", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(her|his|their)\b", "your", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(she|he|they)\b", "you", text, flags=re.IGNORECASE)
    return text.rstrip(".")


def _takeaway(notes: list[str]) -> tuple[str, str]:
    """One concrete line recalling the conversation, and one line offering help, from the notes."""
    recall, offer = "", ""
    for note in notes:
        wants, works = _WANTS.match(note), _WORKS_ON.match(note)
        if wants and not offer:
            offer = f"You mentioned you're after {_their(wants.group('what'))}; I'll keep an eye out and pass on anything useful."
        elif works and not recall:
            recall = f"I really enjoyed hearing about your work on {_their(works.group('what'))}."
        elif not recall and not _URL.fullmatch(note):
            recall = f"I keep thinking about what you said: {_their(note)}."
    return recall, offer


def followup_draft(contact: dict, now: datetime, tz: ZoneInfo) -> str:
    """Thanks, one takeaway, an offer to continue, and a resource if one was noted."""
    met_on = datetime.fromisoformat(contact["met_on"])
    where = contact.get("met_at")
    when = say_day(met_on, now, tz)
    place = f" at {where}" if where else ""
    opening = f"Hi {first_name(contact)}, thanks for the chat{place} {when}." if when != "today" else (
        f"Hi {first_name(contact)}, great to meet you{place} today.")
    notes = [n["text"] for n in contact.get("notes", [])]
    recall, offer = _takeaway(notes)
    if not recall and contact.get("company"):
        recall = f"I'd love to hear more about what you're building at {contact['company']}."
    if not recall and contact.get("role"):
        recall = f"I'd love to hear more about your work as {contact['role']}."
    links = [m.group(0) for note in notes for m in _URL.finditer(note)]
    parts = [opening, recall, offer]
    if links:
        parts.append(f"Here's the link I mentioned: {links[0]}")
    parts.append(NEXT_STEP.get(contact.get("kind", "professional"), NEXT_STEP["professional"]))
    return " ".join(part for part in parts if part)


def checkin_draft(contact: dict, now: datetime, tz: ZoneInfo) -> str:
    """A keep-in-touch note: ask about something they mentioned, with no ask of your own."""
    notes = [n["text"] for n in contact.get("notes", [])]
    latest = notes[-1] if notes else ""
    opener = f"Hi {first_name(contact)}, it's been a while, and you came to mind."
    works = _WORKS_ON.match(latest) if latest else None
    wants = _WANTS.match(latest) if latest else None
    if works:
        middle = f"How is the work on {_their(works.group('what'))} going?"
    elif wants:
        middle = f"Did you find {_their(wants.group('what'))} in the end? Happy to help if not."
    elif latest:
        middle = f"Last time you told me: {_their(latest)}. How did that turn out?"
    elif contact.get("company"):
        middle = f"How are things at {contact['company']}?"
    else:
        middle = "What are you working on these days?"
    return f"{opener} {middle} No agenda on my side, just catching up."
