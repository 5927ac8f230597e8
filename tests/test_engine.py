"""The Foundation commands end to end: real engine, real TinyDB on a temporary directory, a fake clock."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.registry import Registry
from coaching.core.store import SCHEMA_VERSION
from coaching.features import FEATURES
from coaching.testing import START, FakeClock, contact, contacts, records, say

ORDER = Registry(FEATURES).order

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL


ADDS = [
    (
        "add Priya Shah, met at PyCon yesterday, works on ML infra, wants intros to data teams #conference #ML",
        {"name": "Priya Shah", "met_at": "PyCon", "met_on": START - timedelta(days=1), "kind": "professional",
         "tags": ["conference", "ml"], "notes": ["works on ML infra", "wants intros to data teams"]},
    ),
    (
        "add Tom Ade, CTO at Acme, met at a dinner party 3 days ago, loves climbing",
        {"name": "Tom Ade", "role": "CTO", "company": "Acme", "met_at": "a dinner party",
         "met_on": START - timedelta(days=3), "kind": "social", "notes": ["loves climbing"]},
    ),
    (
        "add Jo Kim, kind: digital, met on LinkedIn on 12 Nov",
        {"name": "Jo Kim", "kind": "digital", "met_at": "LinkedIn", "met_on": datetime(2025, 11, 12, 12, tzinfo=UTC),
         "notes": []},
    ),
    (
        "add Jo Lee, company: Foo, role: designer, met at meetup",
        {"name": "Jo Lee", "company": "Foo", "role": "designer", "met_at": "meetup", "met_on": START},
    ),
    (
        "add Sam Roe works at Initech, sam@example.com, https://example.com/sam",
        {"name": "Sam Roe", "company": "Initech", "email": "sam@example.com", "url": "https://example.com/sam",
         "met_at": "", "notes": []},
    ),
    (
        "add Ana met at the investor breakfast last Tuesday",
        {"name": "Ana", "met_at": "the investor breakfast", "met_on": datetime(2025, 11, 11, 12, tzinfo=UTC),
         "kind": "business"},
    ),
    (
        "add Li Wei, she's a data scientist at Globex, met at the hackathon 2 weeks ago",
        {"name": "Li Wei", "role": "data scientist", "company": "Globex", "met_on": START - timedelta(weeks=2)},
    ),
    ("add Mo, met at PyCon on 2025-11-01", {"met_on": datetime(2025, 11, 1, 12, tzinfo=UTC)}),
    ("add Kim, met at ICML on 20 Dec", {"met_on": datetime(2024, 12, 20, 12, tzinfo=UTC)}),
    ("add Bo, met at PyCon, title: VP Sales", {"role": "VP Sales", "met_at": "PyCon"}),
    ("add Zoë Ångström 🎉, met at Café Noir", {"name": "Zoë Ångström 🎉", "met_at": "Café Noir"}),
    ("add Priya Rao, met at PyCon yesterday at 3pm",
     {"met_at": "PyCon", "met_on": datetime(2025, 11, 13, 15, tzinfo=UTC), "notes": []}),
    ("add Raj Pal, met at 8am today at the hackathon",
     {"met_at": "the hackathon", "met_on": datetime(2025, 11, 14, 8, tzinfo=UTC), "notes": []}),
    ("add Fay Ng, met 12 Nov at 14:30, call at 5pm",
     {"met_at": "", "met_on": datetime(2025, 11, 12, 14, 30, tzinfo=UTC), "notes": ["call at 5pm"], "company": ""}),
    ("add Sam Lee 2 weeks ago at Web Summit", {"name": "Sam Lee", "met_on": START - timedelta(weeks=2)}),
    ("add Ben Ode who I met at the climbing gym", {"name": "Ben Ode", "met_at": "the climbing gym", "notes": []}),
    ("add Tim Ode, works at Shopify as a backend engineer", {"company": "Shopify", "role": "backend engineer"}),
    ("add Ola Ray, phone 555-123-4567", {"phone": "555-123-4567", "notes": []}),
    ("add Sue Oh, met at a meetup, now at Stripe", {"company": "Stripe", "role": "", "notes": []}),
    ("add Ben Ng, met at the meetup, moving to Berlin in May", {"met_on": START, "notes": ["moving to Berlin in May"]}),
    ("add Ed Ho, joined Acme 2 years ago", {"met_on": START, "notes": ["joined Acme 2 years ago"]}),
    ("add Cy Ho, met at the meetup yesterday at midday",
     {"met_at": "the meetup", "met_on": datetime(2025, 11, 13, 12, tzinfo=UTC)}),
    ("add Di Wu, LinkedIn", {"kind": "digital", "notes": ["LinkedIn"]}),
    ("add Tim Bo, (555) 123-4567", {"phone": "(555) 123-4567", "notes": []}),
    ("add Ken Ito, working at Acme as of last month", {"company": "Acme", "role": ""}),
    ("add Jo Who, met at PyCon", {"name": "Jo Who", "met_at": "PyCon"}),
    ("add Di Ek, met at PyCon (+44 20 7946 0958)", {"met_at": "PyCon", "phone": "+44 20 7946 0958", "notes": []}),
    ("add Al Oz, met on LinkedIn linkedin.com/in/al", {"met_at": "LinkedIn", "kind": "digital", "url": "linkedin.com/in/al"}),
    ("add Ben Uy who works at Acme", {"name": "Ben Uy", "company": "Acme"}),
    ("add Mo Ra, Marketing at Stripe", {"role": "Marketing", "company": "Stripe"}),
    ("add Fa Ro, met at PyCon, last year", {"met_at": "PyCon", "met_on": datetime(2024, 11, 14, 10, tzinfo=UTC)}),
    ("add Ja Li, met on 12 Nov, 3pm", {"met_on": datetime(2025, 11, 12, 15, tzinfo=UTC), "notes": []}),
    ("add Raj Pal, github.com/rajp, loves Node.js", {"url": "github.com/rajp", "notes": ["loves Node.js"]}),
    ("add Al Bo, met on LinkedIn 1 year ago", {"met_at": "LinkedIn", "met_on": datetime(2024, 11, 14, 10, tzinfo=UTC)}),
    ("add Cy Do, met in March at a conference",
     {"met_at": "a conference", "met_on": datetime(2025, 3, 1, 12, tzinfo=UTC), "notes": []}),
    ("add Di Eh, met at a wedding in December", {"met_on": datetime(2024, 12, 1, 12, tzinfo=UTC)}),
]


@pytest.mark.parametrize(("text", "expected"), ADDS, ids=[text.split(",")[0] for text, _ in ADDS])
def test_add_reads_each_field(coach: Coach, user: UserRef, text: str, expected: dict) -> None:
    reply = say(coach, user, text)
    [stored] = contacts(coach, user)
    assert reply.title == f"Added {stored['name']}."
    for key, value in expected.items():
        if key == "met_on":
            assert datetime.fromisoformat(stored["met_on"]) == value
        elif key == "notes":
            assert [note["text"] for note in stored["notes"]] == value
        else:
            assert stored[key] == value, key
    met_on = datetime.fromisoformat(stored["met_on"])
    if START - met_on > timedelta(days=7):  # a meeting long ago is a reconnect, not a 24-48 h follow-up
        assert stored["followup"] is None
        return
    assert stored["followup"]["status"] == "open"
    assert datetime.fromisoformat(stored["followup"]["due"]) == met_on + timedelta(hours=24)


def test_add_reads_dates_in_the_users_timezone(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    clock.now = datetime(2025, 11, 14, 3, 0, tzinfo=UTC)  # still 13 Nov, 22:00, in New York
    say(coach, user, "tz America/New_York")
    say(coach, user, "add Ray, met at a meetup yesterday")
    met_on = datetime.fromisoformat(contact(coach, user, "Ray")["met_on"])
    assert met_on.astimezone(UTC) == datetime(2025, 11, 13, 3, 0, tzinfo=UTC)


def test_add_says_what_it_understood(coach: Coach, user: UserRef) -> None:
    text = say(coach, user, ADDS[1][0]).text
    assert "a dinner party" in text
    assert "Kind: social (guessed from “party”)" in text
    assert "Works: CTO at Acme" in text
    assert "over 48 hours" in text, "met 3 days ago: the follow-up is already late"


def test_add_without_a_name_explains_and_stores_nothing(coach: Coach, user: UserRef) -> None:
    for text in ("add", "add , met at PyCon", "add 🎉🎉, met at PyCon", "add Jo, kind: alien"):
        assert not say(coach, user, text).title
    assert contacts(coach, user) == []


@pytest.mark.parametrize("name", ["<!channel>", "@everyone", "<@U123>", "Jo @here", "<#C123|general>", "@U123ABC",
                                  "@sam", "Sam @sam_dev"])
def test_a_chat_mention_is_not_taken_for_a_name(coach: Coach, user: UserRef, name: str) -> None:
    reply = say(coach, user, f"add {name}, met at PyCon")
    assert "chat mention" in reply.text and not reply.title
    assert contacts(coach, user) == []
    say(coach, user, "add Priya Shah, met at PyCon")
    assert "chat mention" in say(coach, user, f"edit Priya name: {name}").text
    assert contact(coach, user, "Priya Shah")


@pytest.mark.parametrize("name", ["Sam O'Neil", "sam@example.com Sam", "AT&T Sam", "Sam (@sam on Mastodon)"])
def test_an_at_sign_inside_a_name_or_a_note_is_no_mention(coach: Coach, user: UserRef, name: str) -> None:
    assert "chat mention" not in say(coach, user, f"add {name}, met at PyCon").text


def test_add_says_the_follow_up_window_in_plain_words(coach: Coach, user: UserRef) -> None:
    assert "due tomorrow at 10:00, best before Sunday at 10:00." in say(coach, user, "add Priya Shah, met at PyCon").text


# Follow-ups move with the clock


def test_followup_is_due_after_24_hours_and_overdue_after_48(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    reply = say(coach, user, "followups")
    assert reply.body == "1 coming up."
    assert "Priya Shah, met at PyCon: due tomorrow at 10:00" in reply.text

    clock.advance(hours=24)
    reply = say(coach, user, "followups")
    assert reply.body == "1 due today."
    assert "due today at 10:00" in reply.text

    clock.advance(hours=24)
    reply = say(coach, user, "followups")
    assert reply.body == "1 overdue."
    assert "overdue since today at 10:00" in reply.text


def test_days_ago_count_calendar_days_as_everywhere_else(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Jo Kim, met at a bar yesterday at 11pm")
    clock.advance(hours=15)  # 01:00 two calendar days later, 26 hours on
    assert "Last in touch: 2 days ago" in say(coach, user, "show Jo").text
    assert "met at a bar, 2 days ago" in say(coach, user, "reconnect Jo").text


def test_show_says_a_late_follow_up_is_overdue(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    assert "Follow-up: due tomorrow at 10:00" in say(coach, user, "show Priya").text
    clock.advance(days=3)
    assert "Follow-up: overdue since yesterday at 10:00" in say(coach, user, "show Priya").text


def test_followups_groups_overdue_then_due_today_then_coming_up(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Ann Lee, met at a dinner party 3 days ago")
    say(coach, user, "add Ben Ode, met at PyCon today")
    say(coach, user, "add Cy Ng, met at a meetup yesterday")
    reply = say(coach, user, "followups")
    assert reply.title == "Follow-ups"
    assert reply.body == "1 overdue, 1 due today, 1 coming up."
    assert [item.text.split(",")[0] for item in reply.items] == ["Ann Lee", "Cy Ng", "Ben Ode"]
    assert all(item.actions for item in reply.items)


def test_done_closes_the_followup(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Priya Shah, met at PyCon yesterday")
    say(coach, user, "add Tom Ade, met at a bar 4 days ago")
    assert "within 48 hours" in say(coach, user, "done Priya").text
    assert "Late is far better than never" in say(coach, user, "done Tom").text
    assert contact(coach, user, "Priya Shah")["followup"]["on_time"] is True
    assert contact(coach, user, "Tom Ade")["followup"]["on_time"] is False
    assert "all caught up" in say(coach, user, "followups").text
    assert "in touch with Priya Shah today" in say(coach, user, "done Priya").text


def test_snooze_moves_the_followup(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Priya Shah, met at PyCon yesterday")
    assert say(coach, user, "followups").body == "1 due today."
    assert "again on Monday at 10:00" in say(coach, user, "snooze Priya 3 days").text
    assert say(coach, user, "followups").body == "1 coming up."
    clock.advance(days=3)
    assert say(coach, user, "followups").body == "1 due today."
    assert "tomorrow at 10:00" in say(coach, user, "snooze Priya").text, "default is one day"
    assert "again on 24 Nov at 09:00" in say(coach, user, "snooze Priya monday 9am").text, "today is Monday 17 Nov"


def test_snooze_refusals_change_nothing(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon yesterday")
    before = contact(coach, user, "Priya Shah")
    for text in ("snooze Priya next year", "snooze Priya whenever-ish", "snooze Nobody tomorrow"):
        say(coach, user, text)
    assert contact(coach, user, "Priya Shah") == before
    say(coach, user, "done Priya")
    assert "no follow-up waiting" in say(coach, user, "snooze Priya tomorrow").text


UNFILLED = re.compile(r"[\[\]{}<>]|\bNone\b|\bTODO\b|\bname\b", re.IGNORECASE)


def test_draft_uses_what_was_recorded(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon yesterday, works on ML infra, wants intros to data teams")
    reply = say(coach, user, "draft Priya")
    assert reply.title == "Draft for Priya Shah"
    for specific in ("Hi Priya", "PyCon", "yesterday", "ML infra", "intros to data teams"):
        assert specific in reply.body
    assert not UNFILLED.search(reply.body), reply.body


def test_draft_without_notes_still_has_no_blanks(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Sam Roe, company: Initech, met on Zoom")
    reply = say(coach, user, "draft Sam")
    assert "Initech" in reply.body
    assert "note Sam" in reply.body, "it says how to make the draft more personal"
    assert not UNFILLED.search(reply.body.split("\n")[0]), reply.body


# Finding the person meant


def test_ambiguous_name_asks_then_a_number_picks(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Jo Kim, met on LinkedIn")
    say(coach, user, "add Jo Lee, company: Foo, met at a meetup")
    ask = say(coach, user, "done Jo")
    assert "Which one?" in ask.body
    assert [item.text for item in ask.items] == ["1. Jo Kim (LinkedIn)", "2. Jo Lee (Foo, a meetup)"]
    answer = say(coach, user, "2")
    assert "Jo Lee" in answer.text
    assert contact(coach, user, "Jo Lee")["followup"]["status"] == "done"
    assert contact(coach, user, "Jo Kim")["followup"]["status"] == "open"


def test_a_new_command_replaces_an_unanswered_choice(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Jo Kim, met on LinkedIn")
    say(coach, user, "add Jo Lee, met at a meetup")
    say(coach, user, "remove Jo")
    assert say(coach, user, "contacts").body == "2 contacts."
    assert "Nothing's waiting for an answer" in say(coach, user, "2").text, "the question was dropped"
    assert len(contacts(coach, user)) == 2


def test_a_command_sent_during_a_choice_runs_as_itself(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "add Priya Patel, met at a party")
    say(coach, user, "done priya")
    assert "Which one?" in say(coach, user, "show priya").text, "a new question, not an answer to the old one"
    assert all(c["followup"]["status"] == "open" for c in contacts(coach, user))
    assert say(coach, user, "Priya Shah").title == "Priya Shah", "the show question is the one answered"


@pytest.mark.parametrize("moving_on", ["cancel", "no", "show Xavier", "frobnicate"])
def test_cancel_or_any_other_message_closes_a_choice_for_good(coach: Coach, user: UserRef, moving_on: str) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "add Priya Patel, met at a party")
    say(coach, user, "remove priya")
    say(coach, user, moving_on)
    assert "Nothing's waiting for an answer" in say(coach, user, "1").text
    assert say(coach, user, "show Priya Shah").title == "Priya Shah"
    assert len(contacts(coach, user)) == 2


def test_search_forgives_a_misspelt_name(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "add Tom Ade, met at a bar")
    assert [item.text.split(" (")[0] for item in say(coach, user, "contacts Pryia").items] == ["Priya Shah"]
    assert "Nobody matches" in say(coach, user, "contacts #pryia").text


def test_telling_it_in_a_sentence_gets_shown_how_to_add(coach: Coach, user: UserRef) -> None:
    reply = say(coach, user, "I met someone at PyCon yesterday called Priya")
    assert "`add Priya Shah, met at PyCon yesterday`" in reply.text
    assert contacts(coach, user) == []


def test_adding_someone_you_already_have_offers_to_merge(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Priya Shah, met at PyCon 3 days ago, works on ML infra #conference")
    say(coach, user, "every Priya 60 days")
    say(coach, user, "done Priya")
    clock.advance(hours=1)
    reply = say(coach, user, "add Priya Shah, met at PyData today, hiring data engineers, priya@example.com #data")
    assert "You already had Priya Shah (PyCon), met on Tuesday. Same person?" in reply.text
    assert reply.actions[0].command == "yes"
    assert "Merged" in say(coach, user, "yes").text
    [priya] = contacts(coach, user)
    assert (priya["met_at"], priya["email"], priya["tags"], priya["rhythm_days"]) == (
        "PyCon", "priya@example.com", ["conference", "data"], 60)
    assert [n["text"] for n in priya["notes"]] == ["works on ML infra", "hiring data engineers", "also met at PyData"]
    assert datetime.fromisoformat(priya["met_on"]) == START - timedelta(days=3)
    assert datetime.fromisoformat(priya["last_contact"]) == clock.now
    assert priya["followup"]["status"] == "open", "the new meeting's follow-up is still owed"
    assert {e["contact"] for e in records(coach, user, "events") if e.get("contact")} == {priya["id"]}


def test_a_merge_keeps_the_place_of_the_first_meeting(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon yesterday")
    say(coach, user, "add Priya Shah, met at DjangoCon 3 days ago")
    say(coach, user, "yes")
    [priya] = contacts(coach, user)
    assert (priya["met_at"], datetime.fromisoformat(priya["met_on"])) == ("DjangoCon", START - timedelta(days=3))
    assert [n["text"] for n in priya["notes"]] == ["also met at PyCon"]
    assert [e["type"] for e in records(coach, user, "events")] == ["added"], "one person, counted once as new"


def test_two_people_with_one_name_stay_two_unless_you_say_so(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "add Priya Shah, met at a wedding")
    assert say(coach, user, "no").body == "OK, I'll keep them as two separate people."
    assert len(contacts(coach, user)) == 2
    reply = say(coach, user, "add Priya Shah, met at the gym")
    assert "I'll ask which one you mean" in reply.text and "Same person?" not in reply.text


def test_a_first_name_shared_with_a_full_name_is_asked_about(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "add Priya, met at the AI meetup")
    ask = say(coach, user, "done Priya")
    assert [item.text for item in ask.items] == ["1. Priya (the AI meetup)", "2. Priya Shah (PyCon)"]
    assert all(c["followup"]["status"] == "open" for c in contacts(coach, user))
    assert say(coach, user, "show Priya Shah").title == "Priya Shah"


def test_a_typo_still_finds_the_person(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "add Tom Ade, met at a bar")
    assert say(coach, user, "show Prya").title == "Priya Shah"
    assert say(coach, user, "show Priya Shha").title == "Priya Shah"
    assert say(coach, user, "show Tomm").title == "Tom Ade"
    assert "don't have anyone called “Xavier”" in say(coach, user, "show Xavier").text


# Note, edit, remove


def test_note_keeps_the_whole_detail(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Priya Shah, met at PyCon 3 days ago")
    say(coach, user, "add Tom Ade, met at a bar 3 days ago")
    say(coach, user, "note Priya had coffee, she is hiring a data engineer in January")
    say(coach, user, "note Tom, ran his first marathon")
    say(coach, user, "note Priya Shah loves jazz")
    priya, tom = contact(coach, user, "Priya Shah"), contact(coach, user, "Tom Ade")
    assert [n["text"] for n in priya["notes"]] == ["had coffee, she is hiring a data engineer in January", "loves jazz"]
    assert [n["text"] for n in tom["notes"]] == ["ran his first marathon"]
    assert datetime.fromisoformat(priya["last_contact"]) == clock.now
    assert "What should I note" in say(coach, user, "note Tom").text


def test_edit_fixes_fields(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Tom Ade, met at a bar")
    reply = say(coach, user, "edit Tom company: Acme, role: staff engineer, where: PyCon")
    assert reply.body.startswith("Updated Tom Ade: company Acme; role staff engineer; met at PyCon.")
    assert "Updated Tom Ade: met on Wednesday." in say(coach, user, "edit Tom when: 12 Nov").body
    say(coach, user, "edit Tom kind: digital")
    assert "tags #climbing #outdoors" in say(coach, user, "edit Tom tags: #climbing, Outdoors").body
    tom = contact(coach, user, "Tom Ade")
    assert (tom["company"], tom["role"], tom["met_at"], tom["kind"]) == ("Acme", "staff engineer", "PyCon", "digital")
    assert tom["tags"] == ["climbing", "outdoors"]
    met_on = datetime(2025, 11, 12, 12, tzinfo=UTC)
    assert datetime.fromisoformat(tom["met_on"]) == met_on
    assert datetime.fromisoformat(tom["followup"]["due"]) == met_on + timedelta(hours=24)


def test_edit_adds_and_removes_tags_and_checks_contact_details(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Tom Ade, met at a bar #mentors #react")
    assert "tags #friends #mentors" in say(coach, user, "edit Tom tags: +#friends -react").body
    say(coach, user, "edit Tom email: tom@acme.com, phone: (555) 123-4567, url: github.com/tomade")
    tom = contact(coach, user, "Tom Ade")
    assert (tom["email"], tom["phone"], tom["url"]) == ("tom@acme.com", "(555) 123-4567", "github.com/tomade")
    assert "email cleared" in say(coach, user, "edit Tom email:").body


def test_bad_edits_change_nothing(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Tom Ade, met at a bar")
    before = contact(coach, user, "Tom Ade")
    for text in ("edit Tom kind: alien", "edit Tom company: Acme, when: someday", "edit Tom name:", "edit Tom",
                 "edit Nobody role: x", "edit Tom email: tom@@acme", "edit Tom phone: 12", "edit Tom url: not a url"):
        assert not say(coach, user, text).body.startswith("Updated")
    assert contact(coach, user, "Tom Ade") == before


def test_remove_asks_first(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Tom Ade, met at a bar")
    say(coach, user, "add Priya Shah, met at PyCon")
    assert "Reply `yes`" in say(coach, user, "remove Tom").text
    assert say(coach, user, "no").body == "OK, nothing changed."
    assert len(contacts(coach, user)) == 2
    say(coach, user, "remove Tom")
    assert say(coach, user, "yes").body == "Removed Tom Ade."
    say(coach, user, "yes")
    assert [c["name"] for c in contacts(coach, user)] == ["Priya Shah"], "a stray yes is harmless"


@pytest.mark.parametrize("between", ["no", "contacts", "help"])
def test_a_yes_after_the_question_was_closed_does_nothing(coach: Coach, user: UserRef, between: str) -> None:
    say(coach, user, "add Tom Ade, met at a bar")
    for question in ("remove Tom", "forget me"):
        say(coach, user, question)
        say(coach, user, between)
        say(coach, user, "yes")
        assert [c["name"] for c in contacts(coach, user)] == ["Tom Ade"], question


def test_an_unanswered_confirmation_expires(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Tom Ade, met at a bar")
    say(coach, user, "remove Tom")
    clock.advance(hours=1)
    say(coach, user, "yes")
    assert len(contacts(coach, user)) == 1


# Settings


@pytest.mark.parametrize(("typed", "stored"), [
    ("10pm-7am", "22:00-07:00"), ("10:30 pm to 6:45am", "22:30-06:45"), ("12am-6am", "00:00-06:00"),
    ("21-8", "21:00-08:00"), ("9 p.m. - 7 a.m.", "21:00-07:00"), ("22:00 07:30", "22:00-07:30"),
    ("0-6", "00:00-06:00"), ("1-7", "01:00-07:00"),
])
def test_quiet_hours_read_12_and_24_hour_times(coach: Coach, user: UserRef, typed: str, stored: str) -> None:
    assert f"Quiet hours set: {stored}" in say(coach, user, f"quiet {typed}").text


@pytest.mark.parametrize("typed", ["13pm-7am", "25:00-07:00", "0am-6am", "22:00-22:00", "10pm", "10-7", "12-6"])
def test_impossible_quiet_hours_are_refused(coach: Coach, user: UserRef, typed: str) -> None:
    assert "Quiet hours set" not in say(coach, user, f"quiet {typed}").text
    assert "Quiet hours: 21:00-08:00" in say(coach, user, "settings").text


@pytest.mark.parametrize(("typed", "zone", "local"), [
    ("GMT+1", "Etc/GMT-1", "11:00"), ("utc-5", "Etc/GMT+5", "05:00"), ("UTC+05:00", "Etc/GMT-5", "15:00"),
    ("UTC+0", "UTC", "10:00"), ("EST", "EST", "05:00"),
])
def test_a_utc_offset_means_ahead_of_utc(coach: Coach, user: UserRef, typed: str, zone: str, local: str) -> None:
    reply = say(coach, user, f"tz {typed}")
    assert reply.body.startswith(f"Timezone set to {zone}. It's {local} there now.")
    assert ("fixed offset" in reply.body) is (zone != "UTC")


def test_settings(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    assert "Timezone: UTC" in say(coach, user, "settings").text
    assert say(coach, user, "tz europe/london").body == "Timezone set to Europe/London. It's 10:00 there now."
    assert "isn't a timezone I know" in say(coach, user, "tz Mars/Olympus").text
    assert "Quiet hours set: 22:00-07:30" in say(coach, user, "quiet 22:00-07:30").text
    assert "like `quiet 22:00-07:30` or `quiet 10pm-7am`" in say(coach, user, "quiet late").text
    assert say(coach, user, "nudges off").body.startswith("Nudges off.")
    assert "Nudges are off" in say(coach, user, "nudges").text
    text = say(coach, user, "settings").text
    assert "Timezone: Europe/London" in text
    assert "Quiet hours: 22:00-07:30" in text
    assert "Nudges: off" in text
    say(coach, user, "quiet off")
    say(coach, user, "nudges on")
    text = say(coach, user, "settings").text
    assert "Quiet hours: off" in text
    assert "Nudges: on" in text


def test_nudges_off_takes_the_user_out_of_the_due_index(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    later = clock.now + timedelta(days=3)
    assert coach.store.due_users(later) == [user]
    say(coach, user, "nudges off")
    assert coach.store.due_users(later) == []
    say(coach, user, "nudges on")
    assert coach.store.due_users(later) == [user]


# Your data


def test_export_json_schema(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon yesterday, works on ML infra #conference")
    say(coach, user, "tz Europe/London")
    reply = say(coach, user, "export")
    [attachment] = reply.attachments
    assert (attachment.filename, attachment.mime) == ("networking-coach-export.json", "application/json")
    document = json.loads(attachment.content)
    assert document["schema"] == SCHEMA_VERSION
    assert datetime.fromisoformat(document["exported_at"]) == START
    assert document["user"] == {"platform": "slack", "workspace": "T0001", "user_id": "U0001"}
    for table in ("profile", "contacts", "events", "pitches", "drills", "goals", "nudges"):
        assert isinstance(document[table], list), table
    [priya] = document["contacts"]
    assert {"id", "name", "met_at", "met_on", "kind", "tags", "notes", "followup", "v"} <= set(priya)
    assert priya["notes"][0]["text"] == "works on ML infra"
    assert document["profile"][0]["tz"] == "Europe/London"
    assert [event["type"] for event in document["events"]] == ["added"]


def test_forget_me_deletes_everything_after_a_yes(coach: Coach, user: UserRef) -> None:
    other = UserRef("slack", "T0001", "U0002")
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, other, "add Tom Ade, met at a bar")
    assert set(coach.store.users()) == {user, other}
    assert "Reply `yes`" in say(coach, user, "forget me").text
    assert say(coach, user, "no").body == "OK, nothing changed."
    assert len(contacts(coach, user)) == 1
    say(coach, user, "forget me")
    assert say(coach, user, "yes").body.startswith("Done. I've deleted everything")
    assert list(coach.store.users()) == [other]
    assert coach.store.due_users(START + timedelta(days=30)) == [other]
    assert contacts(coach, user) == []
    assert [c["name"] for c in contacts(coach, other)] == ["Tom Ade"]


@pytest.mark.parametrize(("platform", "where"), [("slack", "I sent you in Slack stay there"),
                                                ("discord", "I sent you in Discord stay there"),
                                                ("console", "I saved for you stay in their folder")])
def test_forget_me_says_where_export_files_stay(coach: Coach, platform: str, where: str) -> None:
    person = UserRef(platform, None, "P1")
    say(coach, person, "forget me")
    assert f"Export files {where} until you delete them." in say(coach, person, "yes").body


# Help


def test_help_lists_every_command(coach: Coach, user: UserRef) -> None:
    text = say(coach, user, "help").text
    for cmd in ORDER:
        assert f"`{cmd.name}`" in text, cmd.name


@pytest.mark.parametrize("cmd", ORDER, ids=[cmd.name for cmd in ORDER])
def test_help_for_each_command(coach: Coach, user: UserRef, cmd) -> None:
    reply = say(coach, user, f"help {cmd.name}")
    assert reply.title == cmd.name
    assert cmd.summary in reply.body
    assert f"Usage: `{cmd.usage}`" in reply.body
    for alias in cmd.aliases:
        assert say(coach, user, f"help {alias}").title == cmd.name


def test_help_for_an_unknown_command_and_an_unknown_verb(coach: Coach, user: UserRef) -> None:
    assert "no command called" in say(coach, user, "help frobnicate").text
    assert "Did you mean `followups`?" in say(coach, user, "folowups").text


# Who sees what


def test_same_user_id_on_two_workspaces_are_two_people(coach: Coach) -> None:
    acme, globex = UserRef("slack", "TACME", "U1"), UserRef("slack", "TGLOBEX", "U1")
    discord = UserRef("discord", None, "U1")
    say(coach, acme, "add Priya Shah, met at PyCon")
    say(coach, globex, "add Tom Ade, met at a bar")
    assert [c["name"] for c in contacts(coach, acme)] == ["Priya Shah"]
    assert [c["name"] for c in contacts(coach, globex)] == ["Tom Ade"]
    assert contacts(coach, discord) == []
    assert "Priya" not in say(coach, globex, "contacts").text
    assert "don't have anyone called" in say(coach, globex, "show Priya").text
    assert "No contacts yet" in say(coach, discord, "contacts").text
    say(coach, acme, "forget me")
    say(coach, acme, "yes")
    assert [c["name"] for c in contacts(coach, globex)] == ["Tom Ade"]


def test_a_long_follow_up_list_shows_the_most_pressing_ten(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Early Bird, met at PyCon 3 days ago")
    for n in range(11):
        say(coach, user, f"add Person{n} Later, met at a meetup")
    reply = say(coach, user, "followups")
    assert len(reply.items) == 10
    assert reply.items[0].text.startswith("Early Bird")
    assert "1 overdue, 11 coming up." in reply.body and "first 10" in reply.body


def test_a_fault_inside_the_coach_is_an_apology_not_a_traceback(data_dir: Path, clock: FakeClock, user: UserRef) -> None:
    from bot.app import open_coach
    from coaching.core.engine import SORRY

    first = open_coach(data_dir, clock=clock)
    first.handle(user, "add Priya Shah, met at PyCon")
    first.close()
    [path] = (data_dir / "users").rglob("*.json")
    path.write_bytes(b"{not json")
    reopened = open_coach(data_dir, clock=clock)
    try:
        assert reopened.handle(user, "contacts") is SORRY
        assert path.read_bytes() == b"{not json"
    finally:
        reopened.close()


def test_snooze_lands_on_local_wall_clock_time_across_a_clock_change(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    clock.now = datetime(2026, 3, 28, 12, tzinfo=UTC)  # the day before the UK moves to summer time
    say(coach, user, "tz Europe/London")
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "snooze priya tomorrow 9am")
    reply = say(coach, user, "followups")
    assert "due tomorrow at 09:00" in reply.text


def test_impossible_or_future_dates_are_not_guessed(coach: Coach, user: UserRef) -> None:
    for when in ("on 29 Feb 2028", "on 12 Nov 2030"):
        reply = say(coach, user, f"add Ana Ruiz, met at PyCon {when}")
        assert "today (say when" in reply.text, when


def test_greetings_and_stray_answers_get_a_useful_reply(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    assert "Nothing is waiting on you" in say(coach, user, "hi").text
    say(coach, user, "add Priya Shah, met at PyCon 3 days ago")
    assert "Follow-ups: 1 overdue." in say(coach, user, "hello!").text
    say(coach, user, "add Tom Ade, met at a bar yesterday")
    say(coach, user, "add Jo Kim, met at a bar")
    assert "Follow-ups: 1 overdue and 1 due today." in say(coach, user, "hi").text, "Jo is due tomorrow"
    assert "Nothing's waiting for an answer" in say(coach, user, "yes").text
    assert "Glad to help" in say(coach, user, "thanks").text


def test_a_choice_can_be_answered_by_name_and_a_wrong_number_asks_again(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "add Priya Patel, met at a party")
    assert "Which one?" in say(coach, user, "show priya").text
    assert "Pick a number from 1 to 2" in say(coach, user, "3").text
    assert say(coach, user, "Priya Patel").title == "Priya Patel"
    say(coach, user, "add Priya, met at a meetup")
    assert "Which one?" in say(coach, user, "show priya").text
    assert say(coach, user, "Priya").title == "Priya", "the exact name picks, though it starts the others too"


def test_the_core_never_loads_platform_libraries_or_asyncio() -> None:
    import subprocess
    import sys

    probe = ("import sys, coaching.core.engine; "
             "print(sorted(m for m in ('asyncio', 'discord', 'slack_bolt', 'slack_sdk', 'aiohttp', 'apscheduler') "
             "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_add_reads_phone_numbers_and_founders(coach: Coach, user: UserRef) -> None:
    reply = say(coach, user, "add Marc Dupont, founder of Brightside, +49 170 1234567, met on 2026-11-01 at a meetup")
    assert "Works: founder at Brightside" in reply.text
    assert "Phone: +49 170 1234567" in reply.text
    assert "Notes:" not in reply.text


@pytest.mark.parametrize("mention", ["<@123456789012345678>", "<@&123456789012345678>", "<#123456789012345678>"])
def test_a_mention_in_the_notes_stays_as_typed_not_a_phone_or_tag(coach: Coach, user: UserRef, mention: str) -> None:
    say(coach, user, f"add Bo Lind, met at a meetup, ask {mention} about it")
    bo = contact(coach, user, "Bo Lind")
    assert bo["phone"] == "" and bo["tags"] == []
    assert bo["notes"][0]["text"] == f"ask {mention} about it"


def test_a_number_too_long_to_dial_is_kept_as_a_note(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Bo Lind, met at a meetup, order 1234567890123456789")
    assert contact(coach, user, "Bo Lind")["phone"] == ""


def test_role_without_a_comma_and_notes_that_can_be_fixed(coach: Coach, user: UserRef) -> None:
    reply = say(coach, user, "add Tom Becker CTO at Acme, met 3 days ago at a party")
    assert reply.title == "Added Tom Becker." and "Works: CTO at Acme" in reply.text
    say(coach, user, "note Tom at Acme")
    say(coach, user, "edit Tom notes: runs the platform team")
    assert [item.text.split(": ", 1)[1] for item in say(coach, user, "show Tom").items] == ["runs the platform team"]
    say(coach, user, "edit Tom notes: clear")
    assert say(coach, user, "show Tom").items == ()


def test_adapters_learn_which_command_a_message_is_the_way_handle_reads_it(coach: Coach) -> None:
    assert coach.command_of("\u00a0Schedule\tlist") == ("schedule", "list")
    assert coach.command_of("new") == ("add", "")
    assert coach.command_of("frobnicate now") == (None, "now")
    assert coach.command_of("x" * 100_000) == (None, "")
