"""Reconnect: a handful at a time, most overdue and best fit for the goal first, each with a real draft."""

from __future__ import annotations

import re

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.records import Contact
from coaching.people.drafts import fit_reason
from coaching.people.reconnect import MAX_SUGGESTIONS
from coaching.testing import FakeClock, plant

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

PLACEHOLDER = re.compile(r"[\[\]{}<>]|\bNone\b")


def met_long_ago(coach: Coach, user: UserRef, text: str) -> None:
    """Someone met a while back whose first follow-up is done, so the rhythm decides."""
    coach.handle(user, f"add {text}")
    coach.handle(user, f"done {text.split(',')[0]}")


def names_in_order(text: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if name in text), key=text.index)


def test_most_overdue_first_and_never_more_than_a_handful(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    for name, days in (("Ana Ray", 20), ("Ben Cole", 40), ("Cy Dunn", 30), ("Dee Eze", 50), ("Eve Fox", 5)):
        met_long_ago(coach, user, f"{name}, met at a meetup yesterday")
        coach.handle(user, f"every {name} {days} days")
    clock.advance(days=60)
    reply = coach.handle(user, "reconnect")
    assert len(reply.items) == MAX_SUGGESTIONS == 3
    shown = [item.text.split(":")[0] for item in reply.items]
    assert shown == ["Eve Fox", "Ana Ray", "Cy Dunn"]  # 12x, 3x and 2x their rhythm
    assert "2 more people waiting" in reply.body


def test_the_goal_moves_good_fits_up(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    met_long_ago(coach, user, "Rae Lin, recruiter at Globex, met at a meetup yesterday")
    met_long_ago(coach, user, "Sol Park, met at a meetup yesterday")
    coach.handle(user, "every Rae 30 days")
    coach.handle(user, "every Sol 25 days")
    clock.advance(days=40)
    before = coach.handle(user, "reconnect").text
    assert names_in_order(before, ["Rae Lin", "Sol Park"]) == ["Sol Park", "Rae Lin"]
    coach.handle(user, "goal job search")
    after = coach.handle(user, "reconnect").text
    assert names_in_order(after, ["Rae Lin", "Sol Park"]) == ["Rae Lin", "Sol Park"]
    assert "Rae is a recruiter at Globex, which fits your job search." in after


def test_reason_and_draft_use_what_was_recorded(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "add Priya Shah, met at PyCon yesterday, she hires data engineers")
    coach.handle(user, "done Priya")
    clock.advance(days=93)
    [item] = coach.handle(user, "reconnect").items
    reason, draft = item.text.split("\n")
    assert reason == "Priya Shah: met at PyCon, last in touch 93 days ago, you noted: she hires data engineers"
    assert draft == ("Draft: Hi Priya, it's been a while, and you came to mind. Last time we spoke, you mentioned you "
                     "hire data engineers. How is that going? No agenda on my side, just catching up.")
    assert not PLACEHOLDER.search(item.text)
    assert item.actions[0].command.startswith("done id:")


def test_a_check_in_soon_after_the_last_one_does_not_say_it_has_been_a_while(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Priya Shah, met at PyCon yesterday")
    coach.handle(user, "note Priya she is hiring a data engineer in January")
    coach.handle(user, "done Priya")
    text = coach.handle(user, "reconnect Priya").text
    assert "Hi Priya, hope your week is going well." in text and "been a while" not in text
    assert "Last time we spoke, you mentioned you're hiring a data engineer in January." in text


def test_one_person_on_request_even_before_they_are_due(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    met_long_ago(coach, user, "Tom Ade, CTO at Acme, met at a dinner party yesterday, working on a climbing app")
    reply = coach.handle(user, "reconnect Tom")
    assert reply.title == "Check in with Tom Ade"
    assert "Not due yet" in reply.text
    assert "How is the work on a climbing app going?" in reply.text
    assert not PLACEHOLDER.search(reply.text)


def test_open_follow_ups_stay_in_followups_and_imports_fill_in(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "add Jo Kim, met at PyCon 3 days ago")  # never followed up: `followups` has her
    plant(coach, user, "contacts", {
        "id": "imp1", "name": "Zoë Ångström", "company": "Nordlys Data", "role": "Staff Engineer",
        "met_at": "", "met_on": "2023-09-03T12:00:00+00:00", "kind": "digital", "tags": [], "notes": [],
        "created": clock.now.isoformat(), "last_contact": "2023-09-03T12:00:00+00:00", "source": "import",
        "followup": None, "reconnect_queue": True,
    })
    reply = coach.handle(user, "reconnect")
    assert [item.text.split(":")[0] for item in reply.items] == ["Zoë Ångström"]
    assert "from your imported contacts" in reply.items[0].text
    assert "How are things at Nordlys Data?" in reply.items[0].text

    coach.handle(user, "goal 1 reconnect/week")
    coach.handle(user, "done Zoë")
    assert "Reconnects: 1 of 1 ✓" in coach.handle(user, "progress").text
    assert "Zoë" not in coach.handle(user, "reconnect").text


def test_nothing_due_says_who_is_next(coach: Coach, user: UserRef) -> None:
    assert "Nobody to reconnect with yet" in coach.handle(user, "reconnect").text
    met_long_ago(coach, user, "Priya Shah, met at PyCon yesterday")
    assert coach.handle(user, "reconnect").text.startswith("Everyone's warm: no check-ins due. Next up: Priya Shah on")


def test_a_goal_fit_is_said_as_a_sentence() -> None:
    def one(**fields: object) -> Contact:
        return Contact.load({"name": "Ken Obi", "role": "", "company": "", "tags": [], "notes": [], "kind": "professional",
                             **fields})

    assert fit_reason(one(role="head of talent", company="Monzo"), "head of", "job search") == (
        "Ken is head of talent at Monzo, which fits your job search.")
    assert fit_reason(one(role="Talent Partner"), "talent", "job search") == (
        "Ken is a Talent Partner, which fits your job search.")
    assert fit_reason(one(tags=["mentors"]), "mentor", "advice") == "You tagged Ken #mentors, which fits your search for advice."
    assert fit_reason(one(notes=[{"text": "she is hiring a data engineer."}]), "hiring", "job search") == (
        "You noted “she is hiring a data engineer”, which fits your job search.")
    assert fit_reason(one(kind="business"), "business contact", "business") == (
        "Ken is a business contact, which fits your business goal.")
    assert fit_reason(one(notes=[{"text": "buys for FreshMart"}]), "freshmart", "find a FreshMart supplier") == (
        "You noted “buys for FreshMart”, which fits your goal (find a FreshMart supplier).")
