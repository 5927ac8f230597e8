"""Several real `coach run` processes on one PostgreSQL database, driven like Slack drives them:
signed requests in over HTTP, Web API calls out to a fake Slack on loopback.

Every wait here is bounded; the figures are generous because the machine may be busy."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import psycopg
import pytest
from aiohttp import web

from bot.app import open_coach
from coaching.community import ChannelSchedule
from coaching.model import UserRef

from .fake_slack import SECRET, FakeSlack, SlackSender

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60.0
DELIVERY_SECONDS = 60.0
SETTLE_SECONDS = 3.0  # after everything arrived: long enough for every replica to sweep again
LEASE_SECONDS = 3
LONG_LEASE_SECONDS = 600  # longer than any wait here: only a claim given back lets another replica in
HOURLY = ChannelSchedule.from_config("slack", "C1", "0 * * * *", "UTC", "tip")


class CountingSlack(FakeSlack):
    """The fake Slack, counting the messages it accepted; while `holding`, it never answers a post (a stuck send)."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = False
        self.held = 0
        self.posted: Counter[str] = Counter()  # channel -> messages accepted
        self._let_go = asyncio.Event()

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "chat.postMessage":
            return await super()._api(request)
        if self.holding:
            self.held += 1
            await self._let_go.wait()
            return web.json_response({"ok": False, "error": "fatal_error"})
        response = await super()._api(request)
        if json.loads(response.text)["ok"]:
            self.posted[self.calls[-1].args["channel"]] += 1
        return response

    async def stop(self) -> None:
        self._let_go.set()
        await super().stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Replica:
    """One `coach run` process in Slack HTTP mode on its own port, sharing the database."""

    def __init__(self, tmp: Path, name: str, fake: FakeSlack, database_url: str, *, channel_post: bool = False,
                 lease: int = LEASE_SECONDS) -> None:
        self.port = free_port()
        self.config = tmp / f"{name}.toml"
        nudge = (f'[[channel_nudges]]\nplatform = "slack"\nchannel = "{HOURLY.channel}"\ncron = "{HOURLY.cron}"\n'
                 if channel_post else "")
        self.config.write_text(
            f'[coach]\ndata_dir = "{name}-data"\nsweep_seconds = 1\nsend_lease_seconds = {lease}\n'
            f'[slack]\nmode = "http"\nport = {self.port}\napi_url = "{fake.api_url}"\n[discord]\nenabled = false\n{nudge}')
        env = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": fake.bot_token,
               "SLACK_SIGNING_SECRET": SECRET, "DISCORD_TOKEN": ""}
        self.log = (tmp / f"{name}.log").open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--config", str(self.config)],
                                        cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.sender = SlackSender(f"http://127.0.0.1:{self.port}/slack/events", fake.url)

    async def ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                assert self.process.poll() is None, f"the replica exited: {self.config.with_suffix('.log').read_text()}"
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
        raise AssertionError(f"the replica on port {self.port} never became healthy")

    def stop(self) -> int:
        """SIGTERM, as an orchestrator stops it: it drains and exits by itself."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
        return self.process.returncode


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


def people(count: int) -> list[UserRef]:
    return [UserRef("slack", "T1", f"U{n:03}") for n in range(count)]


async def test_commands_for_the_same_people_through_three_replicas_all_take_effect(
        start, fake: CountingSlack, pg_url: str, data_dir: Path) -> None:
    replicas = start(3)
    await all_ready(replicas)
    everyone = people(4)
    per_person = 9
    keys = []

    async def send(n: int, person: UserRef) -> None:
        key = f"{person.user_id}-{n}"
        keys.append(key)
        status, _ = await replicas[n % 3].sender.command(f"add Contact {person.user_id} {n}", user=person.user_id,
                                                         key=key)
        assert status == 200

    await asyncio.gather(*(send(n, person) for person in everyone for n in range(per_person)))
    await until(lambda: len(fake.responses) >= len(keys), "every command answered")
    answers = dict(fake.responses)
    assert all("Added Contact" in answers[key]["text"] for key in keys), [answers[k]["text"] for k in keys][:3]
    coach = open_coach(data_dir, database_url=pg_url)
    try:
        for person in everyone:
            with coach.store.session(person) as data:
                contacts = data.all("contacts")
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
    assert set(fake.posted.values()) == {1}, "each person got exactly one message"
    assert [replica.stop() for replica in replicas] == [0, 0, 0], "SIGTERM drains and exits cleanly"


async def test_a_replica_killed_mid_send_has_its_people_served_by_the_others(
        start, fake: CountingSlack, pg_url: str, data_dir: Path) -> None:
    everyone = people(20)
    seed_due_followups(pg_url, data_dir, everyone)
    fake.holding = True
    [doomed] = start(1)
    await until(lambda: fake.held > 0, "the first replica is mid-send", timeout=START_SECONDS)
    doomed.process.kill()
    doomed.process.wait(timeout=10)
    fake.holding = False
    survivors = start(2)
    await all_ready(survivors)
    await until(lambda: len(fake.posted) == len(everyone), "every person served after the dead replica's lease")
    await asyncio.sleep(SETTLE_SECONDS)
    assert set(fake.posted.values()) == {1}
    assert fake.held >= 1


async def test_a_replica_stopped_mid_send_gives_its_people_back_without_waiting_for_the_lease(
        start, fake: CountingSlack, pg_url: str, data_dir: Path) -> None:
    everyone = people(20)
    seed_due_followups(pg_url, data_dir, everyone)
    fake.holding = True
    [stopping] = start(1, lease=LONG_LEASE_SECONDS)
    await until(lambda: fake.held > 0, "the replica is mid-send", timeout=START_SECONDS)
    assert stopping.stop() == 0, "SIGTERM: it drains, gives back what it holds, and exits cleanly"
    fake.holding = False
    successors = start(1, lease=LONG_LEASE_SECONDS)
    await all_ready(successors)
    await until(lambda: len(fake.posted) == len(everyone), "every person served long before the lease ends")
    await asyncio.sleep(SETTLE_SECONDS)
    assert set(fake.posted.values()) == {1}


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
