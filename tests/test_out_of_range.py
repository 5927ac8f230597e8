"""A number too big (or too small) gets a message about its range, not a misreading of the words around it.

Grammars that allowed only so many digits (`\\d{1,4}`) read `every zoe 10000 days` as a person called
"zoe 10000 days"; each numeric argument now reads any number and says what range it takes.
"""

from __future__ import annotations

import pytest

from coaching.engine import Coach
from coaching.model import UserRef

from .test_bad_input import snapshot


@pytest.fixture
def known(coach: Coach, user: UserRef) -> Coach:
    coach.handle(user, "add Priya Shah, met at PyCon yesterday")
    return coach


@pytest.mark.parametrize(("text", "says"), [
    ("every zoe 10000 days", "between 1 day and 2 years"),
    ("every Priya 10000 days", "between 1 day and 2 years"),
    ("every Priya 0 days", "between 1 day and 2 years"),
    ("every #mentors 99999999999999999999 weeks", "between 1 day and 2 years"),
    ("goal 10000 contacts/week", "up to 50"),
    ("goal 99999 follow-ups per week", "up to 50"),
    ("quiet 25-7", "hours run 0-23"),
    ("quiet 100-7", "hours run 0-23"),
    ("quiet 22:00-99:00", "hours run 0-23"),
    ("snooze Priya 99999999999999999999 days", "more than three months"),
    ("snooze Priya 99999999999999999999d", "more than three months"),
    ("snooze Priya 10000 years", "more than three months"),
])
def test_a_number_out_of_range_hears_the_range_and_changes_nothing(
        known: Coach, user: UserRef, data_dir, text: str, says: str) -> None:
    before = snapshot(data_dir, user)
    reply = known.handle(user, text)
    assert says in reply.text, reply.text
    assert "don't have anyone" not in reply.text
    assert snapshot(data_dir, user) == before


@pytest.mark.parametrize(("text", "says"), [
    ("every Priya 30 days", "every 30 days"),
    ("every Priya 3 weeks", "every 21 days"),
    ("goal 50 contacts/week", "50 new contacts"),
    ("quiet 22:00-07:30", "22:00-07:30"),
    ("quiet 10pm 7am", "22:00-07:00"),
    ("snooze Priya 3 days", "again on Monday"),
])
def test_numbers_in_range_still_work(known: Coach, user: UserRef, text: str, says: str) -> None:
    assert says in known.handle(user, text).text
