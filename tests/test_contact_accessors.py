"""The contact accessors every feature reads and writes through: each read gives records of what is stored now."""

from __future__ import annotations

from coaching.core.records import Note
from coaching.core.registry import Ctx
from coaching.people.records import CONTACTS, all_contacts, contact_by_id, remove_contact, save_contact
from coaching.testing import START, plant, records

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

PRIYA = {"id": "p1", "name": "Priya Shah", "notes": [{"at": "2025-11-14T10:00:00+00:00", "text": "ML infra"}],
         "followup": {"status": "open", "due": "2025-11-15T10:00:00+00:00"}, "someday": "kept", "v": 1}
TOM = {"id": "t1", "name": "Tom Ade", "v": 1}


def test_a_record_changed_and_not_saved_is_not_what_the_next_read_gives(coach, user) -> None:
    plant(coach, user, CONTACTS, PRIYA, TOM)
    with coach.store.session(user) as data:
        ctx = Ctx(user=user, data=data, now=START)
        first = {contact.id: contact for contact in all_contacts(ctx)}["p1"]
        first.name = "Someone Else"
        first.followup.status = "done"
        first.notes.append(Note(text="unsaved"))
        first.extra["someday"] = "changed"
        for again in ({contact.id: contact for contact in all_contacts(ctx)}["p1"], contact_by_id(ctx, "p1")):
            assert again is not first
            assert again.dump() == PRIYA


def test_what_was_written_in_a_session_is_what_the_next_read_gives(coach, user) -> None:
    plant(coach, user, CONTACTS, PRIYA, TOM)
    with coach.store.session(user) as data:
        ctx = Ctx(user=user, data=data, now=START)
        priya = contact_by_id(ctx, "p1")
        priya.followup.status = "done"
        save_contact(ctx, priya)
        assert contact_by_id(ctx, "p1").followup.status == "done"
        data.put(CONTACTS, {**TOM, "name": "Tom Adebayo"})  # written around the accessors
        remove_contact(ctx, "p1")
        assert [contact.name for contact in all_contacts(ctx)] == ["Tom Adebayo"]
        assert contact_by_id(ctx, "p1") is None


def test_a_scan_for_a_flag_gives_only_the_contacts_with_it_set(coach, user) -> None:
    queued = {**TOM, "id": "q1", "name": "Ana Queued", "reconnect_queue": True}
    done = {**TOM, "id": "q2", "name": "Ben Greeted", "reconnect_queue": False}
    plant(coach, user, CONTACTS, PRIYA, TOM, queued, done)
    with coach.store.session(user) as data:
        ctx = Ctx(user=user, data=data, now=START)
        assert [contact.name for contact in all_contacts(ctx, flagged="reconnect_queue")] == ["Ana Queued"]
        assert len(all_contacts(ctx)) == 4


def test_a_list_changed_in_place_and_not_saved_changes_nothing_stored(coach, user) -> None:
    """A store hands out shallow copies of its documents, so a record's lists must be its own, read or written."""
    tagged = {**TOM, "tags": ["pycon"], "other_emails": ["tom@example.com"]}
    plant(coach, user, CONTACTS, tagged, PRIYA)
    with coach.store.session(user) as data:
        ctx = Ctx(user=user, data=data, now=START)
        for tom in (contact_by_id(ctx, "t1"), {contact.id: contact for contact in all_contacts(ctx)}["t1"]):
            tom.tags.append("unsaved")
            tom.other_emails.clear()
            assert data.get(CONTACTS, "t1") == tagged
        save_contact(ctx, tom)
        tom.tags.append("after saving")
        assert data.get(CONTACTS, "t1") == {**tagged, "tags": ["pycon", "unsaved"], "other_emails": []}
    assert records(coach, user, CONTACTS)[0] == {**tagged, "tags": ["pycon", "unsaved"], "other_emails": []}
