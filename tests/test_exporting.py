"""Exports must open in other tools and come back through our own reader unchanged."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching.core.records import Contact
from coaching.data.reading import read_contacts
from coaching.data.writing import CSV_COLUMNS, contacts_to_csv, contacts_to_vcard, events_to_ics

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

PRIYA = {
    "id": "c1",
    "name": "Priya Shah",
    "company": "Acme, Inc.",
    "role": "Head of ML Infra",
    "email": "priya@example.com",
    "url": "https://www.linkedin.com/in/priyashah",
    "phone": "+1 555 0100",
    "notes": [
        {"at": "2024-05-17T10:00:00+00:00", "text": "Met at PyCon; wants intros to data teams"},
        {"at": "2024-05-18T09:00:00+00:00", "text": 'Said "call me" next week'},
    ],
    "tags": ["pycon", "ml infra"],
    "met_at": "PyCon",
    "met_on": "2024-05-17T10:00:00+00:00",
    "kind": "professional",
}
ZOE = {
    "name": "Zoë Ångström",
    "company": "Nordlys; Data",
    "role": '=HYPERLINK("http://x")',
    "notes": [{"at": "2024-01-01T00:00:00+00:00", "text": "Line one\nline two"}],
}
SPARSE = {"id": "c3", "name": "Kenji"}


def as_records(docs: list[dict]) -> list[Contact]:
    """The test contacts as the records an export is given; where a test gives no kind, the kind is left empty."""
    return [Contact.load({"kind": "", **doc}) for doc in docs]


# CSV


def test_csv_header_and_cells() -> None:
    data = contacts_to_csv(as_records([PRIYA, SPARSE]))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    row = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert row["notes"] == 'Met at PyCon; wants intros to data teams | Said "call me" next week'
    assert row["tags"] == "pycon; ml infra"
    assert row["phone"] == "'+1 555 0100"
    assert row["met_at"] == "PyCon"
    assert row["kind"] == "professional"
    assert rows[2][0] == "Kenji"
    assert rows[2][1:] == [""] * (len(CSV_COLUMNS) - 2) + ["c3"]  # the coach id lets a re-import find Kenji


def test_csv_guards_cells_that_spreadsheets_would_run() -> None:
    rows = list(csv.reader(io.StringIO(contacts_to_csv(as_records([ZOE])).decode("utf-8-sig"), newline="")))
    assert rows[1][2] == '\'=HYPERLINK("http://x")'


def assert_priya_survived(priya) -> None:
    """The fields every export format must carry through a round trip."""
    assert (priya.name, priya.company, priya.role, priya.email, priya.url, priya.phone) == (
        "Priya Shah", "Acme, Inc.", "Head of ML Infra", "priya@example.com",
        "https://www.linkedin.com/in/priyashah", "+1 555 0100",
    )


def test_csv_round_trip() -> None:
    result = read_contacts(contacts_to_csv(as_records([PRIYA, ZOE, SPARSE])))
    assert result.format == "csv"
    priya, zoe, kenji = result.contacts
    assert_priya_survived(priya)
    assert priya.notes == 'Met at PyCon; wants intros to data teams | Said "call me" next week'
    assert priya.tags == ("pycon", "ml infra")
    assert priya.met_on == date(2024, 5, 17)
    assert (zoe.name, zoe.company, zoe.role) == ("Zoë Ångström", "Nordlys; Data", ZOE["role"])
    assert zoe.notes == "Line one\nline two"
    assert kenji.name == "Kenji"


def test_missing_and_odd_values_are_tolerated() -> None:
    odd = Contact(name=None, company=42, tags="solo", notes="just a string", met_on=None)
    for export in (contacts_to_csv, contacts_to_vcard):
        assert export([Contact(), odd])
    result = read_contacts(contacts_to_csv([odd]))
    assert result.contacts == ()
    assert result.skipped == ((2, "no name"),)


def test_control_characters_are_dropped_so_the_export_stays_readable() -> None:
    messy = {"name": "Ann\x00 Lee\x07", "company": "Acme\r\nLabs", "notes": [{"text": "ok\x1b[31m"}]}
    for export in (contacts_to_csv, contacts_to_vcard):
        (contact,) = read_contacts(export(as_records([messy]))).contacts
        assert contact.name == "Ann Lee"
        assert contact.company == "Acme\nLabs"
        assert contact.notes == "ok[31m"


# vCard


def test_vcard_round_trip() -> None:
    data = contacts_to_vcard(as_records([PRIYA, ZOE, SPARSE]))
    assert data.count(b"BEGIN:VCARD") == 3
    assert b"VERSION:3.0" in data
    result = read_contacts(data, "export.vcf")
    assert result.format == "vcard"
    priya, zoe, kenji = result.contacts
    assert_priya_survived(priya)
    assert priya.notes == 'Met at PyCon; wants intros to data teams\nSaid "call me" next week'
    assert priya.tags == ("pycon", "ml infra")
    assert (zoe.name, zoe.company, zoe.role, zoe.notes) == (
        "Zoë Ångström",
        "Nordlys; Data",
        ZOE["role"],
        "Line one\nline two",
    )
    assert kenji.name == "Kenji"


def test_vcard_structured_name() -> None:
    text = contacts_to_vcard(as_records([{"name": "Mary Ann Evans"}, {"name": "Cher"}])).decode()
    assert "N:Evans;Mary Ann;;;" in text
    assert "N:;Cher;;;" in text


# iCalendar


def test_ics_parses_back_with_every_event() -> None:
    oslo = ZoneInfo("Europe/Oslo")
    events = [
        {
            "uid": "followup-c1@coach",
            "summary": "Follow up with Priya, today",
            "description": "Thank her; mention the data-teams intro.\nOffer coffee.",
            "start": datetime(2024, 5, 18, 9, 0, tzinfo=oslo),
            "minutes": 30,
        },
        {
            "uid": "checkin-c3@coach",
            "summary": "Check in with Kenji",
            "start": datetime(2024, 6, 1, 8, tzinfo=UTC),
        },
    ]
    stamp = datetime(2024, 5, 17, 12, tzinfo=UTC)
    data = events_to_ics(events, "Networking, follow-ups", stamp=stamp)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "Networking, follow-ups"
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 2
    first, second = vevents
    assert str(first["UID"]) == "followup-c1@coach"
    assert str(first["SUMMARY"]) == "Follow up with Priya, today"
    assert str(first["DESCRIPTION"]) == events[0]["description"]
    assert first.decoded("DTSTART") == datetime(2024, 5, 18, 7, 0, tzinfo=UTC)
    assert first.decoded("DTEND") - first.decoded("DTSTART") == timedelta(minutes=30)
    assert second.decoded("DTEND") - second.decoded("DTSTART") == timedelta(minutes=15)
    assert all(event.decoded("DTSTAMP") == stamp for event in vevents)
    assert b"\r\n" in data


def test_ics_without_events_is_still_a_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(events_to_ics([], "Empty", stamp=datetime(2025, 1, 1, tzinfo=UTC)))
    assert calendar.walk("VEVENT") == []
    assert calendar.walk()[0].name == "VCALENDAR"


def test_ics_refuses_times_without_a_zone() -> None:
    with pytest.raises(ValueError, match="without a time zone"):
        events_to_ics([{"uid": "x", "summary": "s", "start": datetime(2024, 1, 1, 9)}], "Coach",
                      stamp=datetime(2025, 1, 1, tzinfo=UTC))


# Properties

FIELD_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t,;\"'\\:=+-@|#"),
    max_size=40,
)
NAME = FIELD_TEXT.filter(lambda text: text.strip())
TAG = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), exclude_characters=",;#"),
    min_size=1,
    max_size=12,
)
CONTACT = st.fixed_dictionaries(
    {"name": NAME},
    optional={
        "company": FIELD_TEXT,
        "role": FIELD_TEXT,
        "email": FIELD_TEXT,
        "url": FIELD_TEXT,
        "phone": FIELD_TEXT,
        "notes": st.lists(
            st.fixed_dictionaries({"at": st.just("2024-01-01T00:00:00+00:00"), "text": FIELD_TEXT})
        ),
        "tags": st.lists(TAG, max_size=4),
        "met_at": st.none() | FIELD_TEXT,
        "met_on": st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
        "kind": st.sampled_from(("social", "professional", "business", "digital")),
    },
)


def expected_notes(contact: dict, joiner: str) -> str:
    return joiner.join(note["text"] for note in contact.get("notes", []) if note["text"].strip()).strip()


def assert_round_trip(contact: dict, imported: object, joiner: str) -> None:
    assert imported.name == contact["name"].strip()
    for key in ("company", "role", "email", "url", "phone"):
        assert getattr(imported, key) == contact.get(key, "").strip(), key
    assert imported.notes == expected_notes(contact, joiner)
    assert imported.tags == tuple(dict.fromkeys(contact.get("tags", [])))
    assert imported.met_at == (contact.get("met_at") or "").strip()
    assert imported.kind == contact.get("kind", "")
    if "met_on" in contact:
        assert imported.met_on == datetime.fromisoformat(contact["met_on"]).date()


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CONTACT, min_size=1, max_size=5))
def test_random_contacts_round_trip_through_csv(contacts: list[dict]) -> None:
    result = read_contacts(contacts_to_csv(as_records(contacts)))
    assert result.skipped == ()
    assert len(result.contacts) == len(contacts)
    for contact, imported in zip(contacts, result.contacts, strict=True):
        assert_round_trip(contact, imported, " | ")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CONTACT, min_size=1, max_size=5))
def test_random_contacts_round_trip_through_vcard(contacts: list[dict]) -> None:
    result = read_contacts(contacts_to_vcard(as_records(contacts)), "contacts.vcf")
    assert result.skipped == ()
    assert len(result.contacts) == len(contacts)
    for contact, imported in zip(contacts, result.contacts, strict=True):
        assert_round_trip(contact, imported, "\n")


def test_met_on_is_exported_as_the_users_own_date_whatever_is_stored() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    contacts = [
        {"name": "Late Night", "met_on": "2024-05-17T23:00:00+00:00"},  # already 18 May in Tokyo
        {"name": "Wall Clock", "met_on": "2024-05-17"},  # no zone: taken as written
        {"name": "Year One", "met_on": "0001-01-01T00:00:00+05:00"},  # before anything a timezone can say
        {"name": "Imported", "met_on": "2024-05-17T10:00:00+00:00", "met_on_unknown": True},
    ]
    rows = list(csv.DictReader(io.StringIO(contacts_to_csv(as_records(contacts), tokyo).decode("utf-8-sig"))))
    assert [row["met_on"][:10] for row in rows] == ["2024-05-18", "2024-05-17", "", ""]
    cards = read_contacts(contacts_to_vcard(as_records(contacts), tokyo), "c.vcf").contacts
    assert [str(card.met_on) for card in cards] == ["2024-05-18", "2024-05-17", "None", "None"]


def test_vcard_and_calendar_libraries_load_only_when_a_file_needs_them() -> None:
    code = "import sys; from coaching.core.engine import Coach; print('vobject' in sys.modules, 'icalendar' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


# Several emails, phones and links; folding; an empty calendar

MANY = {
    "id": "c9",
    "name": "Ngozi Okafor-Ìjẹ̀ṣà",
    "email": "ngozi@example.org",
    "other_emails": ["ngozi@home.example", "n.okafor@uni.example"],
    "phone": "+234 800 000 0000",
    "other_phones": ["+44 20 7946 0000"],
    "url": "https://www.linkedin.com/in/ngozi",
    "other_urls": ["https://ngozi.example"],
    "notes": [{"at": "2024-01-01T00:00:00+00:00", "text": "Ìjẹ̀ṣà " * 40}],
}


@pytest.mark.parametrize("export", [contacts_to_csv, contacts_to_vcard])
def test_every_email_phone_and_link_is_exported_and_read_back(export) -> None:
    (back,) = read_contacts(export(as_records([MANY]))).contacts
    assert (back.email, back.other_emails) == ("ngozi@example.org", ("ngozi@home.example", "n.okafor@uni.example"))
    assert (back.phone, back.other_phones) == ("+234 800 000 0000", ("+44 20 7946 0000",))
    assert (back.url, back.other_urls) == ("https://www.linkedin.com/in/ngozi", ("https://ngozi.example",))
    assert back.ref == "c9", "the coach id comes back, so a re-import updates this person"


def test_csv_puts_several_values_in_one_cell_the_google_way() -> None:
    rows = list(csv.DictReader(io.StringIO(contacts_to_csv(as_records([MANY])).decode("utf-8-sig"), newline="")))
    assert rows[0]["email"] == "ngozi@example.org ::: ngozi@home.example ::: n.okafor@uni.example"
    assert rows[0]["coach id"] == "c9"


def test_vcard_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    data = contacts_to_vcard(as_records([MANY, PRIYA]))
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(len(line) == 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # raises if a fold cut a multi-byte character in two
    assert [line[:1] for line in lines if line.startswith(b" ")], "long lines were folded"
    (back, _) = read_contacts(data).contacts
    assert back.name == MANY["name"] and back.notes == MANY["notes"][0]["text"].strip()


def test_primary_email_is_marked_preferred_in_the_vcard() -> None:
    import vobject

    card = vobject.readOne(contacts_to_vcard(as_records([MANY])).decode())
    emails = card.contents["email"]
    assert emails[0].value == "ngozi@example.org"
    assert "PREF" in emails[0].params["TYPE"] and "PREF" not in emails[1].params["TYPE"]


def test_an_empty_calendar_still_holds_a_component() -> None:
    data = events_to_ics([], "Empty", stamp=datetime(2025, 1, 1, tzinfo=UTC))
    calendar = icalendar.Calendar.from_ical(data)
    assert [part.name for part in calendar.subcomponents] == ["VTIMEZONE"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "UTC"
    assert b"BEGIN:STANDARD" in data and b"TZOFFSETTO:+0000" in data
