"""Bringing a network in: preview a file, confirm, merge duplicates, and drip reconnects.

Imported people get no 24–48 h follow-up (you did not just meet them). They join a
reconnect queue instead, and the coach suggests a few a week, best fits for your goal first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import partial

from coaching.core.conversation import expect
from coaching.core.model import Action, Item, Reply
from coaching.core.nudges import settled
from coaching.core.records import Contact, Note, other_field
from coaching.core.registry import Ctx, DueItem, Feature, command, on_confirm
from coaching.core.text import InputProblem, plural, shorten
from coaching.core.when import week_start
from coaching.data.reading import MAX_IMPORT_BYTES, ImportedContact, ImportProblem, read_contacts
from coaching.goals.goal import goal_fit, purpose
from coaching.people.capture import checked_detail
from coaching.people.contacts import contact_actions, new_contact
from coaching.people.drafts import checkin_draft
from coaching.people.merging import MULTI, detail_key, fill_in, folded_name
from coaching.people.records import IMPORTED, all_contacts, log_event, save_contact

DRIP_PER_WEEK = 3
DRIP_HOUR = 10
SHOWN_NAMES = 10
SHOWN_REASONS = 20  # kinds of reason a preview lists one by one
SHOWN_SPANS = 30  # row numbers or ranges it lists for one reason
FORMAT_NAMES = {"linkedin": "LinkedIn connections", "vcard": "vCard", "csv": "CSV", "json": "a coach export (JSON)"}
SAME_RECORD = "the same contact, from your export"
_OWN_ID = re.compile(r"[0-9a-f]{12}")  # as `new_id` makes them
WHICH_FILE = Reply(body="Which file? For example `import ~/Downloads/Connections.csv` (LinkedIn, vCard or CSV).")


@dataclass(frozen=True)
class _Keys:
    """What a record is looked up and compared by, worked out once per record."""

    strong: tuple[tuple[str, str], ...]  # (lookup key, why it means the same person)
    details: dict[str, frozenset[str]]  # the record's emails, phones and links, as `detail_key`s
    name: str
    company: str
    ref: str | None  # the coach's own id, from an export


def _strong(record: Contact) -> Iterator[tuple[str, str]]:
    """(lookup key, why it means the same person): the coach's own id, each profile link, each email."""
    if record.id:
        yield f"ref:{record.id}", SAME_RECORD
    for key, why in (("url", "same profile link"), ("email", "same email")):
        for value in record.details(key):
            yield f"{key}:{detail_key(key, value)}", why


def _keys(record: Contact) -> _Keys:
    found = {key: frozenset(detail_key(key, value) for value in record.details(key)) for key in MULTI}
    name, company = folded_name(record.name), record.company.casefold()
    return _Keys(tuple(_strong(record)), found, name, company, record.id)


def _conflict(one: _Keys, other: _Keys) -> str:
    """Which kind of detail both records have but never share (so they may be different people), or ""."""
    for key, label in (("url", "links"), ("email", "emails"), ("phone", "phones")):
        mine, theirs = one.details[key], other.details[key]
        if mine and theirs and not mine & theirs:
            return label
    return ""


class _Index:
    """Records looked up by key, so checking a file against a network costs one lookup per person."""

    def __init__(self, where: str, records: Iterable[Contact] = (), *, ids_apart: bool = False) -> None:
        """`ids_apart`: records with different ids are different people, as in a coach export (JSON): its
        account kept them apart, so a restore must too. A phone's vCards have ids of their own and repeats."""
        self.where = where
        self.ids_apart = ids_apart
        self.strong: dict[str, Contact] = {}
        self.names: dict[str, list[Contact]] = {}
        for record in records:
            self.add(record)

    def add(self, record: Contact) -> None:
        """Index by id, links, emails and folded name; the rest of `_keys` is worked out only for a candidate."""
        for key, _ in _strong(record):
            self.strong.setdefault(key, record)
        self.names.setdefault(folded_name(record.name), []).append(record)

    def find(self, keys: _Keys) -> tuple[Contact | None, str]:
        """(the same person, why), or (None, why we wondered) when only a doubtful match exists.

        The same id, profile link or email is the same person unless their other links, emails or
        phones disagree; a same name is only with the same company and nothing disagreeing."""
        doubt = ""
        for key, why in keys.strong:
            found = self.strong.get(key)
            if found is None:
                continue
            if self._apart(found, keys):
                doubt = doubt or f"{why} as {found.name} {self.where}"
                continue
            conflict = _conflict(_keys(found), keys)
            if why == SAME_RECORD or not conflict:
                return found, why
            doubt = f"{why} as {found.name} {self.where}, but different {conflict}"
        for other in self.names.get(keys.name, ()):
            other_keys = _keys(other)
            conflict = _conflict(other_keys, keys)
            if keys.company and keys.company == other_keys.company and not conflict and not self._apart(other, keys):
                return other, "same name at the same company"
            if not conflict and keys.company and other_keys.company:
                conflict = "companies"
            doubt = doubt or f"same name as someone {self.where}, " + (
                f"but different {conflict}" if conflict else "and nothing else to tell them apart")
        return None, doubt

    def _apart(self, record: Contact, keys: _Keys) -> bool:
        return self.ids_apart and bool(record.id and keys.ref) and record.id != keys.ref


@dataclass
class ImportPlan:
    """What `yes` would do: new people, merges into existing ones (with why), in-file repeats, and doubts."""

    new: list[Contact] = field(default_factory=list)
    merges: list[tuple[Contact, Contact, str]] = field(default_factory=list)  # (already here, from the file, why)
    repeats: list[str] = field(default_factory=list)  # names listed twice in the file, kept once
    doubts: list[tuple[str, str]] = field(default_factory=list)  # (name, why) of new people who might be known


def _as_record(person: ImportedContact) -> dict:
    """The person as stored while the import waits for `yes`. A detail that isn't one (an email with
    no @, a 2-digit phone) is checked as `add` would and kept in the notes instead, so nothing is lost."""
    record = {item.name: getattr(person, item.name) for item in fields(person)}  # asdict deep-copies: slow
    record["met_on"] = person.met_on.isoformat() if person.met_on else None
    record["tags"] = list(person.tags)
    misfits = []
    for key in MULTI:
        kept = []
        for value in dict.fromkeys(filter(None, (getattr(person, key), *getattr(person, other_field(key))))):
            try:
                kept.append(checked_detail(key, value))
            except InputProblem:
                misfits.append(f"{key}: {value}")
        record[key], record[other_field(key)] = (kept[0] if kept else ""), kept[1:]
    record["notes"] = "\n".join(filter(None, (record["notes"], *misfits)))
    return record


def _kind(person: dict) -> str:
    """What the file says; otherwise a LinkedIn connection is digital and anyone else professional."""
    return person.get("kind") or ("digital" if person["source"] == "linkedin" else "professional")


def _as_contact(person: dict) -> Contact:
    """A person from the file (as `_as_record` keeps them) as the contact they would become, to compare and
    merge with the ones already here. Its id is the coach's own from an export, if the file has one; a note
    from an export keeps its date, any other has none yet."""
    notes = [Note.load(doc) for doc in (person.get("history") or {}).get("notes", ())]
    if person["notes"]:
        notes.append(Note(text=person["notes"]))
    return Contact(
        id=person.get("ref") or None, name=person["name"], company=person["company"], role=person["role"],
        email=person["email"], url=person["url"], phone=person["phone"], met_at=person.get("met_at", ""),
        met_on=person["met_on"] or "", kind=_kind(person), tags=list(person["tags"]),
        notes=notes, imported_from=person["source"],
        **{other_field(key): list(person.get(other_field(key), ())) for key in MULTI})


def plan(existing: list[Contact], incoming: list[dict]) -> ImportPlan:
    """Sort incoming people into new ones, merges into existing ones, repeats within the file, and doubts.
    When in doubt a person is added as new, and the plan says why it wondered."""
    result = ImportPlan()
    one_account = {person["source"] for person in incoming} == {"json"}
    known, fresh = _Index("already here", existing), _Index("in the file", ids_apart=one_account)
    merging: dict[str | None, Contact] = {}  # id of a contact already here -> the file's record of them
    for person in map(_as_contact, incoming):
        keys = _keys(person)
        match, doubt = known.find(keys)
        if match is not None and match.id not in merging:
            merging[match.id] = person
            result.merges.append((match, person, doubt))
            continue
        twin, twin_doubt = (merging[match.id], "") if match is not None else fresh.find(keys)
        if twin is not None:
            _combine(twin, person)
            fresh.add(twin)  # its new emails and links find later repeats too
            result.repeats.append(person.name)
            continue
        if doubt or twin_doubt:
            result.doubts.append((person.name, doubt or twin_doubt))
        result.new.append(person)
        fresh.add(person)
    return result


def _combine(record: Contact, other: Contact) -> None:
    """One person listed twice in a file: the details combined, and the second listing's notes kept too."""
    fill_in(record, other)
    record.notes.extend(note for note in other.notes if note not in record.notes)


@command(
    "import",
    "import (then send the file)",
    "Bring your network in: LinkedIn's Connections.csv, a vCard (.vcf) file, a CSV with a name column, or a file "
    "from `export`. Send the file to me in a direct message; in the terminal, `import <path>`.",
    ("import",),
    topic="data",
)
def import_file(ctx: Ctx, rest: str) -> Reply:
    """In the terminal, `import <path>` previews that file; in a chat the file itself is sent, so say how."""
    if ctx.read_local is not None:
        if not rest:
            return WHICH_FILE
        found = ctx.read_local(rest)
        return found if isinstance(found, Reply) else preview(ctx, found.name, found.data)
    return Reply(body="Send me the file in this chat: LinkedIn's Connections.csv (Settings › Data privacy › Get a copy "
                      "of your data › Connections), a .vcf from your phone or mail app, any CSV with a name column, "
                      "or a file from `export`. I'll show what I found and import only when you say yes.")


def too_large(size: int) -> Reply | None:
    """What to say about an upload that is too big to fetch at all, before anyone downloads it."""
    if size <= MAX_IMPORT_BYTES:
        return None
    megabytes = MAX_IMPORT_BYTES // (1024 * 1024)
    return Reply(body=f"That file is {size / (1024 * 1024):.1f} MB; I can import files up to {megabytes} MB.")


def preview(ctx: Ctx, filename: str, data: bytes) -> Reply:
    """Read the file and say what would happen, naming people; nothing is stored until the user says yes."""
    try:
        result = read_contacts(data, filename)
    except ImportProblem as problem:
        return Reply(body=f"I couldn't import {shorten(filename, 80) or 'that file'}: {problem} Nothing was changed.")
    incoming = [_as_record(person) for person in result.contacts]
    outcome = plan(all_contacts(ctx), incoming)
    skipped = _skipped_lines(result.skipped, result.unit)
    if outcome.repeats:
        skipped.append(f"• {_names(outcome.repeats)}: listed twice in the file (kept once, details combined)")
    if not outcome.new and not outcome.merges:
        reasons = "\n".join(skipped) or f"the file has no {result.unit}s"
        return Reply(body=f"I found nobody new to import in {shorten(filename, 80)}. Nothing was changed.\n{reasons}")
    expect(ctx, "confirm", action="import", filename=filename, people=incoming)
    lines = [f"{plural(len(outcome.new), 'new contact')}: {_names(p.name for p in outcome.new)}"] if outcome.new else []
    if outcome.merges:
        updates = (f"{contact.name} ({why})" for contact, _, why in outcome.merges)
        lines.append(f"{plural(len(outcome.merges), 'contact')} already here, to update: {_names(updates)}")
    if outcome.doubts:
        doubts = (f"{name} ({why})" for name, why in outcome.doubts)
        lines.append(f"Added separately, in case they're different people: {_names(doubts, '; ')}")
    if skipped:
        count = len(result.skipped) + len(outcome.repeats)
        lines.append(f"{plural(count, result.unit)} not added:\n" + "\n".join(skipped))
    if any(person["history"] for person in incoming):
        lines.append("They come back as your export has them: every note with its date, when you were last in "
                     "touch, and the follow-up.")
    else:
        lines.append(f"No follow-up reminders for these: instead I'll suggest up to {DRIP_PER_WEEK} people a week to "
                     "reconnect with.")
    body = (
        f"I read {FORMAT_NAMES.get(result.format, result.format)} from {shorten(filename, 80)}:\n"
        + "\n".join(lines)
        + " Import them? Reply `yes` or `no`."
    )
    return Reply(title="Ready to import", body=body,
                 actions=(Action("Import", "yes", "primary"), Action("Cancel", "no")))


def _names(names: Iterable[str], joiner: str = ", ") -> str:
    """Up to SHOWN_NAMES of them (a name with why, for an update or a doubt), then how many more."""
    names = list(names)
    shown = joiner.join(shorten(name, 200) for name in names[:SHOWN_NAMES])
    return shown + (f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else "")


def _skipped_lines(skipped: Iterable[tuple[int, str]], unit: str) -> list[str]:
    """Every skipped card or row, grouped by reason: "• rows 4, 9–12: no name". A file broken in
    thousands of different ways gets the first SHOWN_REASONS reasons and a count of the rest,
    so the answer stays a message and not hundreds of them."""
    groups: dict[str, list[int]] = {}
    for number, reason in skipped:
        groups.setdefault(reason, []).append(number)
    lines = [f"• {_numbers(numbers, unit)}: {reason}" for reason, numbers in list(groups.items())[:SHOWN_REASONS]]
    rest = sum(len(numbers) for numbers in list(groups.values())[SHOWN_REASONS:])
    if rest:
        lines.append(f"• {rest} more {unit}{'' if rest == 1 else 's'}, each for a reason of its own")
    return lines


def _numbers(numbers: list[int], unit: str) -> str:
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    spans = [str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs]
    more = f" and {len(spans) - SHOWN_SPANS} more" if len(spans) > SHOWN_SPANS else ""
    return f"{unit}{'' if len(numbers) == 1 else 's'} {', '.join(spans[:SHOWN_SPANS])}{more}"


def _merge(contact: Contact, person: Contact, ctx: Ctx) -> None:
    """Fill in the details; add only the lines of the file's notes the contact doesn't have yet, so
    importing the same export twice doesn't repeat them (CSV exports join notes with " | "). A note
    from an export keeps its date; any other is dated now."""
    fill_in(contact, person)
    known = {part for note in contact.notes for part in _note_parts(note.text)}
    for note in person.notes:
        fresh = [part for part in _note_parts(note.text) if part not in known]
        if fresh:
            contact.notes.append(Note(at=note.at or ctx.now.isoformat(), text="\n".join(fresh), logged=note.logged))
            known.update(fresh)


def _note_parts(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n| \| ", text) if part.strip()]


def _met_on(person: Contact, ctx: Ctx) -> datetime:
    if not person.met_on:
        return ctx.now
    return datetime.combine(date.fromisoformat(person.met_on), time(12), ctx.tz)


@on_confirm("import")
def confirm_import(ctx: Ctx, state: dict) -> Reply:
    existing = all_contacts(ctx)
    outcome = plan(existing, state["people"])
    for contact, person, _ in outcome.merges:
        _merge(contact, person, ctx)
        save_contact(ctx, contact)
    histories: dict[str, dict] = {}  # an export's id -> its history with the user, restored as it was
    for person in state["people"]:
        if person.get("ref") and person.get("history"):
            histories.setdefault(person["ref"], person["history"])
    queued = 0  # new contacts waiting for a first hello (a restored export's people may not be)
    taken = {contact.id for contact in existing}
    for person in outcome.new:
        others = {other_field(key): getattr(person, other_field(key)) for key in MULTI}
        history = {key: value for key, value in histories.get(person.id or "", {}).items() if key != "notes"}
        if history and _OWN_ID.fullmatch(person.id or "") and person.id not in taken:
            history["id"] = person.id  # kept, so importing the export again finds them instead of adding them twice
            taken.add(person.id)
        met_on = datetime.fromisoformat(history.pop("met_on")) if "met_on" in history else _met_on(person, ctx)
        details = dict(
            source=IMPORTED, company=person.company, role=person.role, email=person.email, url=person.url,
            phone=person.phone, met_at=person.met_at, kind=person.kind, tags=person.tags,
            imported_from=person.imported_from, followup=None, reconnect_queue=True,  # no 24-48 h follow-up
            **others)
        contact = new_contact(ctx, person.name, met_on, [], **{**details, **history})
        contact.notes = [note if note.at else Note.load({"at": ctx.now.isoformat(), "text": note.text})
                         for note in person.notes]
        if not person.met_on:
            contact.met_on_unknown = True
        for key in ("imported_from", "reconnect_queue"):  # a record from an export that says neither
            if not getattr(contact, key):
                contact.unset(key)
        save_contact(ctx, contact)
        queued += contact.reconnect_queue
    log_event(ctx, "import", None, created=len(outcome.new), merged=len(outcome.merges))
    done = " and ".join(part for part in (
        f"imported {plural(len(outcome.new), 'new contact')}" if outcome.new or not outcome.merges else "",
        f"updated {plural(len(outcome.merges), 'contact')}" if outcome.merges else "") if part)
    lines = [f"{done[0].upper()}{done[1:]}."]
    if outcome.doubts:
        lines.append(f"In case two records are one person, check {_names(name for name, _ in outcome.doubts)} with `show`.")
    if queued:
        lines.append(f"I'll suggest up to {DRIP_PER_WEEK} a week to reconnect with, starting with the best fits for "
                     "your goal. `reconnect` shows some now.")
    elif outcome.new:
        lines.append("They're back as your export had them; `followups` shows any follow-up still owed.")
    return Reply(body=" ".join(lines))


def queue_order(ctx: Ctx, contacts: list[Contact]) -> list[Contact]:
    """Best fits for the user's goal first, then the most recent connections."""
    goal = purpose(ctx.profile)
    recent_first = sorted(contacts, key=lambda c: c.met_on, reverse=True)
    return sorted(recent_first, key=lambda c: goal_fit(c, goal) is None)


def reconnect_drip(ctx: Ctx) -> list[DueItem]:
    """Up to DRIP_PER_WEEK queued people a week, each nudged once; a full week points at next Monday."""
    queued = all_contacts(ctx, flagged="reconnect_queue")
    if not queued:
        return []
    start = datetime.combine(week_start(ctx.now, ctx.tz), time(DRIP_HOUR), ctx.tz)
    sent = {key: at for key, at in settled(ctx).items() if key.startswith("drip:")}
    sent_this_week = sum(1 for at in sent.values() if at >= start)
    if sent_this_week >= DRIP_PER_WEEK:
        start, sent_this_week = start + timedelta(days=7), 0
    waiting = [c for c in queue_order(ctx, queued) if f"drip:{c.id}" not in sent][: DRIP_PER_WEEK - sent_this_week]
    return [DueItem(f"drip:{c.id}", start, partial(_drip_item, c, ctx), "reconnect") for c in waiting]


def _drip_item(contact: Contact, ctx: Ctx) -> Item:
    return Item(_drip_line(contact, ctx), contact_actions(contact))


def _drip_line(contact: Contact, ctx: Ctx) -> str:
    about = " at ".join(part for part in (contact.role, contact.company) if part)
    reason = f"{contact.name}{' (' + about + ')' if about else ''}, from your imported contacts"
    return f"Reconnect with {reason}. Try: “{checkin_draft(contact, ctx.now, ctx.tz)}”"


FEATURE = Feature("import", commands=(import_file,), confirms=(confirm_import,), sources=(reconnect_drip,))
