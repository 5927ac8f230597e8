"""Several replicas on PostgreSQL against one TinyDB process: throughput, command latency, and the sweep.

    python -m bench.replicas [--server postgresql://postgres@127.0.0.1:5432/postgres]

Each part runs in databases it creates on that server and drops at the end.

1. Requests per second: real `coach run` processes in Slack HTTP mode, fed signed `/coach`
   commands (`add` and `followups`, alternating, for 40 people) by a client keeping 24 in
   flight, answers counted at a fake Slack on loopback. One TinyDB process is the baseline.
2. `add` and `followups` latency (p50, p99) through `Coach.handle` in one process, on each store,
   for people who already have 10 contacts each.
3. The sweep: first both stores at bench.sweep's 10,000 people with 100 due, one process each (the
   baseline); then 100,000 people with 1% due, in one, two and three processes started together:
   wall time until every due nudge is built, recorded, delivered (to nowhere) and marked sent,
   and how many each process sent (they must add up to the due count, each sent once).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from bench.sweep import Discard, populate, timed_sweep
from bot.app import open_coach
from bot.scheduler import NudgeScheduler
from coaching.core.model import UserRef
from tests.coach_processes import CountingSlack, Replica

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 6, 3, 12, tzinfo=UTC)
HTTP_PEOPLE, HTTP_COMMANDS, IN_FLIGHT = 40, 600, 24
LATENCY_PEOPLE, LATENCY_CONTACTS, LATENCY_CALLS = 200, 10, 300
SWEEP_PEOPLE, SWEEP_DUE = 100_000, 1_000
BASELINE_SWEEP = (10_000, 100)


@contextmanager
def database(server: str, name: str, template: str | None = None) -> Iterator[str]:
    """A database made for this bench (optionally a copy of `template`), dropped afterwards."""
    with psycopg.connect(server, autocommit=True) as admin:
        query = "CREATE DATABASE {} TEMPLATE {}" if template else "CREATE DATABASE {}"
        admin.execute(sql.SQL(query).format(*map(sql.Identifier, filter(None, (name, template)))))
        try:
            yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
        finally:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


# 1. Requests per second over HTTP


async def _throughput(tmp: Path, database_url: str | None, replicas: int) -> float:
    fake = CountingSlack()
    await fake.start()
    running = [Replica(tmp, f"{'pg' if database_url else 'tiny'}{replicas}-{n}", fake, database_url)
               for n in range(replicas)]
    try:
        await asyncio.gather(*(replica.ready() for replica in running))
        limit = asyncio.Semaphore(IN_FLIGHT)

        async def command(n: int) -> None:
            person = f"U{n % HTTP_PEOPLE:03}"
            text = f"add Contact {n}, met at a meetup" if n % 2 == 0 else "followups"
            async with limit:
                status, _ = await running[n % replicas].sender.command(text, user=person, key=f"k{n}")
                assert status == 200

        start = time.perf_counter()
        await asyncio.gather(*(command(n) for n in range(HTTP_COMMANDS)))
        deadline = time.monotonic() + 300
        while len(fake.responses) < HTTP_COMMANDS:  # acknowledged at once; the answers follow on response_url
            assert time.monotonic() < deadline, "not every command was answered"
            await asyncio.sleep(0.005)
        return HTTP_COMMANDS / (time.perf_counter() - start)
    finally:
        for replica in running:
            replica.stop()
        await fake.stop()


def throughput(server: str) -> None:
    print(f"\n1. /coach over HTTP: {HTTP_COMMANDS} commands (add, followups) for {HTTP_PEOPLE} people, "
          f"{IN_FLIGHT} in flight")
    print(f"{'store':<26} {'requests/s':>10}")
    with tempfile.TemporaryDirectory(prefix="bench-replicas-") as tmp:
        baseline = asyncio.run(_throughput(Path(tmp), None, 1))
        print(f"{'TinyDB, 1 process':<26} {baseline:>10.1f}")
        for count in (1, 2, 3):
            with database(server, f"bench_http_{count}") as url:
                rate = asyncio.run(_throughput(Path(tmp), url, count))
            print(f"{f'PostgreSQL, {count} replica(s)':<26} {rate:>10.1f}   ({rate / baseline:.2f}x TinyDB)")


# 2. Latency of add and followups


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def _latency(open_: Callable[[], object]) -> dict[str, tuple[float, float]]:
    coach = open_()
    people = [UserRef("bench", "W", f"p{n:04}") for n in range(LATENCY_PEOPLE)]
    try:
        for person in people:
            for n in range(LATENCY_CONTACTS):
                coach.handle(person, f"add Known {n}, met at a meetup")
        chooser = random.Random(7)
        timings: dict[str, list[float]] = {"add": [], "followups": []}
        for n in range(LATENCY_CALLS):
            for verb, text in (("add", f"add New Person {n}, met at PyCon"), ("followups", "followups")):
                person = chooser.choice(people)
                start = time.perf_counter()
                coach.handle(person, text)
                timings[verb].append(1000 * (time.perf_counter() - start))
        return {verb: _percentiles(samples) for verb, samples in timings.items()}
    finally:
        coach.close()


def latency(server: str) -> None:
    print(f"\n2. Coach.handle in one process: {LATENCY_PEOPLE} people with {LATENCY_CONTACTS} contacts each, "
          f"{LATENCY_CALLS} calls of each command")
    print(f"{'store':<12} {'add p50':>8} {'add p99':>8} {'followups p50':>14} {'followups p99':>14}  (ms)")
    clock = lambda: NOW  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        tiny = _latency(lambda: open_coach(Path(tmp) / "data", clock=clock, database_url=""))
    with database(server, "bench_latency") as url:
        pg = _latency(lambda: open_coach(".", clock=clock, database_url=url))
    for name, figures in (("TinyDB", tiny), ("PostgreSQL", pg)):
        print(f"{name:<12} {figures['add'][0]:>8.2f} {figures['add'][1]:>8.2f} "
              f"{figures['followups'][0]:>14.2f} {figures['followups'][1]:>14.2f}")


# 3. The sweep at 100,000 people


def seed_sweep(url: str) -> None:
    """100,000 people written with COPY from two people the engine made: 1% met 25 h ago (due), the rest 2 h ago."""
    templates = {}
    for kind, met in (("due", NOW - timedelta(hours=25)), ("later", NOW - timedelta(hours=2))):
        person = UserRef("bench", "W", f"template-{kind}")
        coach = open_coach(".", clock=lambda met=met: met, database_url=url)
        try:
            coach.handle(person, "add Contact, met at a meetup")
            coach.clock = lambda: NOW - timedelta(minutes=90)
            coach.due_nudges(coach.clock())
            with coach.store.session(person) as data:
                due = data.next_due
        finally:
            coach.close()
        with psycopg.connect(url) as conn:
            rows = conn.execute("SELECT tbl, id, doc::text FROM coach_docs WHERE user_key = %s ORDER BY seq",
                                (person.key,)).fetchall()
        templates[kind] = (rows, due)
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE coach_docs, coach_users")
        with conn.cursor() as cur:
            with cur.copy("COPY coach_users (user_key, next_due) FROM STDIN") as copy:
                for n in range(SWEEP_PEOPLE):
                    copy.write_row((f"bench:W:u{n:06}", templates["due" if n < SWEEP_DUE else "later"][1]))
            with cur.copy("COPY coach_docs (user_key, tbl, id, doc) FROM STDIN") as copy:
                for n in range(SWEEP_PEOPLE):
                    for row in templates["due" if n < SWEEP_DUE else "later"][0]:
                        copy.write_row((f"bench:W:u{n:06}", *row))
        conn.execute("ANALYZE")


def _sweep_in_process(url: str, ready: multiprocessing.Barrier, results: multiprocessing.Queue) -> None:
    coach = open_coach(".", clock=lambda: NOW, database_url=url)
    try:
        scheduler = NudgeScheduler(coach, {"bench": Discard()})
        ready.wait()
        start = time.perf_counter()
        outcome = asyncio.run(scheduler.sweep())
        results.put((time.perf_counter() - start, outcome["sent"]))
    finally:
        coach.close()


def sweep_baseline(server: str) -> None:
    """Both stores at bench.sweep's 10,000 people with 100 due, seeded through the engine, one process each."""
    people, due = BASELINE_SWEEP
    print(f"\n3a. One sweep, one process, {people:,} people with {due} due, seeded through the engine (bench.sweep)")
    print(f"{'store':<12} {'sweep (s)':>10} {'per due (ms)':>13} {'sent':>5}")
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        populate(Path(tmp) / "data", people, due)
        tiny, _, tiny_sent = timed_sweep(Path(tmp) / "data")
    with database(server, "bench_sweep_baseline") as url:
        populate(Path("."), people, due, database_url=url)
        pg, _, pg_sent = timed_sweep(Path("."), database_url=url)
    print(f"{'TinyDB':<12} {tiny:>10.3f} {1000 * tiny / max(tiny_sent, 1):>13.2f} {tiny_sent:>5}")
    print(f"{'PostgreSQL':<12} {pg:>10.3f} {1000 * pg / max(pg_sent, 1):>13.2f} {pg_sent:>5}   ({pg / tiny:.1f}x TinyDB)")


def sweep(server: str) -> None:
    sweep_baseline(server)
    print(f"\n3b. The sweep: {SWEEP_PEOPLE:,} people, {SWEEP_DUE:,} due, in processes started together")
    with database(server, "bench_sweep_seed") as seed_url:
        start = time.perf_counter()
        seed_sweep(seed_url)
        print(f"(seeded in {time.perf_counter() - start:.1f} s)")
        print(f"{'processes':>9} {'wall (s)':>9} {'sent by each':>22} {'sent':>6}")
        for count in (1, 2, 3):  # each run on a fresh copy of the seeded database

            with database(server, f"bench_sweep_{count}", template="bench_sweep_seed") as url:
                ready = multiprocessing.Barrier(count)
                results: multiprocessing.Queue = multiprocessing.Queue()
                workers = [multiprocessing.Process(target=_sweep_in_process, args=(url, ready, results))
                           for _ in range(count)]
                for worker in workers:
                    worker.start()
                figures = [results.get(timeout=600) for _ in workers]
                for worker in workers:
                    worker.join(timeout=60)
            wall = max(seconds for seconds, _ in figures)
            sent = [n for _, n in figures]
            print(f"{count:>9} {wall:>9.2f} {' + '.join(map(str, sent)):>22} {sum(sent):>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=SERVER, help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument("--part", choices=("http", "latency", "sweep"), action="append",
                        help="run only this part (repeatable)")
    args = parser.parse_args()
    parts = {"http": throughput, "latency": latency, "sweep": sweep}
    for name in args.part or parts:
        parts[name](args.server)


if __name__ == "__main__":
    main()
