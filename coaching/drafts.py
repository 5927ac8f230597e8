"""Drafting messages from what was recorded: specific, short, and never a template with blanks."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from coaching.names import first_name
from coaching.when import say_day

A_WHILE = timedelta(days=30)  # under this since you were last in touch, a check-in doesn't say "it's been a while"
_WANTS = re.compile(r"^(?:(?:she|he|they)\s+)?(?:wants?|is looking for|looking for|needs?|hopes? to|hoping to|"
                    r"would love|asked (?:me )?(?:for|about))\s+(?P<what>.+)$", re.IGNORECASE)
_WORKS_ON = re.compile(r"^(?:(?:she|he|they)\s+)?(?:works?|working|is working)\s+on\s+(?P<what>.+)$", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
_HIRES = re.compile(r"^(?:(?:she|he|they)\s+)?(?:is hiring|hiring|hires|is recruiting|recruits)\s+(?P<what>.+)$",
                    re.IGNORECASE)
_CONTEXT = re.compile(r"^(?:met|meeting|introduced|coffee|chat|call|lunch|dinner|drinks|at|from|via)\b", re.IGNORECASE)

NEXT_STEP = {
    "social": "Fancy a coffee some time in the next couple of weeks?",
    "digital": "Happy to keep the conversation going here, or on a quick call if that's easier.",
    "business": "Would a 20-minute call next week be useful to see if there's a fit?",
    "professional": "Would you be up for a 20-minute call in the next couple of weeks to keep talking?",
}


_THIRD_PERSON = re.compile(r"\b(she|he)\s+([a-z]+)\b", re.IGNORECASE)
_IRREGULAR = {"has": "have", "does": "do", "goes": "go", "was": "were"}
_NOT_VERBS = frozenset({"is", "always", "sometimes", "perhaps", "nowadays", "afterwards", "besides", "sales", "news",
                        "analytics", "logistics", "operations", "ops", "jobs", "events"})


def _you_form(verb: str) -> str:
    """The verb that goes with "you": "hires" -> "hire", "watches" -> "watch", "studies" -> "study"."""
    lower = verb.casefold()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower in _NOT_VERBS or not lower.endswith("s") or lower.endswith(("ss", "us")):
        return verb
    if lower.endswith("ies") and len(lower) > 4:
        return verb[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1]


def _agree(text: str) -> str:
    return _THIRD_PERSON.sub(lambda m: f"{m.group(1)} {_you_form(m.group(2))}", text)


def _their(text: str) -> str:
    """Turn the user's note about someone into words addressed to them ("she hires" -> "you hire")."""
    text = _agree(text)
    text = re.sub(r"\b(she|he|they)'s\b", "you're", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(she|he|they) (is|are)\b", "you're", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(her|his|their)\b", "your", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(she|he|they)\b", "you", text, flags=re.IGNORECASE)
    return text.rstrip(".")


def _about_them(note: str) -> str | None:
    """A note as something about them ("runs marathons" -> "you run marathons"), or None when it is
    not a sentence about them ("coffee chat", "founder of Brightside"): those are never quoted back."""
    text = note.strip().rstrip(".")
    if len(text.split()) < 2 or _CONTEXT.match(text) or _URL.search(text):
        return None
    return _to_them(text)


def _to_them(text: str) -> str | None:
    """"she hires…" or "hires…" said back to the person: "you hire…"; None for anything else."""
    if re.match(r"^(she|he|they)\b", text, re.IGNORECASE):
        return _their(text)
    if _lead_verb(text):
        verb, _, tail = text.partition(" ")
        return f"you {_you_form(verb).casefold()} {_their(tail)}".rstrip()
    return None


def _takeaway(notes: list[str]) -> tuple[str, str]:
    """One concrete line recalling the conversation, and one line offering help: newest notes first."""
    recall, offer = "", ""
    for note in reversed(notes):
        wants, works, hires = _WANTS.match(note), _WORKS_ON.match(note), _HIRES.match(note)
        if wants and not offer:
            offer = f"You mentioned you're after {_their(wants.group('what'))}; I'll keep an eye out and pass on anything useful."
        elif hires and not offer:
            offer = f"You mentioned you're hiring {_their(hires.group('what'))}; I'll pass it on to anyone who'd be a fit."
        elif works and not recall:
            recall = f"I really enjoyed hearing about your work on {_their(works.group('what'))}."
        elif not recall and (said := _about_them(note)):
            recall = f"I enjoyed hearing that {said}."
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
    last = contact.get("last_contact")
    if last and now - datetime.fromisoformat(last) < A_WHILE and not contact.get("reconnect_queue"):
        opener = f"Hi {first_name(contact)}, hope your week is going well."
    else:
        opener = f"Hi {first_name(contact)}, it's been a while, and you came to mind."
    works = _WORKS_ON.match(latest) if latest else None
    wants = _WANTS.match(latest) if latest else None
    said = _about_them(latest) if latest else None
    if works:
        middle = f"How is the work on {_their(works.group('what'))} going?"
    elif wants:
        middle = f"Did you find {_their(wants.group('what'))} in the end? Happy to help if not."
    elif said:
        middle = f"Last time we spoke, you mentioned {said}. How is that going?"
    elif contact.get("company"):
        middle = f"How are things at {contact['company']}?"
    else:
        middle = "What are you working on these days?"
    return f"{opener} {middle} No agenda on my side, just catching up."


def _lead_verb(note: str) -> bool:
    """A note that starts with what they do ("Runs the buying team", "Moved to Berlin")."""
    head = note.split()[0].casefold() if note.split() else ""
    return len(head) > 3 and (head.endswith("ed") or (head.endswith("s") and _you_form(head) != head))


def recalled(note: str) -> str:
    """A clause reminding someone of what they told you: "you mentioned that you hire data engineers"."""
    text = note.strip().rstrip(".")
    said = _to_them(text)
    return f"you mentioned that {said}" if said else f"we talked about {_their(text[0].lower() + text[1:])}"


def is_want(note: str) -> bool:
    """A note about what they are looking for, not about what they know or do."""
    return bool(_WANTS.match(note.strip().rstrip(".")))


def wants(contact: dict) -> str | None:
    """What they said they are looking for, in their words, if a note records it."""
    for note in reversed(contact.get("notes") or []):
        found = _WANTS.match(note["text"].strip().rstrip("."))
        if found:
            return found.group("what")
    return None


def works_as(contact: dict) -> str:
    """"CTO at Acme", "at Acme", "CTO", or nothing."""
    role, company = contact.get("role") or "", contact.get("company") or ""
    if role and company:
        return f"{role} at {company}"
    return role or (f"at {company}" if company else "")


def as_someone(about: str) -> str:
    """"recruiter at Acme" -> "a recruiter at Acme"; titles ("CTO", "Head of Sales") and "at Acme" stay as they are."""
    if not about or about.startswith("at ") or not about[0].islower():
        return about
    return f"{'an' if about[0] in 'aeiou' else 'a'} {about}"


def facts(contact: dict, limit: int = 2) -> str:
    """A few things worth knowing about someone, for telling a third person: "CTO at Acme; loves climbing"."""
    found = [works_as(contact)] + [n["text"].strip().rstrip(".") for n in (contact.get("notes") or [])[-limit:]]
    return "; ".join(fact for fact in found if fact)


def ask_draft(contact: dict, request: str, because: str) -> str:
    """A specific request: what you need, why them, and an easy way to say no."""
    return (f"Hi {first_name(contact)}, I'm hoping you can help with something specific: I'm looking for {request}. "
            f"I thought of you because {because}. If anyone comes to mind, an introduction would mean a lot. "
            "And if not, no worries at all, I know you're busy.")


def intro_request(to: dict, other: dict, why: str) -> str:
    """The first half of a double opt-in: ask one side before sharing anyone's details."""
    about = facts(other)
    return (f"Hi {first_name(to)}, I'd like to introduce you to {other['name']}"
            + (f" ({about})" if about else "") + f". {why} Would you be open to an introduction? "
            "If the timing isn't right, just say so, no problem at all.")


def intro_reasons(asker: dict, helper: dict, need: str) -> tuple[str, str, str]:
    """Why to introduce someone who is after something to someone who can help: said to each, then to both."""
    about = works_as(helper)
    can_help = f"{first_name(helper)} is {as_someone(about)}" if about else f"{first_name(helper)} knows that world"
    return (f"You mentioned you're after {_their(need)}, and {can_help}.",
            f"{first_name(asker)} is looking for {need}, and I thought of you straight away.",
            f"{first_name(asker)} is looking for {need}, and {can_help}.")


def intro_message(first: dict, second: dict, common: str) -> str:
    """The introduction itself, sent once both have said yes."""
    def meet(person: dict, other: dict) -> str:
        about = facts(person, limit=1)
        return f"{first_name(other)}, meet {person['name']}" + (f": {about}." if about else ".")

    return (f"{meet(second, first)} {meet(first, second)} {common} "
            "I'll let you two take it from here.").replace("  ", " ")
