"""The real discord.py client, driven by dpytest: DMs, buttons, `/coach`, nudges and channel posts.

dpytest 0.7 fakes Discord's gateway and REST API for messages. Its gaps are filled here, in
the test harness only: it keeps a sent message's text and embeds but not its allowed_mentions
or buttons (so sends are recorded as payloads); it caches guild members only with the members
intent, which this bot does not ask for (so the bot's own member is cached the way a real
GUILD_CREATE caches it); it opens a DM only from a cached user object (so opening one by id
is answered here); and it has no interactions (so button presses and slash commands are fed
in as INTERACTION_CREATE events, with responses recorded instead of posted). Its permission
overwrites use the pre-2.0 type names that discord.py 2.x ignores, so a channel is made
read-only through the @everyone role instead.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext.test import backend, factories
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from adapters.discord_bot import DiscordSurface, add_text, create_bot, default_intents, delivery_failure
from adapters.surface import DeliveryFailed
from bot.app import open_coach
from coaching.core.model import Reply, UserRef
from tests.conftest import decode_custom_id

NO_MENTIONS = {"parse": []}
_ids = itertools.count(1)


def _payload(params) -> dict:
    return params.payload if params.payload is not None else json.loads(params.multipart[0]["value"])


class RecordingHttp(backend.FakeHttp):
    """dpytest's fake REST API, also keeping each message payload exactly as discord.py built it."""

    sent: list[dict]

    async def start_private_message(self, user_id: int) -> dict:
        return factories.make_dm_channel_dict(backend.make_user("Someone", "0001", id_num=user_id))

    async def send_message(self, channel_id: int, *, params) -> dict:
        channel = sys._getframe(1).f_locals["channel"]  # dpytest reads `channel` from its caller's frame
        self.sent.append({"channel": channel.id, **_payload(params)})
        return await super().send_message(channel_id, params=params)


class RecordingAdapter(AsyncWebhookAdapter):
    """Interaction responses and follow-ups, recorded instead of sent to Discord."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: list[dict] = []

    async def create_interaction_response(self, interaction_id, token, *, session, proxy=None, proxy_auth=None, params):
        self.responses.append(_payload(params)["data"])
        return {"interaction": {"id": str(interaction_id), "type": 3}}

    async def execute_webhook(self, webhook_id, token, *, session, payload=None, multipart=None, files=None, **_):
        self.responses.append(payload if payload is not None else json.loads(multipart[0]["value"]))


async def start_bot(data_dir: Path, clock, **options) -> discord.Client:
    """A fresh client on `data_dir`, as after `coach run` starts (login, then setup_hook)."""
    bot = create_bot(open_coach(data_dir, clock=clock), sync_commands=False, **options)
    await bot._async_setup_hook()
    dpytest.configure(bot)
    state = backend.get_state()
    for guild in state.guilds:
        guild._add_member(discord.Member(data=factories.make_member_dict(guild, state.user, []), guild=guild, state=state))
    bot.http.__class__ = RecordingHttp
    bot.http.sent = []
    await bot.setup_hook()
    return bot


async def stop_bot(bot: discord.Client) -> None:
    await dpytest.empty_queue()
    bot.coach.close()


@pytest.fixture
async def bot(data_dir, clock) -> AsyncIterator[discord.Client]:
    started = await start_bot(data_dir, clock)
    yield started
    await stop_bot(started)


@pytest.fixture
def recorder() -> RecordingAdapter:
    adapter = RecordingAdapter()
    token = async_context.set(adapter)
    yield adapter
    async_context.reset(token)


def person(name: str = "Sam", user_id: int = 555000111222333444) -> discord.User:
    return backend.make_user(name, "0001", id_num=user_id)


async def dm(user: discord.User, text: str) -> list[discord.Message]:
    """Send the bot a DM; return what it sent back."""
    await dpytest.message(text, channel=await user.create_dm(), member=user)
    got = []
    while not dpytest.sent_queue.empty():
        got.append(dpytest.get_message())
    return got


def text_of(message: discord.Message) -> str:
    embed = message.embeds[0] if message.embeds else None
    return message.content or f"{embed.title}\n{embed.description}"


def custom_ids(payload: dict) -> list[str]:
    return [button["custom_id"] for row in payload.get("components", []) for button in row["components"]]


def interaction(bot: discord.Client, user: discord.User, *, kind: int, data: dict, guild=None, message=None,
                permissions: int = 0) -> dict:
    """An INTERACTION_CREATE payload as Discord sends it, from the bot's DM or from a server channel."""
    payload = {
        "id": str(factories.make_id()), "application_id": str(bot.user.id), "type": kind, "token": f"token-{next(_ids)}",
        "version": 1, "attachment_size_limit": 8_000_000, "data": data, "locale": "en-US",
    }
    user_data = factories.dict_from_user(user)
    if guild is None:
        payload |= {"context": 1, "user": user_data,
                    "channel": {"id": str(factories.make_id()), "type": 1, "recipients": [user_data]}}
    else:
        channel = guild.text_channels[0]
        payload |= {"context": 0, "guild_id": str(guild.id), "channel": {"id": str(channel.id), "type": 0},
                    "member": {"user": user_data, "roles": [], "joined_at": "2025-01-01T00:00:00+00:00",
                               "deaf": False, "mute": False, "permissions": str(permissions), "flags": 0}}
    if message is not None:
        payload["message"] = message
    return payload


async def settle() -> None:
    """Wait for every view and event task discord.py started for an interaction or a message."""
    while True:
        busy = [task for task in asyncio.all_tasks() if task is not asyncio.current_task() and not task.done()
                and (task.get_name().startswith("discord-ui-") or task.get_name().startswith("discord.py:"))]
        if not busy:
            return
        await asyncio.gather(*busy)


async def press(bot: discord.Client, user: discord.User, message: dict, custom_id: str) -> None:
    """Press a button on a message the bot sent earlier (`message` is its stored payload)."""
    data = {"custom_id": custom_id, "component_type": 2}
    bot._connection.parse_interaction_create(interaction(bot, user, kind=3, data=data, message=message))
    await settle()


def stored_message(bot: discord.Client, sent: discord.Message, payload: dict) -> dict:
    """The message as Discord would hand it back with a button press: dpytest's copy plus its buttons."""
    return {**factories.dict_from_message(sent), "author": factories.dict_from_user(bot.user),
            "components": payload["components"]}


async def test_dm_journey_from_add_to_done(bot, clock, recorder):
    sam = person()
    [added] = await dm(sam, "add Priya Shah, met at PyCon yesterday, works on ML infra #conference")
    assert added.embeds[0].title == "Added Priya Shah."
    assert "Follow-up: due" in added.embeds[0].description
    payload = bot.http.sent[-1]
    assert [decode_custom_id(c).split()[0] for c in custom_ids(payload)] == ["done", "snooze", "draft"]

    [listed] = await dm(sam, "followups")
    assert "Priya Shah, met at PyCon" in text_of(listed)

    [drafted] = await dm(sam, "draft Priya")
    assert drafted.embeds[0].title == "Draft for Priya Shah"
    assert "PyCon" in drafted.embeds[0].description

    clock.advance(hours=2)
    [closed] = await dm(sam, "done Priya")
    assert closed.content.startswith("Followed up with Priya Shah within 48 hours")

    [empty] = await dm(sam, "followups")
    assert "all caught up" in empty.content


async def test_every_send_refuses_to_ping_whatever_the_user_typed(bot, recorder):
    sam = person()
    for mention in ("@everyone", "@here", "<@123456789012345678>", "<@&123456789012345678>"):
        [refused] = await dm(sam, f"add {mention}, met at a meetup")
        assert mention in refused.content or "chat mention" in refused.content
        await dm(sam, f"add Bo Lind, met at a meetup, wants me to tell {mention} about it")
        [reply] = await dm(sam, "show Bo Lind")
        assert mention in text_of(reply)
        await dm(sam, "remove Bo Lind")
        await dm(sam, "yes")
    assert bot.http.sent and all(payload["allowed_mentions"] == NO_MENTIONS for payload in bot.http.sent)


def test_the_client_default_is_no_mentions_too(coach):
    assert create_bot(coach).allowed_mentions.to_dict() == NO_MENTIONS


async def test_dms_are_separate_people_and_server_messages_are_ignored(bot):
    sam, alex = person("Sam", 555000111222333444), person("Alex", 555000111222333999)
    await dm(sam, "add Priya Shah, met at PyCon")
    [theirs] = await dm(alex, "followups")
    assert "all caught up" in theirs.content
    channel = dpytest.get_config().channels[0]
    await dpytest.message("followups", channel=channel, member=sam)
    assert dpytest.sent_queue.empty()


async def test_a_long_reply_arrives_in_pieces_under_the_limit(bot):
    sam = person()
    words = [f"word{i}" for i in range(900)]
    code = "```\n" + "\n".join(f"line {i}" for i in range(100)) + "\n```"
    await bot.surface.send_dm(UserRef("discord", None, str(sam.id)), Reply(body=" ".join(words) + "\n" + code))
    sent = [dpytest.get_message() for _ in range(dpytest.sent_queue.qsize())]
    assert len(sent) == 4
    assert all(len(message.content) <= 2000 for message in sent)
    assert [m.content for m in sent if code in m.content] == [sent[-1].content]
    assert " ".join(m.content for m in sent).replace(code, "").split() == words


async def test_buttons_still_work_after_a_restart(data_dir, clock, recorder):
    first = await start_bot(data_dir, clock)
    sam = person()
    [added] = await dm(sam, "add Priya Shah, met at PyCon")
    payload = first.http.sent[-1]
    message = stored_message(first, added, payload)
    done_id = next(c for c in custom_ids(payload) if c.startswith("coach:done "))
    await stop_bot(first)

    second = await start_bot(data_dir, clock)
    try:
        await press(second, sam, message, done_id)
        [response] = recorder.responses
        assert response["content"].startswith("Followed up with Priya Shah")
        assert response["allowed_mentions"] == NO_MENTIONS
        assert not response.get("flags", 0) & discord.MessageFlags.ephemeral.flag
        [empty] = await dm(sam, "followups")
        assert "all caught up" in empty.content
    finally:
        await stop_bot(second)


async def test_draft_button_answers_with_its_own_buttons(bot, recorder):
    sam = person()
    [added] = await dm(sam, "add Priya Shah, met at PyCon, loves climbing")
    payload = bot.http.sent[-1]
    draft_id = next(c for c in custom_ids(payload) if c.startswith("coach:draft "))
    await press(bot, sam, stored_message(bot, added, payload), draft_id)
    [response] = recorder.responses
    assert response["embeds"][0]["title"] == "Draft for Priya Shah"
    assert [decode_custom_id(c).split()[0] for c in custom_ids(response)] == ["done", "snooze"]


async def test_slash_commands_in_a_server_answer_privately(bot, recorder):
    sam = person()
    guild = dpytest.get_config().guilds[0]
    group = bot.tree.get_command("coach")
    add = group.get_command("add")
    event = interaction(bot, sam, kind=2, data={"id": "1", "name": "coach", "type": 1}, guild=guild)
    await add.callback(group, discord.Interaction(data=event, state=bot._connection), name="Priya Shah",
                       where="PyCon", when="yesterday", notes="works on ML infra")
    followups = group.get_command("followups")
    event = interaction(bot, sam, kind=2, data={"id": "1", "name": "coach", "type": 1}, guild=guild)
    await followups.callback(group, discord.Interaction(data=event, state=bot._connection))
    added, listed = recorder.responses
    assert added["embeds"][0]["title"] == "Added Priya Shah."
    assert "PyCon" in added["embeds"][0]["description"]
    assert "Priya Shah, met at PyCon" in listed["embeds"][0]["description"]
    for response in recorder.responses:
        assert response["flags"] & discord.MessageFlags.ephemeral.flag
        assert response["allowed_mentions"] == NO_MENTIONS
    assert dpytest.sent_queue.empty()


async def test_slash_say_in_the_dm_answers_in_the_open(bot, recorder):
    sam = person()
    group = bot.tree.get_command("coach")
    say = group.get_command("say")
    event = interaction(bot, sam, kind=2, data={"id": "1", "name": "coach", "type": 1})
    await say.callback(group, discord.Interaction(data=event, state=bot._connection), text="help")
    [response] = recorder.responses
    assert not response.get("flags", 0) & discord.MessageFlags.ephemeral.flag
    assert "add" in (response.get("content") or response["embeds"][0]["description"])


def test_slash_add_options_become_the_add_grammar():
    assert add_text("Priya Shah") == "add Priya Shah"
    assert add_text("Priya Shah", where="PyCon, Berlin", when="yesterday", notes="ML infra, #conference") == (
        "add Priya Shah, where: PyCon  Berlin, yesterday, ML infra, #conference")
    assert add_text("Shah, Priya") == "add Shah  Priya"


async def test_a_due_follow_up_arrives_as_a_dm_with_buttons(bot, clock):
    sam = person()
    await dm(sam, "add Priya Shah, met at PyCon")
    clock.advance(hours=25)
    [nudge] = bot.coach.due_nudges(clock())
    assert nudge.user == UserRef("discord", None, str(sam.id))
    await bot.surface.send_dm(nudge.user, nudge.reply)
    bot.coach.mark_sent(nudge)
    message = dpytest.get_message()
    assert isinstance(message.channel, discord.DMChannel)
    assert bot.http.sent[-1]["channel"] == bot._connection._get_private_channel_by_user(sam.id).id
    assert "Priya Shah" in message.embeds[0].description
    assert [decode_custom_id(c).split()[0] for c in custom_ids(bot.http.sent[-1])] == ["done", "snooze", "draft"]
    assert bot.coach.due_nudges(clock()) == []


async def test_channel_nudges_post_to_the_configured_channel(bot):
    channel = dpytest.get_config().channels[0]
    await bot.surface.post(str(channel.id), Reply(title="This week's challenge", body="Reconnect with one old colleague."))
    message = dpytest.get_message()
    assert message.channel.id == channel.id
    assert message.embeds[0].title == "This week's challenge"
    assert bot.http.sent[-1]["allowed_mentions"] == NO_MENTIONS


async def test_a_channel_the_bot_cannot_write_to_is_not_retried(bot):
    channel = dpytest.get_config().channels[0]
    backend.update_role(channel.guild.default_role, permissions=discord.Permissions(view_channel=True).value)
    with pytest.raises(DeliveryFailed) as failed:
        await bot.surface.post(str(channel.id), Reply(body="Tip of the week."))
    assert failed.value.retry is False
    with pytest.raises(DeliveryFailed) as named:
        await bot.surface.post("general", Reply(body="Tip of the week."))
    assert named.value.retry is False


def test_delivery_failures_retry_only_when_later_can_help():
    class Response:
        def __init__(self, status: int) -> None:
            self.status, self.reason = status, "x"

    blocked = delivery_failure(discord.Forbidden(Response(403), "Cannot send messages to this user"), "DM")
    assert blocked.retry is False and "403" in str(blocked)
    assert delivery_failure(discord.NotFound(Response(404), "Unknown User"), "DM").retry is False
    assert delivery_failure(discord.HTTPException(Response(429), "slow down"), "DM").retry is True
    assert delivery_failure(discord.DiscordServerError(Response(503), "unavailable"), "DM").retry is True
    limited = delivery_failure(discord.RateLimited(12.5), "DM")
    assert limited.retry is True and limited.after == 12.5
    assert delivery_failure(TimeoutError(), "DM").retry is True


async def test_a_user_id_that_is_not_discord_is_refused_without_a_retry(bot):
    surface = DiscordSurface(bot, bot.coach)
    with pytest.raises(DeliveryFailed) as failed:
        await surface.send_dm(UserRef("discord", None, "not-a-number"), Reply(body="hi"))
    assert failed.value.retry is False


def test_only_the_intents_the_bot_uses():
    intents = default_intents()
    assert intents.guilds and intents.dm_messages
    assert not (intents.message_content or intents.members or intents.presences or intents.guild_messages)


async def test_exports_arrive_as_uploads(bot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # dpytest writes each uploaded file into the working directory
    sam = person()
    await dm(sam, "add Priya Shah, met at PyCon")
    replies = await dm(sam, "export")
    uploads = {a.filename: Path(a.url.removeprefix("file://")) for r in replies for a in r.attachments}
    assert "networking-coach-export.json" in uploads
    assert json.loads(uploads["networking-coach-export.json"].read_text())["contacts"][0]["name"] == "Priya Shah"


async def test_nothing_is_due_before_the_follow_up_window(bot, clock):
    sam = person()
    await dm(sam, "add Priya Shah, met at PyCon")
    clock.advance(timedelta(hours=23))
    assert bot.coach.due_nudges(clock()) == []


def test_coach_command_is_one_group_usable_in_servers_and_the_bot_dm(coach):
    bot = create_bot(coach)
    [group] = bot.tree.get_commands()
    payload = group.to_dict(bot.tree)
    assert payload["name"] == "coach"
    assert {option["name"] for option in payload["options"]} == {
        "add", "followups", "done", "snooze", "draft", "pitch", "say"}
    assert payload["contexts"] == [0, 1]
    assert all(len(option["description"]) <= 100 for option in payload["options"])


async def test_a_file_sent_in_a_dm_is_imported_after_confirmation(bot, recorder):
    sam = person()
    fixture = Path(__file__).parent / "fixtures" / "linkedin_connections.csv"
    await dpytest.message("", channel=await sam.create_dm(), member=sam, attachments=[str(fixture)])
    preview = dpytest.get_message()
    assert "Ready to import" in text_of(preview) and "new contacts" in text_of(preview)
    done = await dm(sam, "yes")
    assert "Imported 5 new contacts" in text_of(done[0])
    listed = await dm(sam, "contacts")
    assert "Zoë Ångström" in text_of(listed[0])


async def test_only_members_who_manage_the_server_schedule_posts(bot, recorder):
    sam = person()
    guild = dpytest.get_config().guilds[0]
    group = bot.tree.get_command("coach")
    say = group.get_command("say")
    plain = interaction(bot, sam, kind=2, data={"id": "1", "name": "coach", "type": 1}, guild=guild)
    await say.callback(group, discord.Interaction(data=plain, state=bot._connection), text="schedule add tip weekly")
    assert bot.coach.channel_schedules() == []
    manager = interaction(bot, sam, kind=2, data={"id": "1", "name": "coach", "type": 1}, guild=guild,
                          permissions=discord.Permissions(manage_guild=True).value)
    await say.callback(group, discord.Interaction(data=manager, state=bot._connection), text="schedule add tip weekly")
    [schedule] = bot.coach.channel_schedules()
    assert schedule.channel == str(guild.text_channels[0].id) and schedule.platform == "discord"
    assert all(r["flags"] & discord.MessageFlags.ephemeral.flag for r in recorder.responses)
