"""Real `coach run` processes for the replica tests and the replica bench: each in Slack HTTP mode on
its own loopback port, sharing one database, talking to a fake Slack that counts what it accepted."""

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
from pathlib import Path

import aiohttp
from aiohttp import web

from coaching.community import ChannelSchedule

from .fake_slack import SECRET, FakeSlack, SlackSender

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60.0
LEASE_SECONDS = 3
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
    """One `coach run` process in Slack HTTP mode on its own port, sharing the database (or alone on TinyDB)."""

    def __init__(self, tmp: Path, name: str, fake: FakeSlack, database_url: str | None, *, channel_post: bool = False,
                 lease: int = LEASE_SECONDS) -> None:
        self.port = free_port()
        self.config = tmp / f"{name}.toml"
        nudge = (f'[[channel_nudges]]\nplatform = "slack"\nchannel = "{HOURLY.channel}"\ncron = "{HOURLY.cron}"\n'
                 if channel_post else "")
        self.config.write_text(
            f'[coach]\ndata_dir = "{name}-data"\nsweep_seconds = 1\nsend_lease_seconds = {lease}\n'
            f'[slack]\nmode = "http"\nport = {self.port}\napi_url = "{fake.api_url}"\n[discord]\nenabled = false\n{nudge}')
        env = {**os.environ, "DATABASE_URL": database_url or "", "SLACK_BOT_TOKEN": fake.bot_token,
               "SLACK_SIGNING_SECRET": SECRET, "DISCORD_TOKEN": ""}  # no database URL: TinyDB in {name}-data
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

    async def stopped(self) -> int:
        """`stop`, awaited from the test's event loop without blocking it.

        The fake Slack runs on that loop: blocked, it would leave the replica's last posts unread in the socket
        until the test stopped holding, then accept them although the replica had given their claims back.
        """
        return await asyncio.to_thread(self.stop)

    async def killed(self) -> int:
        """SIGKILL, as a crash: the process gets no say. Awaited without blocking the fake Slack, as `stopped`."""
        self.process.kill()
        return await asyncio.to_thread(self.process.wait, 10)
