"""Drafts open and close like a person would: the right name, the right place, and not the same line every time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.records import Contact
from coaching.people.drafts import checkin_draft, followup_draft, greeting_name

NOW = datetime(2025, 11, 14, 10, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")


def someone(name: str, kind: str = "professional", met_at: str = "PyCon", met_on: str = "2025-11-13T18:00:00+00:00",
            notes: tuple[str, ...] = ()) -> Contact:
    return Contact.load({"id": name.casefold(), "name": name, "kind": kind, "met_at": met_at, "met_on": met_on,
                         "notes": [{"at": met_on, "text": note} for note in notes]})


@pytest.mark.parametrize(("name", "greeting"), [
    ("Dr. Ana Ruiz", "Ana"), ("Dr Ana Ruiz", "Ana"), ("Prof. Okafor", "Prof. Okafor"), ("Mr Tom Ade", "Tom"),
    ("Ms. Jo Kim", "Jo"), ("Priya Shah", "Priya"), ("Cher", "Cher"), ("Professor Lin Wu", "Lin"), ("Dr.", "there"),
])
def test_a_salutation_is_a_name_never_a_bare_title(name: str, greeting: str) -> None:
    assert greeting_name(Contact(name=name)) == greeting
    assert followup_draft(someone(name), NOW, UTC_ZONE).startswith(f"Hi {greeting}, ")


@pytest.mark.parametrize(("met_at", "kind", "opening"), [
    ("a LinkedIn message", "digital", "Hi Priya, thanks for connecting on LinkedIn yesterday."),
    ("Twitter", "digital", "Hi Priya, thanks for connecting on Twitter yesterday."),
    ("a Zoom call", "digital", "Hi Priya, thanks for the call on Zoom yesterday."),
    ("Slack", "digital", "Hi Priya, thanks for the chat on Slack yesterday."),
    ("the Rust Discord", "digital", "Hi Priya, thanks for the chat on the Rust Discord yesterday."),
    ("a dinner party", "social", "Hi Priya, it was lovely to meet you at a dinner party yesterday."),
    ("Food Expo", "business", "Hi Priya, thank you for your time at Food Expo yesterday."),
    ("PyCon", "professional", "Hi Priya, thanks for the chat at PyCon yesterday."),
    ("", "professional", "Hi Priya, thanks for the chat yesterday."),
])
def test_the_opening_fits_where_you_met(met_at: str, kind: str, opening: str) -> None:
    assert followup_draft(someone("Priya Shah", kind, met_at), NOW, UTC_ZONE).startswith(opening + " ")


def test_openings_vary_between_people_within_a_kind() -> None:
    names = ["Sam Lee", "Priya Shah", "Tom Ade", "Ana Ruiz", "Jo Kim", "Lin Wu", "Eve Fox", "Cy Dunn", "Bo Li"]
    for kind in ("professional", "business", "social"):
        openings = {followup_draft(someone(name, kind), NOW, UTC_ZONE).split(", ", 1)[1].split(".")[0] for name in names}
        assert len(openings) == 3, (kind, openings)


def test_closings_vary_between_people_and_by_kind_but_stay_the_same_for_one_person() -> None:
    names = ["Sam Lee", "Priya Shah", "Tom Ade", "Ana Ruiz", "Jo Kim", "Lin Wu", "Eve Fox", "Cy Dunn", "Bo Li"]
    for kind in ("professional", "business", "social", "digital"):
        endings = {followup_draft(someone(name, kind), NOW, UTC_ZONE).split(". ", 1)[1] for name in names}
        assert len(endings) >= 3, (kind, endings)
    professional = {followup_draft(someone(name), NOW, UTC_ZONE).split(". ", 1)[1] for name in names}
    social = {followup_draft(someone(name, "social"), NOW, UTC_ZONE).split(". ", 1)[1] for name in names}
    assert not professional & social
    assert sum("20-minute" in ending for ending in professional) < len(names) / 2
    once = followup_draft(someone("Sam Lee"), NOW, UTC_ZONE)
    assert all(followup_draft(someone("Sam Lee"), NOW, UTC_ZONE) == once for _ in range(3))


def test_a_check_in_turns_the_note_round_too() -> None:
    priya = someone("Dr. Priya Shah", notes=("she said to send her the slides", "her team is hiring a designer"))
    assert checkin_draft(priya, NOW, UTC_ZONE) == (
        "Hi Priya, it's been a while, and you came to mind. Last time we spoke, you mentioned your team is hiring "
        "a designer. How is that going? No agenda on my side, just catching up.")
    hoping = someone("Tom Ade", notes=("hoping to move into product management", "owes me lunch"))
    assert ("Last time we spoke, you mentioned you're hoping to move into product management. Did it work out? Happy to "
            "help if not.") in checkin_draft(hoping, NOW, UTC_ZONE)


def test_the_drafts_seen_going_wrong(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "add Maya Chen, recruiter at Stripe, met at PyCon yesterday, she said to ping her about backend "
                       "roles")
    coach.handle(user, "add Dr. Ana Ruiz, met at a LinkedIn message yesterday, interested in our ML infra work")
    coach.handle(user, "add Lee Park, met at Food Expo yesterday, hiring for the payments platform team, wants Go "
                       "experience")
    coach.handle(user, "add Jo Kim, met at PyCon yesterday, asked me to send him my CV")
    maya, ana, lee, jo = (coach.handle(user, f"draft {name}").body.split("\n")[0] for name in ("Maya", "Ana", "Lee", "Jo"))
    assert "You said to get in touch about backend roles, so here I am." in maya
    assert ana.startswith("Hi Ana, thanks for connecting on LinkedIn yesterday. Great to hear that you're "
                          "interested in our ML infra work.")
    assert ("You mentioned you're hiring for the payments platform team and want Go experience; I'll pass it on to "
            "anyone who'd be a fit.") in lee
    assert "Here's my CV, as promised." in jo
    for draft in (maya, ana, lee, jo):
        for wrong in ("ping your", "you interested", "send him", ", wants", "at a LinkedIn", "Hi Dr."):
            assert wrong not in draft, draft


@pytest.mark.parametrize(("note", "middle"), [
    ("her startup just closed a seed round", "you mentioned your startup just closed a seed round. How have things been "
                                             "since?"),
    ("has a cat called Miso", "you mentioned you have a cat called Miso. How are things with you?"),
    ("she's training for the Berlin marathon", "you mentioned you're training for the Berlin marathon. How is that going?"),
    ("knows nobody in London yet", None),
    ("going through a rough patch", None),
])
def test_a_check_in_asks_what_fits_the_note(note: str, middle: str | None) -> None:
    draft = checkin_draft(someone("Gita Rao", notes=(note,)), NOW, UTC_ZONE)
    if middle:
        assert f"Last time we spoke, {middle} No agenda" in draft
    else:
        assert draft == ("Hi Gita, it's been a while, and you came to mind. What are you working on these days? "
                         "No agenda on my side, just catching up.")
