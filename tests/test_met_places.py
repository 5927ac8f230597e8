"""Where you met, kept with the words that give it its meaning: "through Anna" is an introduction, "in Berlin" a
city, "over coffee" what you did; "at" and a platform's "on" are dropped, as stored contacts always had them.

Each row is an `add` line, the `met_at` it stores, the "Met:" line the reply shows, and the kind it guesses.
Rows held back to check the rule on lines it was not written from are in test_met_places_held_out.py.
"""

from __future__ import annotations

import pytest

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.testing import Chat, plant

PLACES = [
    ("add Ben Ode, met through Anna yesterday", "through Anna", "Met: through Anna, yesterday", "professional"),
    ("add Ben Ode, met in Berlin yesterday", "in Berlin", "Met: in Berlin, yesterday", "professional"),
    ("add Ben Ode, met via the Rust Discord yesterday", "the Rust Discord", "Met: on the Rust Discord, yesterday",
     "digital"),
    ("add Ben Ode, met over coffee yesterday", "over coffee", "Met: over coffee, yesterday", "professional"),
    ("add Ben Ode, met during the hackathon yesterday", "during the hackathon",
     "Met: during the hackathon, yesterday", "professional"),
    ("add Ben Ode, introduced by Sam yesterday", "through Sam", "Met: through Sam, yesterday", "professional"),
    ("add Ben Ode, met online yesterday", "online", "Met: online, yesterday", "digital"),
    ("add Ben Ode, met in the lobby at PyCon yesterday", "in the lobby at PyCon",
     "Met: in the lobby at PyCon, yesterday", "professional"),
    ("add Ben Ode, met at Anna's party yesterday", "Anna's party", "Met: at Anna's party, yesterday", "social"),
    ("add Ben Ode, met on the train yesterday", "on the train", "Met: on the train, yesterday", "professional"),
    ("add Ben Ode, met at PyCon yesterday", "PyCon", "Met: at PyCon, yesterday", "professional"),
    ("add Ben Ode, met on LinkedIn yesterday", "LinkedIn", "Met: on LinkedIn, yesterday", "digital"),
    ("add Ben Ode, met via LinkedIn yesterday", "LinkedIn", "Met: on LinkedIn, yesterday", "digital"),
    ("add Ben Ode, met via Anna yesterday", "via Anna", "Met: via Anna, yesterday", "professional"),
    ("add Ben Ode, introduced through Priya Shah yesterday", "through Priya Shah",
     "Met: through Priya Shah, yesterday", "professional"),
    ("add Ben Ode, met in London at the Go meetup yesterday", "in London at the Go meetup",
     "Met: in London at the Go meetup, yesterday", "professional"),
    ("add Ben Ode, met over lunch at the office yesterday", "over lunch at the office",
     "Met: over lunch at the office, yesterday", "professional"),
    ("add Ben Ode, met through work yesterday", "through work", "Met: through work, yesterday", "professional"),
    ("add Ben Ode, met on a Slack community yesterday", "a Slack community", "Met: on a Slack community, yesterday",
     "digital"),
    ("add Ben Ode, met in person at PyCon yesterday", "in person at PyCon", "Met: in person at PyCon, yesterday",
     "professional"),
    ("add Ben Ode introduced by Sam, works on compilers", "through Sam", "Met: through Sam, today", "professional"),
]


@pytest.fixture
def chat(coach: Coach, user: UserRef) -> Chat:
    return Chat(coach, user)


def check(chat: Chat, typed: str, stored: str, shown: str, kind: str) -> None:
    """The stored place, the "Met:" line of `add` and of `show`, and the kind guessed."""
    added = chat.say(typed).body
    assert chat.contact("Ben Ode")["met_at"] == stored
    assert added.splitlines()[0].startswith(shown), added
    assert chat.say("show Ben").body.splitlines()[0].startswith(shown)
    assert chat.contact("Ben Ode")["kind"] == kind


@pytest.mark.parametrize(("typed", "stored", "shown", "kind"), PLACES)
def test_add_keeps_the_words_that_say_how_you_met(chat: Chat, typed: str, stored: str, shown: str, kind: str) -> None:
    check(chat, typed, stored, shown, kind)


@pytest.mark.parametrize(("typed", "said", "unsaid"), [
    ("met through Anna", "Glad Anna put us in touch.", "through Anna"),
    ("introduced by Sam at PyCon", "you at PyCon yesterday. Glad Sam put us in touch.", "through"),
    ("met in Berlin", "you in Berlin yesterday.", "at Berlin"),
    ("met over coffee", "you over coffee yesterday.", "at coffee"),
    ("met during the hackathon", "you during the hackathon yesterday.", "at the hackathon"),
    ("met on the train", "you on the train yesterday.", "at the train"),
    ("met online", "online yesterday.", "at online"),
    ("met through work", "Hi Ben, ", "through work"),
])
def test_the_follow_up_draft_says_how_you_met_in_a_sentence(chat: Chat, typed: str, said: str, unsaid: str) -> None:
    chat.say(f"add Ben Ode, {typed} yesterday")
    draft = chat.say("draft Ben").text
    assert said in draft and unsaid not in draft, draft


def test_two_people_met_through_one_person_both_know_them(chat: Chat) -> None:
    chat.say("add Ben Ode, met through Anna yesterday")
    chat.say("add Cara Lin, met through Anna yesterday")
    assert "You both know Anna." in chat.say("intro Ben to Cara").text
    chat.say("add Dev Rao, met over coffee yesterday")
    chat.say("add Eli Moss, met over coffee yesterday")
    assert "You were both" not in chat.say("intro Dev to Eli").text  # two coffees are no common ground


@pytest.mark.parametrize(("where", "stored", "said"), [
    ("in Berlin", "in Berlin", "met in Berlin"), ("at JSConf", "JSConf", "met at JSConf"),
    ("via LinkedIn", "LinkedIn", "met on LinkedIn"), ("during the sprint", "during the sprint", "met during the sprint"),
    ("online", "online", "met online"), ("through Anna", "through Anna", "met through Anna"),
    # typed as `add` takes it after the name
    ("introduced by Sam", "through Sam", "met through Sam"), ("met at KubeCon", "KubeCon", "met at KubeCon"),
    ("met in Madrid", "in Madrid", "met in Madrid"), ("met online", "online", "met online"),
])
def test_edit_keeps_where_the_way_add_does(chat: Chat, where: str, stored: str, said: str) -> None:
    chat.say("add Ben Ode, met at PyCon")
    assert chat.say(f"edit Ben where: {where}").body.startswith(f"Updated Ben Ode: {said}.")
    assert chat.contact("Ben Ode")["met_at"] == stored


@pytest.mark.parametrize(("where", "stored", "shown"), [
    ("introduced by Sam", "through Sam", "Met: through Sam, today"), ("met at KubeCon", "KubeCon", "Met: at KubeCon, today"),
    ("at PyCon", "PyCon", "Met: at PyCon, today"),
])
def test_a_where_field_in_add_reads_as_after_met(chat: Chat, where: str, stored: str, shown: str) -> None:
    """`where:` (a form's Where box arrives so) says the place as `edit … where:` takes it."""
    assert chat.say(f"add Ben Ode, where: {where}").body.startswith(shown)
    assert chat.contact("Ben Ode")["met_at"] == stored


def test_prep_says_where_you_met_as_show_does(chat: Chat) -> None:
    chat.say("add Ben Ode, met on LinkedIn, works on PyCon talks")
    chat.say("add Cara Lin, met in the lobby at PyCon")
    text = chat.say("prep PyCon").text
    assert "Cara Lin (in the lobby at PyCon): matched met: in the lobby at PyCon" in text
    chat.say("add Dev Rao, met on LinkedIn")
    assert "matched met: on LinkedIn" in chat.say("prep LinkedIn Live").text


@pytest.mark.parametrize(("met_at", "place"), [
    ("PyCon", "at PyCon"), ("LinkedIn", "on LinkedIn"), ("the climbing gym", "at the climbing gym"),
])
def test_a_place_stored_by_an_older_version_reads_as_before(coach: Coach, user: UserRef, chat: Chat, met_at: str,
                                                           place: str) -> None:
    plant(coach, user, "contacts", {
        "id": "old1", "name": "Ben Ode", "company": "", "role": "", "met_at": met_at,
        "met_on": "2025-11-10T12:00:00+00:00", "kind": "professional", "tags": [], "notes": [],
        "created": "2025-11-10T12:00:00+00:00", "last_contact": "2025-11-10T12:00:00+00:00", "source": "chat",
        "followup": None,
    })
    assert chat.say("show Ben").body.startswith(f"Met: {place}, ")
    assert f"met {place}, " in chat.say("reconnect Ben").text


@pytest.mark.parametrize(("typed", "note"), [
    ("add Ben Ode, met in 2019", "met in 2019"),
    ("add Ben Ode, met in late 2021", "met in late 2021"),
    ("add Ben Ode, met on the 3rd", "met on the 3rd"),
    ("add Ben Ode, met last summer", None),
    ("add Ben Ode, met during the summer", "met during the summer"),
])
def test_a_time_the_dates_cannot_place_is_no_place(chat: Chat, typed: str, note: str | None) -> None:
    """Kept as the person said it, and the reply asks when: never "Met: in 2019, today"."""
    added = chat.say(typed).body
    assert chat.contact("Ben Ode")["met_at"] == ""
    if note:
        assert added.splitlines()[0].startswith("Met: today (say when"), added
        assert note in [n["text"] for n in chat.contact("Ben Ode")["notes"]]


@pytest.mark.parametrize(("typed", "stored"), [
    ("add Ben Ode, met in Mayfair", "in Mayfair"),
    ("add Ben Ode, met in Marseille", "in Marseille"),
    ("add Ben Ode, met on the 3rd floor", "on the 3rd floor"),
    ("add Ben Ode, met in Junee", "in Junee"),
])
def test_a_place_that_starts_like_a_month_or_a_day_is_still_a_place(chat: Chat, typed: str, stored: str) -> None:
    chat.say(typed)
    assert chat.contact("Ben Ode")["met_at"] == stored
