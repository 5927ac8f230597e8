"""Bringing a network in: preview a file, confirm, merge duplicates, and drip reconnects.

Imported people get no 24–48 h follow-up (you did not just meet them). They join a
reconnect queue instead, and the coach suggests a few a week, best fits for your goal first.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from functools import partial

from rapidfuzz import fuzz

from coaching.capture import checked_detail
from coaching.commands import Ctx, command
from coaching.contacts import MET_ON_UNKNOWN, contact_actions, log_event, new_contact
from coaching.conversation import expect, on_confirm
from coaching.drafts import checkin_draft
from coaching.goals import goal_fit, purpose
from coaching.importing import MAX_IMPORT_BYTES, ImportedContact, ImportProblem, read_contacts
from coaching.merging import fill_in
from coaching.model import Action, Item, Reply
from coaching.names import CONTACTS
from coaching.nudges import DueItem, due_source, settled
from coaching.text import InputProblem, plural, shorten
from coaching.when import week_start

DRIP_PER_WEEK = 3
DRIP_HOUR = 10
NAME_MATCH = 90
SHOWN_PROBLEMS = 5
FORMAT_NAMES = {"linkedin": "LinkedIn connections", "vcard": "vCard", "csv": "CSV"}



def _norm_url(url: str) -> str:
    return url.casefold().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")


def _same_person(existing: dict, incoming: dict) -> str | None:
    """Why two records are the same person, or None. Only strong signals: never merge on a name alone."""
    if incoming["url"] and existing.get("url") and _norm_url(incoming["url"]) == _norm_url(existing["url"]):
        return "same profile link"
    if incoming["email"] and incoming["email"].casefold() == (existing.get("email") or "").casefold():
        return "same email"
    company, other = incoming["company"].casefold(), (existing.get("company") or "").casefold()
    if company and company == other and fuzz.token_sort_ratio(incoming["name"], existing["name"]) >= NAME_MATCH:
        return "same name at the same company"
    if not (company and other) and incoming["name"].casefold() == existing["name"].casefold():
        return "same name"
    return None


def _as_record(person: ImportedContact) -> dict:
    """The person as stored while the import waits for `yes`. A detail that isn't one (an email with
    no @, a 2-digit phone) is checked as `add` would and kept in the notes instead, so nothing is lost."""
    record = asdict(person)
    record["met_on"] = person.met_on.isoformat() if person.met_on else None
    record["tags"] = list(person.tags)
    misfits = []
    for key in ("email", "phone", "url"):
        try:
            record[key] = checked_detail(key, record[key])
        except InputProblem:
            misfits.append(f"{key}: {record[key]}")
            record[key] = ""
    record["notes"] = "\n".join(filter(None, (record["notes"], *misfits)))
    return record


def plan(existing: list[dict], incoming: list[dict]) -> tuple[list[dict], list[tuple[dict, dict, str]], list[str]]:
    """Split incoming people into new ones, merges into existing ones (with why), and in-file repeats."""
    new: list[dict] = []
    merges: list[tuple[dict, dict, str]] = []
    repeats: list[str] = []
    for person in incoming:
        match = next(((c, why) for c in existing if (why := _same_person(c, person))), None)
        if match:
            merges.append((match[0], person, match[1]))
            continue
        if any(_same_person(other, person) for other in new):
            repeats.append(f"{person['name']}: listed twice in the file")
            continue
        new.append(person)
    return new, merges, repeats


@command(
    "import",
    "import (then send the file)",
    "Bring your network in: LinkedIn's Connections.csv, a vCard (.vcf) file, or a CSV with a name column. "
    "Send the file to me in a direct message; in the terminal, `import <path>`.",
    ("import",),
    topic="data",
)
def explain_import(ctx: Ctx, rest: str) -> Reply:
    return Reply(body="Send me the file in this chat: LinkedIn's Connections.csv (Settings › Data privacy › Get a copy "
                      "of your data › Connections), a .vcf from your phone, or any CSV with a name column. I'll show "
                      "what I found and import only when you say yes.")


def too_large(size: int) -> Reply | None:
    """What to say about an upload that is too big to fetch at all, before anyone downloads it."""
    if size <= MAX_IMPORT_BYTES:
        return None
    megabytes = MAX_IMPORT_BYTES // (1024 * 1024)
    return Reply(body=f"That file is {size / (1024 * 1024):.1f} MB; I can import files up to {megabytes} MB.")


def preview(ctx: Ctx, filename: str, data: bytes) -> Reply:
    """Read the file and say what would happen; nothing is stored until the user says yes."""
    try:
        result = read_contacts(data, filename)
    except ImportProblem as problem:
        return Reply(body=f"I couldn't import {shorten(filename, 80) or 'that file'}: {problem} Nothing was changed.")
    incoming = [_as_record(person) for person in result.contacts]
    new, merges, repeats = plan(ctx.data.all(CONTACTS), incoming)
    skipped = [f"row {row}: {reason}" for row, reason in result.skipped] + repeats
    if not new and not merges:
        reasons = "; ".join(skipped[:SHOWN_PROBLEMS]) or "no rows"
        return Reply(body=f"I found nobody new to import in {shorten(filename, 80)} ({reasons}). Nothing was changed.")
    expect(ctx, "confirm", action="import", filename=filename, people=incoming)
    lines = [
        f"{plural(len(new), 'new contact')}",
        f"{plural(len(merges), 'contact')} already here, to update ({_reasons(m[2] for m in merges)})" if merges else "",
        f"{len(skipped)} skipped: " + "; ".join(skipped[:SHOWN_PROBLEMS]) + (" …" if len(skipped) > SHOWN_PROBLEMS else "")
        if skipped else "",
    ]
    body = (
        f"I read {FORMAT_NAMES.get(result.format, result.format)} from {shorten(filename, 80)}:\n"
        + "\n".join(line for line in lines if line)
        + f"\nNo follow-up reminders for these: instead I'll suggest up to {DRIP_PER_WEEK} people a week to "
        "reconnect with. Import them? Reply `yes` or `no`."
    )
    return Reply(title="Ready to import", body=body,
                 actions=(Action("Import", "yes", "primary"), Action("Cancel", "no")))


def _reasons(reasons) -> str:
    counts: dict[str, int] = {}
    for reason in reasons:
        counts[reason] = counts.get(reason, 0) + 1
    return ", ".join(f"{count} by {reason}" for reason, count in counts.items())


def _merge(contact: dict, person: dict, ctx: Ctx) -> None:
    fill_in(contact, person)
    known = {note["text"] for note in contact.get("notes", [])}
    if person["notes"] and person["notes"] not in known:
        contact.setdefault("notes", []).append({"at": ctx.now.isoformat(), "text": person["notes"]})


def _kind(person: dict) -> str:
    """What the file says; otherwise a LinkedIn connection is digital and anyone else professional."""
    return person.get("kind") or ("digital" if person["source"] == "linkedin" else "professional")


def _met_on(person: dict, ctx: Ctx) -> datetime:
    if not person["met_on"]:
        return ctx.now
    return datetime.combine(date.fromisoformat(person["met_on"]), time(12), ctx.tz)


@on_confirm("import")
def confirm_import(ctx: Ctx, state: dict) -> Reply:
    new, merges, _ = plan(ctx.data.all(CONTACTS), state["people"])
    for contact, person, _ in merges:
        _merge(contact, person, ctx)
        ctx.data.put(CONTACTS, contact)
    for person in new:
        contact = new_contact(
            ctx, person["name"], _met_on(person, ctx), [person["notes"]], source="import",
            company=person["company"], role=person["role"], email=person["email"], url=person["url"],
            phone=person["phone"], met_at=person.get("met_at", ""), kind=_kind(person), tags=person["tags"],
            imported_from=person["source"], followup=None, reconnect_queue=True)  # imports get no 24-48 h follow-up
        if not person["met_on"]:
            contact[MET_ON_UNKNOWN] = True
        ctx.data.put(CONTACTS, contact)
    log_event(ctx, "import", None, created=len(new), merged=len(merges))
    return Reply(body=f"Imported {plural(len(new), 'new contact')} and updated {len(merges)}. "
                      f"I'll suggest up to {DRIP_PER_WEEK} a week to reconnect with, starting with the best fits for "
                      "your goal. `reconnect` shows some now.")


def queue_order(ctx: Ctx, contacts: list[dict]) -> list[dict]:
    """Best fits for the user's goal first, then the most recent connections."""
    goal = purpose(ctx.profile)
    recent_first = sorted(contacts, key=lambda c: c.get("met_on", ""), reverse=True)
    return sorted(recent_first, key=lambda c: goal_fit(c, goal) is None)


@due_source
def reconnect_drip(ctx: Ctx) -> list[DueItem]:
    """Up to DRIP_PER_WEEK queued people a week, each nudged once; a full week points at next Monday."""
    queued = [c for c in ctx.data.all(CONTACTS) if c.get("reconnect_queue")]
    if not queued:
        return []
    start = datetime.combine(week_start(ctx.now, ctx.tz), time(DRIP_HOUR), ctx.tz)
    sent = {key: at for key, at in settled(ctx).items() if key.startswith("drip:")}
    sent_this_week = sum(1 for at in sent.values() if at >= start)
    if sent_this_week >= DRIP_PER_WEEK:
        start, sent_this_week = start + timedelta(days=7), 0
    waiting = [c for c in queue_order(ctx, queued) if f"drip:{c['id']}" not in sent][: DRIP_PER_WEEK - sent_this_week]
    return [DueItem(f"drip:{c['id']}", start, partial(_drip_item, c, ctx), "reconnect") for c in waiting]


def _drip_item(contact: dict, ctx: Ctx) -> Item:
    return Item(_drip_line(contact, ctx), contact_actions(contact))


def _drip_line(contact: dict, ctx: Ctx) -> str:
    about = " at ".join(part for part in (contact.get("role"), contact.get("company")) if part)
    reason = f"{contact['name']}{' (' + about + ')' if about else ''}, from your imported contacts"
    return f"Reconnect with {reason}. Try: “{checkin_draft(contact, ctx.now, ctx.tz)}”"
