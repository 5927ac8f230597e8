"""One Slack app in many workspaces: installations and OAuth state in the coach's own store.

slack_sdk's stores keep tokens in clear in files or SQL tables of their own, so these are
adapters over `coaching.core.store.Store.shared()` instead: they work on whatever store the coach
runs on (TinyDB, PostgreSQL). Bot and refresh tokens are encrypted with `COACH_SECRET_KEY`
(Fernet; several keys, newest first, for rotation); the team, names and dates stay readable so
`coach workspaces` can list installations without the key.

A workspace is keyed by its team id, or by its Enterprise Grid org for an org-wide install
(the teams seen under an org are remembered, so a nudge for a person in one of them finds the
org's token). Uninstalling deletes the installation at once and the workspace's coach data
`DELETE_AFTER` later, unless the app is installed again before then.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions, AsyncFailureArgs, AsyncSuccessArgs
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from coaching import community
from coaching.core.model import Clock
from coaching.core.store import SCHEMA_VERSION, Store, UserData

log = logging.getLogger(__name__)

# The bot scopes the install link asks for: the same list as slack-manifest.yml (a test keeps them equal).
SCOPES = ("commands", "chat:write", "chat:write.public", "im:write", "im:history", "users:read", "files:write",
          "files:read")
STATE_TTL = timedelta(minutes=10)
DELETE_AFTER = timedelta(days=30)
ROTATE_BEFORE_MINUTES = 120
INSTALLS = "slack_installations"
STATES = "slack_oauth_states"
UNINSTALLED = "slack_uninstalled"
ORG_TEAMS = "slack_org_teams"
SECRET_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
NEW_KEY = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


Record = TypeVar("Record")


class SecretKeyProblem(ValueError):
    """COACH_SECRET_KEY is missing, malformed, or not the key the stored tokens were sealed with."""


class TokenCipher(MultiFernet):
    """Several Fernet keys, newest first: the first seals, any of them opens."""

    def __init__(self, keys: list[Fernet]) -> None:
        super().__init__(keys)
        self._newest = keys[0]

    def sealed_with_newest(self, token: bytes) -> bool:
        """Whether resealing `token` would change nothing but its random IV."""
        try:
            self._newest.decrypt(token)
        except InvalidToken:
            return False
        return True


def token_cipher(value: str | None) -> TokenCipher:
    """The keys in COACH_SECRET_KEY, comma-separated, newest first: the first seals, any of them opens."""
    if not value:
        raise SecretKeyProblem(f"COACH_SECRET_KEY is not set. Make a key with: {NEW_KEY}")
    try:
        return TokenCipher([Fernet(key.strip()) for key in value.split(",") if key.strip()])
    except ValueError:
        raise SecretKeyProblem("COACH_SECRET_KEY is not a list of Fernet keys (each is 44 characters of url-safe "
                               f"base64, comma-separated, newest first). Make one with: {NEW_KEY}") from None


def _key(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str:
    return f"E:{enterprise_id}" if is_enterprise_install and enterprise_id else f"T:{team_id}"


def _stamp(value: Any) -> Any:
    """Times as ISO text: JSON can hold it, and slack_sdk's models read it back."""
    return value.isoformat() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class Workspace:
    """One installation as `coach workspaces` shows it: never a token."""

    key: str
    name: str
    installed: datetime
    teams: tuple[str, ...]
    uninstalled: datetime | None = None


@dataclass(frozen=True)
class InstallRecord:
    """A stored installation: slack_sdk's Installation fields with the tokens sealed, and when it first came."""

    id: str  # "T:<team>", or "E:<org>" for an org-wide install
    installation: dict
    installed: str
    v: int = SCHEMA_VERSION


@dataclass(frozen=True)
class Uninstalled:
    """A workspace that removed the app at `at`: its coach data goes `DELETE_AFTER` later."""

    id: str
    at: str
    v: int = SCHEMA_VERSION


@dataclass(frozen=True)
class OrgTeam:
    """A team seen under an Enterprise Grid org."""

    id: str  # the team
    enterprise_id: str
    v: int = SCHEMA_VERSION


@dataclass(frozen=True)
class PendingState:
    """An OAuth state handed out with an install link, good once until `expires`."""

    id: str
    expires: str
    v: int = SCHEMA_VERSION


def _record(kind: type[Record], doc: dict | None) -> Record | None:
    return kind(**doc) if doc is not None else None


class CoachInstallationStore(AsyncInstallationStore):
    """slack_sdk's installation-store interface over the coach's shared store, tokens sealed with Fernet."""

    def __init__(self, store: Store, cipher: TokenCipher | None, clock: Clock) -> None:
        """`cipher` may be None only for listing (`workspaces`), which never opens a token."""
        self.store = store
        self.cipher = cipher
        self.clock = clock
        self._org_teams_seen: set[str] = set()

    @property
    def logger(self) -> logging.Logger:
        return log

    # Sealing

    def _seal(self, fields: dict) -> dict:
        assert self.cipher is not None
        return {name: self.cipher.encrypt(value.encode()).decode() if name in SECRET_FIELDS and value else _stamp(value)
                for name, value in fields.items()}

    def _open(self, record: InstallRecord) -> Installation:
        assert self.cipher is not None
        fields = {name: self.cipher.decrypt(value.encode()).decode() if name in SECRET_FIELDS and value else value
                  for name, value in record.installation.items()}
        return Installation(**fields)

    # Storage (blocking)

    def save(self, installation: Installation) -> None:
        key = _key(installation.enterprise_id, installation.team_id, installation.is_enterprise_install)
        with self.store.shared() as data:
            known = _record(InstallRecord, data.get(INSTALLS, key))
            record = InstallRecord(key, self._seal(installation.to_dict_for_copying()),
                                   known.installed if known else self.clock().isoformat())
            data.put(INSTALLS, asdict(record))
            data.delete(UNINSTALLED, key)
        log.info("Slack: installed in %s", key)

    def save_bot(self, bot: Bot) -> None:
        """A rotated bot token replaces the old one in its installation."""
        key = _key(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        with self.store.shared() as data:
            record = _record(InstallRecord, data.get(INSTALLS, key))
            if record is None:
                return
            fields = {name: value for name, value in bot.to_dict().items() if name in record.installation}
            data.put(INSTALLS, asdict(replace(record, installation={**record.installation, **self._seal(fields)})))

    def find_installation(self, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        with self.store.shared() as data:
            record = self._find(data, enterprise_id, team_id, is_enterprise_install)
        if record is None:
            log.warning("Slack: workspace %s is not installed (or was uninstalled); nothing is sent to it",
                        team_id or enterprise_id)
            return None
        try:
            installation = self._open(record)
        except InvalidToken:
            log.error("Slack: the token stored for %s can't be opened with COACH_SECRET_KEY", record.id)
            return None
        return installation if user_id is None or installation.user_id == user_id else None

    # The interface: slack_sdk's async methods, each running its storage work off the event loop

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.save_bot, bot)

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False) -> Installation | None:
        return await asyncio.to_thread(self.find_installation, enterprise_id, team_id, user_id, is_enterprise_install)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.delete_all, enterprise_id, team_id)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        installation = await self.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install)
        return installation.to_bot() if installation is not None and installation.bot_token else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                        user_id: str | None = None) -> None:
        if user_id is None:
            await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    def delete_all(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the installation now; the workspace's coach data goes `DELETE_AFTER` later unless it comes back."""
        with self.store.shared() as data:
            record = self._find(data, enterprise_id, team_id, team_id is None)
            if record is None:
                return
            data.delete(INSTALLS, record.id)
            data.put(UNINSTALLED, asdict(Uninstalled(record.id, self.clock().isoformat())))
        log.info("Slack: uninstalled from %s; its coach data will be deleted after %s days", record.id, DELETE_AFTER.days)

    # Lookups

    def _find(self, data: UserData, enterprise_id: str | None, team_id: str | None,
              is_enterprise_install: bool | None) -> InstallRecord | None:
        """The exact installation first, then the org-wide one that covers this team."""
        keys = [_key(enterprise_id, team_id, is_enterprise_install)]
        org = enterprise_id
        if org is None and team_id:
            known = _record(OrgTeam, data.get(ORG_TEAMS, team_id))
            org = known.enterprise_id if known else None
        if org:
            keys.append(f"E:{org}")
        return next((_record(InstallRecord, doc) for doc in (data.get(INSTALLS, key) for key in keys) if doc), None)

    def revoke_teams(self, team_ids: list[str]) -> None:
        """An org-wide install no longer reaches these teams (Enterprise Grid's `team_access_revoked`): they count as
        uninstalled, so their people's coach data goes `DELETE_AFTER` later unless access comes back."""
        with self.store.shared() as data:
            for team in team_ids:
                data.delete(ORG_TEAMS, team)  # the org's token no longer serves it
                if data.get(INSTALLS, f"T:{team}") is None and data.get(UNINSTALLED, f"T:{team}") is None:
                    data.put(UNINSTALLED, asdict(Uninstalled(f"T:{team}", self.clock().isoformat())))
        self._org_teams_seen.difference_update(team_ids)
        log.info("Slack: org access revoked for %d teams; their coach data will be deleted after %s days",
                 len(team_ids), DELETE_AFTER.days)

    def grant_teams(self, enterprise_id: str, team_ids: list[str]) -> None:
        """Access back (`team_access_granted`): the org's token serves these teams again and their data stays."""
        with self.store.shared() as data:
            for team in team_ids:
                data.delete(UNINSTALLED, f"T:{team}")
                data.put(ORG_TEAMS, asdict(OrgTeam(team, enterprise_id)))
        self._org_teams_seen.update(team_ids)

    def remember_org_team(self, enterprise_id: str, team_id: str) -> None:
        """A team seen under an org-wide install, so a nudge for someone in it finds the org's token."""
        if team_id in self._org_teams_seen:
            return
        with self.store.shared() as data:
            if _record(OrgTeam, data.get(ORG_TEAMS, team_id)) != OrgTeam(team_id, enterprise_id):
                data.put(ORG_TEAMS, asdict(OrgTeam(team_id, enterprise_id)))
        self._org_teams_seen.add(team_id)

    def check_key(self, *, reseal: bool = True) -> int:
        """Open every stored token, and reseal one sealed with an older key with the newest (so the old key can be dropped).

        Run at start-up (and by `coach check`, without resealing): a wrong key is reported then,
        never in the middle of a request. Returns how many installations there are.
        """
        if self.cipher is None:
            raise SecretKeyProblem("COACH_SECRET_KEY is not set.")
        with self.store.shared() as data:
            records = [InstallRecord(**doc) for doc in data.all(INSTALLS)]
            for record in records:
                sealed = record.installation
                try:
                    fresh = {name: self.cipher.rotate(sealed[name].encode()).decode() for name in SECRET_FIELDS
                             if sealed.get(name) and not self.cipher.sealed_with_newest(sealed[name].encode())}
                except InvalidToken:
                    raise SecretKeyProblem(
                        f"COACH_SECRET_KEY can't open the Slack tokens stored for {record.id}. Set it to the key the "
                        "coach was using (to change keys, list the new one first: NEW,OLD).") from None
                if reseal and fresh:
                    data.put(INSTALLS, asdict(replace(record, installation={**sealed, **fresh})))
        return len(records)

    def workspaces(self) -> list[Workspace]:
        """Installed and recently uninstalled workspaces, with the teams each covers; no token is opened."""
        with self.store.shared() as data:
            installs = [InstallRecord(**doc) for doc in data.all(INSTALLS)]
            gone = [Uninstalled(**doc) for doc in data.all(UNINSTALLED)]
            orgs = [OrgTeam(**doc) for doc in data.all(ORG_TEAMS)]
        found = []
        for record in installs:
            fields = record.installation
            name = fields.get("enterprise_name") if record.id.startswith("E:") else fields.get("team_name")
            found.append(Workspace(record.id, name or "", datetime.fromisoformat(record.installed), _teams(record.id, orgs)))
        for left in gone:
            at = datetime.fromisoformat(left.at)
            found.append(Workspace(left.id, "", at, _teams(left.id, orgs), uninstalled=at))
        return sorted(found, key=lambda w: w.installed)


def _teams(key: str, orgs: list[OrgTeam]) -> tuple[str, ...]:
    kind, _, ident = key.partition(":")
    return tuple(o.id for o in orgs if o.enterprise_id == ident) if kind == "E" else (ident,)


def deletion_date(workspace: Workspace) -> datetime | None:
    return workspace.uninstalled + DELETE_AFTER if workspace.uninstalled else None


def people_by_team(store: Store) -> dict[str, int]:
    """How many people have coach data, per Slack team."""
    counts: dict[str, int] = {}
    for user in store.users():
        if user.platform == "slack" and user.workspace:
            counts[user.workspace] = counts.get(user.workspace, 0) + 1
    return counts


def delete_uninstalled(store: Store, now: datetime) -> int:
    """Delete the coach data of workspaces uninstalled `DELETE_AFTER` ago and not installed again.

    Returns how many people's data went. Cheap when nothing is due: one read of the shared table.
    """
    with store.shared() as data:
        gone = [Uninstalled(**doc) for doc in data.all(UNINSTALLED)]
        due = [left for left in gone if datetime.fromisoformat(left.at) + DELETE_AFTER <= now]
        orgs = [OrgTeam(**doc) for doc in data.all(ORG_TEAMS)]
    if not due:
        return 0
    teams = {team for left in due for team in _teams(left.id, orgs)}
    gone = [user for user in store.users() if user.platform == "slack" and user.workspace in teams]
    for user in gone:
        store.forget(user)
    with store.shared() as data:
        community.forget_schedules(data, "slack", teams)
        for team in teams:
            data.delete(ORG_TEAMS, team)
        for left in due:
            data.delete(UNINSTALLED, left.id)
    log.info("Slack: deleted the coach data of %d people from %d uninstalled workspaces", len(gone), len(due))
    return len(gone)


class CoachStateStore(AsyncOAuthStateStore):
    """OAuth `state` values in the coach's store: each one works once, for `STATE_TTL`."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self) -> str:
        state = secrets.token_urlsafe(32)
        now = self.clock()
        with self.store.shared() as data:
            for old in [PendingState(**doc) for doc in data.all(STATES)]:
                if datetime.fromisoformat(old.expires) <= now:
                    data.delete(STATES, old.id)
            data.put(STATES, asdict(PendingState(state, (now + STATE_TTL).isoformat())))
        return state

    def consume(self, state: str) -> bool:
        with self.store.shared() as data:
            pending = _record(PendingState, data.get(STATES, state))
            if pending is not None:
                data.delete(STATES, state)
        if pending is None or datetime.fromisoformat(pending.expires) <= self.clock():
            log.warning("Slack: an install came back with an unknown, used or expired state; nothing was stored")
            return False
        return True

    async def async_issue(self, *args, **kwargs) -> str:
        return await asyncio.to_thread(self.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.consume, state)


class TeamClients:
    """The Web API client for one workspace, with its own token (rotated first when it is about to expire)."""

    def __init__(self, installs: CoachInstallationStore, make_client: Callable[[str | None], AsyncWebClient],
                 client_id: str, client_secret: str) -> None:
        self.installs = installs
        self.make_client = make_client
        self.rotator = AsyncTokenRotator(client_id=client_id, client_secret=client_secret, client=make_client(None))

    async def client_for(self, team_id: str | None) -> AsyncWebClient | None:
        """None when the workspace is not installed: the caller sends nothing."""
        bot = await self.installs.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if bot.bot_refresh_token:
            refreshed = await self.rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=ROTATE_BEFORE_MINUTES)
            if refreshed is not None:
                await self.installs.async_save_bot(refreshed)
                bot = refreshed
        return self.make_client(bot.bot_token)


def _html(heading: str, text: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Networking coach</title></head>"
            f"<body style=\"font-family:sans-serif;max-width:36em;margin:3em auto\"><h2>{html.escape(heading)}</h2>"
            f"<p>{text}</p></body></html>")


def _page(status: int, heading: str, text: str) -> BoltResponse:
    return BoltResponse(status=status, body=_html(heading, text), headers={"Content-Type": "text/html; charset=utf-8"})


class CoachOAuthFlow(AsyncOAuthFlow):
    """Bolt's OAuth flow, with the install page in the coach's own words."""

    async def build_install_page_html(self, url: str, request: AsyncBoltRequest) -> str:
        button = (f'<a href="{html.escape(url)}"><img alt="Add to Slack" height="40" width="139" '
                  'src="https://platform.slack-edge.com/img/add_to_slack.png"></a>')
        return _html("Add the networking coach to your workspace",
                     "It helps each person capture who they meet, follow up on time and practise their pitch. "
                     f"Everyone's contacts stay private to them.</p><p>{button}")


async def _installed(args: AsyncSuccessArgs) -> BoltResponse:
    team = args.installation.team_name or args.installation.enterprise_name or "your workspace"
    return _page(200, f"The coach is in {team}", "Open Slack and type <code>/coach help</code> to start.")


async def _not_installed(args: AsyncFailureArgs) -> BoltResponse:
    again = f'<a href="{html.escape(args.settings.install_path)}">Start again</a>'
    if args.reason == "access_denied":
        return _page(200, "Nothing was installed", f"The coach wasn't added. {again} whenever you like.")
    if args.reason in ("invalid_state", "invalid_browser"):
        return _page(args.suggested_status_code, "This install link has expired",
                     f"Each link works once, for ten minutes, in the browser that opened it. {again}.")
    return _page(args.suggested_status_code, "Slack didn't confirm the install",
                 f"Nothing was stored (Slack said: {html.escape(args.reason)}). {again}.")


INSTALL_PAGES = AsyncCallbackOptions(success=_installed, failure=_not_installed)
