"""Engine calls run off the event loop: one person's stuck command holds up no one else,
and one person's messages are still handled one at a time, in the order they came."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import discord.ext.test as dpytest
import pytest

from adapters.discord_bot import create_bot
from adapters.lanes import Lanes
from adapters.slack import build_slack_app
from bot.config import SlackSettings
from bot.cron import check_cron
from bot.storage import TinyStore
from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.features import FEATURES
from tests.fake_slack import SECRET, FakeSlack, SlackSender
from tests.test_discord_bot import dm, person

HELD = UserRef("slack", "T1", "U1")
GATE_SECONDS = 10.0


class GatedStore(TinyStore):
    """The real store, except that one person's sessions wait at a gate: a command as slow as the test likes."""

    def __init__(self, root: Path, held: UserRef) -> None:
        super().__init__(root)
        self.held = held
        self.gate = threading.Event()
        self.entered = threading.Event()

    def session(self, user: UserRef):
        if user == self.held and not self.gate.is_set():
            self.entered.set()
            self.gate.wait(GATE_SECONDS)
        return super().session(user)


async def test_calls_for_one_key_keep_their_order_and_other_keys_run_meanwhile() -> None:
    lanes = Lanes(4)
    release = threading.Event()
    done: list[str] = []

    def step(name: str, wait: threading.Event | None = None) -> str:
        if wait is not None:
            wait.wait(GATE_SECONDS)
        done.append(name)
        return name

    try:
        first = asyncio.create_task(lanes.run("ann", step, "ann 1", release))
        second = asyncio.create_task(lanes.run("ann", step, "ann 2"))
        assert await asyncio.wait_for(lanes.run("bob", step, "bob"), GATE_SECONDS / 2) == "bob"
        assert done == ["bob"] and not first.done() and not second.done()
        release.set()
        assert await asyncio.gather(first, second) == ["ann 1", "ann 2"]
        assert done == ["bob", "ann 1", "ann 2"]
    finally:
        release.set()
        lanes.close()


async def test_a_caller_that_stops_waiting_still_holds_the_lane_until_its_call_ends() -> None:
    lanes = Lanes(4)
    release = threading.Event()
    running = threading.Event()
    overlap: list[bool] = []

    def slow() -> None:
        running.set()
        release.wait(GATE_SECONDS)
        running.clear()

    def quick() -> None:
        overlap.append(running.is_set())

    try:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(lanes.run("ann", slow), 0.2)
        after = asyncio.create_task(lanes.run("ann", quick))
        await asyncio.sleep(0.2)
        assert not after.done()
        release.set()
        await after
        assert overlap == [False]
    finally:
        release.set()
        lanes.close()


@pytest.fixture
async def fake():
    server = FakeSlack()
    await server.start()
    server.add_user("U1", "T1")
    server.add_user("U2", "T1")
    yield server
    await server.stop()


async def test_a_stuck_command_holds_up_neither_slack_nor_discord(fake, tmp_path, clock) -> None:
    store = GatedStore(tmp_path / "data", HELD)
    coach = Coach(store, clock, features=FEATURES, cron_check=check_cron)
    lanes = Lanes(4)
    settings = SlackSettings(mode="http", port=0, api_url=fake.api_url, bot_token=fake.bot_token, signing_secret=SECRET)
    slack = build_slack_app(coach, settings, host="127.0.0.1", lanes=lanes)
    await slack.start()
    bot = create_bot(coach, sync_commands=False, lanes=lanes)
    await bot._async_setup_hook()
    dpytest.configure(bot)
    sender = SlackSender(f"http://127.0.0.1:{slack.port}/slack/events", fake.url)

    def answered(key: str):
        return next((body for k, body in fake.responses if k == key), None)

    try:
        assert await sender.command("add Priya Shah, met at PyCon", user="U1", key="held") == (200, "")
        assert await asyncio.to_thread(store.entered.wait, GATE_SECONDS)
        assert await sender.command("help", user="U2", key="free") == (200, "")
        helped = await fake.wait(lambda: answered("free"))
        [dm_answer] = await dm(person(), "help")
        assert helped["text"].startswith("Networking coach")
        assert "Networking coach" in (dm_answer.content or dm_answer.embeds[0].title)
        assert answered("held") is None and not store.gate.is_set()
        store.gate.set()
        held = await fake.wait(lambda: answered("held"))
        assert held["text"].startswith("Added Priya Shah.")
    finally:
        store.gate.set()
        await slack.stop()
        await dpytest.empty_queue()
        coach.close()
        lanes.close()


def test_the_store_takes_engine_threads_in_turn(tmp_path, clock) -> None:
    """Many people at once, and several threads on one person: every write lands, nothing breaks."""
    coach = Coach(TinyStore(tmp_path / "data", cache_users=2), clock, features=FEATURES, cron_check=check_cron)
    people = [UserRef("slack", "T1", f"U{n}") for n in range(6)]
    together = UserRef("slack", "T1", "Utogether")

    def work(n: int) -> list[str]:
        replies = []
        for i in range(12):
            replies.append(coach.handle(people[n], f"add Person{n}x{i} Lee, met at Firm{i}").body)
            replies.append(coach.handle(together, f"note Anchor {n}-{i}").body)
        return replies

    try:
        coach.handle(together, "add Anchor Smith, met at PyCon")
        with ThreadPoolExecutor(6) as pool:
            replies = [body for bodies in pool.map(work, range(6)) for body in bodies]
        assert not [body for body in replies if "went wrong" in body]
        for person in people:
            assert coach.handle(person, "contacts").body.startswith("12 contacts")
        shown = coach.handle(together, "show Anchor").text
        assert all(f"{n}-{i}" in shown for n in range(6) for i in range(12))
    finally:
        coach.close()
