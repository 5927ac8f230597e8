"""Contacts: capture someone new, look them up, remember details, fix mistakes, let go."""

from __future__ import annotations

import re
from datetime import datetime

from coaching.core.conversation import expect
from coaching.core.model import Action, Item, Reply
from coaching.core.records import Contact, FollowUp, Note
from coaching.core.registry import Ctx, Feature, UserError, command, on_confirm
from coaching.core.text import SENTENCES, InputProblem, plural, shorten, starts_a_sentence, valid_name
from coaching.core.when import ago, find_past, say_day, say_moment
from coaching.people.capture import checked_detail, parse_capture, parse_kind
from coaching.people.followup_window import (
    FOLLOW_UP_AFTER,
    OVERDUE_AFTER,
    followup_waiting,
    followup_when,
    followup_window,
    long_ago,
)
from coaching.people.merging import confirm_merge
from coaching.people.names import answer_choice, candidates, describe, find, first_name, resolve, split_target
from coaching.people.places import met_place, typed_place
from coaching.people.records import (
    CONTACTS,
    IMPORTED,
    all_contacts,
    contact_by_id,
    log_event,
    new_id,
    remove_contact,
    save_contact,
)

LIST_LIMIT = 20
MAX_NAME_WORDS = 4  # longer, a message is a sentence, not a name typed alone
EDITABLE = ("name", "nickname", "company", "role", "email", "link", "phone", "where", "when", "kind", "tags", "notes")
# Other names `edit` takes for a field: the labels `show` and `add` print, and the usual synonyms
EDIT_ALIASES = {"url": "link", "links": "link", "website": "link", "title": "role", "e-mail": "email",
                "emails": "email", "phones": "phone", "mobile": "phone", "tag": "tags", "met at": "where"}


def new_contact(ctx: Ctx, name: str, met_on: datetime, notes: list[str], *, source: str, **details: object) -> Contact:
    """A contact as every way in (typing `add`, importing a file) stores it; `details` fill in the rest.

    Loaded from the document contacts have always been stored as, so it writes those keys and no more:
    a field nobody set (other emails, a nickname) stays out of it until it holds something.
    """
    return Contact.load({
        "id": new_id(), "name": name, "company": "", "role": "", "email": "", "url": "", "phone": "", "met_at": "",
        "met_on": met_on.isoformat(), "kind": "professional", "tags": [],
        "notes": [{"at": ctx.now.isoformat(), "text": note} for note in notes if note],
        "created": ctx.now.isoformat(), "last_contact": met_on.isoformat(), "source": source,
        "followup": followup_window(met_on).dump(), **details,
    })


def never_in_touch(contact: Contact) -> bool:
    """Imported and not contacted since: the import time in `last_contact` is not contact."""
    return contact.source == IMPORTED and contact.last_contact <= contact.created


def last_in_touch(contact: Contact, ctx: Ctx) -> str:
    """"3 days ago", or, for someone imported and not contacted since, that nothing is logged yet."""
    if never_in_touch(contact):
        return f"nothing logged yet (imported {say_day(datetime.fromisoformat(contact.created), ctx.now, ctx.tz)})"
    return ago(datetime.fromisoformat(contact.last_contact), ctx.now, ctx.tz)


def touch(ctx: Ctx, contact: Contact) -> None:
    """A real contact happened now: keep-in-touch timers count from here, and the import queue is done with them."""
    contact.last_contact = ctx.now.isoformat()
    contact.unset("reconnect_queue")


def met_when(contact: Contact, ctx: Ctx) -> str:
    """"on Monday", or, for someone imported without a date, when they were imported."""
    if contact.met_on_unknown:
        return f"imported {say_day(datetime.fromisoformat(contact.created), ctx.now, ctx.tz)}, meeting date unknown"
    return say_day(datetime.fromisoformat(contact.met_on), ctx.now, ctx.tz)


def sent_actions(contact: Contact) -> tuple[Action, ...]:
    """Under a drafted message: say it went, or look them up first."""
    ref = f"id:{contact.id}"
    return (Action("Mark as sent", f"done {ref}", "primary"), Action("Show", f"show {ref}"))


def contact_actions(contact: Contact) -> tuple[Action, ...]:
    """Buttons for a follow-up while one is open; afterwards, for checking in."""
    ref = f"id:{contact.id}"
    if not contact.followup_open:
        return (Action("Draft check-in", f"draft {ref}", "primary"), Action("I was in touch", f"done {ref}"))
    return (
        Action("Done", f"done {ref}", "primary"),
        Action("Snooze 1 day", f"snooze {ref} 1d"),
        Action("Draft message", f"draft {ref}"),
    )


@command(
    "add",
    "add <name>, <where, when, what you talked about, #tags>",
    "Record someone you just met. I'll schedule a follow-up for 24 hours after you met.",
    (
        "add Priya Shah, met at PyCon 2026 yesterday, works on ML infra, wants intros to data teams #conference",
        "add Tom Ade, CTO at Acme, met at a dinner party last Friday, loves climbing",
        "add Jo Kim, kind: digital, met on LinkedIn 3 days ago",
    ),
    topic="contacts",
    aliases=("new", "met"),
)
def add(ctx: Ctx, rest: str) -> Reply:
    if not rest:
        raise UserError(
            "Who did you meet? For example: `add Priya Shah, met at PyCon yesterday, works on ML infra #conference`."
        )
    try:
        cap = parse_capture(rest, ctx.now, ctx.tz)
    except InputProblem as problem:
        raise UserError(str(problem)) from None
    met_on = cap.met_on
    old = long_ago(met_on, ctx.now)
    contact = new_contact(ctx, cap.name, met_on, cap.notes, source="chat", company=cap.company, role=cap.role,
                          email=cap.email, url=cap.url, phone=cap.phone, met_at=cap.where, kind=cap.kind, tags=cap.tags,
                          nickname=cap.nickname, **({"followup": None} if old else {}))
    folded = cap.name.casefold()
    # names alone, read as a column: the whole contacts are loaded only when one has the same name
    same_name = any(name.casefold() == folded for name in ctx.data.column(CONTACTS, "name"))
    twins = [c for c in all_contacts(ctx) if c.name.casefold() == folded] if same_name else []
    save_contact(ctx, contact)
    log_event(ctx, "added", contact.id)

    when = say_day(met_on, ctx.now, ctx.tz)
    lines = [f"Met: {met_place(cap.where) + ', ' if cap.where else ''}{when}"
             f"{'' if cap.when_phrase else ' (say when, e.g. “yesterday”, if it was earlier)'}"]
    reason = " (you said so)" if cap.kind_reason == "you said so" else (
        f" (guessed from “{cap.kind_reason}”)" if cap.kind_reason else " (my default; say `kind: social` to change)")
    lines.append(f"Kind: {cap.kind}{reason}")
    if cap.role or cap.company:
        lines.append(f"Works: {' at '.join(part for part in (cap.role, cap.company) if part)}")
    for label, value in (("Email", cap.email), ("Phone", cap.phone), ("Link", cap.url)):
        if value:
            lines.append(f"{label}: {value}")
    if cap.tags:
        lines.append("Tags: " + " ".join(f"#{tag}" for tag in cap.tags))
    if cap.notes:
        lines.append("Notes: " + "; ".join(cap.notes))
    due, overdue = met_on + FOLLOW_UP_AFTER, met_on + OVERDUE_AFTER
    if old:
        lines.append(f"Follow-up: that was a while ago, so a friendly check-in fits better than a thank-you. "
                     f"`reconnect {cap.name}` drafts one.")
    elif overdue <= ctx.now:
        lines.append("Follow-up: it's been over 48 hours since you met, so reach out today.")
    else:
        lines.append(
            f"Follow-up: due {say_moment(due, ctx.now, ctx.tz)}, best before {say_moment(overdue, ctx.now, ctx.tz, bare=True)}."
        )
    lines.append(f"Something misread? Fix it with `edit {cap.name} where: …` (or company:, role:, when:, kind:).")
    ref = f"reconnect id:{contact.id}"
    actions = (Action("Draft a check-in", ref, "primary"),) if old else contact_actions(contact)
    if len(twins) == 1:
        twin = twins[0]
        expect(ctx, "confirm", action="merge", source=contact.id, target=twin.id)
        twin_met = ("" if twin.met_on_unknown else "met ") + met_when(twin, ctx)
        lines.append(f"You already had {describe(twin)}, {twin_met}. Same person? Reply `yes` and I'll merge the two.")
        actions = (Action("Yes, same person", "yes", "primary"), *actions)
    elif twins:
        lines.append(f"You already had someone called {cap.name}; I'll ask which one you mean when it matters.")
    return Reply(title=f"Added {cap.name}.", body="\n".join(lines), actions=actions)


def _matches(contact: Contact, query: str) -> bool:
    if query.startswith("#"):
        return query[1:] in contact.tags
    haystack = " ".join(
        [contact.name, contact.company, contact.role, contact.met_at, " ".join(contact.tags),
         *(note.text for note in contact.notes),
         *(value for key in ("email", "phone", "url") for value in contact.details(key))]
    ).casefold()
    return all(word in haystack for word in query.split())


@command(
    "contacts",
    "contacts [words or #tag]",
    "List the people you've added, newest first, or search them by name, company, notes or tag.",
    ("contacts", "contacts #conference", "contacts data"),
    topic="contacts",
    aliases=("list", "people", "search", "find"),
)
def list_contacts(ctx: Ctx, rest: str) -> Reply:
    contacts = sorted(all_contacts(ctx), key=lambda c: c.created, reverse=True)
    if not contacts:
        return Reply(body="No contacts yet. Add the next person you meet: `add Priya Shah, met at PyCon`.")
    query = rest.casefold().strip()
    found = [c for c in contacts if _matches(c, query)] if query else contacts
    if not found and not query.startswith("#"):
        found = candidates(contacts, query)  # a misspelt name: “Pryia”
    if not found:
        return Reply(body=f"Nobody matches “{rest}”. Try fewer words, or `contacts` for everyone.")
    items = tuple(
        Item(f"{describe(c)}: {'' if c.met_on_unknown else 'met '}{met_when(c, ctx)}")
        for c in found[:LIST_LIMIT]
    )
    more = len(found) - LIST_LIMIT
    body = f"{plural(len(found), 'contact')}{' matching “' + rest + '”' if query else ''}."
    if more > 0:
        body += f" Showing the newest {LIST_LIMIT}; narrow it with `contacts <words>`."
    return Reply(body=body, items=items)


@command("show", "show <name>", "Everything you've recorded about someone.", ("show Priya",), topic="contacts")
def show(ctx: Ctx, rest: str) -> Reply:
    return _shown(ctx, resolve(ctx, rest, "show"))


def _shown(ctx: Ctx, contact: Contact) -> Reply:
    tz, now = ctx.tz, ctx.now
    lines = [f"Met: {met_place(contact.met_at) + ', ' if contact.met_at else ''}{met_when(contact, ctx)}",
             f"Kind: {contact.kind}"]
    if contact.role or contact.company:
        lines.append(f"Works: {' at '.join(p for p in (contact.role, contact.company) if p)}")
    if contact.nickname:
        lines.append(f"Nickname: {contact.nickname}")
    for label, key in (("Email", "email"), ("Link", "url"), ("Phone", "phone")):
        if values := contact.details(key):
            lines.append(f"{label}{'s' if len(values) > 1 else ''}: {', '.join(values)}")
    if contact.tags:
        lines.append("Tags: " + " ".join(f"#{t}" for t in contact.tags))
    lines.append(f"Last in touch: {last_in_touch(contact, ctx)}")
    followup = contact.followup
    if contact.followup_open and not followup_waiting(followup, now):
        lines.append("Follow-up: not sent, so I moved them to your keep-in-touch list. A note now is still welcome.")
    elif contact.followup_open:
        lines.append(f"Follow-up: {followup_when(followup.due, followup.overdue, ctx)}")
    elif followup is not None and followup.status == "done":
        lines.append("Follow-up: done")
    if contact.rhythm_days:
        lines.append(f"Keep in touch: every {contact.rhythm_days} days")
    items = tuple(Item(f"{say_day(datetime.fromisoformat(n.at), now, tz)}: {n.text}") for n in contact.notes)
    return Reply(title=contact.name, body="\n".join(lines), items=items, actions=contact_actions(contact))


@command(
    "note",
    "note <name> <what happened or what to remember>",
    "Remember a detail or log that you were in touch. Counts as contact, so keep-in-touch timers restart.",
    ("note Priya had coffee, she is hiring a data engineer in January", "note Tom, ran his first marathon"),
    topic="contacts",
    aliases=("log",),
)
def note(ctx: Ctx, rest: str) -> Reply:
    contacts = all_contacts(ctx)
    wanted, text = split_target(contacts, rest)
    contact = resolve(ctx, wanted, "note", text, contacts=contacts)
    if not text:
        raise UserError(f"What should I note about {contact.name}? For example `note {first_name(contact.name)} "
                        "had coffee, she's hiring in January`.")
    contact.notes.append(Note(at=ctx.now.isoformat(), text=text, logged=True))
    touch(ctx, contact)
    save_contact(ctx, contact)
    log_event(ctx, "note", contact.id)
    return Reply(body=f"Noted for {contact.name}: “{shorten(text, 200)}”. I've counted it as being in touch today.")


def _move_window(followup: FollowUp, window: FollowUp) -> None:
    """A follow-up counts from the meeting's new date, but a snooze the user chose still holds: it is never
    brought forward, only pushed back when the meeting turns out later than the snooze."""
    if followup.snoozed and followup.due and followup.overdue:
        window.due, window.overdue = max(window.due, followup.due), max(window.overdue, followup.overdue)
    followup.due, followup.overdue = window.due, window.overdue


def _edit_tags(tags: list[str], value: str) -> list[str]:
    """`tags: a b` replaces them; `tags: +a -b` adds and removes, keeping the rest."""
    words = value.replace(",", " ").split()
    if not any(word.startswith(("+", "-")) for word in words):
        return sorted({w.lstrip("#").casefold() for w in words if w.strip("#")})
    kept = set(tags)
    for word in words:
        tag = word.lstrip("+-#").casefold()
        if tag and word.startswith("-"):
            kept.discard(tag)
        elif tag:
            kept.add(tag)
    return sorted(kept)


def _apply_edit(ctx: Ctx, contact: Contact, key: str, value: str) -> str:
    """Change one field; say what is stored now, so a misreading shows at once."""
    if key == "name":
        old, contact.name = contact.name, valid_name(value)
        return f"renamed from {old}" if contact.name != old else "name unchanged"
    if key == "kind":
        value = contact.kind = parse_kind(value)
    elif key == "tags":
        contact.tags = _edit_tags(contact.tags, value)
        return "tags " + (" ".join(f"#{t}" for t in contact.tags) or "cleared")
    elif key == "notes":  # replaces them all: `notes: clear` (or nothing) empties them
        text = "" if value.strip().casefold() in ("", "clear", "none") else value.strip()
        contact.notes = [Note(at=ctx.now.isoformat(), text=text)] if text else []
        return "notes " + ("replaced" if text else "cleared")
    elif key == "when":
        moment, _ = find_past(value, ctx.now, ctx.tz)
        if moment is None:
            raise InputProblem(f"I couldn't read “{value}” as a date. Try `yesterday`, `3 days ago` or `12 Nov`.")
        contact.met_on = moment.isoformat()
        contact.unset("met_on_unknown")
        if contact.followup_open and long_ago(moment, ctx.now):
            contact.followup = None
        elif contact.followup_open:
            _move_window(contact.followup, followup_window(moment))
        touches = [note.at for note in contact.notes if note.logged]
        contact.last_contact = max([moment.isoformat(), *touches])
        met = f"met {say_day(moment, ctx.now, ctx.tz)}"
        if contact.followup is None and contact.source != IMPORTED and not long_ago(moment, ctx.now):
            owed = contact.followup = followup_window(moment)  # added as met long ago, but it was recent
            return f"{met}; follow-up {followup_when(owed.due, owed.overdue, ctx)}"
        return met
    elif key == "where":
        contact.met_at = typed_place(value)
        return f"met {met_place(contact.met_at)}" if value else "where you met cleared"
    else:
        field = "url" if key == "link" else key
        value = checked_detail(field, value)
        setattr(contact, field, value)
    return f"{key} {value}" if value else f"{key} cleared"


_FIELDS = "|".join(sorted((*EDITABLE, *EDIT_ALIASES), key=len, reverse=True)).replace(" ", r"\s+")
_EDIT_LABEL = re.compile(rf"\b({_FIELDS})\s*+:", re.IGNORECASE)
_NEXT_LABEL = re.compile(rf",\s*+({_FIELDS})\s*+:", re.IGNORECASE)  # a value runs to the next `, field:`
_ANY_LABEL = re.compile(r"\b(?!id:)([^\W\d_][\w-]*)\s*:(?!//)")  # a label: not `id:` (a button's reference), nor `https://`
_SHOWN_ALIASES = {"role": "title", "link": "url"}  # the other names people type most
_SHOWN_TOGETHER = {"met": ("where", "when"), "works": ("role", "company")}  # one line of `show`, two fields
_FIELD_LIST = ", ".join(f"{key} (or {_SHOWN_ALIASES[key]})" if key in _SHOWN_ALIASES else key for key in EDITABLE)


def _field(label: str) -> str:
    """The field a label names: `Link`, `url` and `website` all mean the link."""
    folded = " ".join(label.casefold().split())
    return EDIT_ALIASES.get(folded, folded)


def _edit_pairs(rest: str, first: re.Match[str]) -> list[tuple[str, str]]:
    """(field, value) for each `field: value`, so `tags: a, b` keeps both tags.

    Found label by label, each run of spaces read once, so the time is linear in the text (a lazy value
    with a lookahead for the next label rescanned a run of spaces for every character of it).
    """
    labels = [first, *_NEXT_LABEL.finditer(rest, first.end())]
    ends = [label.start() for label in labels[1:]] + [len(rest)]
    return [(label.group(1), rest[label.end():end].strip().removesuffix(",")) for label, end in zip(labels, ends, strict=True)]


@command(
    "edit",
    "edit <name> <field>: <value>, …",
    f"Fix what I recorded. Fields: {_FIELD_LIST}.",
    ("edit Priya company: Acme, role: staff engineer", "edit Tom when: last Tuesday", "edit Jo tags: +#friends",
     "edit Tom notes: runs the platform team"),
    topic="contacts",
    aliases=("fix", "update"),
)
def edit(ctx: Ctx, rest: str) -> Reply:
    match, unknown = _EDIT_LABEL.search(rest), _ANY_LABEL.search(rest)
    if unknown and (not match or unknown.start() < match.start()):
        label = unknown.group(1).casefold()
        if label in _SHOWN_TOGETHER:
            first, second = _SHOWN_TOGETHER[label]
            raise UserError(f"“{label.capitalize()}” is two fields: change them with `{first}:` and `{second}:`, "
                            f"like `edit Priya {first}: …, {second}: …`.")
        raise UserError(f"I can't change “{shorten(unknown.group(1), 30)}”. Fields: {_FIELD_LIST}.")
    if not match:
        raise UserError(f"Tell me what to change, like `edit Priya company: Acme`. Fields: {_FIELD_LIST}.")
    contact = resolve(ctx, rest[: match.start()].strip(" ,"), "edit", rest[match.start():])
    pairs = _edit_pairs(rest, match)
    changed = []
    try:
        for key, value in pairs:
            if not value.strip() and _field(key) in ("name", "when", "kind"):
                raise InputProblem(f"`{key}:` needs a value.")
            changed.append(_apply_edit(ctx, contact, _field(key), value.strip()))
    except InputProblem as problem:
        raise UserError(str(problem)) from None
    save_contact(ctx, contact)
    return Reply(body=f"Updated {contact.name}: {'; '.join(changed)}. `show {contact.name}` for everything.")


@command("remove", "remove <name>", "Delete a contact and everything noted about them (asks first).",
         ("remove Tom Ade",), topic="contacts", aliases=("delete",))
def remove(ctx: Ctx, rest: str) -> Reply:
    contact = resolve(ctx, rest, "remove")
    expect(ctx, "confirm", action="remove", contact=contact.id)
    return Reply(
        body=f"Remove {describe(contact)}{_and_notes(contact)}? Reply `yes` to confirm.",
        actions=(Action("Yes, remove", "yes", "danger"), Action("Keep", "no")),
    )


def _and_notes(contact: Contact) -> str:
    count = len(contact.notes)
    return f" and the {plural(count, 'note')} about them" if count else ""


@on_confirm("remove")
def confirm_remove(ctx: Ctx, state: dict) -> Reply:
    contact = contact_by_id(ctx, state["contact"])
    if contact is None:
        return Reply(body="That contact is already gone.")
    remove_contact(ctx, contact.id)
    return Reply(body=f"Removed {contact.name}.")


def name_alone(ctx: Ctx, text: str) -> Reply | None:
    """Someone's name typed on its own is a look at them, as `show` gives (a numbered choice when several
    people have it). Only a sure match: a word that merely looks like a name is left to "I don't know"."""
    if len(text.split()) > MAX_NAME_WORDS:
        return None
    people = all_contacts(ctx)
    for wanted in filter(None, dict.fromkeys((text, text.rstrip(" ?!.")))):  # "maria?" asks about her too; "Davis Jr." is a name
        found = find(people, wanted)
        if found.sure:  # several: the numbered choice, asked from the contacts already read
            return _shown(ctx, found.people[0] if len(found.people) == 1 else resolve(ctx, wanted, "show", contacts=people))
    return None


def a_sentence(ctx: Ctx, text: str) -> Reply | None:
    """A sentence typed as if to a person ("I met Priya at PyCon"): the commands that keep what it says."""
    first = text.split()[0].casefold().rstrip("!?.,:;")
    if first in ("i", "i've", "we", "just") and " met " in f" {text.casefold()} ":
        return Reply(body="Sounds like you met someone. Tell me like this: `add Priya Shah, met at PyCon yesterday`, "
                          "then anything worth remembering.")
    if not starts_a_sentence(first):
        return None
    return Reply(body=f"{SENTENCES} To remember someone new, `add Priya Shah, met at PyCon`; to log news about "
                      "someone, `note Priya had coffee`. Say `help` to see everything I can do.")


FEATURE = Feature("contacts", commands=(add, list_contacts, show, note, edit, remove), questions=(answer_choice,),
                  confirms=(confirm_remove, confirm_merge), fallbacks=(name_alone, a_sentence))
