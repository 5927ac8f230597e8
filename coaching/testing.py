"""A test harness shipped with the coach, so a test talks to it the way a person does.

`FakeClock` is the wall clock a test moves by hand; `say` sends a message and insists on an
answer, `send_file` sends a file; `records` and `plant` read and seed what is kept for someone, and `refuses` tries a
message without keeping anything, so no test opens the store's sessions itself. Platforms have
their stand-in in `adapters.testing.RecordingSurface`.

    chat = Chat(coach, UserRef("slack", "T1", "U1"))
    chat.say("add Priya Shah, met at PyCon")
    assert [c["name"] for c in chat.contacts()] == ["Priya Shah"]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from coaching.core.engine import Coach
from coaching.core.incoming import Incoming, Upload
from coaching.core.model import Reply, UserRef
from coaching.core.records import Contact, PitchAttempt
from coaching.core.registry import Ask, UserError
from coaching.people.records import CONTACTS
from coaching.pitch.practice import PITCHES

TYPED = {CONTACTS: Contact, PITCHES: PitchAttempt}
START = datetime(2025, 11, 14, 10, 0, tzinfo=UTC)  # a Friday morning


class FakeClock:
    """Stands in for the wall clock: call it for the time, `advance` it to skip ahead."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        self.now += delta if delta is not None else timedelta(**parts)
        return self.now


def say(coach: Coach, user: UserRef, text: str) -> Reply:
    """`text` typed in a direct message; every message gets an answer, so an empty one fails the test here."""
    reply = coach.receive(Incoming(user, text))
    assert reply.text.strip(), f"{text!r} got an empty answer"
    return reply


def send_file(coach: Coach, user: UserRef, name: str, data: bytes) -> Reply:
    """A file sent in a direct message, as every surface hands one over."""
    return coach.receive(Incoming(user, file=Upload(name, data)))


def records(coach: Coach, user: UserRef, table: str) -> list[dict]:
    """Everything kept for `user` in `table`, as stored; a typed record must rewrite each one unchanged."""
    with coach.store.session(user) as data:
        docs = data.all(table)
    if table in TYPED:
        for doc in docs:
            assert TYPED[table].load(doc).dump() == doc, f"a {table} document changes when rewritten: {doc}"
    return docs


def record(coach: Coach, user: UserRef, table: str, doc_id: str) -> dict | None:
    with coach.store.session(user) as data:
        return data.get(table, doc_id)


def shared_records(coach: Coach, table: str) -> list[dict]:
    """Everything in a table kept for no one person (installs, channel posts)."""
    with coach.store.shared() as data:
        return data.all(table)


def plant(coach: Coach, user: UserRef, table: str, *docs: dict) -> None:
    """Store documents as they would have been kept earlier (an old version, a history), to start a test from."""
    with coach.store.session(user) as data:
        for doc in docs:
            data.put(table, doc)


def refuses(coach: Coach, user: UserRef, text: str) -> bool:
    """Whether the coach turns `text` down (unreadable, no such command, or the command says no), found by
    running the command and keeping nothing it wrote. A command that asks a question has not refused."""
    cmd, rest = coach._resolve(text)
    if cmd is None:
        return True
    outcome = coach._dry_run(user, cmd, rest, coach.clock())
    return isinstance(outcome, UserError) and not isinstance(outcome, Ask)


def contacts(coach: Coach, user: UserRef) -> list[dict]:
    return records(coach, user, CONTACTS)


def contact(coach: Coach, user: UserRef, name: str) -> dict:
    """The one contact called `name`; more or fewer fails the test."""
    [found] = [c for c in contacts(coach, user) if c["name"] == name]
    return found


@dataclass(frozen=True)
class Chat:
    """One person talking to one coach: the helpers above, bound to them."""

    coach: Coach
    user: UserRef

    def say(self, text: str) -> Reply:
        return say(self.coach, self.user, text)

    def send_file(self, name: str, data: bytes) -> Reply:
        return send_file(self.coach, self.user, name, data)

    def records(self, table: str) -> list[dict]:
        return records(self.coach, self.user, table)

    def contacts(self) -> list[dict]:
        return contacts(self.coach, self.user)

    def contact(self, name: str) -> dict:
        return contact(self.coach, self.user, name)
