"""Reading what people type: where a name ends, when versus where, a command during a pitch, a bounded import."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.console import answer
from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.text import InputProblem
from coaching.people.capture import parse_capture
from coaching.testing import START, FakeClock, contact, contacts, record, records, say

from .test_drills import STRONG

NAMES = [
    ("add Maria Lopez - recruiter at Stripe, met at PyCon", "Maria Lopez", {"role": "recruiter", "company": "Stripe"}),
    ("add Emma Watson (the PM, not the actress), met at the offsite", "Emma Watson",
     {"notes": ["the PM, not the actress"], "met_at": "the offsite"}),
    ("add Jo Kim: designer at Figma", "Jo Kim", {"role": "designer", "company": "Figma"}),
    ("add Lee Park – runs the Go meetup", "Lee Park", {"notes": ["runs the Go meetup"]}),
    ("add Sam Roe — met at a wedding", "Sam Roe", {"met_at": "a wedding"}),
    ("add Tom Ade [neighbour] met at the BBQ", "Tom Ade", {"notes": ["neighbour"], "met_at": "the BBQ"}),
    ("add Mary-Jane Smith, met at PyCon", "Mary-Jane Smith", {"met_at": "PyCon"}),
    ("add Ana Ruiz company: Acme", "Ana Ruiz", {"company": "Acme"}),
    ("add Bo Chen (from the Berlin office", "Bo Chen", {"notes": ["from the Berlin office"]}),
    # a surname that starts like a word that ends a name (at, on, from, last, met, via) is still the name
    ("add Lucy Atkins, met at PyCon", "Lucy Atkins", {"met_at": "PyCon", "notes": []}),
    ("add Ana Ong met at PyCon", "Ana Ong", {"met_at": "PyCon"}),
    ("add Jon Fromm", "Jon Fromm", {"notes": []}),
    ("add Sara Metcalfe, CTO at Acme", "Sara Metcalfe", {"role": "CTO", "company": "Acme"}),
    ("add Ada Viaud, met via Sam", "Ada Viaud", {"met_at": "via Sam"}),
    ("add Sam Lee @ Acme", "Sam Lee", {}),  # "@ Acme" ends the name as "at Acme" does
]


@pytest.mark.parametrize(("typed", "name", "fields"), NAMES)
def test_a_name_ends_at_a_dash_bracket_comma_or_colon(coach: Coach, user: UserRef, typed: str, name: str,
                                                       fields: dict) -> None:
    assert say(coach, user, typed).title == f"Added {name}."
    stored = contact(coach, user, name)
    assert {key: stored[key] if key != "notes" else [n["text"] for n in stored["notes"]] for key in fields} == fields


PLACES = [
    ("met at the Go meetup tonight", "the Go meetup", START),
    ("met at the climbing gym again", "the climbing gym", START),
    ("met at the climbing gym again yesterday", "the climbing gym", None),
    ("met at DevFest this morning", "DevFest", None),
    ("met at DevFest last night", "DevFest", None),
    ("met at DevFest earlier today", "DevFest", None),
    ("met at the gym again last Friday", "the gym", None),
    ("met at the book club earlier this week", "the book club", START),
    ("met at the standup just now", "the standup", START),
]


@pytest.mark.parametrize(("typed", "place", "met_on"), PLACES)
def test_time_words_and_again_are_when_not_where(coach: Coach, user: UserRef, typed: str, place: str,
                                                  met_on: datetime | None) -> None:
    reply = say(coach, user, f"add Ann Lee, {typed}")
    assert f"Met: at {place}, " in reply.text
    if met_on is not None:
        assert datetime.fromisoformat(contact(coach, user, "Ann Lee")["met_on"]) == met_on


def test_meeting_again_at_the_same_place_merges_to_the_first_meeting(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Sam Roe, met at the climbing gym 3 days ago")
    say(coach, user, "add Sam Roe, met at the climbing gym again")
    assert "Merged" in say(coach, user, "yes").text
    [sam] = contacts(coach, user)
    assert (sam["met_at"], sam["notes"]) == ("the climbing gym", [])
    assert datetime.fromisoformat(sam["met_on"]) == START - timedelta(days=3)


@pytest.mark.parametrize("filler", [" ", ",", "-", " - ", "(", "[", ": ", "again ", "tonight ", "\n"])
def test_reading_a_name_stays_fast_on_long_runs(filler: str) -> None:
    text = "Ann Lee" + filler * (20_000 // len(filler)) + "met at x"
    started = time.perf_counter()
    with contextlib.suppress(InputProblem):
        parse_capture(text, START, ZoneInfo("UTC"))
    assert time.perf_counter() - started < 2, "a stall, not a slow machine: this takes milliseconds"


# a command during a pitch attempt


def test_a_pitch_command_after_pitch_shorter_is_that_command(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, f"pitch {STRONG}")
    clock.advance(minutes=1)
    assert "Now say the same pitch" in say(coach, user, "pitch shorter").text
    note = "Hi Sam, loved your PyCon talk on data contracts. I lead data engineering at Acme and cut report times by 80%."
    reply = say(coach, user, f"pitch online: {note}")
    assert reply.title == "Your pitch (online)"
    latest = max(records(coach, user, "pitches"), key=lambda a: a["at"])
    assert (latest["text"], latest["step"]) == (note, "")
    assert "pending" not in record(coach, user, "profile", "profile")


@pytest.mark.parametrize("typed", ["followups", "help", "cancel", "cancel that, I'll do it tomorrow",
                                   "drill me on something else please"])
def test_a_command_the_user_plainly_means_is_not_the_attempt(coach: Coach, user: UserRef, typed: str) -> None:
    say(coach, user, f"pitch {STRONG}")
    say(coach, user, "pitch shorter")
    say(coach, user, typed)
    assert len(records(coach, user, "pitches")) == 1, typed
    assert "pending" not in record(coach, user, "profile", "profile"), typed


def test_an_attempt_that_starts_with_another_command_word_is_still_the_attempt(coach: Coach, user: UserRef) -> None:
    say(coach, user, f"pitch {STRONG}")
    say(coach, user, "pitch shorter")
    attempt = "Ask me how I cut reporting time at Acme from six hours to forty minutes; I want a platform role."
    assert say(coach, user, attempt).title == "Shorter version (half)"


# import in the console reads a bounded amount


def test_import_refuses_an_endless_device_without_reading_it_all(coach: Coach) -> None:
    started = time.perf_counter()
    reply = answer(coach, "import /dev/zero")
    assert "more than 5 MB, so I stopped reading" in reply.text
    assert time.perf_counter() - started < 10


def test_import_refuses_a_huge_sparse_file_by_its_size(coach: Coach, tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as file:
        file.truncate(50 * 1024**3)
    assert answer(coach, f"import {huge}").text == "That file is 51200.0 MB; I can import files up to 5 MB."


def test_import_from_a_pipe_nobody_writes_to_does_not_hang(coach: Coach, tmp_path: Path) -> None:
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    assert "empty" in answer(coach, f"import {fifo}").text


def test_import_from_a_pipe_stops_one_byte_past_the_limit(coach: Coach, tmp_path: Path) -> None:
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    written, opened = [], threading.Event()

    def flood() -> None:
        with fifo.open("wb") as pipe:
            opened.set()
            try:
                for _ in range(64):
                    written.append(pipe.write(b"name\n" * 40_000))
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=flood, daemon=True)
    held = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer in before the import opens the pipe
    writer.start()
    assert opened.wait(timeout=10)
    reply = answer(coach, f"import {fifo}")
    os.close(held)
    writer.join(timeout=10)
    assert "so I stopped reading" in reply.text
    assert sum(written) < 64 * 200_000, "the reader stopped, so the writer did too"


def test_import_of_a_small_file_still_works(coach: Coach, tmp_path: Path, clock: FakeClock) -> None:
    small = tmp_path / "people.csv"
    small.write_text("name,company\nPriya Shah,Acme\n")
    assert "1 new contact" in answer(coach, f"import {small}").text
    assert datetime.now(UTC) > clock.now


@pytest.mark.parametrize(("typed", "kind"), [
    ("add Chen Li, met at NeurIPS poster session, said to email her about the internship", "professional"),
    ("add Ola Berg, met at a conference, we connected on LinkedIn after", "professional"),
    ("add Ines Moreau, met at a friend's barbecue, dm her the recipe", "social"),
    ("add Tariq Aziz, met via email, runs a design studio", "digital"),
    ("add Noor Ali, met on LinkedIn, wants an intro to a client", "digital"),
])
def test_the_kind_comes_from_where_you_met_before_the_notes(coach: Coach, user: UserRef, typed: str, kind: str) -> None:
    """A to-do to email or DM someone says nothing about how you met; the place says most."""
    assert f"Kind: {kind}" in say(coach, user, typed).text


def test_a_dislike_is_not_said_back_and_a_role_gets_no_building_talk(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Lucy Grant, met at the dog park, recruiter at Figma, hates meetings")
    draft = say(coach, user, "draft lucy").text
    assert "hate" not in draft
    assert "I'd love to hear more about your work at Figma." in draft
