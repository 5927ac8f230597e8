"""The slowest answer any command gives to input built to make its parser backtrack, and two storage costs.

    python -m bench.stalls
    python -m bench.stalls --time "edit Priya notes: a" " " 3200 "b"    # one message, to compare commits

1. Every registered command gets every long run in `tests/stall_inputs.py` (spaces, newlines, commas,
   colons, digits, repeated keywords, markup; each message 3,990 characters, the most the coach reads)
   in every shape, on a user with 152 contacts. Each whole `Coach.handle` call is timed (the best of
   three, so another process's load does not count as a stall); the slowest
   are listed against a baseline in the same run: an ordinary `add` of a short message. Target: the
   slowest under 100 ms.
2. `note` on one contact that already has N notes: each journal line carries the whole contact, so
   the bytes written per note (the line, plus the snapshot rewrites it brings on, averaged over 20
   notes) grow with the notes; the time per note shows what that costs.
3. Opening a data directory of N users: start-up stats every user file to reconcile the due index
   (after a power loss it may have lost its last commits); this is what that adds to a start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import open_coach
from bot.storage import TinyStore
from coaching.core.model import UserRef
from coaching.testing import FakeClock
from tests.stall_inputs import RUNS, SHAPES, long_input, seed, verbs

USER = UserRef("bench", "W", "stalls")


def _timed(coach, text: str) -> float:
    start = time.perf_counter()
    coach.handle(USER, text)
    return time.perf_counter() - start


def _best_of(coach, text: str, rounds: int = 3) -> float:
    """The fastest of a few runs: a parser's cost shows in every run, another process's load in some."""
    times = []
    for _ in range(rounds):
        coach.handle(USER, "no")  # close any question the last message opened
        times.append(_timed(coach, text))
    return min(times)


def _written() -> int:
    """Bytes this process has handed to write() so far (Linux), journal lines and snapshot rewrites alike."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise RuntimeError("no wchar in /proc/self/io")


def stalls(root: Path) -> None:
    seeded = root / "seeded"
    coach = open_coach(seeded, clock=FakeClock())
    seed(coach, USER)
    coach.close()
    results = []
    baseline = []
    for verb in verbs():
        data_dir = root / f"run-{verb.replace(' ', '-')}"
        shutil.copytree(seeded, data_dir)
        coach = open_coach(data_dir, clock=FakeClock())
        try:
            baseline.append(_best_of(coach, f"add Baseline {verb}, met at PyCon yesterday"))
            for label, unit in RUNS.items():
                for shape in SHAPES:
                    results.append((_best_of(coach, long_input(verb, shape, unit)), verb, label, shape))
        finally:
            coach.close()
        shutil.rmtree(data_dir)
    results.sort(reverse=True)
    base = statistics.median(baseline)
    print(f"{len(results):,} long messages over {len(verbs())} commands, each the best of 3 runs; "
          f"baseline `add` (short) median {base * 1000:.1f} ms")
    print(f"all long messages: median {statistics.median(r[0] for r in results) * 1000:.1f} ms")
    print(f"{'ms':>8} {'x base':>7}  command / run / shape")
    for seconds, verb, label, shape in results[:10]:
        print(f"{seconds * 1000:8.1f} {seconds / base:7.1f}  {verb} / {label} / {shape}")


def note_history(root: Path) -> None:
    print(f"\n{'notes before':>12} {'bytes written per note':>23} {'ms per note':>12}")
    for count in (10, 100, 1_000):
        data_dir = root / f"notes-{count}"
        coach = open_coach(data_dir, clock=FakeClock())
        try:
            coach.handle(USER, "add Priya Shah, met at PyCon")
            for n in range(count):
                coach.handle(USER, f"note Priya note number {n}, about eighty characters of what was said over coffee")
            times, written = [], []
            for n in range(20):
                before = _written()
                times.append(_timed(coach, f"note Priya timed note {n}, about eighty characters of what was said"))
                written.append(_written() - before)
        finally:
            coach.close()
        print(f"{count:12,} {statistics.mean(written):23,.0f} {statistics.median(times) * 1000:12.1f}")


def _open_ms(data_dir: Path) -> float:
    start = time.perf_counter()
    TinyStore(data_dir).close()
    return (time.perf_counter() - start) * 1000


def start_up(root: Path) -> None:
    print(f"\n{'users':>7} {'rebuild (ms)':>13} {'reconcile, none changed (ms)':>29} {'reconcile, all changed (ms)':>28}")
    for users in (1_000, 5_000):
        data_dir = root / f"users-{users}"
        store = TinyStore(data_dir)
        for n in range(users):
            with store.session(UserRef("bench", "W", f"u{n}")) as data:
                data.put("contacts", {"id": "c", "name": f"Person {n}"})
                data.next_due = None
        store.close()
        files = list((data_dir / "users").glob("*/*"))
        for path in files:  # every file newer than the index's last write: every one is read again
            os.utime(path, (time.time() + 60, time.time() + 60))
        all_changed = _open_ms(data_dir)
        for path in files:  # every file older than it: each is only stat'ed
            os.utime(path, (time.time() - 3_600, time.time() - 3_600))
        none_changed = _open_ms(data_dir)
        for name in ("due.sqlite", "due.sqlite-wal", "due.sqlite-shm"):
            (data_dir / name).unlink(missing_ok=True)
        rebuild = _open_ms(data_dir)
        print(f"{users:7,} {rebuild:13.0f} {none_changed:29.0f} {all_changed:28.0f}")


def time_one(text: str) -> None:
    """One message, timed once, for a user who has added Priya: to compare one input across commits."""
    with tempfile.TemporaryDirectory(prefix="bench-stalls-") as tmp:
        coach = open_coach(Path(tmp) / "data", clock=FakeClock())
        try:
            coach.handle(USER, "add Priya Shah, met at PyCon yesterday, works on ML infra")
            print(f"{_timed(coach, text):.3f} s for {text[:40]!r}… ({len(text):,} characters)")
        finally:
            coach.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="Time every command on long runs, or one message with --time.")
    parser.add_argument("--time", nargs=4, metavar=("BEFORE", "UNIT", "COUNT", "AFTER"),
                        help="time one message: BEFORE, then UNIT repeated COUNT times, then AFTER")
    args = parser.parse_args()
    if args.time:
        before, unit, count, after = args.time
        time_one(before + unit * int(count) + after)
        return
    with tempfile.TemporaryDirectory(prefix="bench-stalls-") as tmp:
        root = Path(tmp)
        stalls(root)
        note_history(root)
        start_up(root)


if __name__ == "__main__":
    main()
