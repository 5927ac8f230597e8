"""The clock. APScheduler decides when to look; the stored data decides what is due.

- One sweep job every `[coach] sweep_seconds`: ask the coach for due nudges, then for each
  one record the intent, deliver it through the Surface for the user's platform, and mark
  it sent. A failed send is kept for a later sweep with a growing wait; a user who blocked
  the bot is marked undeliverable and the sweep moves on.
- The first sweep runs at start: anything that fell due while the bot was down goes out
  then, one message per person.
- One cron job per channel schedule (config file and chat-added ones). The last post is
  stored, so a restart around the fire time neither skips nor repeats it; every sweep
  also checks each schedule, which catches up a missed post and retries a failed one
  while it is within `[coach] misfire_grace_seconds`.
- Every engine call goes through `adapters.lanes.Lanes`: off the event loop, and in turn with that
  person's own commands (a channel's calls share one lane).
- APScheduler's default misfire grace is one second, which silently drops a run when the
  loop was busy; every job here gets the configured grace, coalesces, and never overlaps itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from adapters.lanes import Lanes
from adapters.surface import DeliveryFailed, Surface
from bot.config import ChannelNudge, CoachSettings
from bot.cron import trigger
from coaching.community import ChannelSchedule
from coaching.core.engine import Coach
from coaching.core.model import Nudge
from coaching.core.nudges import RETRY_MAX
from coaching.core.store import StoreUnavailable

log = logging.getLogger(__name__)

SWEEP_JOB = "sweep"
CHANNEL_JOB = "channel:"
SEND_TIMEOUT = 180.0  # longer than a platform client's own rate-limit waits; a shorter send lease shortens it
CONCURRENT_SENDS = 8
MAX_FIRES_WALKED = 1000
SWEEP_LANE = "sweep"
CHANNELS_LANE = "channels"
DRAIN_SECONDS = 10.0  # how long a stopping process lets sends in flight finish


def cron_trigger(schedule: ChannelSchedule) -> CronTrigger:
    return trigger(schedule.cron, schedule.timezone)


def latest_fire(trigger: CronTrigger, after: datetime, now: datetime) -> datetime | None:
    """The last time the cron fired in (after, now], or None if it hasn't fired since `after`."""
    fire = trigger.get_next_fire_time(None, after + timedelta(seconds=1))
    if fire is None or fire > now:
        return None
    for _ in range(MAX_FIRES_WALKED):
        following = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
        if following is None or following > now:
            break
        fire = following
    return fire


class NudgeScheduler:
    """Personal nudges and channel posts for one coach, delivered through `surfaces` (by platform)."""

    def __init__(
        self,
        coach: Coach,
        surfaces: Mapping[str, Surface],
        settings: CoachSettings | None = None,
        channel_nudges: Sequence[ChannelNudge] = (),
        lanes: Lanes | None = None,
    ) -> None:
        self.coach = coach
        self.lanes = lanes or Lanes()
        self.surfaces = dict(surfaces)
        self.settings = settings or CoachSettings()
        self.configured = [ChannelSchedule.from_config(n.platform, n.channel, n.cron, n.timezone, n.kind)
                           for n in channel_nudges]
        self.grace = timedelta(seconds=self.settings.misfire_grace_seconds)
        self.send_timeout = min(SEND_TIMEOUT, coach.send_lease.total_seconds() * 3 / 4)  # give up before the lease ends
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": self.settings.misfire_grace_seconds},
        )
        self.channels: dict[str, ChannelSchedule] = {}
        self._posting: set[str] = set()
        self._sweeps: set[asyncio.Task] = set()

    def start(self) -> None:
        """Call from inside the running event loop. The first sweep runs straight away (the catch-up)."""
        self.scheduler.add_job(self.sweep, IntervalTrigger(seconds=self.settings.sweep_seconds), id=SWEEP_JOB,
                               next_run_time=datetime.now(UTC), replace_existing=True)
        self.sync_channels()
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        """Start no more sweeps; give the running one `timeout` to finish, then cancel it (its sends give their claims back)."""
        if self.scheduler.running:
            self.scheduler.pause()  # shutting down would cancel a running sweep at once
        if self._sweeps:
            _, late = await asyncio.wait(set(self._sweeps), timeout=timeout)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        self.stop()

    # Personal nudges

    async def sweep(self) -> Counter[str]:
        """One pass: deliver every due nudge, then catch up channel posts. Returns outcome counts."""
        task = asyncio.current_task()
        self._sweeps.add(task)
        try:
            nudges = await self.lanes.run(SWEEP_LANE, self.coach.due_nudges, self.coach.clock())
            limit = asyncio.Semaphore(CONCURRENT_SENDS)
            outcomes = Counter(await asyncio.gather(*(self._deliver(nudge, limit) for nudge in nudges)))
            await self.lanes.run(CHANNELS_LANE, self.sync_channels)
            for schedule in list(self.channels.values()):
                outcomes[await self.post_channel(schedule)] += 1
        except StoreUnavailable as problem:
            log.warning("sweep stopped early, to try again next time: %s", problem)
            return Counter({"store unavailable": 1})
        finally:
            self._sweeps.discard(task)
        return outcomes

    async def _deliver(self, nudge: Nudge, limit: asyncio.Semaphore) -> str:
        lane = nudge.user.key
        surface = self.surfaces.get(nudge.user.platform)
        if surface is None:
            await self.lanes.run(lane, self.coach.mark_failed, nudge, retry=True, after=RETRY_MAX.total_seconds(),
                                 reason=f"no {nudge.user.platform} connection is running")
            return "waiting"
        async with limit:
            if not await self.lanes.run(lane, self.coach.record_intent, nudge):
                return "not sent"
            try:
                await asyncio.wait_for(surface.send_dm(nudge.user, nudge.reply), self.send_timeout)
            except DeliveryFailed as failed:
                log.warning("nudge for %s not delivered (%s)", nudge.user.log_id, failed)
                await self.lanes.run(lane, self.coach.mark_failed, nudge, retry=failed.retry, after=failed.after,
                                     reason=str(failed))
                return "retrying" if failed.retry else "undeliverable"
            except asyncio.CancelledError:
                await self.lanes.run(lane, self.coach.release_nudge, nudge)
                raise
            except Exception as problem:
                log.exception("nudge for %s failed in the %s adapter", nudge.user.log_id, nudge.user.platform)
                await self.lanes.run(lane, self.coach.mark_failed, nudge, retry=True,
                                     reason=f"{type(problem).__name__}: {problem}")
                return "retrying"
            await self.lanes.run(lane, self.coach.mark_sent, nudge)
            return "sent"

    # Channel posts

    def sync_channels(self) -> None:
        """Jobs for every schedule whose platform is running: config ones plus those added in chat.

        A schedule seen for the first time starts owing posts from now on.
        """
        wanted = {s.id: s for s in [*self.configured, *self.coach.channel_schedules()] if s.platform in self.surfaces}
        for gone in set(self.channels) - set(wanted):
            self.scheduler.remove_job(CHANNEL_JOB + gone)
        for schedule_id in set(wanted) - set(self.channels):
            schedule = wanted[schedule_id]
            self.coach.channel_last_posted(schedule)
            self.scheduler.add_job(self.post_channel, cron_trigger(schedule), args=[schedule],
                                   id=CHANNEL_JOB + schedule_id, replace_existing=True)
        self.channels = wanted

    async def post_channel(self, schedule: ChannelSchedule) -> str:
        """Post if the cron fired since the last post; safe to call any time, any number of times."""
        if schedule.id in self._posting:
            return "busy"
        now = self.coach.clock()
        last = await self.lanes.run(CHANNELS_LANE, self.coach.channel_last_posted, schedule)
        fire = latest_fire(cron_trigger(schedule), last, now)
        if fire is None:
            return "not due"
        if now - fire > self.grace:
            log.info("channel post %s skipped: it was due at %s, past the grace time", schedule.id, fire)
            await self.lanes.run(CHANNELS_LANE, self.coach.skip_channel_post, schedule)
            return "skipped"
        surface = self.surfaces.get(schedule.platform)
        if surface is None:
            return "waiting"
        if not await self.lanes.run(CHANNELS_LANE, self.coach.claim_channel_post, schedule, fire):
            return "taken"
        self._posting.add(schedule.id)
        try:
            post = await self.lanes.run(CHANNELS_LANE, self.coach.channel_post, schedule)
            await asyncio.wait_for(surface.post(schedule.channel, post.reply), self.send_timeout)
        except DeliveryFailed as failed:
            log.warning("channel post %s not delivered (%s)", schedule.id, failed)
            if failed.retry:
                await self.lanes.run(CHANNELS_LANE, self.coach.release_channel_post, schedule)
                return "retrying"
            await self.lanes.run(CHANNELS_LANE, self.coach.skip_channel_post, schedule)
            return "undeliverable"
        except asyncio.CancelledError:
            await self.lanes.run(CHANNELS_LANE, self.coach.release_channel_post, schedule)
            raise
        except Exception:
            log.exception("channel post %s failed in the %s adapter", schedule.id, schedule.platform)
            await self.lanes.run(CHANNELS_LANE, self.coach.release_channel_post, schedule)
            return "retrying"
        finally:
            self._posting.discard(schedule.id)
        await self.lanes.run(CHANNELS_LANE, self.coach.mark_posted, post)
        return "posted"
