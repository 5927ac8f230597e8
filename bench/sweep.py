"""How long one nudge sweep takes, and whether that depends on the community's size.

    python -m bench.sweep

Each user adds one contact through the real engine; a chosen number of them have their
follow-up due. A settling sweep before the due time stands for the sweeps a running bot has
already done. The sweep (index lookup, building each nudge, recording intent, delivering
to a surface that keeps nothing, marking sent) is timed once with work to do and once
more when nothing is left. If the sweep scales with due users rather than all users,
the two 100-due rows take about the same time.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import open_coach
from bot.scheduler import NudgeScheduler
from coaching.core.model import Reply, UserRef

NOW = datetime(2026, 6, 3, 12, tzinfo=UTC)
SCENARIOS = ((1_000, 10), (1_000, 100), (10_000, 100))


class Discard:
    platform = "bench"

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        """Delivered nowhere: the bench measures our side of the sweep."""

    async def post(self, channel: str, reply: Reply) -> None:
        """No channel posts in this bench."""


def populate(data_dir: Path, users: int, due: int, database_url: str = "") -> None:
    """Users added a day or more ago; the sweeps that ran since have settled everyone's next due time.

    A command only marks its user for the next sweep to review, so the settling sweep is part of
    the setup, as it would be in a bot that has been running: the timed sweep then sees the due users.
    """
    moment = [NOW]
    coach = open_coach(data_dir, clock=lambda: moment[0], database_url=database_url)
    try:
        for n in range(users):
            moment[0] = NOW - timedelta(hours=25) if n < due else NOW - timedelta(hours=2)
            coach.handle(UserRef("bench", "W", f"user{n:05d}"), f"add Contact {n}, met at a meetup")
        coach.due_nudges(NOW - timedelta(minutes=90))
    finally:
        coach.close()


def timed_sweep(data_dir: Path, database_url: str = "") -> tuple[float, float, int]:
    """(first sweep seconds, second sweep seconds, nudges sent), on a freshly opened store (PostgreSQL with a URL)."""
    coach = open_coach(data_dir, clock=lambda: NOW, database_url=database_url)
    try:
        scheduler = NudgeScheduler(coach, {"bench": Discard()})
        start = time.perf_counter()
        outcome = asyncio.run(scheduler.sweep())
        first = time.perf_counter() - start
        start = time.perf_counter()
        asyncio.run(scheduler.sweep())
        second = time.perf_counter() - start
    finally:
        coach.close()
    return first, second, outcome["sent"]


def main() -> None:
    print(f"{'users':>7} {'due':>5} {'sent':>5} {'sweep (s)':>10} {'per due (ms)':>13} {'idle sweep (ms)':>16} {'setup (s)':>10}")
    for users, due in SCENARIOS:
        with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
            data_dir = Path(tmp) / "data"
            start = time.perf_counter()
            populate(data_dir, users, due)
            setup = time.perf_counter() - start
            first, idle, sent = timed_sweep(data_dir)
        print(f"{users:>7,} {due:>5} {sent:>5} {first:>10.3f} {1000 * first / max(sent, 1):>13.2f} "
              f"{1000 * idle:>16.2f} {setup:>10.1f}")


if __name__ == "__main__":
    main()
