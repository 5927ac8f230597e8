"""What reading contacts through typed records costs: `followups` and `today` for one person with many contacts.

    PYTHONPATH=. .venv/bin/python bench/typed_records.py            # this tree
    PYTHONPATH=/path/to/other/tree .venv/bin/python bench/typed_records.py   # the same on other code

Each contact has an open follow-up, a note and a tag, as typed with `add`. The baseline, in the same
process, is reading every contact from the store once (what any command over all contacts pays at
least), so the ratio holds whatever the machine's speed. A second table times the records alone on
2,000 contacts: `Contact.load` of each document, `load` then `dump`, and `all_contacts`, which every
command over all contacts pays once the features read contacts only through it (code from before
typed records has none of these and prints only the first table). Run as a script, not with -m, so
that PYTHONPATH chooses which code is measured. Prints markdown snippets.
"""

from __future__ import annotations

import gc
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
from coaching.core.registry import Ctx
from coaching.testing import FakeClock, plant

try:
    from coaching.core.records import Contact
    from coaching.people.records import all_contacts
except ImportError:  # code from before typed records
    Contact = all_contacts = None

SIZES = (200, 2_000)
RECORDS = 2_000  # contacts in the records-alone table
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
    """CPU time, each run after a full collection: on a shared machine wall time and when the collector
    happens to run (thousands of records are made per run) vary more than the code measured."""
    run()
    times = []
    for _ in range(RUNS):
        gc.collect()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def _read_all(coach: Coach, user: UserRef) -> list[dict]:
    with coach.store.session(user) as data:
        return data.all("contacts")


def _each(step: Callable[[dict], object], docs: list[dict]) -> list:
    return [step(doc) for doc in docs]


def _round_trip(doc: dict) -> dict:
    return Contact.load(doc).dump()


def _records(coach: Coach, user: UserRef) -> None:
    """Each step over every contact, timed inside one open session against reading all contacts in it."""
    print(f"\n| {RECORDS:,} contacts | median ms | µs a contact | baseline: read all contacts, ms | ratio |")
    print("|---|---:|---:|---:|---:|")
    with coach.store.session(user) as data:
        docs = data.all("contacts")
        base = _median_ms(partial(data.all, "contacts"))
        steps = {"`Contact.load` of each document": partial(_each, Contact.load, docs),
                 "`Contact.load` then `dump`": partial(_each, _round_trip, docs),
                 "`all_contacts`": partial(all_contacts, Ctx(user=user, data=data, now=NOW))}
        for name, step in steps.items():
            ours = _median_ms(step)
            print(f"| {name} | {ours:.1f} | {ours * 1000 / RECORDS:.1f} | {base:.2f} | {ours / base:.0f}x |")


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
            if size == RECORDS and all_contacts is not None:
                _records(coach, user)
            coach.close()


if __name__ == "__main__":
    main()
