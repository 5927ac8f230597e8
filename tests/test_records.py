"""Stored records read and written through one typed mapping: documents written before it keep loading unchanged."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from coaching.core.nudges import Delivery
from coaching.core.records import Contact, FollowUp, PitchAttempt
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
