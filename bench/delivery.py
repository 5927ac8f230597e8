"""How many times a sweep scans every nudge source, and what that costs, for people with many contacts.

    python -m bench.delivery

Each person has 300 contacts with a 30-day rhythm, so check-ins are due and the keep-in-touch scan
(the costly source) has work to do. The first person is made through the engine; the others get
copies of their records. One sweep (build, record intent, deliver to nowhere, mark sent) runs on
two identical copies of the data: once as the code runs, where a delivery step checks the message
and works out the next due time from one scan, and once with every ask scanning again, as before
(the baseline). Both must send the same nudges; the table gives the scans and the time.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.sweep import Discard
from bot.app import open_coach
from bot.scheduler import NudgeScheduler
from coaching.core import nudges
from coaching.core.model import UserRef
from coaching.core.registry import Ctx, DueItem, DueSource

NOW = datetime(2026, 6, 3, 12, tzinfo=UTC)
PEOPLE, CONTACTS, ROUNDS = 40, 300, 3
TABLES = ("contacts", "profile", "events")
KEPT_SCAN = nudges.Visit


def person(n: int) -> UserRef:
    return UserRef("bench", "W", f"user{n:03d}")


def populate(data_dir: Path) -> None:
    """One person through the engine, copied to the rest; a settling sweep before any check-in is due."""
    moment = [NOW - timedelta(days=120)]
    coach = open_coach(data_dir, clock=lambda: moment[0])
    try:
        first = person(0)
        for n in range(CONTACTS):
            coach.handle(first, f"add Contact {n}, met at a meetup")
            coach.handle(first, f"every Contact {n} 30 days")
        with coach.store.session(first) as data:
            kept = {table: data.all(table) for table in TABLES}
        for n in range(1, PEOPLE):
            with coach.store.session(person(n)) as data:
                for table, docs in kept.items():
                    for doc in docs:
                        data.put(table, doc)
                data.next_due = moment[0]
        coach.due_nudges(moment[0])
    finally:
        coach.close()


class Rescanning(nudges.Visit):
    """The baseline: every ask scans the sources again, as each step did before `Visit` kept its scan."""

    def offered(self) -> list[DueItem]:
        self.rescan()
        return super().offered()


def counted(source: DueSource, calls: list[int]) -> DueSource:
    def wrapped(ctx: Ctx) -> list[DueItem]:
        calls[0] += 1
        return source(ctx)

    return wrapped


def sweep(data_dir: Path, visit: type[nudges.Visit]) -> tuple[float, int, int]:
    """(seconds, nudges sent, scans of the sources) for one sweep at NOW on this copy of the data."""
    coach = open_coach(data_dir, clock=lambda: NOW)
    calls = [0]
    coach.registry.sources = [counted(coach.registry.sources[0], calls), *coach.registry.sources[1:]]
    nudges.Visit = visit
    try:
        scheduler = NudgeScheduler(coach, {"bench": Discard()})
        start = time.perf_counter()
        outcome = asyncio.run(scheduler.sweep())
        return time.perf_counter() - start, outcome["sent"], calls[0]
    finally:
        nudges.Visit = KEPT_SCAN
        coach.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-delivery-") as tmp:
        seeded = Path(tmp) / "seeded"
        populate(seeded)
        results: dict[str, list[tuple[float, int, int]]] = {"one scan per step": [], "baseline (rescans)": []}
        for round_ in range(ROUNDS):
            for name, visit in (("one scan per step", KEPT_SCAN), ("baseline (rescans)", Rescanning)):
                copy = Path(tmp) / f"{round_}-{visit.__name__}"
                shutil.copytree(seeded, copy)
                results[name].append(sweep(copy, visit))
    print(f"{PEOPLE} people with {CONTACTS} contacts each, all due; best of {ROUNDS} sweeps")
    print(f"{'':>20} {'sent':>5} {'scans':>6} {'scans/nudge':>12} {'sweep (s)':>10} {'ms/nudge':>9}")
    best = {}
    for name, runs in results.items():
        seconds, sent, scans = min(runs)
        best[name] = seconds
        print(f"{name:>20} {sent:>5} {scans:>6} {scans / max(sent, 1):>12.2f} {seconds:>10.3f} "
              f"{1000 * seconds / max(sent, 1):>9.2f}")
    print(f"time ratio, one scan per step / baseline: {best['one scan per step'] / best['baseline (rescans)']:.2f}")


if __name__ == "__main__":
    main()
