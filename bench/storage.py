"""Does one user's command cost depend on how many other users there are?

    python -m bench.storage [--samples 200] [--stock-users 2000] [--stock-samples 5]

Builds a data directory of 2,000 users x 250 contacts (files in exactly the format
`TinyStore` writes, plus the due index) and one of 20 users x 250, then times `add` and
`followups` for one user through `Coach.handle` in each, alternating between the two
directories sample by sample so that drift in the disk or CPU falls on both. The same two
operations then run
on stock TinyDB: one `JSONStorage` file holding every user's contacts in one table, as a
bot would have it without sharding. The stock rows time the bare TinyDB call (one insert,
one search with TinyDB's query cache off, since any user's write empties it), which is less
work than a full command, so they understate the stock cost.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from tinydb import Query, TinyDB

from bot.app import open_coach
from bot.storage import DIR_MODE, FILE_MODE, META, DueIndex, TinyStore, user_file
from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.store import SCHEMA_VERSION

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
CONTACTS = 250
OPEN_FOLLOWUPS = 3  # most follow-ups of a year's contacts are long done
FIRST_TOUCHES = 20  # users read from disk for the first time, in each community
PLACES = ("PyCon", "a dinner party", "the data meetup", "LinkedIn", "a trade show", "the climbing gym")


def user_ref(n: int) -> UserRef:
    return UserRef("bench", "W1", f"user{n:05d}")


def contact_doc(user: int, n: int) -> dict:
    met_on = NOW - timedelta(hours=12 + (CONTACTS - n) * 35)
    open_ = n >= CONTACTS - OPEN_FOLLOWUPS
    followup = {"status": "open", "due": (met_on + timedelta(hours=24)).isoformat(),
                "overdue": (met_on + timedelta(hours=48)).isoformat()}
    if not open_:
        followup |= {"status": "done", "done_at": (met_on + timedelta(hours=30)).isoformat(), "on_time": True}
    return {
        "id": f"{user:05x}{n:03x}",
        "name": f"Person{n} Surname{user}",
        "company": f"Company {n % 40}",
        "role": "engineer",
        "email": f"p{n}@example.com",
        "url": "",
        "phone": "",
        "met_at": PLACES[n % len(PLACES)],
        "met_on": met_on.isoformat(),
        "kind": "professional",
        "tags": ["bench", f"t{n % 7}"],
        "notes": [{"at": met_on.isoformat(), "text": f"works on project {n}, wants intros to data teams"}],
        "created": met_on.isoformat(),
        "last_contact": met_on.isoformat(),
        "source": "chat",
        "followup": followup,
        "v": SCHEMA_VERSION,
    }


def user_tables(user: int) -> tuple[dict, datetime | None]:
    """One user's TinyDB tables, as `TinyStore` stores them, and their next due time."""
    contacts = [contact_doc(user, n) for n in range(CONTACTS)]
    events = [{"id": f"e{c['id']}", "type": "added", "contact": c["id"], "at": c["created"], "v": SCHEMA_VERSION}
              for c in contacts]
    due = min((datetime.fromisoformat(c["followup"]["due"]) for c in contacts if c["followup"]["status"] == "open"),
              default=None)
    meta = {"id": "meta", "next_due": due.isoformat() if due else None, "user": user_ref(user).key, "v": SCHEMA_VERSION}
    tables = {
        "contacts": {str(i): doc for i, doc in enumerate(contacts, 1)},
        "events": {str(i): doc for i, doc in enumerate(events, 1)},
        META: {"1": meta},
    }
    return tables, due


def build_sharded(root: Path, users: int) -> None:
    """Write the user files and the due index directly: the same bytes `TinyStore` would write, much faster."""
    root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    (root / "users").mkdir(exist_ok=True, mode=DIR_MODE)
    index = DueIndex(root / "due.sqlite")
    for user in range(users):
        tables, due = user_tables(user)
        key = user_ref(user).key
        path = user_file(root, key)
        path.parent.mkdir(exist_ok=True, mode=DIR_MODE)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(orjson.dumps(tables))
        index.set(key, due)
    index.close()


def build_stock(path: Path, users: int) -> int:
    """Every user's contacts in one stock TinyDB file, one table, a `user` field on each document."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"contacts":{')
        doc_id = 0
        for user in range(users):
            key = user_ref(user).key
            for n in range(CONTACTS):
                doc_id += 1
                handle.write(("," if doc_id > 1 else "") + f'"{doc_id}":')
                handle.write(json.dumps({**contact_doc(user, n), "user": key}, separators=(",", ":")))
        handle.write("}}")
    return doc_id


def timed(call: Callable[[int], object], samples: int) -> list[float]:
    times = []
    for i in range(samples):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def settle_disk() -> None:
    """Flush the setup's hundreds of MB before timing, so fsyncs measure our writes, not its writeback."""
    os.sync()
    time.sleep(2)


def put_one(store: TinyStore, user: UserRef, i: int) -> None:
    """The storage layer alone, without the engine's parsing and due-time rules."""
    with store.session(user) as data:
        data.put("contacts", {**contact_doc(0, i), "id": f"store{i}"})


def timed_pair(call: Callable[[Coach, UserRef, int], object], small: tuple[Coach, list[UserRef]],
               large: tuple[Coach, list[UserRef]], samples: int) -> tuple[list[float], list[float]]:
    """Alternate the two stores sample by sample, so drift in the disk or the CPU lands on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(samples):
        for side, (coach, users) in enumerate((small, large)):
            start = time.perf_counter()
            call(coach, users[i % len(users)], i)
            times[side].append((time.perf_counter() - start) * 1000)
    return times


def build(users: int, work: Path) -> Path:
    root = work / f"sharded-{users}"
    start = time.perf_counter()
    build_sharded(root, users)
    print(f"built {users:,} users x {CONTACTS} contacts (sharded) in {time.perf_counter() - start:.1f} s", flush=True)
    return root


def run_sharded(small_users: int, large_users: int, samples: int, work: Path) -> tuple[dict, dict]:
    """The same operations on the small and the large community, interleaved."""
    roots = build(small_users, work), build(large_users, work)
    settle_disk()
    coaches = [open_coach(root, clock=lambda: NOW) for root in roots]
    try:
        target = [(coach, [user_ref(users // 2)]) for coach, users in zip(coaches, (small_users, large_users), strict=True)]
        fresh = [(coach, [user_ref(n) for n in random.Random(users).sample(range(users), FIRST_TOUCHES)])
                 for coach, users in zip(coaches, (small_users, large_users), strict=True)]
        operations = {
            "followups, first touch of a user (file read)": (lambda c, u, i: c.handle(u, "followups"), fresh, FIRST_TOUCHES),
            "add": (lambda c, u, i: c.handle(u, f"add Bench Person{i}, met at PyCon yesterday, works on ML"), target, samples),
            "followups": (lambda c, u, i: c.handle(u, "followups"), target, samples),
            "store only: one put in a session (durable write)": (lambda c, u, i: put_one(c.store, u, i), target, samples),
        }
        results: tuple[dict, dict] = ({}, {})
        for name, (call, sides, count) in operations.items():
            results[0][name], results[1][name] = timed_pair(call, sides[0], sides[1], count)
    finally:
        for coach in coaches:
            coach.close()
    return results


def run_stock(users: int, samples: int, work: Path) -> dict[str, list[float]]:
    path = work / f"stock-{users}.json"
    start = time.perf_counter()
    docs = build_stock(path, users)
    settle_disk()
    size = path.stat().st_size / 1e6
    print(f"built stock TinyDB, {docs:,} documents in one {size:.0f} MB file, in {time.perf_counter() - start:.1f} s",
          flush=True)
    db = TinyDB(path)
    table = db.table("contacts", cache_size=0)
    key = user_ref(users // 2).key
    found = Query()
    try:
        return {
            "add": timed(lambda i: table.insert({**contact_doc(users // 2, CONTACTS + i), "user": key}), samples),
            "followups": timed(lambda i: table.search((found.user == key) & (found.followup.status == "open")), samples),
        }
    finally:
        db.close()
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=2_000)
    parser.add_argument("--small-users", type=int, default=20)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--stock-users", type=int, default=2_000)
    parser.add_argument("--stock-samples", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        work = Path(tmp)
        rows: list[tuple[str, str, list[float]]] = []
        small, large = run_sharded(args.small_users, args.users, args.samples, work)
        for op in large:
            rows.append((f"sharded, {args.small_users:,} users", op, small[op]))
            rows.append((f"sharded, {args.users:,} users", op, large[op]))
        stock_small = run_stock(args.small_users, args.stock_samples, work)
        stock_large = run_stock(args.stock_users, args.stock_samples, work)
        for op in stock_large:
            rows.append((f"stock TinyDB, {args.small_users:,} users", op, stock_small[op]))
            rows.append((f"stock TinyDB, {args.stock_users:,} users", op, stock_large[op]))

    print(f"\n{CONTACTS} contacts per user; times in ms.\n")
    print("| storage | operation | samples | p50 | p99 |")
    print("|---|---|---:|---:|---:|")
    for storage, op, times in rows:
        print(f"| {storage} | {op} | {len(times)} | {p(times, 0.5):.2f} | {p(times, 0.99):.2f} |")
    print("\nlarge / small (p50):")
    for op in large:
        print(f"- sharded, {op}: {statistics.median(large[op]) / statistics.median(small[op]):.2f}")
    for op in stock_large:
        print(f"- stock TinyDB, {op}: {statistics.median(stock_large[op]) / statistics.median(stock_small[op]):.1f}")


if __name__ == "__main__":
    main()
