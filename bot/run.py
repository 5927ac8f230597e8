"""Process entry points behind `coach console` and `coach run`.

`coach run` is one process with one asyncio loop: every enabled platform and the
scheduler share it. A platform plugs in as a `Platform`: a `adapters.surface.Surface`
(`send_dm`, `post`, `platform`) that can also `start()` (connect; return once it is
listening, raise if it can't) and `stop()`. The adapters are imported only when their
platform is enabled, so a console-only install never loads slack_bolt or discord.py.
Adding a platform means one more entry in `_platforms`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Protocol, TextIO

from adapters.lanes import Lanes
from adapters.surface import Surface
from bot.app import open_coach
from bot.config import Config
from bot.console import chat, run_script
from bot.scheduler import NudgeScheduler
from coaching.core.engine import Coach

log = logging.getLogger(__name__)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class Platform(Surface, Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def open_configured(config: Config) -> Coach:
    """The coach on the store the config names: PostgreSQL with DATABASE_URL, else the data directory."""
    return open_coach(config.coach.data_dir, daily_cap=config.coach.daily_cap,
                      send_lease=timedelta(seconds=config.coach.send_lease_seconds),
                      database_url=config.coach.database_url or "")


def console(config: Config, stdin: TextIO, stdout: TextIO) -> int:
    """Chat in the terminal (with nudges, when it's a terminal); with piped input, answer each line and stop."""
    coach = open_configured(config)
    config.coach.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # the log and exports live here on either store
    log_file = config.coach.data_dir / "coach.log"
    os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    logging.basicConfig(filename=log_file, level=logging.WARNING, format=LOG_FORMAT)  # keep faults out of the chat
    try:
        if stdin.isatty():
            return asyncio.run(chat(coach, config.coach.data_dir, config.coach, config.channel_nudges, stdin, stdout))
        return run_script(coach, config.coach.data_dir, stdin, stdout)
    finally:
        coach.close()


def _slack(config: Config, coach: Coach, lanes: Lanes) -> Platform:
    from adapters.slack import build_slack_app

    return build_slack_app(coach, config.slack, lanes=lanes)


def _discord(config: Config, coach: Coach, lanes: Lanes) -> Platform:
    from adapters.discord_bot import create_bot

    settings = config.discord
    bot = create_bot(coach, guilds=settings.guilds, sharded=True, shard_count=settings.shard_count,
                     shard_ids=settings.shard_ids, lanes=lanes, token=settings.token or "")
    return bot.surface


def _platforms(config: Config) -> list[Callable[[Config, Coach, Lanes], Platform]]:
    wanted = []
    if config.slack.ready:
        wanted.append(_slack)
    if config.discord.ready:
        wanted.append(_discord)
    return wanted


async def _until_signalled() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def run_platforms(config: Config, coach: Coach, until: Callable[[], Awaitable[None]] = _until_signalled) -> int:
    """Start every ready platform, then the scheduler; stop all of them when `until` returns.

    They share one `Lanes`, so a person's commands and nudges take turns however they arrive.
    """
    started: list[Platform] = []
    scheduler: NudgeScheduler | None = None
    lanes = Lanes(config.coach.workers)
    try:
        for build in _platforms(config):
            platform = build(config, coach, lanes)
            await platform.start()
            started.append(platform)
            log.info("%s connected", platform.platform)
        scheduler = NudgeScheduler(coach, {p.platform: p for p in started}, config.coach, config.channel_nudges, lanes)
        scheduler.start()
        await until()
    finally:
        if scheduler is not None:
            await scheduler.drain()
        for platform in reversed(started):
            await platform.stop()
        lanes.close()
    return 0


def serve(config: Config) -> int:
    """`coach run` with at least one platform ready: runs until Ctrl-C or SIGTERM."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    coach = open_configured(config)
    try:
        return asyncio.run(run_platforms(config, coach))
    except Exception as problem:
        print(f"Could not start: {problem}", file=sys.stderr)
        return 1
    finally:
        coach.close()
