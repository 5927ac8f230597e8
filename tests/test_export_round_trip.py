"""Moving to a new account: `export` as JSON, then importing that file into an empty account, gives back
the same contacts, history included (every note with its date, last contact, the follow-up, the rhythm)."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching.core.model import UserRef
from coaching.core.records import Contact, FollowUp, Note
from coaching.people.capture import KINDS
from coaching.testing import contacts, plant, send_file

USERS = itertools.count()
ZONES = ("UTC", "Asia/Tokyo", "Pacific/Kiritimati", "America/Los_Angeles")
FILE_FORMATS = ("linkedin", "vcard", "csv", "json")

moments = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2026, 6, 1), timezones=st.just(UTC)).map(
    lambda moment: moment.replace(microsecond=0).isoformat())
words = st.text(st.characters(categories=["L"]), min_size=1, max_size=8)
phrases = st.lists(words, min_size=1, max_size=3).map(" ".join)
maybe = st.one_of(st.just(""), phrases)
names = st.one_of(st.sampled_from(["Maria Lopez", "Tom O'Brien", "Zoë Ångström", "李 伟"]), phrases)
notes = st.builds(Note, at=moments, text=st.text(max_size=40).filter(str.strip), logged=st.booleans())
followups = st.one_of(
    st.none(),
    st.builds(FollowUp, status=st.just("open"), due=moments.map(datetime.fromisoformat),
              overdue=moments.map(datetime.fromisoformat), snoozed=st.one_of(st.none(), st.integers(1, 5))),
    st.builds(FollowUp, status=st.just("done"), due=moments.map(datetime.fromisoformat),
              overdue=moments.map(datetime.fromisoformat), done_at=moments.map(datetime.fromisoformat),
              on_time=st.booleans()),
)


@st.composite
def stored_contact(draw: st.DrawFn, number: int) -> dict:
    """A contact as the coach keeps one: added in chat or imported, with any history. Emails and links carry
    `number`, so two people share none (sharing one makes them one person, which a restore need not undo)."""
    imported = draw(st.booleans())
    emails = draw(st.lists(st.from_regex(r"[a-z]{1,6}@[a-z]{2,6}\.example", fullmatch=True), max_size=3, unique=True))
    links = draw(st.lists(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), max_size=2, unique=True))
    phones = draw(st.lists(st.from_regex(r"\+44 20 7946 [0-9]{4}", fullmatch=True), max_size=2, unique=True))
    emails = [f"p{number}.{email}" for email in emails]
    links = [f"https://example.com/{number}/{link}" for link in links]
    return Contact(
        id=f"c{number:011d}", name=draw(names), nickname=draw(st.one_of(st.none(), words)),
        company=draw(maybe), role=draw(maybe), met_at=draw(maybe), kind=draw(st.sampled_from(KINDS)),
        email=emails[0] if emails else "", other_emails=emails[1:], url=links[0] if links else "",
        other_urls=links[1:], phone=phones[0] if phones else "", other_phones=phones[1:],
        tags=draw(st.lists(words, max_size=3, unique=True)), notes=draw(st.lists(notes, max_size=3)),
        met_on=draw(moments), created=draw(moments), last_contact=draw(moments),
        source="import" if imported else "chat",
        imported_from=draw(st.sampled_from(FILE_FORMATS)) if imported else None,
        met_on_unknown=imported and draw(st.booleans()), reconnect_queue=imported and draw(st.booleans()),
        rhythm_days=draw(st.one_of(st.none(), st.integers(1, 730))), followup=draw(followups),
    ).dump()


networks = st.integers(1, 4).flatmap(lambda size: st.tuples(*(stored_contact(n) for n in range(size))))


def person(doc: dict) -> str:
    """Everything a contact is, apart from the id and schema version the coach sets itself."""
    contact = Contact.load(doc)
    return repr((
        contact.name, contact.nickname or "", contact.company, contact.role, contact.met_at, contact.kind,
        *(contact.details(key) for key in ("email", "phone", "url")), contact.tags,
        [(note.at, note.text, note.logged) for note in contact.notes], contact.met_on, contact.met_on_unknown,
        contact.created, contact.last_contact, contact.source, contact.imported_from, contact.reconnect_queue,
        contact.rhythm_days, contact.followup.dump() if contact.followup else None,
    ))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=networks, zone=st.sampled_from(ZONES))
def test_a_json_export_imported_into_an_empty_account_gives_back_the_same_contacts(coach, network, zone):
    mover, newcomer = (UserRef("slack", "T0001", f"U{next(USERS)}") for _ in range(2))
    for user in (mover, newcomer):
        coach.handle(user, f"tz {zone}")
    plant(coach, mover, "contacts", *network)
    exported = coach.handle(mover, "export").attachments[0]
    preview = send_file(coach, newcomer, exported.filename, exported.content).text
    assert "Import them?" in preview, preview
    coach.handle(newcomer, "yes")
    assert sorted(map(person, contacts(coach, newcomer))) == sorted(map(person, network))


def test_importing_an_export_into_a_new_account_twice_adds_nobody_twice(coach):
    """The second import finds each restored record again, even one with no email or link to tell it by."""
    mover, newcomer = (UserRef("slack", "T0001", f"U{next(USERS)}") for _ in range(2))
    coach.handle(mover, "add Emma Watson, met through Sam, the PM")
    coach.handle(mover, "add Sam Patel, met at PyCon, sam@example.com")
    exported = coach.handle(mover, "export").attachments[0]
    for _ in range(2):
        send_file(coach, newcomer, exported.filename, exported.content)
        coach.handle(newcomer, "yes")
    assert sorted(map(person, contacts(coach, newcomer))) == sorted(map(person, contacts(coach, mover)))
    preview = send_file(coach, newcomer, exported.filename, exported.content).text
    assert "Emma Watson (the same contact, from your export)" in preview and "Added separately" not in preview, preview


def test_an_old_or_odd_export_still_imports_with_what_it_has(coach, user, clock):
    old = {"id": "old1", "name": "Ada Lovelace", "company": "Analytical", "role": "", "email": "ada@example.com",
           "url": "", "phone": "", "met_at": "a salon", "met_on": "2020-03-01T12:00:00+00:00", "kind": "social",
           "tags": ["maths"], "notes": ["a note from before notes had dates", {"text": "undated"},
                                        {"at": "2020-03-02T09:00:00+00:00", "text": "dated"}],
           "created": "2020-03-01T12:00:00+00:00", "last_contact": "2021-05-01T12:00:00+00:00", "source": "chat"}
    odd = {"id": "odd1", "name": "Bo Odd", "met_on": "yesterday", "created": 7, "last_contact": "soon",
           "source": "fax", "followup": {"status": "open", "due": "tomorrow"}, "rhythm_days": "weekly",
           "nickname": 3, "reconnect_queue": "yes", "notes": [42, {"text": ""}, {"at": "bad", "text": "kept"}]}
    document = {"schema": 1, "contacts": [old, odd]}
    preview = send_file(coach, user, "export.json", json.dumps(document).encode()).text
    assert "2 new contacts: Ada Lovelace, Bo Odd" in preview
    coach.handle(user, "yes")
    people = {doc["name"]: Contact.load(doc) for doc in contacts(coach, user)}
    ada, bo = people["Ada Lovelace"], people["Bo Odd"]
    now = clock.now.isoformat()
    assert [(note.at, note.text) for note in ada.notes] == [
        (now, "a note from before notes had dates"), (now, "undated"), ("2020-03-02T09:00:00+00:00", "dated")]
    assert (ada.last_contact, ada.source, ada.followup, ada.reconnect_queue) == (old["last_contact"], "chat", None, False)
    assert "Last in touch: " in (shown := coach.handle(user, "show Ada").text) and "nothing logged" not in shown
    assert (bo.source, bo.followup, bo.rhythm_days, bo.nickname, bo.met_on_unknown) == ("import", None, None, None, True)
    assert [note.text for note in bo.notes] == ["kept"] and bo.created == bo.last_contact == now
    assert "nothing logged yet (imported today)" in coach.handle(user, "show Bo").text
