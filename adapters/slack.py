"""The Slack surface: `/coach`, DMs, buttons, the add modal and App Home, on slack-bolt's `AsyncApp`.

Thin by design: a Slack request becomes an `Incoming` for `Coach.receive`, and the engine's
`Reply` goes back as Block Kit. Every request is acknowledged first (Slack allows three
seconds), then answered. It runs on the process's one event loop; the engine is called through
`adapters.lanes.Lanes`, off the loop, and each person's messages are handled in turn (`Lanes.turn`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TypeVar
from urllib.parse import urlparse

from aiohttp import ClientError, ClientSession, ClientTimeout, StreamReader, web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters import slack_blocks as blocks
from adapters import slack_modal as modal
from adapters.lanes import Lanes
from adapters.slack_http import HttpGuard, HttpLimits
from adapters.slack_install import (
    INSTALL_PAGES,
    SCOPES,
    STATE_TTL,
    CoachInstallationStore,
    CoachOAuthFlow,
    CoachStateStore,
    SecretKeyProblem,
    TeamClients,
    delete_uninstalled,
    token_cipher,
)
from adapters.slack_settings import SlackSettings
from adapters.surface import DeliveryFailed
from coaching.core.engine import Coach
from coaching.core.incoming import Incoming, Upload
from coaching.core.model import Action, Attachment, Reply, UserRef

log = logging.getLogger(__name__)
T = TypeVar("T")

COMMAND = "/coach"
HEALTH_PATH = "/healthz"
HOME_TOP = (Action("Add someone", "add", "primary"), Action("Help", "help"))
SEEN_EVENTS = 1000
TIDY_SECONDS = 3600  # how often to look for uninstalled workspaces whose data is due for deletion
NOT_INSTALLED = "The coach isn't installed in this workspace any more. A workspace admin can add it again to use it."
DOWNLOAD_SECONDS = 60
# Errors where trying again later cannot help: the person or channel is gone or closed to the bot.
GONE = frozenset({
    "account_inactive", "channel_not_found", "user_not_found", "user_disabled", "cannot_dm_bot",
    "is_archived", "not_in_channel", "messages_tab_disabled", "restricted_action", "user_is_restricted",
})


class SlackStartFailed(RuntimeError):
    """Slack refused to start: a missing or rejected token, with what to do about it."""


class NotInstalled(RuntimeError):
    """The workspace uninstalled the app (many-workspace mode): there is no token to send with."""


def web_client(settings: SlackSettings, token: str | None = None) -> AsyncWebClient:
    """A Web API client on `settings.api_url` that waits out rate limits (Retry-After) and retries server errors.

    `token` is one workspace's (many-workspace mode); by default the single workspace's bot token.
    """
    return AsyncWebClient(
        token=token or settings.bot_token,
        base_url=settings.api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def user_of(body: dict) -> UserRef:
    """Slack user ids are unique per team, so the team is part of who someone is."""
    event = body.get("event") or {}
    person = body.get("user")
    if isinstance(person, dict):
        team = person.get("team_id") or (body.get("team") or {}).get("id")
        return UserRef("slack", team, person["id"])
    if event:
        return UserRef("slack", event.get("user_team") or event.get("team") or body.get("team_id"), event["user"])
    return UserRef("slack", body.get("team_id"), body["user_id"])


async def _read_up_to(stream: StreamReader, limit: int) -> bytes:
    """The body to its end, or its first `limit` bytes when it is longer."""
    data = bytearray()
    while len(data) < limit:
        chunk = await stream.read(limit - len(data))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def delivery_failure(error: Exception) -> DeliveryFailed:
    """What the scheduler should do with a send that failed: retry later, or give up on this recipient."""
    if isinstance(error, SlackApiError):
        code = error.response.get("error") or f"HTTP {error.response.status_code}"
        if code in GONE:
            return DeliveryFailed(f"Slack says {code}", retry=False)
        after = error.response.headers.get("Retry-After") if error.response.status_code == 429 else None
        return DeliveryFailed(f"Slack says {code}", retry=True, after=float(after) if after else None)
    return DeliveryFailed(f"Slack could not be reached: {error}", retry=True)


@dataclass
class SlackSurface:
    """The Slack app plus the `adapters.surface.Surface` the scheduler delivers nudges through."""

    coach: Coach
    settings: SlackSettings
    app: AsyncApp
    client: AsyncWebClient
    lanes: Lanes
    host: str = "0.0.0.0"
    teams: TeamClients | None = None  # many-workspace mode: each workspace's own token
    limits: HttpLimits = field(default_factory=HttpLimits)
    platform: str = "slack"
    port: int | None = field(default=None, init=False)  # the bound HTTP port, once started in HTTP mode
    _runner: web.AppRunner | None = field(default=None, init=False)
    _server: asyncio.Server | None = field(default=None, init=False)
    _socket: AsyncSocketModeHandler | None = field(default=None, init=False)
    _dm_channels: dict[str, str] = field(default_factory=dict, init=False)
    _tz_checked: set[UserRef] = field(default_factory=set, init=False)
    _home_viewers: set[UserRef] = field(default_factory=set, init=False)
    _seen_events: OrderedDict[str, None] = field(default_factory=OrderedDict, init=False)
    _tidy_task: asyncio.Task | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.app.command(COMMAND)(self._on_command)
        self.app.action(re.compile(f"^{blocks.BUTTON_PREFIX}"))(self._on_button)
        self.app.view(modal.CALLBACK_ID)(self._on_add_submitted)
        self.app.event("app_home_opened")(self._on_home_opened)
        self.app.event("message")(self._on_message)
        if self.teams is not None:
            self.app.middleware(self._note_org_team)
            self.app.event("app_uninstalled")(self._on_uninstalled)
            self.app.event("tokens_revoked")(self._on_tokens_revoked)
            self.app.event("team_access_revoked")(self._on_team_access_revoked)
            self.app.event("team_access_granted")(self._on_team_access_granted)

    # Running

    async def start(self) -> None:
        """Check the bot token, then connect over Socket Mode or serve HTTP on `settings.port`.

        With many workspaces: check COACH_SECRET_KEY opens every stored token, then serve HTTP with the install pages.
        """
        if self.teams is not None:
            try:
                count = self.teams.installs.check_key()
            except SecretKeyProblem as problem:
                raise SlackStartFailed(str(problem)) from None
            await self._start_http()
            log.info("Slack: installed in %d workspaces; add it to another at http://%s:%s/slack/install",
                     count, self.host, self.port)
            self._tidy_task = asyncio.create_task(self._tidy(), name="slack-tidy")
            return
        if not self.settings.bot_token:
            raise SlackStartFailed("SLACK_BOT_TOKEN is not set. Copy the Bot User OAuth Token (xoxb-…) from your app's page.")
        try:
            await self.client.auth_test()
        except SlackApiError as error:
            raise SlackStartFailed(f"Slack refused SLACK_BOT_TOKEN ({error.response.get('error')}). "
                                   "Reinstall the app to the workspace and copy the new token.") from None
        if self.settings.mode == "socket":
            await self._start_socket()
        else:
            await self._start_http()

    async def _start_socket(self) -> None:
        if not self.settings.app_token:
            raise SlackStartFailed("Socket Mode needs SLACK_APP_TOKEN: an app-level token (xapp-…) "
                                   "with the connections:write scope, from Basic Information > App-Level Tokens.")
        handler = AsyncSocketModeHandler(self.app, self.settings.app_token, web_client=self.client)
        try:
            handler.client.wss_uri = await handler.client.issue_new_wss_url()
        except SlackApiError as error:
            await handler.close_async()
            raise SlackStartFailed(f"Slack refused SLACK_APP_TOKEN ({error.response.get('error')}). Check it is the "
                                   "app-level token (xapp-…) with connections:write, and that Socket Mode is on.") from None
        await handler.connect_async()
        self._socket = handler
        log.info("Slack: connected over Socket Mode")

    async def _start_http(self) -> None:
        if not self.settings.signing_secret:
            raise SlackStartFailed("HTTP mode needs SLACK_SIGNING_SECRET (Basic Information > App Credentials).")
        guard = HttpGuard(self.limits, self.settings.signing_secret)
        web_app = self.app.web_app(path=self.settings.path, port=self.settings.port)
        web_app.middlewares.append(guard.middleware)
        web_app.router.add_get(HEALTH_PATH, self._health)
        self._runner = web.AppRunner(web_app)
        await self._runner.setup()
        self._server = await asyncio.get_running_loop().create_server(
            guard.protocol_factory(self._runner.server), self.host, self.settings.port)
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("Slack: listening on http://%s:%s%s", self.host, self.port, self.settings.path)

    async def _health(self, request: web.Request) -> web.Response:
        """For load balancers: 200 while the store answers, 503 while it doesn't (asked off the loop: it may wait)."""
        if await asyncio.to_thread(self.coach.healthy):
            return web.Response(text="ok\n")
        return web.Response(status=503, text="store unavailable\n")

    async def stop(self) -> None:
        """Stop taking requests; in HTTP mode the ones in flight finish first (aiohttp's graceful shutdown)."""
        if self._tidy_task is not None:
            self._tidy_task.cancel()
            await asyncio.gather(self._tidy_task, return_exceptions=True)
            self._tidy_task = None
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # Surface

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        if user.platform != "slack":
            raise DeliveryFailed(f"{user.log_id} is not a Slack user", retry=False)
        try:
            channel = await self._dm_channel(user)
            await (await self._api(user.workspace)).chat_postMessage(channel=channel, **blocks.message(reply))
            await self._upload(user, channel, reply.attachments)
        except NotInstalled as gone:
            raise DeliveryFailed(str(gone), retry=False) from gone
        except (SlackApiError, SlackRequestError, ClientError, TimeoutError) as error:
            raise delivery_failure(error) from error
        try:
            await self._refresh_home(user)
        except (SlackApiError, SlackRequestError, ClientError, TimeoutError):
            log.warning("Slack: Home tab refresh failed for %s after a nudge", user.log_id, exc_info=True)

    async def post(self, channel: str, reply: Reply) -> None:
        try:
            client = await self._api(await asyncio.to_thread(self._team_of_channel, channel))
            await client.chat_postMessage(channel=channel, **blocks.message(reply))
        except NotInstalled as gone:
            raise DeliveryFailed(str(gone), retry=False) from gone
        except (SlackApiError, SlackRequestError, ClientError, TimeoutError) as error:
            raise delivery_failure(error) from error

    # Listeners

    async def _on_command(self, ack, body: dict, respond) -> None:
        await ack()
        user = user_of(body)
        text = blocks.to_plain(body.get("text") or "")
        if self.coach.opens_form(text) and body.get("trigger_id"):  # the trigger expires in 3 s: open the form first
            form = modal.add_view(self.coach.limits.form, body.get("response_url"))
            await (await self._api(user.workspace)).views_open(trigger_id=body["trigger_id"], view=form)
            async with self.lanes.turn(user.key):
                await self._learn_timezone(user)  # so the form's "when" is read in their timezone
            return
        async with self.lanes.turn(user.key):
            await self._learn_timezone(user)
            reply = await self._answer(user, text, body.get("channel_id") or "", "command")
            note = await self._files_to_dm(user, reply)
            await respond(response_type="ephemeral", **blocks.message(note))
            await self._refresh_home(user)

    async def _on_message(self, body: dict, event: dict, say) -> None:
        """A DM to the app is the same as `/coach` with that text, so a drill can be a conversation."""
        subtype = event.get("subtype")
        if event.get("channel_type") != "im" or subtype not in (None, "file_share") or event.get("bot_id") \
                or not event.get("user"):
            return
        if self._seen(body.get("event_id")):
            return
        user = user_of(body)
        async with self.lanes.turn(user.key):
            await self._learn_timezone(user)
            if event.get("files"):
                reply = await self._receive_upload(user, event["files"][0])
            else:
                reply = await self._engine(user, self.coach.receive,
                                           Incoming(user, blocks.to_plain(event.get("text") or ""), surface="dm"))
            await say(**blocks.message(reply))
            await self._upload(user, event["channel"], reply.attachments)
            await self._refresh_home(user)

    async def _receive_upload(self, user: UserRef, shared: dict) -> Reply:
        """A file DMed to the app is offered to the coach as an import (files:read scope, bot token).

        The whole file is read (the body arrives in pieces), never more than the import cap, and it
        must be as long as Slack said: a file cut short is refused, not half imported.
        """
        name = shared.get("name") or "upload"
        declared = shared.get("size") or 0
        refusal = self.coach.too_large(declared)
        if refusal is not None:
            return refusal
        url = shared.get("url_private_download") or shared.get("url_private") or ""
        if not self._trusted(url, "files"):
            return Reply(body="Slack didn't give me a way to download that file. Please send it again.")
        try:
            token = (await self._api(user.workspace)).token
            async with ClientSession(timeout=ClientTimeout(total=DOWNLOAD_SECONDS)) as session, session.get(
                url, headers={"Authorization": f"Bearer {token}"}
            ) as response:
                html = response.content_type == "text/html"
                data = await _read_up_to(response.content, self.coach.limits.upload_bytes + 1)
                ok = response.status == 200 and not html
        except (ClientError, TimeoutError):
            log.warning("Slack: could not download an upload", exc_info=True)
            ok = False
        if not ok:
            return Reply(body="I couldn't download that file from Slack (the app needs the files:read permission). "
                              "Please send it again.")
        if len(data) > self.coach.limits.upload_bytes:
            return Reply(body=f"That file is over {self.coach.limits.upload_megabytes} MB, more than I can import.")
        if declared and len(data) != declared:
            log.warning("Slack: an upload arrived as %d bytes of the %d Slack announced", len(data), declared)
            return Reply(body="Only part of that file reached me, so I've left your contacts as they were. "
                              "Please send it again.")
        return await self._engine(user, self.coach.receive, Incoming(user, file=Upload(name, data), surface="dm"))

    def _trusted(self, url: str, service: str) -> bool:
        """Where the bot token or a reply may go: Slack's `service` host (`files`, `hooks`) over https, on
        slack.com or the configured Web API's domain (another Slack cloud); or that API's own scheme and host
        (a local stand-in for Slack)."""
        parts, api = urlparse(url), urlparse(self.settings.api_url)
        if (parts.scheme, parts.netloc) == (api.scheme, api.netloc):
            return True
        return parts.scheme == "https" and parts.hostname in {f"{service}.slack.com", f"{service}.{api.hostname}"}

    async def _on_button(self, ack, body: dict, respond) -> None:
        """A button is its command typed: run it, then show the outcome where the button was."""
        await ack()
        user = user_of(body)
        pressed = body["actions"][0]
        command = pressed.get("value") or ""
        in_home = (body.get("container") or {}).get("type") == "view"
        if self.coach.opens_form(command) and body.get("trigger_id"):
            form = modal.add_view(self.coach.limits.form, None if in_home else body.get("response_url"))
            await (await self._api(user.workspace)).views_open(trigger_id=body["trigger_id"], view=form)
            return
        channel = ((body.get("channel") or {}).get("id")) or ""
        async with self.lanes.turn(user.key):
            note = await self._files_to_dm(user, await self._answer(user, command, channel, "button"))
            if in_home:
                self._home_viewers.add(user)
                await self._publish_home(user, notice=note)
                return
            original = (body.get("message") or {}).get("blocks")
            spliced = blocks.splice(original, pressed["block_id"], note) if original else None
            if spliced is not None:
                await respond(replace_original=True, text=blocks.fallback_text(note), blocks=spliced)
            else:
                await respond(replace_original=True, **blocks.message(note))
            await self._refresh_home(user)

    async def _on_add_submitted(self, ack, body: dict) -> None:
        user = user_of(body)
        submission = await self._engine(user, modal.read_submission, body["view"], partial(self.coach.form_command, user))
        if submission.errors:
            await ack(response_action="errors", errors=submission.errors)
            return
        await ack()
        async with self.lanes.turn(user.key):
            reply = await self._engine(user, self.coach.receive, Incoming(user, submission.command or "", surface="form"))
            if not await self._respond_to(submission.response_url, reply):
                await self.send_dm(user, reply)
                return
            await self._refresh_home(user)

    async def _on_home_opened(self, event: dict, body: dict) -> None:
        if event.get("tab") != "home":
            return
        user = user_of(body)
        self._home_viewers.add(user)
        async with self.lanes.turn(user.key):
            await self._learn_timezone(user)
            await self._publish_home(user)

    # Helpers

    async def _engine(self, user: UserRef, call: Callable[..., T], *args, **kwargs) -> T:
        """An engine call, off the event loop and after this person's earlier ones."""
        return await self.lanes.run(user.key, call, *args, **kwargs)

    def _seen(self, event_id: str | None) -> bool:
        """Slack redelivers an event it thinks we missed; a DM like `add Priya` must not run twice."""
        if not event_id:
            return False
        if event_id in self._seen_events:
            return True
        self._seen_events[event_id] = None
        while len(self._seen_events) > SEEN_EVENTS:
            self._seen_events.popitem(last=False)
        return False

    async def _learn_timezone(self, user: UserRef) -> None:
        """Once per run per person: their Slack timezone becomes the default, never overriding `tz`."""
        if user in self._tz_checked:
            return
        self._tz_checked.add(user)
        try:
            found = await (await self._api(user.workspace)).users_info(user=user.user_id)
        except (SlackApiError, ClientError, TimeoutError) as error:
            log.warning("Slack: users.info failed for %s: %s", user.log_id, error)
            return
        zone = (found.get("user") or {}).get("tz")
        if zone:
            await self._engine(user, self.coach.set_default_timezone, user, zone)

    async def _answer(self, user: UserRef, text: str, channel: str, surface: str) -> Reply:
        """Typed where `channel` is: who may manage it is asked of Slack only when the coach will need it."""
        can_manage = self.coach.needs_channel_rights(text) and await self._can_manage(user, channel)
        incoming = Incoming(user, text, channel=channel, can_manage=can_manage, surface=surface)
        return await self._engine(user, self.coach.receive, incoming)

    async def _can_manage(self, user: UserRef, channel: str) -> bool:
        """Workspace admins and owners, and whoever created the channel, may schedule posts in it."""
        try:
            client = await self._api(user.workspace)
            person = (await client.users_info(user=user.user_id)).get("user") or {}
            if person.get("is_admin") or person.get("is_owner"):
                return True
            info = (await client.conversations_info(channel=channel)).get("channel") or {}
        except (SlackApiError, ClientError, TimeoutError) as error:
            log.warning("Slack: could not check who manages a channel for %s: %s", user.log_id, error)
            return False
        return info.get("creator") == user.user_id

    async def _dm_channel(self, user: UserRef) -> str:
        channel = self._dm_channels.get(user.key)
        if channel is None:
            opened = await (await self._api(user.workspace)).conversations_open(users=user.user_id)
            channel = opened["channel"]["id"]
            self._dm_channels[user.key] = channel
        return channel

    async def _upload(self, user: UserRef, channel: str, attachments: tuple[Attachment, ...]) -> None:
        for attachment in attachments:
            await (await self._api(user.workspace)).files_upload_v2(
                channel=channel, content=attachment.content, filename=attachment.filename,
                title=attachment.title or attachment.filename)

    async def _files_to_dm(self, user: UserRef, reply: Reply) -> Reply:
        """Files go to the person's DM (a channel answer is only visible for a moment); the reply says so."""
        if not reply.attachments:
            return reply
        names = ", ".join(a.filename for a in reply.attachments)
        try:
            await self._upload(user, await self._dm_channel(user), reply.attachments)
        except (SlackApiError, SlackRequestError, ClientError, TimeoutError) as error:
            log.warning("Slack: upload to %s failed: %s", user.log_id, error)
            return replace(reply, body=f"{reply.body}\nI couldn't send {names} just now. Try again in a minute.")
        return replace(reply, body=f"{reply.body}\nI've sent {names} to our direct messages.")

    async def _respond_to(self, response_url: str | None, reply: Reply) -> bool:
        """Answer on the form's `response_url`; it comes back from the client, so only Slack's own hooks are used."""
        if not response_url or not self._trusted(response_url, "hooks"):
            return False
        try:
            sent = await AsyncWebhookClient(response_url).send_dict(
                {"response_type": "ephemeral", **blocks.message(reply)})
        except (ClientError, TimeoutError) as error:
            log.warning("Slack: response_url failed: %s", error)
            return False
        return sent.status_code == 200

    async def _publish_home(self, user: UserRef, notice: Reply | None = None) -> None:
        view = blocks.home_view(await self._engine(user, self.coach.dashboard, user), notice=notice, top=HOME_TOP)
        try:
            await (await self._api(user.workspace)).views_publish(user_id=user.user_id, view=view)
        except (SlackApiError, ClientError, TimeoutError) as error:
            log.warning("Slack: views.publish failed for %s: %s", user.log_id, error)

    async def _refresh_home(self, user: UserRef) -> None:
        """Keep an App Home someone has looked at in step with what just changed."""
        if user in self._home_viewers:
            await self._publish_home(user)

    # Many workspaces

    async def _api(self, team: str | None) -> AsyncWebClient:
        """The client with this workspace's token: the one bot token, or (many workspaces) its installation's."""
        if self.teams is None:
            return self.client
        client = await self.teams.client_for(team)
        if client is None:
            raise NotInstalled(f"the coach is not installed in Slack workspace {team}")
        return client

    def _team_of_channel(self, channel: str) -> str | None:
        """Channel posts added in chat remember their workspace; config-file ones belong to the one bot token.

        Reads the store: call it off the event loop.
        """
        if self.teams is None:
            return None
        for schedule in self.coach.channel_schedules():
            if schedule.platform == "slack" and schedule.channel == channel:
                return schedule.workspace
        raise NotInstalled(f"no workspace is known for channel {channel}: with many workspaces, add channel posts "
                           "in chat (`schedule add`) so the coach knows whose token to post with")

    async def _note_org_team(self, context, next_) -> None:
        """Remember which org a team belongs to, so a nudge for someone in it uses the org-wide install's token."""
        assert self.teams is not None
        if context.is_enterprise_install and context.enterprise_id and context.team_id:
            await asyncio.to_thread(self.teams.installs.remember_org_team, context.enterprise_id, context.team_id)
        await next_()

    async def _on_uninstalled(self, context) -> None:
        assert self.teams is not None
        await self.teams.installs.async_delete_all(enterprise_id=context.enterprise_id,
                                                   team_id=None if context.is_enterprise_install else context.team_id)

    async def _on_tokens_revoked(self, event: dict, context) -> None:
        """Only the bot token matters: the coach keeps no person's token."""
        if (event.get("tokens") or {}).get("bot"):
            await self._on_uninstalled(context)

    async def _on_team_access_revoked(self, event: dict) -> None:
        assert self.teams is not None
        await asyncio.to_thread(self.teams.installs.revoke_teams, [str(team) for team in event.get("team_ids") or ()])

    async def _on_team_access_granted(self, event: dict, context) -> None:
        assert self.teams is not None
        if context.enterprise_id:
            await asyncio.to_thread(self.teams.installs.grant_teams, context.enterprise_id,
                                    [str(team) for team in event.get("team_ids") or ()])

    async def _tidy(self) -> None:
        """Hourly: delete the coach data of workspaces uninstalled 30 days ago (the dates live in the store)."""
        while True:
            try:
                await asyncio.to_thread(delete_uninstalled, self.coach.store, self.coach.clock())
            except Exception:
                log.exception("Slack: deleting the data of uninstalled workspaces failed; trying again in an hour")
            await asyncio.sleep(TIDY_SECONDS)


def build_slack_app(coach: Coach, settings: SlackSettings, *, host: str = "0.0.0.0",
                    lanes: Lanes | None = None) -> SlackSurface:
    """The Slack surface for `settings`; call `await surface.start()` inside the running loop, `stop()` to finish.

    `lanes` is the process's shared `adapters.lanes.Lanes`; without one the surface gets its own.
    """
    if settings.many_workspaces:
        return _build_installable(coach, settings, host, lanes or Lanes())
    client = web_client(settings)
    app = AsyncApp(client=client, signing_secret=settings.signing_secret or "", name="networking-coach",
                   request_verification_enabled=settings.mode == "http")
    return SlackSurface(coach=coach, settings=settings, app=app, client=client, lanes=lanes or Lanes(), host=host)



def _build_installable(coach: Coach, settings: SlackSettings, host: str, lanes: Lanes) -> SlackSurface:
    """One app for many workspaces: Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, and each
    request and nudge authorised with its own workspace's stored token (rotated by Bolt when it expires)."""
    try:
        cipher = token_cipher(settings.secret_key)
    except SecretKeyProblem as problem:
        raise SlackStartFailed(str(problem)) from None
    installs = CoachInstallationStore(coach.store, cipher, coach.clock)
    client_id, client_secret = settings.client_id or "", settings.client_secret or ""
    base = web_client(settings)  # no token: each call gets its workspace's
    oauth = AsyncOAuthSettings(
        client_id=client_id, client_secret=client_secret, scopes=list(SCOPES), authorization_url=settings.authorize_url,
        installation_store=installs, installation_store_bot_only=True,
        state_store=CoachStateStore(coach.store, coach.clock), state_expiration_seconds=int(STATE_TTL.total_seconds()),
        callback_options=INSTALL_PAGES, logger=log)
    authorize = AsyncInstallationStoreAuthorize(  # Bolt's own, given the client so token rotation uses `api_url` too
        logger=log, installation_store=installs, client_id=client_id, client_secret=client_secret, bot_only=True,
        client=base)
    app = AsyncApp(client=base, signing_secret=settings.signing_secret or "", name="networking-coach",
                   oauth_flow=CoachOAuthFlow(client=base, logger=log, settings=oauth), authorize=authorize,
                   user_facing_authorize_error_message=NOT_INSTALLED)
    teams = TeamClients(installs, partial(web_client, settings), client_id, client_secret)
    return SlackSurface(coach=coach, settings=settings, app=app, client=base, lanes=lanes, host=host, teams=teams)
