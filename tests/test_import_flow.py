"""Importing a network: preview, confirm, merge duplicates, no follow-up flood, weekly drip."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from coaching.model import UserRef

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

FIXTURES = Path(__file__).parent / "fixtures"
LINKEDIN = (FIXTURES / "linkedin_connections.csv").read_bytes()


def contacts(coach, user) -> list[dict]:
    return json.loads(coach.handle(user, "export").attachments[0].content)["contacts"]


def test_preview_then_confirm_imports_without_follow_ups(coach, user, clock):
    preview = coach.receive_file(user, "Connections.csv", LINKEDIN)
    assert "Ready to import" in preview.text and "new contacts" in preview.text
    done = coach.handle(user, "yes")
    assert "Imported" in done.text
    people = contacts(coach, user)
    assert people and all(p["source"] == "import" and p["followup"] is None for p in people)
    assert "all caught up" in coach.handle(user, "followups").text


def test_no_cancels_the_import(coach, user):
    coach.receive_file(user, "Connections.csv", LINKEDIN)
    assert "nothing changed" in coach.handle(user, "no").text.casefold()
    assert contacts(coach, user) == []


def test_another_command_before_confirming_drops_the_import(coach, user):
    coach.receive_file(user, "Connections.csv", LINKEDIN)
    assert contacts(coach, user) == []
    assert "Nothing's waiting for an answer" in coach.handle(user, "yes").text
    assert contacts(coach, user) == []


def test_duplicates_merge_by_email_url_or_name_at_company(coach, user):
    people = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana García\r\nORG:Stripe\r\nEMAIL:ana@example.com\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Lee\r\nURL:https://www.linkedin.com/in/bolee/\r\nEND:VCARD\r\n",
    ]
    coach.receive_file(user, "a.vcf", "".join(people).encode())
    coach.handle(user, "yes")
    again = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Garcia\r\nORG:Stripe\r\nTITLE:Engineering Manager\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Robert Lee\r\nURL:http://linkedin.com/in/bolee\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twin\r\nEMAIL:cy@example.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twin\r\nEMAIL:CY@example.com\r\nEND:VCARD\r\n"
    )
    preview = coach.receive_file(user, "b.vcf", again.encode()).text
    assert "1 new contact" in preview
    assert "same name at the same company" in preview and "same profile link" in preview
    assert "listed twice" in preview
    coach.handle(user, "yes")
    people = {p["name"]: p for p in contacts(coach, user)}
    assert set(people) == {"Ana García", "Bo Lee", "Cy Twin"}
    assert people["Ana García"]["role"] == "Engineering Manager"


def test_bad_file_changes_nothing(coach, user, data_dir):
    before = sorted(p.read_bytes() for p in data_dir.rglob("*.json")) if data_dir.exists() else []
    reply = coach.receive_file(user, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert "couldn't import" in reply.text and "Nothing was changed" in reply.text
    assert sorted(p.read_bytes() for p in data_dir.rglob("*.json")) == before
    assert "Nothing's waiting for an answer" in coach.handle(user, "yes").text


def test_imported_contacts_drip_a_few_a_week_not_a_flood(coach, user, clock):
    rows = "\n".join(f"Person{n},Test,,,Company {n},Role,01 Jan 2024" for n in range(12))
    csv = f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{rows}\n".encode()
    coach.receive_file(user, "Connections.csv", csv)
    coach.handle(user, "yes")
    assert "12 imported contacts waiting for a first hello" in coach.handle(user, "today").text
    clock.advance(days=7)
    nudges = coach.due_nudges(clock.now)
    drip = [i for n in nudges for i in n.reply.items if i.text.startswith("Reconnect with")]
    assert len(drip) == 3
    for nudge in nudges:
        coach.mark_sent(nudge)
    assert not coach.due_nudges(clock.now + timedelta(hours=1))
    clock.advance(days=7)
    again = [i for n in coach.due_nudges(clock.now) for i in n.reply.items if i.text.startswith("Reconnect with")]
    assert len(again) == 3
    assert {i.text for i in again}.isdisjoint({i.text for i in drip})


def test_goal_orders_the_queue(coach, user, clock):
    csv = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Al,One,,,Shop,Barista,01 Jan 2025\nBea,Two,,,BigCo,Technical Recruiter,01 Jan 2015\n"
        b"Cid,Three,,,Cafe,Chef,01 Feb 2025\nDee,Four,,,Bank,Teller,01 Mar 2025\n"
    )
    coach.handle(user, "goal job search")
    coach.receive_file(user, "Connections.csv", csv)
    coach.handle(user, "yes")
    clock.advance(days=7)
    items = [i.text for n in coach.due_nudges(clock.now) for i in n.reply.items if i.text.startswith("Reconnect")]
    assert items[0].startswith("Reconnect with Bea Two")


def test_exports_in_each_format(coach, user):
    coach.handle(user, "add Priya Shah, met at PyCon yesterday, works on ML infra #conference")
    for kind, start in (("csv", b"\xef\xbb\xbfname"), ("vcard", b"BEGIN:VCARD"), ("ics", b"BEGIN:VCALENDAR")):
        reply = coach.handle(user, f"export {kind}")
        assert reply.attachments[0].content.startswith(start), kind
    coach.handle(user, "add Tom Ade, met at a party last week")
    coach.handle(user, "done tom")
    calendar = coach.handle(user, "export ics").attachments[0].content.decode()
    assert "Follow up with Priya Shah" in calendar
    assert "Check in with Tom Ade" in calendar
    assert "json, csv, vcard or ics" in coach.handle(user, "export pdf").text


@pytest.mark.parametrize("kind", ["csv", "vcard"])
def test_moving_to_a_new_account_keeps_where_when_and_what_kind(coach, user, clock, kind):
    coach.handle(user, "add Tom Ade, met at a dinner party on 3 Nov, loves climbing")
    exported = coach.handle(user, f"export {kind}").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "U-new")
    assert "Reply `yes`" in coach.receive_file(newcomer, exported.filename, exported.content).text
    coach.handle(newcomer, "yes")
    shown = coach.handle(newcomer, "show Tom").text
    assert "Met: at a dinner party, on 3 Nov" in shown and "Kind: social" in shown


def test_a_file_without_dates_or_with_bad_details_is_imported_honestly(coach, user):
    csv = (b"Name,Email,Phone,Website,Met at\n"
           b"Diana Prince,not-an-email,12,acme.io,\n"
           b"Bruce Wayne,bruce@wayne.com,+1 555 0100 200,https://wayne.com,the gala\n")
    coach.receive_file(user, "people.csv", csv)
    coach.handle(user, "yes")
    diana = coach.handle(user, "show Diana").text
    assert "Met: imported today, meeting date unknown" in diana and "met today" not in diana.casefold()
    assert "Email:" not in diana and "Phone:" not in diana and "Link: acme.io" in diana
    assert "email: not-an-email" in diana and "phone: 12" in diana, "kept as notes, not lost"
    assert "Diana Prince: imported today, meeting date unknown" in coach.handle(user, "contacts").text
    assert "imported today" in coach.handle(user, "reconnect Diana").text
    coach.handle(user, "edit Diana when: 3 days ago")
    assert "meeting date unknown" not in coach.handle(user, "show Diana").text
    bruce = coach.handle(user, "show Bruce").text
    assert "Email: bruce@wayne.com" in bruce and "Met: at the gala, imported today" in bruce


def test_calendar_drafts_read_right_on_the_day_of_the_event(coach, user):
    coach.handle(user, "add Priya Shah, met at PyCon")
    calendar = icalendar.Calendar.from_ical(coach.handle(user, "export ics").attachments[0].content)
    [event] = [part for part in calendar.walk("VEVENT")]
    assert "thanks for the chat at PyCon yesterday" in str(event["DESCRIPTION"]), "the event is tomorrow"


@pytest.mark.parametrize("kind", ["csv", "vcard"])
def test_a_round_trip_keeps_the_local_date_and_an_unknown_date_unknown(coach, user, clock, kind):
    clock.now = clock.now.replace(hour=23)  # 08:00 the next morning in Tokyo
    coach.handle(user, "tz Asia/Tokyo")
    coach.handle(user, "add Ken Sato, met at a meetup")
    coach.receive_file(user, "people.csv", b"Name,Company\nDiana Prince,Themyscira\n")
    coach.handle(user, "yes")
    exported = coach.handle(user, f"export {kind}").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "U-new")
    coach.handle(newcomer, "tz Asia/Tokyo")
    coach.receive_file(newcomer, exported.filename, exported.content)
    coach.handle(newcomer, "yes")
    assert "Met: at a meetup, today" in coach.handle(newcomer, "show Ken").text
    assert "meeting date unknown" in coach.handle(newcomer, "show Diana").text


def test_a_first_hello_to_an_imported_contact_is_not_chummy_and_a_merge_ends_the_wait(coach, user, clock):
    coach.receive_file(user, "people.csv", b"Name,Company\nTom Ade,Acme\n")
    coach.handle(user, "yes")
    assert "1 imported contact waiting for a first hello" in coach.handle(user, "today").text
    assert "Tom Ade: from your imported contacts" in coach.handle(user, "reconnect").text
    draft = coach.handle(user, "reconnect Tom").text
    assert "it's been a while" in draft and "hope your week" not in draft
    clock.advance(days=1)
    asked = coach.handle(user, "add Tom Ade, met at PyCon yesterday").text
    assert "You already had Tom Ade (Acme), imported yesterday, meeting date unknown. Same person?" in asked
    coach.handle(user, "yes")
    assert "Met: at PyCon, yesterday" in coach.handle(user, "show Tom").text
    assert "waiting for a first hello" not in coach.handle(user, "today").text
    with coach.store.session(user) as data:
        assert [e["type"] for e in data.all("events")] == ["import", "added"], "an imported person met is new"
