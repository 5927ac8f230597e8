"""What reading contacts through typed records costs: `followups` and `today` for one person with many contacts.

    PYTHONPATH=. .venv/bin/python bench/typed_records.py            # this tree
    PYTHONPATH=/path/to/other/tree .venv/bin/python bench/typed_records.py   # the same on other code

Each contact has an open follow-up, a note and a tag, as typed with `add`. The baseline, in the same
process, is reading every contact from the store once (what any command over all contacts pays at
least), so the ratio holds whatever the machine's speed. Run as a script, not with -m, so that
PYTHONPATH chooses which code is measured. Prints a markdown snippet.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from bot.app import open_coach
from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.testing import FakeClock, plant

SIZES = (200, 2_000)
RUNS = 20
NOW = datetime(2026, 6, 3, 12, tzinfo=UTC)


def _contact(n: int) -> dict:
    met = NOW - timedelta(hours=30 + n)
    return {"id": f"c{n}", "name": f"Person {n}", "company": "Acme", "role": "", "email": "", "url": "", "phone": "",
            "met_at": "PyCon", "met_on": met.isoformat(), "kind": "professional", "tags": ["conference"],
            "notes": [{"at": met.isoformat(), "text": "talked about data tools"}], "created": met.isoformat(),
            "last_contact": met.isoformat(), "source": "chat",
            "followup": {"status": "open", "due": (met + timedelta(hours=24)).isoformat(),
                         "overdue": (met + timedelta(hours=48)).isoformat()}}


def _median_ms(run: Callable[[], object]) -> float:
    run()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _read_all(coach: Coach, user: UserRef) -> list[dict]:
    with coach.store.session(user) as data:
        return data.all("contacts")


def main() -> None:
    user = UserRef("bench", "T", "U")
    print("| contacts | command | median ms | baseline: read all contacts, ms | ratio |")
    print("|---:|---|---:|---:|---:|")
    for size in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            coach = open_coach(Path(tmp), clock=FakeClock(NOW))
            plant(coach, user, "contacts", *map(_contact, range(size)))
            base = _median_ms(partial(_read_all, coach, user))
            for command in ("followups", "today"):
                ours = _median_ms(partial(coach.handle, user, command))
                print(f"| {size:,} | `{command}` | {ours:.1f} | {base:.1f} | {ours / base:.1f}x |")
            coach.close()


if __name__ == "__main__":
    main()
