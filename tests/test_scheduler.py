"""The sweep and channel jobs: `adapters.testing.RecordingSurface` (recording, or failing) stands in for the platforms."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta

from adapters.surface import DeliveryFailed
from adapters.testing import RecordingSurface
from bot.config import ChannelNudge, CoachSettings
from bot.console import chat
from bot.scheduler import CONCURRENT_SENDS, SWEEP_JOB, NudgeScheduler
from coaching.core.incoming import Incoming
from coaching.core.model import Reply, UserRef

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

MONDAY_9_LONDON = datetime(2026, 1, 12, 9, tzinfo=UTC)  # GMT in January


def people(count: int) -> list[UserRef]:
    return [UserRef("slack", "T1", f"U{n}") for n in range(count)]


async def test_sweep_delivers_each_due_nudge_once(coach, clock, user):
    surface = RecordingSurface()
    scheduler = NudgeScheduler(coach, {"slack": surface})
    coach.handle(user, "add Priya Shah")
    clock.advance(hours=24)
    assert (await scheduler.sweep())["sent"] == 1
    assert (await scheduler.sweep())["sent"] == 0
    assert [who for who, _ in surface.dms] == [user]


async def test_catch_up_after_downtime_is_one_digest_per_person(coach, clock):
    surface = RecordingSurface()
    everyone = people(3)
    for day in range(3):
        for person in everyone:
            coach.handle(person, f"add Contact {day}")
        clock.advance(days=1)
    clock.advance(days=2)
    outcome = await NudgeScheduler(coach, {"slack": surface}).sweep()
    assert outcome["sent"] == 3
    assert sorted(who.user_id for who, _ in surface.dms) == ["U0", "U1", "U2"]
    assert all(len(reply.items) == 3 for _, reply in surface.dms)
    await NudgeScheduler(coach, {"slack": surface}).sweep()
    assert len(surface.dms) == 3


async def test_a_platform_outage_is_retried_with_backoff_and_delivered_once(coach, clock, user):
    surface = RecordingSurface().fail(DeliveryFailed("Slack said 503", retry=True), times=2)
    scheduler = NudgeScheduler(coach, {"slack": surface})
    coach.handle(user, "add Priya Shah")
    clock.advance(hours=24)
    assert (await scheduler.sweep())["retrying"] == 1
    clock.advance(seconds=30)
    await scheduler.sweep()
    assert surface.attempts == 1
    clock.advance(seconds=30)
    assert (await scheduler.sweep())["retrying"] == 1
    clock.advance(minutes=2)
    assert (await scheduler.sweep())["sent"] == 1
    clock.advance(hours=1)
    await scheduler.sweep()
    assert len(surface.dms) == 1 and surface.attempts == 3


async def test_a_blocked_user_does_not_stall_everyone_else(coach, clock):
    blocked, *others = people(4)
    surface = RecordingSurface().fail(DeliveryFailed("cannot send messages to this user", retry=False), only=blocked)
    scheduler = NudgeScheduler(coach, {"slack": surface})
    for person in (blocked, *others):
        coach.handle(person, "add Priya Shah")
    clock.advance(hours=24)
    outcome = await scheduler.sweep()
    assert outcome["undeliverable"] == 1 and outcome["sent"] == 3
    clock.advance(hours=12)
    await scheduler.sweep()
    assert surface.attempts == 1


async def test_a_crashing_adapter_loses_nothing(coach, clock, user):
    surface = RecordingSurface().fail(RuntimeError("bug in rendering"), times=1)
    scheduler = NudgeScheduler(coach, {"slack": surface})
    coach.handle(user, "add Priya Shah")
    clock.advance(hours=24)
    assert (await scheduler.sweep())["retrying"] == 1
    clock.advance(minutes=1)
    assert (await scheduler.sweep())["sent"] == 1


async def test_nudges_wait_for_a_platform_that_is_not_running(coach, clock):
    person = UserRef("discord", None, "123")
    coach.handle(person, "add Priya Shah")
    clock.advance(hours=24)
    assert (await NudgeScheduler(coach, {"slack": RecordingSurface()}).sweep())["waiting"] == 1
    discord = RecordingSurface("discord")
    clock.advance(hours=1)
    assert (await NudgeScheduler(coach, {"discord": discord}).sweep())["sent"] == 1
    assert [who for who, _ in discord.dms] == [person]


def weekly_tip() -> ChannelNudge:
    return ChannelNudge(platform="slack", channel="C0GENERAL", cron="0 9 * * mon", timezone="Europe/London", kind="tip")


async def test_a_channel_post_goes_out_once_per_fire_even_across_restarts(coach, clock):
    clock.now = MONDAY_9_LONDON - timedelta(days=1)
    surface = RecordingSurface()
    scheduler = NudgeScheduler(coach, {"slack": surface}, channel_nudges=[weekly_tip()])
    scheduler.sync_channels()
    [schedule] = scheduler.channels.values()
    assert await scheduler.post_channel(schedule) == "not due"
    clock.now = MONDAY_9_LONDON
    assert await scheduler.post_channel(schedule) == "posted"
    assert await scheduler.post_channel(schedule) == "not due"
    restarted = NudgeScheduler(coach, {"slack": surface}, channel_nudges=[weekly_tip()])
    await restarted.sweep()
    assert [channel for channel, _ in surface.posts] == ["C0GENERAL"]
    assert surface.posts[0][1].title == "Networking tip"


async def test_a_missed_channel_post_is_caught_up_once_within_grace_and_skipped_after(coach, clock):
    clock.now = MONDAY_9_LONDON - timedelta(days=1)
    surface = RecordingSurface()
    settings = CoachSettings(misfire_grace_seconds=3600)
    NudgeScheduler(coach, {"slack": surface}, settings, [weekly_tip()]).sync_channels()
    clock.now = MONDAY_9_LONDON + timedelta(minutes=20)
    scheduler = NudgeScheduler(coach, {"slack": surface}, settings, [weekly_tip()])
    assert (await scheduler.sweep())["posted"] == 1
    assert (await scheduler.sweep())["posted"] == 0
    clock.now = MONDAY_9_LONDON + timedelta(days=7, hours=3)
    assert (await scheduler.sweep())["skipped"] == 1
    assert len(surface.posts) == 1


async def test_a_failed_channel_post_is_retried_by_the_next_sweep(coach, clock):
    clock.now = MONDAY_9_LONDON - timedelta(days=1)
    surface = RecordingSurface().fail(DeliveryFailed("Slack said 500", retry=True), times=1)
    scheduler = NudgeScheduler(coach, {"slack": surface}, channel_nudges=[weekly_tip()])
    await scheduler.sweep()
    clock.now = MONDAY_9_LONDON
    assert (await scheduler.sweep())["retrying"] == 1
    clock.advance(minutes=1)
    assert (await scheduler.sweep())["posted"] == 1
    assert len(surface.posts) == 1


async def test_schedules_added_in_chat_get_jobs_and_lose_them_when_removed(coach, clock, user):
    scheduler = NudgeScheduler(coach, {"slack": RecordingSurface()})
    coach.receive(Incoming(user, "schedule add challenge weekly Europe/London", channel="C9", can_manage=True))
    await scheduler.sweep()
    [schedule] = scheduler.channels.values()
    assert scheduler.scheduler.get_job(f"channel:{schedule.id}") is not None
    coach.receive(Incoming(user, f"schedule remove {schedule.id}", channel="C9", can_manage=True))
    await scheduler.sweep()
    assert scheduler.channels == {}
    assert scheduler.scheduler.get_job(f"channel:{schedule.id}") is None


async def test_the_real_scheduler_fires_the_sweep_inside_the_running_loop(coach, clock, user):
    delivered = asyncio.Event()

    class Signalling(RecordingSurface):
        async def send_dm(self, who: UserRef, reply: Reply) -> None:
            await super().send_dm(who, reply)
            delivered.set()

    coach.handle(user, "add Priya Shah")
    clock.advance(hours=24)
    settings = CoachSettings(sweep_seconds=1, misfire_grace_seconds=900)
    scheduler = NudgeScheduler(coach, {"slack": Signalling()}, settings, [weekly_tip()])
    scheduler.start()
    try:
        job = scheduler.scheduler.get_job(SWEEP_JOB)
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 900)
        assert job.trigger.interval == timedelta(seconds=1)
        assert all(j.misfire_grace_time == 900 for j in scheduler.scheduler.get_jobs())
        await asyncio.wait_for(delivered.wait(), timeout=30)
    finally:
        scheduler.stop()


async def test_the_console_shows_nudges_while_you_chat(coach, clock, data_dir):
    from bot.console import CONSOLE_USER

    coach.handle(CONSOLE_USER, "add Priya Shah")
    clock.advance(hours=24)
    read_end, write_end = os.pipe()
    stdin = os.fdopen(read_end, "r")

    class Screen:
        def __init__(self) -> None:
            self.text = ""

        def write(self, part: str) -> None:
            self.text += part

        def flush(self) -> None:
            pass

    screen = Screen()
    session = asyncio.create_task(chat(coach, data_dir, CoachSettings(sweep_seconds=60), (), stdin, screen))
    os.write(write_end, b"help\n")

    async def shown() -> None:
        while "[nudge]" not in screen.text or "Networking coach" not in screen.text:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(shown(), timeout=30)
    os.write(write_end, b"quit\n")
    assert await asyncio.wait_for(session, timeout=30) == 0
    os.close(write_end)
    stdin.close()
    assert "Priya Shah" in screen.text.split("[nudge]", 1)[1]


class Held(RecordingSurface):
    """Every send waits until the test opens the gate: a platform that is being slow."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.started: list[UserRef] = []

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        self.started.append(user)
        await self.gate.wait()
        await super().send_dm(user, reply)


async def test_someone_who_turns_nudges_off_while_sends_queue_gets_nothing(coach, clock):
    surface = Held()
    everyone = people(CONCURRENT_SENDS + 1)
    for person in everyone:
        coach.handle(person, "add Priya Shah, met at PyCon")
    clock.advance(hours=25)
    sweep = asyncio.create_task(NudgeScheduler(coach, {"slack": surface}).sweep())
    while len(surface.started) < CONCURRENT_SENDS:
        await asyncio.sleep(0.01)
    [queued] = [person for person in everyone if person not in surface.started]
    coach.handle(queued, "nudges off")
    surface.gate.set()
    outcome = await sweep
    assert queued not in [who for who, _ in surface.dms]
    assert outcome["sent"] == CONCURRENT_SENDS and outcome["not sent"] == 1
