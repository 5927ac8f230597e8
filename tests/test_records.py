"""Stored records read and written through one typed mapping: documents written before it keep loading unchanged."""

from __future__ import annotations

import copy
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.core.records import SHAPES_KEPT, Contact, Delivery, FollowUp, Note, PitchAttempt, Stored
from coaching.people.records import CONTACTS
from coaching.pitch.practice import PITCHES
from coaching.testing import TYPED as TYPED_RECORDS
from coaching.testing import Chat, records

FIXTURES = Path(__file__).parent / "fixtures"

SENT_BEFORE = {"id": "slack:T1:U1:0123456789abcdef", "items": ["followup:abc"], "attempts": 2, "status": "sent",
               "at": "2025-11-15T09:00:00+00:00", "sent_at": "2025-11-15T09:00:01+00:00", "error": "rate limited"}
NEVER_TRIED = {"id": "k", "items": ["a", "b"]}  # the oldest shape: no status, no attempts yet


def test_a_delivery_document_written_before_records_were_typed_round_trips_unchanged() -> None:
    record = Delivery.load(SENT_BEFORE)
    assert record.at == datetime(2025, 11, 15, 9, tzinfo=UTC)
    assert record.until is None
    assert record.items == ("followup:abc",)
    assert record.dump() == SENT_BEFORE


def test_a_document_without_the_later_fields_loads_with_their_defaults() -> None:
    record = Delivery.load(NEVER_TRIED)
    assert (record.attempts, record.status, record.at, record.error) == (0, None, None, None)
    assert record.dump() == {**NEVER_TRIED, "attempts": 0}


# A contact as stored before a person could have more than one email, phone or link: no `other_*` keys,
# no nickname, a follow-up already done, and a key no version of the record knows.
BEFORE_OTHER_EMAILS = {
    "id": "a1b2c3d4e5f6", "name": "Priya Shah", "company": "Acme", "role": "", "email": "priya@example.com", "url": "",
    "phone": "", "met_at": "PyCon", "met_on": "2025-11-13T10:00:00+00:00", "kind": "professional", "tags": ["conference"],
    "notes": [{"at": "2025-11-14T10:00:00+00:00", "text": "works on ML infra"}],
    "created": "2025-11-14T10:00:00+00:00", "last_contact": "2025-11-14T10:00:00+00:00", "source": "chat",
    "followup": {"status": "done", "due": "2025-11-14T10:00:00+00:00", "overdue": "2025-11-15T10:00:00+00:00",
                 "done_at": "2025-11-14T12:30:00+00:00", "on_time": True},
    "someday": "kept", "v": 1,
}
IMPORTED_UNVERSIONED = {"id": "f00", "name": "Bo Lee", "followup": None, "source": "import", "met_on_unknown": True}


def test_a_contact_written_before_other_emails_existed_loads_with_defaults_and_round_trips_unchanged() -> None:
    contact = Contact.load(BEFORE_OTHER_EMAILS)
    assert contact.other_emails == [] and contact.nickname is None
    assert contact.followup is not None and not contact.followup_open
    assert contact.followup.done_at == datetime(2025, 11, 14, 12, 30, tzinfo=UTC)
    assert [note.text for note in contact.notes] == ["works on ML infra"]
    assert contact.extra == {"someday": "kept"} and contact.version == 1
    assert contact.dump() == BEFORE_OTHER_EMAILS


def test_a_changed_contact_writes_the_change_and_keeps_everything_else() -> None:
    contact = Contact.load(IMPORTED_UNVERSIONED)
    assert (contact.kind, contact.followup, contact.version) == ("professional", None, None)
    contact.other_emails.append("bo@example.com")
    due = datetime(2025, 11, 15, 10, tzinfo=UTC)
    contact.followup = FollowUp(status="open", due=due, overdue=due.replace(day=16))
    assert contact.dump() == {**IMPORTED_UNVERSIONED, "other_emails": ["bo@example.com"], "followup": {
        "status": "open", "due": "2025-11-15T10:00:00+00:00", "overdue": "2025-11-16T10:00:00+00:00"}}


def test_a_pitch_attempt_scored_by_an_older_rubric_round_trips_unchanged() -> None:
    old = {"id": "p1", "text": "I build data tools.", "scenario": "meetup", "total": 41, "at": "2025-11-01T09:00:00+00:00",
           "criteria": {"clarity": [10, 20]}, "v": 1}  # before shorter versions (`step`) and rubric versions
    attempt = PitchAttempt.load(old)
    assert (attempt.step, attempt.rubric, attempt.total) == ("", None, 41)
    assert attempt.dump() == old


def test_every_contact_imported_from_the_fixtures_round_trips_unchanged(coach, user) -> None:
    """All the fixture files into one person's contacts, so the merges between them are read back too."""
    chat = Chat(coach, user)
    files = sorted(path for path in FIXTURES.rglob("*") if path.suffix in (".csv", ".vcf"))
    for path in files:
        chat.send_file(path.name, path.read_bytes())
        coach.handle(user, "yes")
    stored = records(coach, user, CONTACTS)
    assert len(files) > 10 and len(stored) > 20
    merged = [doc for doc in stored if doc.get("other_emails") or doc.get("other_phones")]
    assert merged, "no fixture contact holds more than one email or phone"
    for doc in stored:
        assert Contact.load(doc).dump() == doc


def test_contacts_and_pitches_as_commands_leave_them_round_trip_unchanged(coach, user, clock) -> None:
    chat = Chat(coach, user)
    for text in ("add Priya Shah, met at PyCon yesterday, works on ML infra #conference", "add Tom Ade, CTO at Acme",
                 "note Priya likes climbing", "done Priya", "snooze Tom 1d",
                 "pitch I'm Sam, I build data tools that cut reporting time by half. Who should I talk to?",
                 "pitch shorter"):
        chat.say(text)
        clock.advance(hours=1)
    stored = chat.contacts() + chat.records(PITCHES)
    assert len(stored) >= 3
    for doc in stored:
        assert TYPED_RECORDS[CONTACTS if "name" in doc else PITCHES].load(doc).dump() == doc


# Loading builds records without `__init__`; what it builds must be what `__init__` would have built from the same
# values: each known key through its converter, every field the document lacks at its default (and a null under a field
# that always holds a value, such as a string or a list), the rest in `extra`.
def _built(cls: type[Stored], doc: dict) -> Stored:
    specs = {("v" if spec.name == "version" else spec.name): spec for spec in fields(cls)
             if spec.name not in ("extra", "present", "nulls")}
    names = {key: spec.name for key, spec in specs.items()}
    values = {names[key]: value for key, value in doc.items()
              if key in names and (value is not None or specs[key].default is None)}
    for name, (read, _) in cls.converters.items():
        if values.get(name) is not None:
            values[name] = read(values[name])
    return cls(**values, extra={key: value for key, value in doc.items() if key not in names})


OLD_SHAPES = [
    BEFORE_OTHER_EMAILS,
    IMPORTED_UNVERSIONED,
    {"id": "n1", "name": "Ana", "notes": None, "followup": None, "tags": None, "nickname": None, "rhythm_days": None},
    {"id": "n2", "name": "Ben", "notes": [{"text": "no time"}, {"at": "", "text": "", "mood": "odd", "logged": True}],
     "followup": {"status": "open", "due": "2025-11-14T10:00:00+00:00", "snoozed": 2, "by": "sweep"}},
    {"id": "n3", "followup": {}, "notes": [], "v": 1},  # a follow-up with nothing in it yet
    {"id": "n4", "name": "Cy", "version": 7, "extra": {"x": 1}, "present": ["name"]},  # keys named like the bookkeeping
    {},
]


@pytest.mark.parametrize("doc", OLD_SHAPES)
def test_an_old_document_loads_as_init_would_build_it_and_round_trips_unchanged(doc: dict) -> None:
    before = copy.deepcopy(doc)
    contact = Contact.load(doc)
    assert contact == _built(Contact, doc)
    assert contact.present == frozenset(doc)
    assert contact.dump() == doc == before


def test_bookkeeping_names_in_a_document_stay_extra_keys_and_leave_the_fields_alone() -> None:
    contact = Contact.load({"id": "n4", "name": "Cy", "version": 7, "extra": {"x": 1}, "present": ["name"]})
    assert (contact.version, contact.kind) == (None, "professional")
    assert contact.extra == {"version": 7, "extra": {"x": 1}, "present": ["name"]}


def test_records_loaded_from_one_document_share_nothing_they_change_in_place() -> None:
    """A default made by a factory is a new list for every record, and nested records are their own."""
    doc = {"id": "n2", "name": "Ben", "notes": [{"at": "", "text": "hi"}], "followup": {"status": "open"}}
    first, second = Contact.load(doc), Contact.load(doc)
    first.other_emails.append("ben@example.com")
    first.tags.append("pycon")
    first.notes.append(Note(text="later"))
    first.notes[0].text = "changed"
    first.followup.status = "done"
    first.extra["seen"] = True
    for other in (second, Contact.load(doc)):
        assert (other.other_emails, other.tags, other.extra) == ([], [], {})
        assert [note.text for note in other.notes] == ["hi"]
        assert other.followup.status == "open"
    assert Contact.load(doc).dump() == doc


def test_unsetting_a_field_of_one_record_leaves_a_record_of_the_same_shape_as_it_was() -> None:
    doc = {"id": "q1", "name": "Dee", "reconnect_queue": True, "met_on_unknown": True}
    first, second = Contact.load(doc), Contact.load({**doc, "id": "q2"})
    first.unset("reconnect_queue")
    assert first.dump() == {"id": "q1", "name": "Dee", "met_on_unknown": True}
    assert second.dump() == {**doc, "id": "q2"}
    assert Contact.load(doc).dump() == doc


def test_a_field_changed_back_to_its_default_is_left_out_only_if_the_document_lacked_it() -> None:
    lacking, holding = Contact.load({"id": "k1"}), Contact.load({"id": "k2", "kind": "personal"})
    lacking.kind = holding.kind = "professional"
    assert lacking.dump() == {"id": "k1"}
    assert holding.dump() == {"id": "k2", "kind": "professional"}
    lacking.kind = "personal"
    assert lacking.dump() == {"id": "k1", "kind": "personal"}


def test_a_built_record_writes_every_field_that_holds_a_value() -> None:
    due = datetime(2025, 11, 15, 10, tzinfo=UTC)
    contact = Contact(id="b1", name="Eve", notes=[Note(at="2025-11-14T10:00:00+00:00", text="met")],
                      followup=FollowUp(status="open", due=due))
    doc = contact.dump()
    assert doc["followup"] == {"status": "open", "due": "2025-11-15T10:00:00+00:00"}
    assert doc["notes"] == [{"at": "2025-11-14T10:00:00+00:00", "text": "met", "logged": False}]
    assert "nickname" not in doc and "v" not in doc and doc["other_emails"] == []
    assert Contact.load(doc).dump() == doc


def test_documents_of_more_shapes_than_are_kept_still_load_and_round_trip() -> None:
    docs = [{"id": f"s{n}", "name": "Fay", f"custom_{n}": n} for n in range(SHAPES_KEPT * 2)]
    for doc in docs:
        contact = Contact.load(doc)
        assert contact.extra == {f"custom_{doc['id'][1:]}": int(doc["id"][1:])}
        assert contact.present == frozenset(doc) and contact.dump() == doc


_ISO = st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat)
_TEXT = st.text(max_size=8)
_EXTRA = st.dictionaries(st.sampled_from(["someday", "legacy", "x-source"]), st.none() | st.integers() | _TEXT, max_size=2)


def _partial_doc(values: dict) -> st.SearchStrategy[dict]:
    """Any subset of the keys, each holding a value of its type or None, plus keys no field knows."""
    keys = st.lists(st.sampled_from(sorted(values)), unique=True)
    return st.builds(lambda chosen, nulls, extra: {**{key: None if key in nulls else values[key] for key in chosen},
                                                   **extra}, keys, st.sets(st.sampled_from(sorted(values))), _EXTRA)


_FOLLOWUP = st.fixed_dictionaries({"status": st.sampled_from(["open", "done"]), "due": _ISO, "overdue": _ISO,
                                   "done_at": _ISO, "on_time": st.booleans(), "snoozed": st.integers(0, 9)})
_NOTE = st.fixed_dictionaries({"at": _ISO, "text": _TEXT, "logged": st.booleans()})
_CONTACT = st.fixed_dictionaries({
    "id": _TEXT, "v": st.just(1), "name": _TEXT, "nickname": _TEXT, "company": _TEXT, "tags": st.lists(_TEXT),
    "other_emails": st.lists(_TEXT), "met_on": _ISO, "kind": st.sampled_from(["professional", "personal"]),
    "reconnect_queue": st.booleans(), "rhythm_days": st.integers(1, 400),
    "notes": st.lists(_NOTE.flatmap(_partial_doc), max_size=3), "followup": _FOLLOWUP.flatmap(_partial_doc),
})


@given(_CONTACT.flatmap(_partial_doc))
@settings(max_examples=300, deadline=None)
def test_any_contact_document_loads_as_init_would_build_it_and_round_trips_unchanged(doc: dict) -> None:
    assert Contact.load(doc) == _built(Contact, doc)
    assert Contact.load(doc).dump() == doc
