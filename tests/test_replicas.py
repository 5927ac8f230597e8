"""Several real `coach run` processes on one PostgreSQL database, driven like Slack drives them:
signed requests in over HTTP, Web API calls out to a fake Slack on loopback.

Every wait here is bounded; the figures are generous because the machine may be busy."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from bot.app import open_coach
from coaching.core.model import UserRef
from coaching.testing import records

from .coach_processes import HOURLY, LEASE_SECONDS, START_SECONDS, CountingSlack, Replica

DELIVERY_SECONDS = 60.0
UNREAD_SECONDS = 0.5  # for the fake Slack to read whatever a replica wrote just before it died
SETTLE_SECONDS = 3.0  # after everything arrived: long enough for every replica to sweep again
KILL_LEASE_SECONDS = 5  # the killed replica's sends would give up after 3/4 of it: it is killed well before
LONG_LEASE_SECONDS = 600  # longer than any wait here: only a claim given back lets another replica in


@pytest.fixture
async def fake() -> AsyncIterator[CountingSlack]:
    server = CountingSlack()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def start(tmp_path: Path, fake: CountingSlack, pg_url: str) -> Iterator[Callable[..., list[Replica]]]:
    """Starts replicas (all at once, like a deployment) and stops every one at the end."""
    running: list[Replica] = []

    def start_(count: int, *, channel_post: bool = False, lease: int = LEASE_SECONDS) -> list[Replica]:
        started = [Replica(tmp_path, f"r{len(running) + n}", fake, pg_url, channel_post=channel_post, lease=lease)
                   for n in range(count)]
        running.extend(started)
        return started

    yield start_
    for replica in running:
        replica.stop()


async def all_ready(replicas: list[Replica]) -> None:
    await asyncio.gather(*(replica.ready() for replica in replicas))


async def until(check: Callable[[], bool], what: str, timeout: float = DELIVERY_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        await asyncio.sleep(0.1)


def seed_due_followups(pg_url: str, data_dir: Path, people: list[UserRef]) -> None:
    """People who met someone two days ago and have not followed up: each is owed one nudge now."""
    past = datetime.now(UTC) - timedelta(days=2)
    coach = open_coach(data_dir, clock=lambda: past, database_url=pg_url)
    try:
        for n, person in enumerate(people):
            coach.handle(person, "quiet off")  # so the test passes at any hour
            coach.handle(person, f"add Person {n}, met at PyCon")
    finally:
        coach.close()


def assert_each_once(fake: CountingSlack) -> None:
    """Each person got exactly one message; if not, say what the repeats were."""
    twice = {channel for channel, count in fake.posted.items() if count > 1}
    assert not twice, [(c.args["channel"], c.args.get("text", "")[:100]) for c in fake.calls
                       if c.method == "chat.postMessage" and c.args["channel"] in twice]


def people(count: int) -> list[UserRef]:
    return [UserRef("slack", "T1", f"U{n:03}") for n in range(count)]


@pytest.mark.parametrize("count", [2, 3])
async def test_commands_for_the_same_people_through_several_replicas_all_take_effect(
        start, fake: CountingSlack, pg_url: str, data_dir: Path, count: int) -> None:
    replicas = start(count)
    await all_ready(replicas)
    everyone = people(4)
    per_person = 9
    keys = []

    async def send(n: int, person: UserRef) -> None:
        key = f"{person.user_id}-{n}"
        keys.append(key)
        status, _ = await replicas[n % count].sender.command(f"add Contact {person.user_id} {n}", user=person.user_id,
                                                         key=key)
        assert status == 200

    await asyncio.gather(*(send(n, person) for person in everyone for n in range(per_person)))
    await until(lambda: len(fake.responses) >= len(keys), "every command answered")
    answers = dict(fake.responses)
    assert all("Added Contact" in answers[key]["text"] for key in keys), [answers[k]["text"] for k in keys][:3]
    coach = open_coach(data_dir, database_url=pg_url)
    try:
        for person in everyone:
            contacts = records(coach, person, "contacts")
            assert sorted(c["name"] for c in contacts) == sorted(f"Contact {person.user_id} {n}" for n in range(per_person))
            assert len({c["id"] for c in contacts}) == per_person, "no two contacts share an id"
    finally:
        coach.close()


async def test_fifty_due_followups_are_each_sent_once_while_every_replica_sweeps(
        start, fake: CountingSlack, pg_url: str, data_dir: Path) -> None:
    everyone = people(50)
    seed_due_followups(pg_url, data_dir, everyone)
    replicas = start(3)
    await all_ready(replicas)
    await until(lambda: len(fake.posted) == len(everyone), "a nudge for every person")
    await asyncio.sleep(SETTLE_SECONDS)
    assert set(fake.posted) == {f"D{person.user_id}" for person in everyone}
    assert_each_once(fake)
    assert [replica.stop() for replica in replicas] == [0, 0, 0], "SIGTERM drains and exits cleanly"


async def test_a_replica_killed_mid_send_has_its_people_served_by_the_others(
        start, fake: CountingSlack, pg_url: str, data_dir: Path) -> None:
    everyone = people(20)
    seed_due_followups(pg_url, data_dir, everyone)
    fake.holding = True
    [doomed] = start(1, lease=KILL_LEASE_SECONDS)
    await until(lambda: fake.held > 0, "the first replica is mid-send", timeout=START_SECONDS)
    await doomed.killed()
    await asyncio.sleep(UNREAD_SECONDS)  # what the dead process wrote last is read, and held, before holding stops
    fake.holding = False
    survivors = start(2, lease=KILL_LEASE_SECONDS)
    await all_ready(survivors)
    await until(lambda: len(fake.posted) == len(everyone), "every person served after the dead replica's lease")
    await asyncio.sleep(SETTLE_SECONDS)
    assert_each_once(fake)
    assert fake.held >= 1


async def test_a_replica_stopped_mid_send_gives_its_people_back_without_waiting_for_the_lease(
        start, fake: CountingSlack, pg_url: str, data_dir: Path) -> None:
    everyone = people(20)
    seed_due_followups(pg_url, data_dir, everyone)
    fake.holding = True
    [stopping] = start(1, lease=LONG_LEASE_SECONDS)
    await until(lambda: fake.held > 0, "the replica is mid-send", timeout=START_SECONDS)
    assert await stopping.stopped() == 0, "SIGTERM: it drains, gives back what it holds, and exits cleanly"
    await each_served_once_by_a_successor(start, fake, everyone)


async def test_a_replica_stopped_as_its_first_post_leaves_has_that_post_held_not_delivered_late(
        start, fake: CountingSlack, pg_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM lands just after Slack opened the first DM, while the post to it is on its way (a busy machine's timing).

    The post reaches the fake during the drain and must be held there like the others: the replica gives its
    claim back, so a post read only after the test stops holding would reach the person a second time.
    """
    everyone = people(20)
    seed_due_followups(pg_url, data_dir, everyone)
    fake.holding = True
    [stopping] = start(1, lease=LONG_LEASE_SECONDS)
    first_dm = asyncio.Event()
    open_dm = fake._m_conversations_open

    def opened(args: dict) -> dict:
        if not first_dm.is_set():
            first_dm.set()
            asyncio.get_running_loop().call_later(0.002, stopping.process.send_signal, signal.SIGTERM)
        return open_dm(args)

    monkeypatch.setattr(fake, "_m_conversations_open", opened)
    await asyncio.wait_for(first_dm.wait(), START_SECONDS)
    assert await stopping.stopped() == 0, "SIGTERM (a second one changes nothing): it drains and exits cleanly"
    await each_served_once_by_a_successor(start, fake, everyone)


async def each_served_once_by_a_successor(start, fake: CountingSlack, everyone: list[UserRef]) -> None:
    """After a replica stopped mid-send: the fake answers again, a successor starts, and each person gets one message."""
    fake.holding = False
    successors = start(1, lease=LONG_LEASE_SECONDS)
    await all_ready(successors)
    await until(lambda: len(fake.posted) == len(everyone), "every person served long before the lease ends")
    await asyncio.sleep(SETTLE_SECONDS)
    assert_each_once(fake)


async def test_a_channel_post_goes_out_once_with_three_replicas(start, fake: CountingSlack, pg_url: str,
                                                                data_dir: Path) -> None:
    hour_and_a_half_ago = datetime.now(UTC) - timedelta(minutes=90)
    coach = open_coach(data_dir, clock=lambda: hour_and_a_half_ago, database_url=pg_url)
    coach.channel_last_posted(HOURLY)  # first seen then: the hourly post since is owed
    coach.close()
    replicas = start(3, channel_post=True)
    await all_ready(replicas)
    await until(lambda: fake.posted[HOURLY.channel] > 0, "the channel post")
    await asyncio.sleep(SETTLE_SECONDS)
    assert fake.posted[HOURLY.channel] == 1
    with psycopg.connect(pg_url) as conn:
        [state] = conn.execute("SELECT doc FROM coach_docs WHERE tbl = 'channel_state'").fetchone()
    assert "claim" not in state and datetime.fromisoformat(state["last"]) > hour_and_a_half_ago
