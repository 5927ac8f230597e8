"""Importing a network: preview, confirm, merge duplicates, no follow-up flood, weekly drip."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from coaching.core.model import UserRef
from coaching.core.records import Contact
from coaching.testing import records, send_file

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

FIXTURES = Path(__file__).parent / "fixtures"
LINKEDIN = (FIXTURES / "linkedin_connections.csv").read_bytes()


def contacts(coach, user) -> list[dict]:
    return json.loads(coach.handle(user, "export").attachments[0].content)["contacts"]


def test_preview_then_confirm_imports_without_follow_ups(coach, user, clock):
    preview = send_file(coach, user, "Connections.csv", LINKEDIN)
    assert "Ready to import" in preview.text and "new contacts" in preview.text
    done = coach.handle(user, "yes")
    assert "Imported" in done.text
    people = contacts(coach, user)
    assert people and all(p["source"] == "import" and p["followup"] is None for p in people)
    assert "all caught up" in coach.handle(user, "followups").text


def test_the_confirmation_promises_reconnect_suggestions_only_for_people_waiting_for_them(coach, user):
    send_file(coach, user, "Connections.csv", LINKEDIN)
    fresh = coach.handle(user, "yes").text
    assert re.match(r"Imported \d+ new contacts\. ", fresh) and "a week to reconnect with" in fresh
    mover = UserRef(user.platform, user.workspace, "MOVER")
    coach.handle(mover, "add Priya Shah, met at PyCon yesterday")
    exported = coach.handle(mover, "export").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "NEWCOMER")
    send_file(coach, newcomer, exported.filename, exported.content)
    restored = coach.handle(newcomer, "yes").text
    assert "reconnect" not in restored and "back as your export had them" in restored
    assert " and updated" not in restored and "updated 0" not in restored


def test_no_cancels_the_import(coach, user):
    send_file(coach, user, "Connections.csv", LINKEDIN)
    assert "nothing changed" in coach.handle(user, "no").text.casefold()
    assert contacts(coach, user) == []


def test_another_command_before_confirming_drops_the_import(coach, user):
    send_file(coach, user, "Connections.csv", LINKEDIN)
    assert contacts(coach, user) == []
    assert "Nothing's waiting for an answer" in coach.handle(user, "yes").text
    assert contacts(coach, user) == []


def test_duplicates_merge_by_email_url_or_name_at_company(coach, user):
    people = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana García\r\nORG:Stripe\r\nEMAIL:ana@example.com\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Lee\r\nURL:https://www.linkedin.com/in/bolee/\r\nEND:VCARD\r\n",
    ]
    send_file(coach, user, "a.vcf", "".join(people).encode())
    coach.handle(user, "yes")
    again = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Garcia\r\nORG:Stripe\r\nTITLE:Engineering Manager\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Robert Lee\r\nURL:http://linkedin.com/in/bolee\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twin\r\nEMAIL:cy@example.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twin\r\nEMAIL:CY@example.com\r\nEND:VCARD\r\n"
    )
    preview = send_file(coach, user, "b.vcf", again.encode()).text
    assert "1 new contact" in preview
    assert "same name at the same company" in preview and "same profile link" in preview
    assert "listed twice" in preview
    coach.handle(user, "yes")
    people = {p["name"]: p for p in contacts(coach, user)}
    assert set(people) == {"Ana García", "Bo Lee", "Cy Twin"}
    assert people["Ana García"]["role"] == "Engineering Manager"


def test_bad_file_changes_nothing(coach, user, data_dir):
    before = sorted(p.read_bytes() for p in data_dir.rglob("*.json")) if data_dir.exists() else []
    reply = send_file(coach, user, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert "couldn't import" in reply.text and "Nothing was changed" in reply.text
    assert sorted(p.read_bytes() for p in data_dir.rglob("*.json")) == before
    assert "Nothing's waiting for an answer" in coach.handle(user, "yes").text


def test_imported_contacts_drip_a_few_a_week_not_a_flood(coach, user, clock):
    rows = "\n".join(f"Person{n},Test,,,Company {n},Role,01 Jan 2024" for n in range(12))
    csv = f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n{rows}\n".encode()
    send_file(coach, user, "Connections.csv", csv)
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
    send_file(coach, user, "Connections.csv", csv)
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


@pytest.mark.parametrize("kind", ["csv", "vcard", "json"])
def test_moving_to_a_new_account_keeps_where_when_and_what_kind(coach, user, clock, kind):
    coach.handle(user, "add Tom Ade, met at a dinner party on 3 Nov, loves climbing")
    exported = coach.handle(user, f"export {kind}").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "U-new")
    assert "Reply `yes`" in send_file(coach, newcomer, exported.filename, exported.content).text
    coach.handle(newcomer, "yes")
    shown = coach.handle(newcomer, "show Tom").text
    assert "Met: at a dinner party, on 3 Nov" in shown and "Kind: social" in shown


def test_a_file_without_dates_or_with_bad_details_is_imported_honestly(coach, user):
    csv = (b"Name,Email,Phone,Website,Met at\n"
           b"Diana Prince,not-an-email,12,acme.io,\n"
           b"Bruce Wayne,bruce@wayne.com,+1 555 0100 200,https://wayne.com,the gala\n")
    send_file(coach, user, "people.csv", csv)
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


@pytest.mark.parametrize("kind", ["csv", "vcard", "json"])
def test_a_round_trip_keeps_the_local_date_and_an_unknown_date_unknown(coach, user, clock, kind):
    clock.now = clock.now.replace(hour=23)  # 08:00 the next morning in Tokyo
    coach.handle(user, "tz Asia/Tokyo")
    coach.handle(user, "add Ken Sato, met at a meetup")
    send_file(coach, user, "people.csv", b"Name,Company\nDiana Prince,Themyscira\n")
    coach.handle(user, "yes")
    exported = coach.handle(user, f"export {kind}").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "U-new")
    coach.handle(newcomer, "tz Asia/Tokyo")
    send_file(coach, newcomer, exported.filename, exported.content)
    coach.handle(newcomer, "yes")
    assert "Met: at a meetup, today" in coach.handle(newcomer, "show Ken").text
    assert "meeting date unknown" in coach.handle(newcomer, "show Diana").text


def test_a_first_hello_to_an_imported_contact_is_not_chummy_and_a_merge_ends_the_wait(coach, user, clock):
    send_file(coach, user, "people.csv", b"Name,Company\nTom Ade,Acme\n")
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
    assert [e["type"] for e in records(coach, user, "events")] == ["import"], "someone already in your network isn't new"


REAL = FIXTURES / "real"


def details(contact: dict, key: str) -> list[str]:
    """Every email, phone or link (`key`) of a stored contact, the primary first."""
    return Contact.load(contact).details(key)


def by_name(coach, user) -> dict[str, dict]:
    return {p["name"]: p for p in contacts(coach, user)}


def everything(contact: dict) -> dict:
    """What a person is to the user, apart from ids and timestamps the coach sets itself. A CSV row
    holds all notes in one cell (joined by " | "), so notes are compared line by line."""
    return {
        "name": contact["name"], "company": contact["company"], "role": contact["role"],
        "met_at": contact["met_at"], "kind": contact["kind"], "tags": sorted(contact["tags"]),
        "met_on": None if contact.get("met_on_unknown") else contact["met_on"][:10],
        "notes": sorted(part for note in contact["notes"] for part in re.split(r"\n| \| ", note["text"])),
        **{key: sorted(details(contact, key)) for key in ("email", "phone", "url")},
    }


@pytest.mark.parametrize("kind", ["json", "csv", "vcard"])
def test_every_export_format_round_trips_through_import_with_nothing_lost(coach, user, kind):
    send_file(coach, user, "tb.vcf", (REAL / "thunderbird_morefunctions.vcf").read_bytes())
    coach.handle(user, "yes")
    send_file(coach, user, "google.csv", (FIXTURES / "google_contacts.csv").read_bytes())
    coach.handle(user, "yes")
    coach.handle(user, "add Zoë Ångström, met at PyData Oslo yesterday, kind: social, talks about Kafka #pydata")
    coach.handle(user, "note Zoë she runs the meetup")
    before = sorted((everything(c) for c in contacts(coach, user)), key=str)
    assert len(before) == 5
    exported = coach.handle(user, f"export {kind}").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "U-new")
    assert "5 new contacts" in send_file(coach, newcomer, exported.filename, exported.content).text
    coach.handle(newcomer, "yes")
    after = sorted((everything(c) for c in contacts(coach, newcomer)), key=str)
    assert after == before
    # and into the same account again: each row finds its own record, nothing is added or changed
    send_file(coach, user, exported.filename, exported.content)
    coach.handle(user, "yes")
    assert sorted((everything(c) for c in contacts(coach, user)), key=str) == before


def test_show_and_search_use_every_email_phone_and_link(coach, user):
    coach.handle(user, "add Priya Shah, met at PyCon, priya@acme.example")
    assert "other_emails" not in by_name(coach, user)["Priya Shah"], "a record from before several emails"
    assert "Email: priya@acme.example" in coach.handle(user, "show Priya").text
    send_file(coach, user, "p.csv", b"Name,Email,Phone\nPriya Shah,priya@acme.example ::: priya@home.example,+1 555 0100\n")
    assert "Priya Shah (same email)" in send_file(
        coach, user, "p.csv", b"Name,Email,Phone\nPriya Shah,priya@acme.example ::: priya@home.example,+1 555 0100\n").text
    coach.handle(user, "yes")
    shown = coach.handle(user, "show Priya").text
    assert "Emails: priya@acme.example, priya@home.example" in shown and "Phone: +1 555 0100" in shown
    assert "1 contact matching" in coach.handle(user, "contacts priya@home.example").text


def test_same_name_alone_is_not_the_same_person(coach, user):
    linkedin = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                b"Sam,Lee,https://www.linkedin.com/in/samlee1,,Acme,Engineer,01 Jan 2024\n"
                b"Sam,Lee,https://www.linkedin.com/in/samlee2,,Acme,Designer,02 Jan 2024\n")
    preview = send_file(coach, user, "Connections.csv", linkedin).text
    assert "2 new contacts: Sam Lee, Sam Lee" in preview
    doubt = "Sam Lee (same name as someone in the file, but different links)"
    assert f"Added separately, in case they're different people: {doubt}" in preview
    assert "In case two records are one person, check Sam Lee with `show`." in coach.handle(user, "yes").text
    send_file(coach, user, "google.csv", (FIXTURES / "google_contacts.csv").read_bytes())
    coach.handle(user, "yes")
    people = contacts(coach, user)
    assert sorted(p["role"] for p in people if p["name"] == "Sam Lee") == ["Designer", "Engineer"]
    assert sorted(p["phone"] for p in people if p["name"] == "Manu Rao") == ["+91 91234 56789", "+91 98765 43210"]
    again = send_file(coach, user, "Connections.csv", linkedin).text
    assert "2 contacts already here, to update: Sam Lee (same profile link), Sam Lee (same profile link)" in again


@pytest.mark.parametrize("kind", ["csv", "vcard", "json"])
def test_two_people_with_one_name_keep_their_own_details_through_an_export_round_trip(coach, user, kind):
    coach.handle(user, "add Sam Lee, met at a meetup")
    coach.handle(user, "add Sam Lee, works at Acme, met at PyCon")
    coach.handle(user, "no")
    assert sorted(p["company"] for p in contacts(coach, user)) == ["", "Acme"]
    exported = coach.handle(user, f"export {kind}").attachments[0]
    send_file(coach, user, exported.filename, exported.content)
    coach.handle(user, "yes")
    assert sorted(p["company"] for p in contacts(coach, user)) == ["", "Acme"]


def test_same_email_but_different_links_is_added_and_said(coach, user):
    send_file(coach, user, "a.csv", b"Name,Email,URL\nAlex Kim,team@acme.example,https://linkedin.com/in/alexkim\n")
    coach.handle(user, "yes")
    preview = send_file(
        coach, user, "b.csv", b"Name,Email,URL\nJo Park,team@acme.example,https://linkedin.com/in/jopark\n").text
    assert "1 new contact: Jo Park" in preview
    assert "Jo Park (same email as Alex Kim already here, but different links)" in preview


def test_preview_names_people_and_groups_every_skipped_row_by_reason(coach, user):
    coach.handle(user, "add Ana García, works at Stripe, met at a meetup, ana@stripe.example")
    rows = [f"Person {n:02d},p{n}@example.com" for n in range(12)]
    rows += [",", ",", ",nobody@", "Ana Garcia,ana@stripe.example", ",nameless-but-skipped", "Person 00,p0@example.com"]
    data = ("Name,Email\n" + "\n".join(rows) + "\n").encode()
    preview = send_file(coach, user, "people.csv", data).text
    assert "12 new contacts: Person 00, Person 01" in preview and "Person 09 and 2 more" in preview
    assert "1 contact already here, to update: Ana García (same email)" in preview
    assert "3 rows not added:" in preview  # the empty rows 14 and 15 are no one
    assert "• rows 16, 18: no name" in preview
    assert "• Person 00: listed twice in the file (kept once, details combined)" in preview


def test_a_vcard_with_a_bad_card_imports_the_rest_and_says_which_card(coach, user):
    good = (REAL / "gmail_list.vcf").read_bytes()
    broken = good + b"\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half\r\nnonsense\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Open"
    preview = send_file(coach, user, "contacts.vcf", broken).text
    assert "3 new contacts: Arnold Smith, Chris Beatle, Doug White" in preview
    assert "2 cards not added:" in preview
    assert "• card 4: couldn't be read: this line isn't a vCard property: “nonsense” (the card starts on line 19)" in preview
    assert "• card 5: it has no END:VCARD line (it starts on line 24)" in preview


def test_an_email_that_is_no_address_is_kept_in_the_notes(coach, user):
    send_file(coach, user, "android.vcf", (REAL / "android.vcf").read_bytes())
    coach.handle(user, "yes")
    bob = next(p for p in contacts(coach, user) if p["email"] == "bob@company.com")
    assert details(bob, "email") == ["bob@company.com"]
    assert "email: " + "Ñ" * 14 in bob["notes"][0]["text"]


def test_a_file_broken_everywhere_gets_a_preview_of_bounded_length(coach, user):
    broken = b"".join(b"BEGIN:VCARD\r\nFN:Junk %d\r\njunk line %d\r\nEND:VCARD\r\n" % (n, n) for n in range(2000))
    rows = b"name,email\n" + b"".join(b",\nAnn %d,ann%d@example.com\n" % (n, n) for n in range(2000))
    nameless = b"name,email\n" + b"".join(b",x%d\nAnn %d,\n" % (n, n) for n in range(2000))
    for filename, data in (("junk.vcf", broken), ("rows.csv", rows), ("nameless.csv", nameless)):
        text = send_file(coach, user, filename, data).text
        assert len(text) < 6000, filename
    assert "• 1980 more cards, each for a reason of its own" in send_file(coach, user, "junk.vcf", broken).text
    assert "rows 2, 4, 6," in text and " and 1970 more: no name" in text


def test_merging_two_records_keeps_every_email_and_phone(coach, user):
    coach.handle(user, "add Tom Ade, met at PyCon, tom@acme.example, +44 20 7946 0001")
    coach.handle(user, "add Tom Ade, met at a dinner, tom@home.example")
    coach.handle(user, "yes")
    (tom,) = contacts(coach, user)
    assert details(tom, "email") == ["tom@acme.example", "tom@home.example"]  # the first record's stays primary
    assert details(tom, "phone") == ["+44 20 7946 0001"]
    assert "Emails: tom@acme.example, tom@home.example" in coach.handle(user, "show Tom").text


def test_two_people_with_one_name_at_different_companies_are_told_apart_in_a_new_account(coach, user):
    coach.handle(user, "add Maria Lopez, works at Acme, met at PyCon")
    coach.handle(user, "add Maria Lopez, works at Globex, met at a dinner")
    coach.handle(user, "no")
    exported = coach.handle(user, "export").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "U-new")
    preview = send_file(coach, newcomer, exported.filename, exported.content).text
    assert "2 new contacts: Maria Lopez, Maria Lopez" in preview
    assert "Maria Lopez (same name as someone in the file, but different companies)" in preview
    assert "nothing else to tell them apart" not in preview
    coach.handle(newcomer, "yes")
    assert sorted(p["company"] for p in contacts(coach, newcomer)) == ["Acme", "Globex"]


def test_two_cards_of_one_person_already_here_update_them_once(coach, user):
    coach.handle(user, "add Tom O'Brien, met at PyCon, tom@obrien.example")
    cards = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tom O'Brien\r\nEMAIL:tom@obrien.example\r\nEND:VCARD\r\n"
             "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Thomas O'Brien\r\nEMAIL:tom@obrien.example\r\n"
             "TEL:+1 555 0100 200\r\nNOTE:plays chess\r\nEND:VCARD\r\n")
    preview = send_file(coach, user, "tom.vcf", cards.encode()).text
    assert "1 contact already here, to update: Tom O'Brien (same email)\n" in preview
    assert "new contact" not in preview, "no line for nobody new"
    assert "• Thomas O'Brien: listed twice in the file (kept once, details combined)" in preview
    assert coach.handle(user, "yes").text.startswith("Updated 1 contact.")
    (tom,) = contacts(coach, user)
    assert tom["phone"] == "+1 555 0100 200" and [note["text"] for note in tom["notes"]] == ["plays chess"]


def test_a_coach_export_comes_back_with_its_history(coach, user, clock):
    coach.handle(user, "add Ken Sato, met at a meetup")
    coach.handle(user, "note Ken first note")
    clock.advance(days=1)
    coach.handle(user, "note Ken second note")
    coach.handle(user, "done Ken")
    coach.handle(user, "rhythm Ken monthly")
    coach.handle(user, "edit Ken nickname: Kenny")
    clock.advance(days=2)
    exported = coach.handle(user, "export").attachments[0]
    newcomer = UserRef(user.platform, user.workspace, "U-new")
    preview = send_file(coach, newcomer, exported.filename, exported.content).text
    assert "They come back as your export has them" in preview
    coach.handle(newcomer, "yes")
    assert coach.handle(newcomer, "show Kenny").text.split("\nTip:")[0] == coach.handle(user, "show Ken").text.split("\nTip:")[0]


def test_a_phones_two_cards_with_one_email_are_one_person_whatever_their_uids(coach, user):
    cards = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twin\r\nUID:phone-1\r\nEMAIL:cy@example.com\r\nEND:VCARD\r\n"
             "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twin\r\nUID:phone-2\r\nEMAIL:cy@example.com\r\nEND:VCARD\r\n")
    preview = send_file(coach, user, "phone.vcf", cards.encode()).text
    assert "1 new contact: Cy Twin" in preview and "• Cy Twin: listed twice in the file" in preview
