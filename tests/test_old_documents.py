"""Contacts stored by earlier versions keep loading, and every command and nudge still answers about them.

What earlier versions really stored, read from the history of the code that writes contacts: every
version wrote `id`, `name`, `met_on`, `created` and `last_contact`, a note's `at` and an open
follow-up's `due` and `overdue` (the code before typed records read them as `contact["…"]`). The rest
came later or went: the first version wrote no `nickname`, `other_*`, `rhythm_days`, `imported_from`,
`v`, a note's `logged` nor a follow-up's `snoozed`; imports and meetings long ago store the follow-up
as `null`; a short row of an imported CSV file stored `null` for its missing columns, which that code
read as `contact.get(key) or ""`; and a document a later version wrote holds keys this one does not know.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import open_coach
from coaching.core.engine import SORRY, Coach
from coaching.core.model import Reply, UserRef
from coaching.core.records import Contact
from coaching.people.records import CONTACTS
from coaching.testing import FakeClock, contact, plant, records, send_file

from .stall_inputs import verbs

USER = UserRef("slack", "T0001", "U0001")
MET = "2025-11-13T10:00:00+00:00"  # the day before the test clock starts
ADDED = "2025-11-13T11:00:00+00:00"

# `add` in the first version: every key it knew, the follow-up still owed.
FIRST_VERSION = {
    "id": "a1b2c3d4e5f6", "name": "Priya Shah", "company": "Acme", "role": "staff engineer",
    "email": "priya@example.com", "url": "", "phone": "", "met_at": "PyCon", "met_on": MET, "kind": "professional",
    "tags": ["conference", "python"], "notes": [{"at": ADDED, "text": "works on ML infra"}],
    "created": ADDED, "last_contact": MET, "source": "chat",
    "followup": {"status": "open", "due": "2025-11-14T10:00:00+00:00", "overdue": "2025-11-15T10:00:00+00:00"},
}
# The first version's `done` and `snooze` after a `note`: a note with `logged`, a follow-up done after a snooze.
DONE_AFTER_A_SNOOZE = {
    **FIRST_VERSION,
    "notes": [*FIRST_VERSION["notes"], {"at": "2025-11-14T09:00:00+00:00", "text": "coffee", "logged": True}],
    "last_contact": "2025-11-14T09:00:00+00:00", "rhythm_days": 30,
    "followup": {"status": "done", "due": "2025-11-14T12:00:00+00:00", "overdue": "2025-11-15T12:00:00+00:00",
                 "snoozed": 1, "done_at": "2025-11-14T09:00:00+00:00", "on_time": True},
}
# The first import: no follow-up, waiting for a first hello; imported with no date, so `met_on` is the import time.
FIRST_IMPORT = {
    "id": "b2c3d4e5f6a1", "name": "Priya Shah", "company": "Acme", "role": "", "email": "", "url": "", "phone": "",
    "met_at": "", "met_on": ADDED, "kind": "digital", "tags": [], "notes": [], "created": ADDED,
    "last_contact": ADDED, "source": "import", "imported_from": "linkedin", "followup": None,
    "reconnect_queue": True, "met_on_unknown": True,
}
OPTIONAL = ("company", "role", "email", "url", "phone", "met_at", "nickname", "kind", "tags", "notes", "source",
            "imported_from", "other_emails", "other_urls", "other_phones", "met_on_unknown", "reconnect_queue",
            "rhythm_days", "followup")
# Every key that was ever optional stored as null, a note's text and flag too.
ALL_NULL = {**FIRST_VERSION, **dict.fromkeys(OPTIONAL)}
NOTES_NULL = {**FIRST_VERSION, "notes": [{"at": ADDED, "text": None, "logged": None}],
              "followup": {"status": "open", "due": "2025-11-14T10:00:00+00:00", "overdue": "2025-11-15T10:00:00+00:00",
                           "snoozed": None, "done_at": None, "on_time": None}}
# Written by a version newer than this one: keys no field knows, at the top and inside the follow-up and a note.
FROM_A_LATER_VERSION = {
    **FIRST_VERSION, "v": 9, "birthday": "04-02", "links": {"github": "priya"},
    "notes": [{"at": ADDED, "text": "works on ML infra", "mood": "happy"}],
    "followup": {**FIRST_VERSION["followup"], "channel": "email"},
}
SHAPES = {"first version": FIRST_VERSION, "done after a snooze": DONE_AFTER_A_SNOOZE, "first import": FIRST_IMPORT,
          "all optional keys null": ALL_NULL, "note and follow-up keys null": NOTES_NULL,
          "from a later version": FROM_A_LATER_VERSION}
TOM = {"id": "c3d4e5f6a1b2", "name": "Tom Ade", "company": "Acme", "role": "CTO", "met_on": MET, "created": ADDED,
       "last_contact": MET, "source": "chat", "followup": None}

# What each command is typed with, about the planted Priya; `yes` answers the question before it.
LINES = {
    "add": ["add Priya Shah, met at PyData yesterday", "yes"],
    "contacts": ["contacts", "contacts python", "contacts #conference", "contacts acme"],
    "show": ["show Priya"],
    "note": ["note Priya had coffee, she is hiring in January"],
    "edit": ["edit Priya company: Initech, role: CTO", "edit Priya when: 2 days ago", "edit Priya tags: ml, data",
             "edit Priya nickname: Pri", "edit Priya email: p@example.org", "edit Priya notes: likes climbing"],
    "remove": ["remove Priya", "no"],
    "tz": ["tz Europe/London"],
    "quiet": ["quiet 22:00-07:30"],
    "nudges": ["nudges on"],
    "settings": ["settings"],
    "followups": ["followups"],
    "done": ["done Priya"],
    "snooze": ["snooze Priya 2 days"],
    "draft": ["draft Priya"],
    "goal": ["goal job search", "goal 3 contacts/week"],
    "every": ["every Priya 30 days", "every #python 2 weeks", "every Priya off", "every Priya default"],
    "progress": ["progress", "progress chart"],
    "schedule": ["schedule list"],
    "digest": ["digest on"],
    "import": ["import"],
    "export": ["export", "export json", "export csv", "export vcard", "export ics"],
    "forget me": ["forget me", "no"],
    "pitch": ["pitch I'm Sam, I build data tools that cut reporting time by half. Who should I talk to?"],
    "drill": ["drill"],
    "help": ["help", "help note"],
    "ask": ["ask someone who knows python", "ask who works at Acme"],
    "intro": ["intro Priya to Tom"],
    "prep": ["prep PyCon"],
    "reconnect": ["reconnect", "reconnect Priya"],
    "today": ["today"],
}
# The same person in a file, so importing merges into the stored document.
PRIYA_CSV = b"Full Name,Organization,Job Title,E-mail,Notes,Tags\nPriya Shah,Acme,CTO,priya@example.com,met again,ml\n"
SWEEPS = (timedelta(0), timedelta(hours=30), timedelta(days=3), timedelta(days=10), timedelta(days=45))


def test_every_command_has_lines_here() -> None:
    """A command added later must say here how it is typed about someone, so it meets old documents too."""
    assert set(LINES) == set(verbs())


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Errors the engine logs: a nudge sweep that fails on a user logs one, skips them and answers nobody."""
    with caplog.at_level(logging.ERROR, logger="coaching"):
        yield caplog


def failures(logged: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in logged.records]


def answer(coach: Coach, user: UserRef, text: str) -> Reply:
    reply = coach.handle(user, text)
    assert reply is not SORRY, f"{text!r} failed inside the coach"
    assert reply.text.strip(), f"{text!r} got an empty answer"
    return reply


def press_buttons(coach: Coach, user: UserRef, reply: Reply) -> None:
    """Each button a reply offers, pressed, except the ones that delete."""
    for action in (*reply.actions, *(action for item in reply.items for action in item.actions)):
        if not action.command.startswith(("remove", "forget")):
            answer(coach, user, action.command)
            coach.handle(user, "cancel")


def sweep(coach: Coach, clock: FakeClock) -> None:
    """Nudge sweeps from now to weeks ahead, each nudge sent the way a surface sends it."""
    start = clock.now
    for ahead in SWEEPS:
        clock.now = start + ahead
        for nudge in coach.due_nudges(clock.now):
            assert nudge.reply is not SORRY
            if coach.record_intent(nudge):
                coach.mark_sent(nudge)
    clock.now = start


def talk_about(coach: Coach, clock: FakeClock, user: UserRef, lines: list[str]) -> None:
    """Every line, its buttons, and a nudge sweep; every stored contact must still rewrite unchanged."""
    for text in lines:
        press_buttons(coach, user, answer(coach, user, text))
        records(coach, user, CONTACTS)
    sweep(coach, clock)
    records(coach, user, CONTACTS)


@pytest.mark.parametrize("doc", SHAPES.values(), ids=SHAPES.keys())
def test_a_stored_contact_rewrites_unchanged(doc: dict) -> None:
    assert Contact.load(doc).dump() == doc


def test_a_null_reads_as_the_default_and_a_change_replaces_it() -> None:
    record = Contact.load(NOTES_NULL | {"company": None, "tags": None, "nickname": None})
    assert (record.company, record.tags, record.nickname) == ("", [], None)
    assert (record.notes[0].text, record.notes[0].logged) == ("", False)
    record.company = "Initech"
    record.tags.append("ml")
    assert record.dump() == NOTES_NULL | {"company": "Initech", "tags": ["ml"], "nickname": None}


@pytest.mark.parametrize("doc", SHAPES.values(), ids=SHAPES.keys())
def test_every_command_answers_about_an_old_contact(coach: Coach, clock: FakeClock, logged: pytest.LogCaptureFixture,
                                                  doc: dict) -> None:
    plant(coach, USER, CONTACTS, doc, TOM)
    stored = contact(coach, USER, "Priya Shah")  # as planted, with the schema version the store stamps
    for text in ("show Priya", "contacts", "followups", "today", "export csv", "export vcard", "ask who knows python"):
        answer(coach, USER, text)
    assert contact(coach, USER, "Priya Shah") == stored, "reading a contact rewrote it"
    answer(coach, USER, "edit Priya company: Initech")
    assert contact(coach, USER, "Priya Shah") == {**stored, "company": "Initech"}, "an edit lost or changed other keys"
    talk_about(coach, clock, USER, [line for verb in verbs() for line in LINES[verb] if verb != "forget me"])
    assert send_file(coach, USER, "priya.csv", PRIYA_CSV) is not SORRY
    talk_about(coach, clock, USER, ["yes", "forget me", "yes"])
    assert not failures(logged)


@pytest.mark.parametrize("doc", SHAPES.values(), ids=SHAPES.keys())
def test_nudge_sweeps_read_an_old_contact(coach: Coach, clock: FakeClock, logged: pytest.LogCaptureFixture,
                                          doc: dict) -> None:
    plant(coach, USER, CONTACTS, doc, TOM)
    answer(coach, USER, "note Tom met for lunch")  # a change puts the person on the sweep's list
    sweep(coach, clock)
    assert not failures(logged)


_ABSENT = object()


def _maybe(value: object) -> st.SearchStrategy:
    """A key kept as it was, stored as null, or not stored at all (written before it existed)."""
    return st.sampled_from([value, None, _ABSENT])


def _shaped(keys: dict[str, st.SearchStrategy]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(keys).map(lambda doc: {key: value for key, value in doc.items() if value is not _ABSENT})


_notes = st.lists(_shaped({"at": st.just(ADDED), "text": _maybe("works on ML infra"), "logged": _maybe(True)}),
                  max_size=2)
_followups = _shaped({"status": st.sampled_from(["open", "done", None]), "due": st.just("2025-11-14T10:00:00+00:00"),
                      "overdue": st.just("2025-11-15T10:00:00+00:00"), "snoozed": _maybe(2),
                      "done_at": _maybe("2025-11-14T09:00:00+00:00"), "on_time": _maybe(False)})
_contacts = _shaped({
    "id": st.just("a1b2c3d4e5f6"), "name": st.just("Priya Shah"), "met_on": st.just(MET), "created": st.just(ADDED),
    "last_contact": st.sampled_from([MET, "2025-11-14T09:00:00+00:00"]),
    **{key: _maybe(value) for key, value in {
        "company": "Acme", "role": "CTO", "email": "priya@example.com", "url": "https://priya.dev", "phone": "+1 555 0100",
        "met_at": "PyCon", "nickname": "Pri", "kind": "social", "tags": ["python"], "source": "import",
        "imported_from": "csv", "other_emails": ["p@home.example"], "other_urls": ["https://x.example"],
        "other_phones": ["+1 555 0101"], "met_on_unknown": True, "reconnect_queue": True, "rhythm_days": 14,
        "v": 1, "someday": "kept"}.items()},
    "notes": st.one_of(_notes, st.none()) | st.just(_ABSENT),
    "followup": st.one_of(_followups, st.none()) | st.just(_ABSENT),
})
_LINES = [line for verb in verbs() for line in LINES[verb] if verb not in ("forget me", "remove", "add")]


@settings(max_examples=300, deadline=None)
@given(doc=_contacts)
def test_any_mix_of_null_and_missing_keys_rewrites_unchanged(doc: dict) -> None:
    assert Contact.load(doc).dump() == doc


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=_contacts, lines=st.lists(st.sampled_from(_LINES), min_size=3, max_size=6))
def test_commands_and_nudges_answer_about_any_mix_of_null_and_missing_keys(logged: pytest.LogCaptureFixture, doc: dict,
                                                                         lines: list[str]) -> None:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as folder:
        coach = open_coach(Path(folder) / "data", clock=clock)
        try:
            plant(coach, USER, CONTACTS, doc, TOM)
            talk_about(coach, clock, USER, ["show Priya", "today", *lines])
        finally:
            coach.close()
    assert not failures(logged)
