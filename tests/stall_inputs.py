"""Messages built to make a backtracking parser stall: long runs of one thing, shaped the way commands are typed.

A regex with two quantifiers that can match the same characters (`\\s+` next to `.*?`, a lazy value
with a lookahead that rescans the spaces) tries every way to split a run between them, so its
time grows with the square or the cube of the run. Each run here fills a message up to the length
the coach reads (`MAX_INPUT_CHARS`); longer messages are refused before any parsing.
"""

from __future__ import annotations

from coaching.commands import ORDER
from coaching.engine import Coach
from coaching.model import UserRef
from coaching.text import MAX_INPUT_CHARS

LENGTH = MAX_INPUT_CHARS - 10
CONTACTS = 150  # fuzzy name lookups scale with the contacts a user has, so the user has plenty

RUNS = {
    "spaces": " ",
    "newlines": "\n",
    "tabs": "\t",
    "commas": ",",
    "comma-spaces": ", ",
    "colons": ":",
    "digits": "7",
    "numbers": "12 ",
    "met at": "met at ",
    "every": "every ",
    "yesterday": "yesterday ",
    "days ago": "3 days ago ",
    "field labels": "notes: ",
    "who": "who ",
    "markup": "<@U123> *b* _i_ `c` <http://a.io|a> ",
    "dotted": "a.",
    "dashes": "a-",
    "at signs": "a@",
    "plus digits": "+4",
}

SHAPES = (
    "{verb} {run}",
    "{verb} {run}b",
    "{verb} Priya {run}b",
    "{verb} Priya, {run}",
    "{verb} Priya notes: a{run}b",
    "{verb} 1{run}x",
)


def verbs() -> list[str]:
    """Every registered command by its own name, so a new command is covered the day it is added."""
    return [command.name for command in ORDER]


def long_input(verb: str, shape: str, unit: str, length: int = LENGTH) -> str:
    """`shape` for `verb`, with `unit` repeated until the whole message is `length` characters."""
    before, after = shape.split("{run}")
    head = before.format(verb=verb)
    room = max(0, length - len(head) - len(after))
    return head + (unit * (room // len(unit) + 1))[:room] + after


def seed(coach: Coach, user: UserRef) -> None:
    """A user with Priya, Tom and a crowd of others, so lookups have work to do."""
    coach.handle(user, "add Priya Shah, met at PyCon yesterday, works on ML infra #conference")
    coach.handle(user, "add Tom Ade, CTO at Acme, met at a dinner party 3 days ago")
    for n in range(CONTACTS):
        coach.handle(user, f"add Person{n} Example, met at Meetup {n}, works at Company {n}")
