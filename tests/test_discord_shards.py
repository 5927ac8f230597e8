"""Sharded Discord start-up through `coach run`'s own path, against a local stand-in for Discord.

dpytest refuses sharded clients, so this plays the two things a starting discord.py client talks
to: the REST API (who the bot is, the recommended shard count, the command sync) and the gateway
(HELLO, IDENTIFY with the shard pair, READY), with discord.py's own zlib-stream framing. The
real client is pointed at it through the library's two base URLs.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import discord.http
import pytest
import yarl
from aiohttp import WSMsgType, web
from discord.gateway import DiscordWebSocket

from adapters.discord_bot import ShardedCoachBot, create_bot, default_intents
from bot.app import open_coach
from bot.config import load_config
from bot.run import run_platforms

BOT = {"id": "1000", "username": "coach", "discriminator": "0", "avatar": None, "bot": True, "global_name": None}
RECOMMENDED_SHARDS = 2


def as_discord_json(payload: object) -> web.Response:
    """discord.py reads a body as JSON only when the content type is exactly application/json, as Discord sends it."""
    return web.Response(body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


class FakeDiscord:
    """REST and gateway on 127.0.0.1; `identified` collects each IDENTIFY's shard pair."""

    def __init__(self) -> None:
        self.identified: list[list[int]] = []
        self.gateway_asked = 0
        self.synced = 0
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.add_routes([
            web.get("/api/v10/users/@me", self._me),
            web.get("/api/v10/oauth2/applications/@me", self._application),
            web.get("/api/v10/gateway/bot", self._gateway_bot),
            web.put("/api/v10/applications/{app}/commands", self._sync),
            web.get("/gateway", self._gateway),
        ])
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _me(self, _: web.Request) -> web.Response:
        return as_discord_json(BOT)

    async def _application(self, _: web.Request) -> web.Response:
        return as_discord_json({"id": "2000", "name": "coach", "description": "", "icon": None, "bot_public": True,
                                  "bot_require_code_grant": False, "owner": BOT, "verify_key": "00", "flags": 0})

    async def _gateway_bot(self, _: web.Request) -> web.Response:
        self.gateway_asked += 1
        return as_discord_json({"url": self.url.replace("http", "ws", 1) + "/gateway", "shards": RECOMMENDED_SHARDS,
                                  "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0,
                                                          "max_concurrency": 1}})

    async def _sync(self, _: web.Request) -> web.Response:
        self.synced += 1
        return as_discord_json([])

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        packer = zlib.compressobj()

        async def send(payload: dict) -> None:
            await ws.send_bytes(packer.compress(json.dumps(payload).encode()) + packer.flush(zlib.Z_SYNC_FLUSH))

        await send({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            if payload["op"] == 2:
                shard = payload["d"]["shard"]
                assert payload["d"]["intents"] == default_intents().value
                self.identified.append(shard)
                await send({"op": 0, "s": 1, "t": "READY", "d": {
                    "v": 10, "user": BOT, "guilds": [], "session_id": f"s{shard[0]}", "shard": shard,
                    "resume_gateway_url": self.url.replace("http", "ws", 1) + "/gateway",
                    "application": {"id": "2000", "flags": 0}}})
        return ws


@pytest.fixture
async def discord_api(monkeypatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", f"{fake.url}/api/v10")
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.url.replace("http", "ws", 1) + "/gateway"))

    async def no_identify_wait(self, shard_id, *, initial=False) -> None:
        """Discord allows one IDENTIFY per 5 s; the stand-in doesn't, so the test needn't wait."""

    monkeypatch.setattr(discord.Client, "before_identify_hook", no_identify_wait)
    yield fake
    await fake.stop()


async def run_until_identified(tmp_path: Path, config_text: str, fake: FakeDiscord, shards: int) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(config_text)
    config = load_config(config_file, env={"DISCORD_TOKEN": "token"})
    coach = open_coach(config.coach.data_dir)

    async def until_identified() -> None:
        while len(fake.identified) < shards:
            await asyncio.sleep(0.01)

    try:
        await asyncio.wait_for(run_platforms(config, coach, until=until_identified), 20)
    finally:
        coach.close()


async def test_coach_run_starts_only_this_processs_shards(tmp_path, discord_api) -> None:
    await run_until_identified(tmp_path, "[discord]\nshard_count = 4\nshard_ids = [1, 3]\n", discord_api, 2)
    assert sorted(discord_api.identified) == [[1, 4], [3, 4]]
    assert discord_api.gateway_asked == 0 and discord_api.synced == 1


async def test_without_shard_settings_it_runs_the_count_discord_recommends(tmp_path, discord_api) -> None:
    await run_until_identified(tmp_path, "", discord_api, RECOMMENDED_SHARDS)
    assert sorted(discord_api.identified) == [[0, 2], [1, 2]]
    assert discord_api.gateway_asked == 1


def test_create_bot_stays_unsharded_unless_asked(tmp_path) -> None:
    coach = open_coach(tmp_path / "data")
    try:
        assert not isinstance(create_bot(coach), discord.AutoShardedClient)
        bot = create_bot(coach, shard_count=4, shard_ids=(0, 2))
        assert isinstance(bot, ShardedCoachBot) and bot.shard_ids == [0, 2] and bot.shard_count == 4
    finally:
        coach.close()
