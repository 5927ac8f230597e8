"""Which person a typed name means: sure (act on them), a question (nothing happens until yes), or nobody.

The table is the matching rule written down as cases; the engine tests below check that every
command that takes a name asks instead of acting when the name only looks like someone's.
"""

from __future__ import annotations

import pytest

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.records import Contact
from coaching.people.names import find
from coaching.testing import FakeClock, contact, contacts, say


def people(*names: str, **nicknames: str) -> list[Contact]:
    """Contacts with these names; `nicknames` maps a name (spaces as underscores) to its nickname."""
    return [Contact(id=f"c{n}", name=name, nickname=nicknames.get(name.replace(" ", "_"), ""))
            for n, name in enumerate(names)]


THIS, ASK, NONE = "this one", "ask", "none"

# (query, contacts, expected, whom): whom is the one person for THIS, the people offered (best first) for ASK
TABLE: list[tuple[str, list[dict], str, tuple[str, ...]]] = [
    # exact: full name, first name, last name, any case and spacing
    ("tom o'brien", people("Tom O'Brien"), THIS, ("Tom O'Brien",)),
    ("TOM O'BRIEN", people("Tom O'Brien"), THIS, ("Tom O'Brien",)),
    ("  tom   o'brien ", people("Tom O'Brien"), THIS, ("Tom O'Brien",)),
    ("tom", people("Tom O'Brien", "Priya Shah"), THIS, ("Tom O'Brien",)),
    ("o'brien", people("Tom O'Brien", "Priya Shah"), THIS, ("Tom O'Brien",)),
    ("shah", people("Priya Shah", "Priya Patel"), THIS, ("Priya Shah",)),
    ("grant", people("Ashlee Grant"), THIS, ("Ashlee Grant",)),
    ("lee", people("Benjamin Lee", "Ashlee Grant"), THIS, ("Benjamin Lee",)),
    ("ben", people("Ben Carter", "Tom O'Brien"), THIS, ("Ben Carter",)),
    ("jo", people("Jo Kim", "Joanna Lee"), THIS, ("Jo Kim",)),
    ("mary jane", people("Mary Jane Watson", "Mary Smith"), THIS, ("Mary Jane Watson",)),
    ("jane watson", people("Mary Jane Watson"), THIS, ("Mary Jane Watson",)),
    ("sam", people("Dr. Sam Carter"), THIS, ("Dr. Sam Carter",)),
    ("carter", people("Dr. Sam Carter", "Tom Ade"), THIS, ("Dr. Sam Carter",)),
    ("jose", people("José Ruiz"), THIS, ("José Ruiz",)),
    # a nickname the user gave
    ("bob", people("Robert Smith", "Tom Ade", Robert_Smith="Bob"), THIS, ("Robert Smith",)),
    ("sam", people("Samantha Reed", Samantha_Reed="Sam"), THIS, ("Samantha Reed",)),
    # close typos of one of those
    ("prya", people("Priya Shah", "Tom Ade"), THIS, ("Priya Shah",)),
    ("pryia", people("Priya Shah", "Tom Ade"), THIS, ("Priya Shah",)),
    ("priya shha", people("Priya Shah", "Tom Ade"), THIS, ("Priya Shah",)),
    ("tomm", people("Tom Ade", "Priya Shah"), THIS, ("Tom Ade",)),
    ("obrien", people("Tom O'Brien"), THIS, ("Tom O'Brien",)),
    ("priua", people("Priya Shah"), THIS, ("Priya Shah",)),
    ("mariaa", people("Maria Lopez"), THIS, ("Maria Lopez",)),
    ("lopze", people("Maria Lopez"), THIS, ("Maria Lopez",)),
    # more than one person it surely means: a numbered choice
    ("priya", people("Priya Shah", "Priya Patel"), ASK, ("Priya Shah", "Priya Patel")),
    ("priya", people("Priya Shah", "Priya"), ASK, ("Priya", "Priya Shah")),
    ("kim", people("Jo Kim", "Kim Lee"), ASK, ("Jo Kim", "Kim Lee")),
    # only looks like someone: a suggestion, never acted on
    ("ben", people("Tom O'Brien"), ASK, ("Tom O'Brien",)),
    ("eve", people("Steve Jobs"), ASK, ("Steve Jobs",)),
    ("jane", people("Mary Jane Watson"), ASK, ("Mary Jane Watson",)),
    ("jo", people("Joanna Lee"), ASK, ("Joanna Lee",)),
    ("sam", people("Samantha Reed"), ASK, ("Samantha Reed",)),
    ("ash", people("Ashlee Grant", "Tom Ade"), ASK, ("Ashlee Grant",)),
    ("lee", people("Ashlee Grant"), ASK, ("Ashlee Grant",)),
    ("mark", people("Mary Smith"), ASK, ("Mary Smith",)),
    ("jason", people("Mason Reed"), ASK, ("Mason Reed",)),
    ("eric", people("Erica Diaz"), ASK, ("Erica Diaz",)),
    ("paula", people("Paul Ade"), ASK, ("Paul Ade",)),
    ("maria", people("Marie Curie"), ASK, ("Marie Curie",)),
    ("anna", people("Anne Frank"), ASK, ("Anne Frank",)),
    # nobody
    ("xavier", people("Priya Shah", "Tom Ade"), NONE, ()),
    ("zed", people("Priya Shah", "Tom Ade"), NONE, ()),
    ("", people("Priya Shah"), NONE, ()),
    ("priya", [], NONE, ()),
    ("a", people("Ana Ruiz", "Tom Ade"), NONE, ()),
    ("tim", people("Tom Ade"), NONE, ()),
]


@pytest.mark.parametrize(("query", "contacts", "expected", "whom"), TABLE)
def test_the_matching_rule(query: str, contacts: list[Contact], expected: str, whom: tuple[str, ...]) -> None:
    found = find(contacts, query)
    names = tuple(c.name for c in found.people)
    if expected == NONE:
        assert names == ()
    elif expected == THIS:
        assert (found.sure, names) == (True, whom)
    else:
        assert not (found.sure and len(names) == 1), f"{query!r} must not act on {names}"
        assert names == whom


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 40
    assert {row[2] for row in TABLE} == {THIS, ASK, NONE}


# every command that takes a name asks about a look-alike and does nothing until yes


def test_a_name_inside_another_is_a_question_and_yes_applies_it(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Ben Ito, met at PyCon")
    say(coach, user, "add Tom O'Brien, met at a bar")
    say(coach, user, "remove ben")
    say(coach, user, "yes")
    reply = say(coach, user, "note ben loves jazz")
    assert reply.body == "I don't have anyone called “ben”. Did you mean Tom O'Brien (a bar)? Reply `yes` or `no`."
    assert [a.command for a in reply.actions] == ["yes", "no"]
    assert contact(coach, user, "Tom O'Brien")["notes"] == [], "nothing stored before the yes"
    assert say(coach, user, "yes").body.startswith("Noted for Tom O'Brien: “loves jazz”")
    assert [n["text"] for n in contact(coach, user, "Tom O'Brien")["notes"]] == ["loves jazz"]


def test_no_or_another_command_leaves_the_look_alike_alone(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Steve Jobs, met at a bar")
    assert "Did you mean Steve Jobs" in say(coach, user, "done eve").text
    assert say(coach, user, "no").body == "OK, nothing changed."
    assert "Did you mean Steve Jobs" in say(coach, user, "done eve").text
    assert say(coach, user, "contacts").body == "1 contact."
    assert contact(coach, user, "Steve Jobs")["followup"]["status"] == "open"
    assert "Nothing's waiting for an answer" in say(coach, user, "yes").text


@pytest.mark.parametrize("typed", [
    "show ben", "done ben", "snooze ben 2 days", "draft ben", "edit ben company: Acme", "remove ben",
    "every ben 30 days", "every ben", "reconnect ben", "note ben, loves jazz", "intro ben to Priya",
    "intro Priya to ben",
])
def test_every_command_that_takes_a_name_asks_first(coach: Coach, user: UserRef, typed: str) -> None:
    say(coach, user, "add Tom O'Brien, met at a bar")
    say(coach, user, "add Priya Shah, met at PyCon")
    before = contacts(coach, user)
    reply = say(coach, user, typed)
    assert "I don't have anyone called “ben”. Did you mean Tom O'Brien" in reply.text, typed
    assert contacts(coach, user) == before, typed
    after = say(coach, user, "yes")
    assert "Tom O'Brien" in after.text and "Did you mean" not in after.text, (typed, after.text)


def test_intro_keeps_its_order_after_a_yes(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Tom O'Brien, met at a bar")
    say(coach, user, "add Priya Shah, met at PyCon")
    say(coach, user, "intro Priya to ben")
    assert say(coach, user, "yes").title == "Introducing Priya Shah and Tom O'Brien"


def test_several_look_alikes_are_numbered_and_a_number_applies(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Joanna Lee, met at a bar")
    say(coach, user, "add Jolene Park, met at PyCon")
    reply = say(coach, user, "done jo")
    assert reply.body == "I don't have anyone called “jo”. Did you mean one of these? Reply with the number."
    assert say(coach, user, "2").body.startswith("Followed up with Jolene Park")


def test_a_button_for_someone_removed_says_so(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Tom O'Brien, met at a bar")
    say(coach, user, "add Ben Ito, met at PyCon")
    ben = contact(coach, user, "Ben Ito")
    say(coach, user, "remove Ben Ito")
    say(coach, user, "yes")
    reply = say(coach, user, f"done id:{ben['id']}")
    assert "isn't in your contacts any more" in reply.text
    assert contact(coach, user, "Tom O'Brien")["followup"]["status"] == "open"


def test_a_nickname_you_give_finds_them(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Robert Smith, met at PyCon, nickname: Bob")
    assert contact(coach, user, "Robert Smith")["nickname"] == "Bob"
    assert say(coach, user, "show bob").title == "Robert Smith"
    say(coach, user, "add William Ade, met at a bar")
    assert "nickname Bill" in say(coach, user, "edit William nickname: Bill").text
    assert say(coach, user, "show bill").title == "William Ade"
