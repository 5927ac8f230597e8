"""Writes never lie when the disk is full: a command is acknowledged only once all of its line is durable, and a
command whose line is durable is acknowledged even if the snapshot rewrite after it fails.

A file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored, in a child process) stands in for a full disk: a write
that would grow a file past the limit writes what fits and then fails, just as one does on a disk with a few
bytes left.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest

from bot.app import open_coach
from bot.storage import AtomicJSONStorage, user_file
from coaching.core.engine import SORRY
from coaching.core.model import UserRef
from coaching.people.records import CONTACTS
from coaching.testing import records

ROOT = Path(__file__).resolve().parent.parent
USER = UserRef("slack", "T0001", "U0001")

CHILD = textwrap.dedent(
    """
    import json, resource, signal, sys
    from bot.app import open_coach
    from coaching.core.model import UserRef

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
    coach = open_coach(sys.argv[1])
    user = UserRef.from_key(sys.argv[2])
    for limit, text in json.loads(sys.argv[3]):
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit or resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        print(json.dumps(coach.handle(user, text).text), flush=True)
    coach.close()
    """
)


def run_limited(data_dir: Path, steps: list[tuple[int | None, str]]) -> list[str]:
    """Run commands in a child process, each under its file-size limit (None: no limit); their replies."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), USER.key, json.dumps(steps)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def files(data_dir: Path) -> tuple[Path, Path]:
    path = user_file(data_dir, USER.key)
    return path, path.with_name(path.name + ".log")


def contacts(data_dir: Path) -> list[dict]:
    coach = open_coach(data_dir)
    try:
        return records(coach, USER, CONTACTS)
    finally:
        coach.close()


def notes_of(data_dir: Path, name: str) -> list[str]:
    return [note["text"] for contact in contacts(data_dir) if contact["name"] == name for note in contact["notes"]]


def run_here(data_dir: Path, texts: list[str]) -> None:
    coach = open_coach(data_dir)
    try:
        for text in texts:
            assert "went wrong" not in coach.handle(USER, text).text
    finally:
        coach.close()


def test_a_note_the_disk_takes_only_part_of_is_not_acknowledged(data_dir: Path) -> None:
    run_here(data_dir, ["add Priya Shah, met at PyCon", *(f"note Priya {n}: " + "x" * 3_000 for n in range(5))])
    _, journal = files(data_dir)
    before = journal.read_bytes()
    assert len(before) > 20_000, "the journal is bigger than anything else the command writes"
    replies = run_limited(data_dir, [(len(before) + 40, "note Priya lost: " + "y" * 3_000),
                                     (None, "note Priya kept after the disk freed up")])
    assert replies[0] == SORRY.text, "only 40 bytes of the line fit: the command must not say it noted anything"
    assert replies[1].startswith("Noted for Priya Shah")
    after = journal.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1, "no part of the lost line is left"
    notes = notes_of(data_dir, "Priya Shah")
    assert notes[-1] == "kept after the disk freed up"
    assert not any(note.startswith("lost") for note in notes)
    assert len(notes) == 6


def test_a_damaged_line_in_the_middle_is_set_aside_and_the_rest_kept(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    run_here(data_dir, ["add Priya Shah, met at PyCon", "note Priya first", "note Priya second"])
    _, journal = files(data_dir)
    first, second = journal.read_bytes().splitlines()
    damaged = first[: len(first) // 2] + b"\xff garbage"
    journal.write_bytes(first + b"\n" + damaged + b"\n" + b'[["contacts"]]\n' + second + b"\n")
    with caplog.at_level(logging.WARNING, logger="bot.storage"):
        assert notes_of(data_dir, "Priya Shah") == ["first", "second"]
    assert "Set aside 2 damaged journal line(s)" in caplog.text
    bad = journal.with_name(journal.name + ".bad").read_bytes()
    assert bad == damaged + b"\n" + b'[["contacts"]]\n'
    assert journal.read_bytes() == first + b"\n" + second + b"\n", "the journal keeps only good lines"
    run_here(data_dir, ["note Priya third"])
    assert notes_of(data_dir, "Priya Shah") == ["first", "second", "third"]


def test_forget_me_removes_set_aside_lines_too(data_dir: Path) -> None:
    run_here(data_dir, ["add Priya Shah, met at PyCon", "note Priya first"])
    _, journal = files(data_dir)
    journal.write_bytes(b"not json\n" + journal.read_bytes())
    run_here(data_dir, ["note Priya second", "forget me", "yes"])
    assert not journal.with_name(journal.name + ".bad").exists()


def _fill(data_dir: Path) -> int:
    """Contacts with long notes until the snapshot is large and the journal just under the size that compacts it."""
    coach = open_coach(data_dir)
    _, journal = files(data_dir)
    n = 0
    try:
        while n < 40 or not journal.exists() or journal.stat().st_size < AtomicJSONStorage.COMPACT_BYTES - 2_000:
            assert coach.handle(USER, f"add Person {n}, met at Place {n}, " + "z" * 3_000).title == f"Added Person {n}."
            n += 1
    finally:
        coach.close()
    return n


def test_a_durable_command_is_acknowledged_though_compaction_fails_and_compaction_runs_later(data_dir: Path) -> None:
    n = _fill(data_dir)
    snapshot, journal = files(data_dir)
    journal_size, snapshot_size = journal.stat().st_size, snapshot.stat().st_size
    limit = journal_size + 6_000  # room for the new line, none for rewriting the snapshot
    assert snapshot_size > limit, "the snapshot rewrite cannot fit under the limit"
    replies = run_limited(data_dir, [(limit, f"add Person {n}, met at Place {n}, " + "z" * 3_000)])
    assert replies[0].startswith(f"Added Person {n}."), replies[0]
    assert journal.stat().st_size > journal_size, "the line is in the journal"
    assert snapshot.stat().st_size == snapshot_size, "the snapshot could not be rewritten"
    assert not list(snapshot.parent.glob(".*.tmp")), "the failed rewrite left no temp file"

    run_here(data_dir, [f"add Person {n + 1}, met at Place {n + 1}"])
    assert not journal.exists() or journal.stat().st_size < journal_size, "the next write folded the journal in"
    names = sorted(contact["name"] for contact in contacts(data_dir))
    assert names == sorted(f"Person {k}" for k in range(n + 2)), "every contact once: nothing lost, nothing doubled"
    assert len(orjson.loads(snapshot.read_bytes())[CONTACTS]) == n + 2


def test_a_refused_edit_leaves_nothing_behind_in_memory(data_dir: Path) -> None:
    """A refused `edit` had moved the follow-up in the cached copy, and the next command saved it."""
    run_here(data_dir, ["add Priya Shah, met at PyCon yesterday"])
    window = contacts(data_dir)[0]["followup"]
    coach = open_coach(data_dir)
    try:
        before = coach.handle(USER, "show Priya").body
        assert "isn't a kind" in coach.handle(USER, "edit Priya when: 3 days ago, kind: nonsense").text
        assert coach.handle(USER, "show Priya").body == before
        assert coach.handle(USER, "note Priya had coffee").body.startswith("Noted")
    finally:
        coach.close()
    assert contacts(data_dir)[0]["followup"] == window


def test_a_line_left_half_written_is_cut_before_the_next_one(data_dir: Path) -> None:
    """If cutting a failed line back failed as well, the next append still starts on a whole line."""
    coach = open_coach(data_dir)
    try:
        coach.handle(USER, "add Priya Shah, met at PyCon")
        coach.handle(USER, "note Priya first")
        _, journal = files(data_dir)
        whole = journal.read_bytes()
        with journal.open("ab") as handle:
            handle.write(b'[["contacts","1",{"id":"x","na')
        assert coach.handle(USER, "note Priya second").body.startswith("Noted")
        assert journal.read_bytes().startswith(whole) and journal.read_bytes().count(b"\n") == whole.count(b"\n") + 1
    finally:
        coach.close()
    assert notes_of(data_dir, "Priya Shah") == ["first", "second"]
