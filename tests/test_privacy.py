"""What leaves the coach about people: log lines carry keyed pseudonyms, never platform ids."""

from __future__ import annotations

import hashlib
import logging
import stat

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend

from adapters.surface import DeliveryFailed
from bot.app import open_coach
from bot.keys import ENV_NAME, KEY_FILE
from bot.scheduler import NudgeScheduler
from coaching.core.model import Reply, UserRef
from tests.test_discord_bot import dm, person, start_bot, stop_bot

SOMEONE = UserRef("discord", None, "482719930041128960")


def pseudonym_in(data_dir, user: UserRef, clock) -> str:
    coach = open_coach(data_dir, clock=clock)
    try:
        return user.log_id
    finally:
        coach.close()


def test_log_pseudonyms_are_keyed_by_a_secret_kept_in_the_data_directory(tmp_path, clock, monkeypatch):
    monkeypatch.delenv(ENV_NAME, raising=False)
    first = pseudonym_in(tmp_path / "one", SOMEONE, clock)
    key = tmp_path / "one" / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert pseudonym_in(tmp_path / "one", SOMEONE, clock) == first  # the same across restarts
    assert pseudonym_in(tmp_path / "two", SOMEONE, clock) != first  # another key, another pseudonym
    assert first != hashlib.sha256(SOMEONE.key.encode()).hexdigest()[:12]
    assert SOMEONE.user_id not in first
    monkeypatch.setenv(ENV_NAME, "a key the operator keeps elsewhere")
    from_env = pseudonym_in(tmp_path / "three", SOMEONE, clock)
    assert from_env != first
    assert pseudonym_in(tmp_path / "one", SOMEONE, clock) == from_env  # the environment's key wins
    assert not (tmp_path / "three" / KEY_FILE).exists()
    monkeypatch.setenv(ENV_NAME, "another key")
    assert pseudonym_in(tmp_path / "three", SOMEONE, clock) != from_env


def test_a_key_file_that_is_not_a_key_gets_a_clear_error(tmp_path, clock, monkeypatch):
    monkeypatch.delenv(ENV_NAME, raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / KEY_FILE).write_text("not hex")
    try:
        open_coach(tmp_path / "data", clock=clock)
    except ValueError as problem:
        assert "Delete it" in str(problem)
    else:
        raise AssertionError("a broken key file was accepted")
    open_coach(tmp_path / "other", clock=clock).close()  # the data directory's lock was let go


class Response:
    status, reason = 403, "Forbidden"


async def test_a_refused_discord_dm_is_logged_without_the_discord_id(data_dir, clock, caplog):
    bot = await start_bot(data_dir, clock)
    sam = person()

    async def refused(channel_id: int, **_) -> dict:
        raise discord.Forbidden(Response(), "Cannot send messages to this user")

    try:
        await dm(sam, "add Priya Shah, met at PyCon")
        clock.advance(hours=25)
        bot.http.send_message = refused
        with caplog.at_level(logging.DEBUG):
            outcome = await NudgeScheduler(bot.coach, {"discord": bot.surface}).sweep()
        assert outcome["undeliverable"] == 1
        user = UserRef("discord", None, str(sam.id))
        assert user.log_id in caplog.text and "403" in caplog.text
        assert str(sam.id) not in caplog.text
    finally:
        await stop_bot(bot)


async def test_a_refused_channel_post_says_why_without_the_channel_id(data_dir, clock):
    bot = await start_bot(data_dir, clock)
    channel = dpytest.get_config().channels[0]
    backend.update_role(channel.guild.default_role, permissions=discord.Permissions(view_channel=True).value)
    try:
        with pytest.raises(DeliveryFailed) as failed:
            await bot.surface.post(str(channel.id), Reply(body="Tip of the week."))
        assert "403" in str(failed.value) and str(channel.id) not in str(failed.value)
    finally:
        await stop_bot(bot)
