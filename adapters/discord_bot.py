"""The Discord surface: DMs, the `/coach` command, buttons and nudges, all answered by the same coach.

A DM to the bot is typed grammar; `/coach` subcommands build the same grammar; a button's
custom_id is the grammar too. So this module only maps identity, renders and delivers: it
never decides what to coach. `DiscordSurface` does all of that and is what `coach run` and the
scheduler talk to; the `discord.Client` subclasses only hand it what Discord sends. Every send
refuses to ping anyone, whatever a contact is called.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import aiohttp
import discord
from discord import app_commands

from adapters.discord_render import CUSTOM_ID_TEMPLATE, Button, Message, encode_custom_id, render
from adapters.lanes import Lanes
from adapters.surface import DeliveryFailed
from coaching.core.engine import Coach
from coaching.core.incoming import Incoming, Upload
from coaching.core.model import Attachment, Reply, UserRef

log = logging.getLogger(__name__)
T = TypeVar("T")

NO_MENTIONS = discord.AllowedMentions.none()
STYLES = {"primary": discord.ButtonStyle.primary, "danger": discord.ButtonStyle.danger}
SEND_PROBLEMS = (discord.HTTPException, discord.RateLimited, aiohttp.ClientError, OSError, asyncio.TimeoutError)


def default_intents() -> discord.Intents:
    """Only what the bot uses: servers (for channel nudges and `/coach` in servers) and DMs.

    DM text reaches a bot without the privileged message-content intent, and slash commands and
    button presses arrive as interactions, which need no intent at all.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.dm_messages = True
    return intents


def discord_user(user: discord.abc.User) -> UserRef:
    """Discord ids are global, so there is no workspace part."""
    return UserRef("discord", None, str(user.id))


def delivery_failure(problem: Exception, what: str) -> DeliveryFailed:
    """Whether a failed send is worth retrying: blocked DMs and missing channels are not."""
    if isinstance(problem, discord.RateLimited):
        return DeliveryFailed(f"{what}: rate limited", retry=True, after=problem.retry_after)
    if isinstance(problem, discord.HTTPException):
        retry = problem.status == 429 or problem.status >= 500
        return DeliveryFailed(f"{what}: Discord said {problem.status} {problem.text}".rstrip(), retry=retry)
    return DeliveryFailed(f"{what}: {problem}", retry=True)


class DiscordSurface:
    """The Discord client plus the `adapters.surface.Surface` the scheduler delivers nudges through.

    It answers what the client receives (DMs, `/coach`, button presses) and sends every reply and
    nudge as messages within Discord's limits; a send that fails becomes a `DeliveryFailed`.
    """

    platform = "discord"

    def __init__(self, client: discord.Client, coach: Coach, lanes: Lanes | None = None, token: str = "") -> None:
        self.client = client
        self.coach = coach
        self.lanes = lanes or Lanes()
        self.token = token
        self._task: asyncio.Task | None = None

    # Running

    async def start(self) -> None:
        """Log in (a rejected token raises here), then keep the connection on its own task: it runs until closed."""
        await self.client.login(self.token)
        self._task = asyncio.create_task(self.client.connect(), name="discord")

    async def stop(self) -> None:
        await self.client.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    # Surface

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        what = f"DM to Discord user {user.log_id}"
        if self._task is not None and self._task.done():
            raise DeliveryFailed("the Discord connection has stopped", retry=True)
        if not user.user_id.isdigit():
            raise DeliveryFailed(f"{what}: not a Discord user id", retry=False)
        try:
            channel = await self.client.create_dm(discord.Object(id=int(user.user_id)))
            await self._deliver(channel, reply)
        except SEND_PROBLEMS as problem:
            raise delivery_failure(problem, what) from problem

    async def post(self, channel: str, reply: Reply) -> None:
        what = "post to a Discord channel"  # the scheduler logs which schedule; ids stay out of logs
        if not channel.isdigit():
            raise DeliveryFailed(f"{what}: use the channel's numeric id (Developer Mode, right-click, Copy ID)",
                                 retry=False)
        try:
            target = self.client.get_channel(int(channel)) or await self.client.fetch_channel(int(channel))
            if not isinstance(target, discord.abc.Messageable):
                raise DeliveryFailed(f"{what}: not a text channel", retry=False)
            await self._deliver(target, reply)
        except SEND_PROBLEMS as problem:
            raise delivery_failure(problem, what) from problem

    # What the client receives

    async def on_message(self, message: discord.Message) -> None:
        """A DM is a command. Messages in servers are never answered: contact details stay private."""
        if message.author.bot or message.guild is not None:
            return
        user = discord_user(message.author)
        async with self.lanes.turn(user.key):
            if message.attachments:
                reply = await self._receive_upload(user, message.attachments[0])
            else:
                reply = await self._engine(user, self.coach.receive, Incoming(user, message.content))
            await self._deliver(message.channel, reply)

    async def answer(self, interaction: discord.Interaction, text: str, surface: str = "command") -> None:
        """What every `/coach` subcommand and button does: run the grammar text as this user and answer.

        In a server the message carries its channel and whether this person may manage the server (free to know
        here); the coach decides whether that matters. In the bot's DM there is no channel to manage.
        """
        user = discord_user(interaction.user)
        in_server = interaction.guild is not None
        incoming = Incoming(user, text, channel=str(interaction.channel_id) if in_server else None,
                            can_manage=in_server and bool(interaction.permissions.manage_guild), surface=surface)
        async with self.lanes.turn(user.key):
            await self._respond(interaction, await self._engine(user, self.coach.receive, incoming))

    async def _receive_upload(self, user: UserRef, upload: discord.Attachment) -> Reply:
        """A file sent in a DM is offered to the coach as an import; nothing is stored before the user confirms."""
        refusal = self.coach.too_large(upload.size)
        if refusal is not None:
            return refusal
        try:
            data = await upload.read()
        except (discord.HTTPException, aiohttp.ClientError, OSError):
            log.warning("Could not download a Discord upload", exc_info=True)
            return Reply(body="I couldn't download that file from Discord. Please send it again.")
        return await self._engine(user, self.coach.receive, Incoming(user, file=Upload(upload.filename, data)))

    async def _engine(self, user: UserRef, call: Callable[..., T], *args, **kwargs) -> T:
        """An engine call, off the event loop and after this person's earlier ones."""
        return await self.lanes.run(user.key, call, *args, **kwargs)

    # Sending

    async def _deliver(self, target: discord.abc.Messageable, reply: Reply) -> None:
        """Send a reply to a DM or channel as one or more messages, in order."""
        for message in render(reply):
            await target.send(**_send_kwargs(message))

    async def _respond(self, interaction: discord.Interaction, reply: Reply) -> None:
        """Answer an interaction: the first message as the response, the rest as follow-ups.

        Anywhere but the bot's own DM, only the person who asked may see the answer.
        """
        ephemeral = not interaction.context.dm_channel
        first, *rest = render(reply)
        await interaction.response.send_message(ephemeral=ephemeral, **_send_kwargs(first))
        for message in rest:
            await interaction.followup.send(ephemeral=ephemeral, **_send_kwargs(message))


def _send_kwargs(message: Message) -> dict[str, Any]:
    """One rendered message as discord.py's send arguments."""
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if message.content:
        kwargs["content"] = message.content
    if message.embed is not None:
        kwargs["embed"] = message.embed
    if message.buttons:
        kwargs["view"] = _view(message.buttons)
    if message.files:
        kwargs["files"] = [_file(attachment) for attachment in message.files]
    return kwargs


def _view(buttons: Sequence[Button]) -> discord.ui.View:
    """A view that never times out; its buttons are dynamic items, so they work after a restart."""
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(CoachButton(button.command, label=button.label, style=STYLES.get(button.style or ""), row=button.row))
    return view


def _file(attachment: Attachment) -> discord.File:
    return discord.File(io.BytesIO(attachment.content), filename=attachment.filename,
                        description=attachment.title or None)


def _surface_of(interaction: discord.Interaction) -> DiscordSurface:
    return cast(CoachBot, interaction.client).surface


class CoachButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID_TEMPLATE):
    """A button whose custom_id is `coach:<grammar text>`: pressing it is the same as typing it."""

    def __init__(self, command: str, *, label: str | None = None, style: discord.ButtonStyle | None = None,
                 row: int | None = None) -> None:
        custom_id = encode_custom_id(command)
        if custom_id is None:
            raise ValueError(f"command too long for a button: {command[:40]!r}")
        super().__init__(discord.ui.Button(label=label, style=style or discord.ButtonStyle.secondary,
                                           custom_id=custom_id, row=row))
        self.command = command

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> CoachButton:
        return cls(match["command"], label=item.label, style=item.style, row=item.row)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _surface_of(interaction).answer(interaction, self.command, "button")


def add_text(name: str, where: str | None = None, when: str | None = None, notes: str | None = None) -> str:
    """`/coach add` options as the `add` grammar: name first, then the free-text parts."""
    parts = [name.replace(",", " ").strip()]
    if where:
        parts.append(f"where: {where.replace(',', ' ')}")
    parts.extend(part for part in (when, notes) if part)
    return "add " + ", ".join(parts)


class CoachCommands(app_commands.Group):
    """`/coach …`: typed options for the common actions; `/coach say` takes anything in the grammar."""

    def __init__(self) -> None:
        super().__init__(
            name="coach",
            description="Your networking coach: capture people, follow up, practise your pitch.",
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
            allowed_installs=app_commands.AppInstallationType(guild=True),
        )

    @app_commands.command(description="Record someone you just met; I'll remind you to follow up.")
    @app_commands.describe(name="Their name", where="Where you met", when="When, e.g. yesterday",
                           notes="What you talked about, #tags")
    async def add(self, interaction: discord.Interaction, name: str, where: str | None = None, when: str | None = None,
                  notes: str | None = None) -> None:
        await _surface_of(interaction).answer(interaction, add_text(name, where, when, notes))

    @app_commands.command(description="Who to follow up with: overdue first.")
    async def followups(self, interaction: discord.Interaction) -> None:
        await _surface_of(interaction).answer(interaction, "followups")

    @app_commands.command(description="You followed up (or were in touch).")
    @app_commands.describe(name="Who you followed up with")
    async def done(self, interaction: discord.Interaction, name: str) -> None:
        await _surface_of(interaction).answer(interaction, f"done {name}")

    @app_commands.command(description="Push a follow-up back (default: one day).")
    @app_commands.describe(name="Whose follow-up", when="e.g. tomorrow, 3 days, monday 9am")
    async def snooze(self, interaction: discord.Interaction, name: str, when: str | None = None) -> None:
        await _surface_of(interaction).answer(interaction, f"snooze {name} {when or ''}".strip())

    @app_commands.command(description="A follow-up message written from your notes.")
    @app_commands.describe(name="Who to write to")
    async def draft(self, interaction: discord.Interaction, name: str) -> None:
        await _surface_of(interaction).answer(interaction, f"draft {name}")

    @app_commands.command(description="Get feedback on your elevator pitch.")
    @app_commands.describe(text="Your pitch, as you'd say it")
    async def pitch(self, interaction: discord.Interaction, text: str) -> None:
        await _surface_of(interaction).answer(interaction, f"pitch {text}")

    @app_commands.command(description="Anything you could type in a DM, e.g. `contacts #conference`.")
    @app_commands.describe(text="A command, e.g. help")
    async def say(self, interaction: discord.Interaction, text: str) -> None:
        await _surface_of(interaction).answer(interaction, text)


class CoachBot(discord.Client):
    """The discord.py client: registers `/coach` and the buttons, and hands DMs to its `surface`."""

    def __init__(self, coach: Coach, *, guilds: Sequence[int] = (), intents: discord.Intents | None = None,
                 sync_commands: bool = True, lanes: Lanes | None = None, token: str = "", **options: Any) -> None:
        super().__init__(intents=intents or default_intents(), allowed_mentions=NO_MENTIONS, **options)
        self.surface = DiscordSurface(self, coach, lanes, token)
        self.guild_ids = tuple(guilds)
        self.sync_commands = sync_commands
        self.tree = app_commands.CommandTree(self)
        self.tree.add_command(CoachCommands())

    @property
    def coach(self) -> Coach:
        return self.surface.coach

    async def setup_hook(self) -> None:
        """Runs once at login: buttons from before a restart work again, and `/coach` is registered.

        Listed servers get `/coach` at once (handy while trying it out); otherwise it is global,
        which Discord can take up to an hour to show everywhere.
        """
        self.add_dynamic_items(CoachButton)
        if not self.sync_commands:
            return
        if not self.guild_ids:
            await self.tree.sync()
        for guild_id in self.guild_ids:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)

    async def on_message(self, message: discord.Message) -> None:
        await self.surface.on_message(message)


class ShardedCoachBot(CoachBot, discord.AutoShardedClient):
    """The same bot over several gateway connections (shards), as Discord requires past 2,500 servers.

    `shard_count` and `shard_ids` let several processes each run some of the shards over one shared store.
    """


def create_bot(coach: Coach, **options: Any) -> CoachBot:
    """The Discord client for `coach`. Options: `guilds` (server ids to sync `/coach` to),
    `intents` (defaults to `default_intents()`), `sync_commands` (False skips the network call at login),
    `sharded` (an `AutoShardedClient`; implied by `shard_count` or `shard_ids`, which pick this process's shards),
    `lanes` (the process's shared `adapters.lanes.Lanes`), `token` (what `bot.surface.start()` logs in with),
    and any other `discord.Client` keyword.
    Start it with `await bot.surface.start()` (or `await bot.start(token)`); stop with `await bot.surface.stop()`.
    Nudges go through `bot.surface` (a `DiscordSurface`)."""
    sharded = options.pop("sharded", False) or options.get("shard_count") is not None or options.get("shard_ids")
    if sharded:
        if options.get("shard_ids") is not None:
            options["shard_ids"] = list(options["shard_ids"])
        return ShardedCoachBot(coach, **options)
    return CoachBot(coach, **options)
