"""Settings from a TOML file; secrets only from the environment.

A mistake in the file gets one message that names the key and the fix.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapters.slack_settings import SLACK_API_URL, SLACK_AUTHORIZE_URL, SlackSettings
from bot.cron import trigger

SECRET_NAMES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_SECRET", "COACH_SECRET_KEY",
                "DISCORD_TOKEN", "DATABASE_URL")
NUDGE_KINDS = ("tip", "challenge", "digest")


class ConfigError(ValueError):
    """A setting that can't be used, with the key and what to write instead."""

    def __init__(self, key: str, problem: str, fix: str) -> None:
        super().__init__(f"Config problem at `{key}`: {problem}. {fix}")
        self.key = key


@dataclass(frozen=True)
class CoachSettings:
    data_dir: Path = Path("data")
    sweep_seconds: int = 60
    daily_cap: int = 3
    misfire_grace_seconds: int = 3600
    workers: int = 8  # engine threads; one person's commands still run one at a time (adapters.lanes)
    send_lease_seconds: int = 60  # a nudge or post being sent is held this long before another replica takes it over
    database_url: str | None = None  # from DATABASE_URL: PostgreSQL instead of the data directory


@dataclass(frozen=True)
class DiscordSettings:
    enabled: bool = True
    guilds: tuple[int, ...] = ()
    token: str | None = None
    shard_count: int | None = None  # None: Discord's recommended count
    shard_ids: tuple[int, ...] | None = None  # None: every shard, in this one process

    @property
    def ready(self) -> bool:
        return self.enabled and bool(self.token)


@dataclass(frozen=True)
class ChannelNudge:
    platform: str
    channel: str
    cron: str
    timezone: str = "UTC"
    kind: str = "tip"


@dataclass(frozen=True)
class Config:
    coach: CoachSettings = field(default_factory=CoachSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    channel_nudges: tuple[ChannelNudge, ...] = ()
    source: Path | None = None

    @property
    def has_platform(self) -> bool:
        return self.slack.ready or self.discord.ready


def _take(table: Mapping, key: str, where: str, kind: type | tuple[type, ...], default):
    if key not in table:
        return default
    value = table[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(k.__name__.replace("str", "text").replace("int", "number") for k in kinds)
        raise ConfigError(f"{where}.{key}", f"expected {names}, got {value!r}", f"Write it as {names}.")
    return value


def _check_keys(table: Mapping, where: str, allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            hint = ", ".join(sorted(allowed))
            raise ConfigError(f"{where}.{key}", "this setting doesn't exist", f"Known settings here: {hint}.")


def _positive(value: int, key: str) -> int:
    if value <= 0:
        raise ConfigError(key, f"must be above zero, got {value}", "Use a positive number.")
    return value


def _coach(table: Mapping, base: Path, env: Mapping[str, str]) -> CoachSettings:
    if "database_url" in table:
        raise ConfigError("coach.database_url", "the database URL can hold a password, so it doesn't belong in the "
                          "config file", "Remove it and set DATABASE_URL in the environment instead.")
    _check_keys(table, "coach", {"data_dir", "sweep_seconds", "daily_cap", "misfire_grace_seconds", "workers",
                                 "send_lease_seconds"})
    data_dir = Path(_take(table, "data_dir", "coach", str, "data")).expanduser()
    return CoachSettings(
        data_dir=data_dir if data_dir.is_absolute() else base / data_dir,
        sweep_seconds=_positive(_take(table, "sweep_seconds", "coach", int, 60), "coach.sweep_seconds"),
        daily_cap=_positive(_take(table, "daily_cap", "coach", int, 3), "coach.daily_cap"),
        misfire_grace_seconds=_positive(
            _take(table, "misfire_grace_seconds", "coach", int, 3600), "coach.misfire_grace_seconds"
        ),
        workers=_positive(_take(table, "workers", "coach", int, 8), "coach.workers"),
        send_lease_seconds=_positive(_take(table, "send_lease_seconds", "coach", int, 60), "coach.send_lease_seconds"),
        database_url=env.get("DATABASE_URL") or None,
    )


def _slack(table: Mapping, env: Mapping[str, str]) -> SlackSettings:
    _check_keys(table, "slack", {"enabled", "mode", "port", "path", "api_url", "authorize_url"})
    mode = _take(table, "mode", "slack", str, "socket")
    if mode not in ("socket", "http"):
        raise ConfigError("slack.mode", f"unknown mode {mode!r}", 'Use "socket" (no public URL needed) or "http".')
    port = _take(table, "port", "slack", int, 3000)
    if not 0 < port < 65536:
        raise ConfigError("slack.port", f"{port} is not a port", "Use a number from 1 to 65535, such as 3000.")
    api_url = _url(table, "api_url", SLACK_API_URL)
    authorize_url = _url(table, "authorize_url", SLACK_AUTHORIZE_URL)
    if env.get("SLACK_CLIENT_ID") and not env.get("SLACK_BOT_TOKEN") and mode != "http":
        raise ConfigError("slack.mode", "installing in many workspaces (SLACK_CLIENT_ID set) needs HTTP mode",
                          'Set mode = "http" so Slack can reach /slack/install and /slack/oauth_redirect.')
    return SlackSettings(
        enabled=_take(table, "enabled", "slack", bool, True),
        mode=mode,
        port=port,
        path=_take(table, "path", "slack", str, "/slack/events"),
        api_url=api_url if api_url.endswith("/") else api_url + "/",
        authorize_url=authorize_url,
        bot_token=env.get("SLACK_BOT_TOKEN") or None,
        app_token=env.get("SLACK_APP_TOKEN") or None,
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        client_id=env.get("SLACK_CLIENT_ID") or None,
        client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        secret_key=env.get("COACH_SECRET_KEY") or None,
    )


def _url(table: Mapping, key: str, default: str) -> str:
    url = _take(table, key, "slack", str, default)
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"slack.{key}", f"{url!r} is not a URL", f'Write it like "{default}".')
    return url


def _discord(table: Mapping, env: Mapping[str, str]) -> DiscordSettings:
    _check_keys(table, "discord", {"enabled", "guilds", "shard_count", "shard_ids"})
    guilds = _numbers(table, "guilds", "List server ids as numbers: [1234567890].")
    shard_count = _take(table, "shard_count", "discord", int, None)
    if shard_count is not None:
        _positive(shard_count, "discord.shard_count")
    shard_ids = _numbers(table, "shard_ids", "List the shards this process runs: [0, 1].") if "shard_ids" in table else None
    if shard_ids is not None:
        if shard_count is None:
            raise ConfigError("discord.shard_ids", "needs shard_count", "Set shard_count to the total across all processes.")
        outside = [shard for shard in shard_ids if not 0 <= shard < shard_count]
        if outside or not shard_ids or len(set(shard_ids)) != len(shard_ids):
            raise ConfigError("discord.shard_ids", f"{shard_ids} is not a list of distinct shards below {shard_count}",
                              f"Use numbers from 0 to {shard_count - 1}, each once.")
    return DiscordSettings(
        enabled=_take(table, "enabled", "discord", bool, True),
        guilds=tuple(guilds),
        token=env.get("DISCORD_TOKEN") or None,
        shard_count=shard_count,
        shard_ids=tuple(shard_ids) if shard_ids is not None else None,
    )


def _numbers(table: Mapping, key: str, fix: str) -> list[int]:
    numbers = _take(table, key, "discord", list, [])
    for number in numbers:
        if not isinstance(number, int) or isinstance(number, bool):
            raise ConfigError(f"discord.{key}", f"{number!r} is not a whole number", fix)
    return numbers


def _channel_nudge(table: Mapping, index: int) -> ChannelNudge:
    where = f"channel_nudges[{index}]"
    if not isinstance(table, Mapping):
        raise ConfigError(where, "expected a table", "Write each one as a [[channel_nudges]] block.")
    _check_keys(table, where, {"platform", "channel", "cron", "timezone", "kind"})
    for key in ("platform", "channel", "cron"):
        if key not in table:
            raise ConfigError(f"{where}.{key}", "missing", f"Add `{key} = ...` (see config.example.toml).")
    platform = _take(table, "platform", where, str, "")
    if platform not in ("slack", "discord", "console"):
        raise ConfigError(f"{where}.platform", f"unknown platform {platform!r}", 'Use "slack", "discord" or "console".')
    kind = _take(table, "kind", where, str, "tip")
    if kind not in NUDGE_KINDS:
        raise ConfigError(f"{where}.kind", f"unknown kind {kind!r}", f"Use one of: {', '.join(NUDGE_KINDS)}.")
    zone = _take(table, "timezone", where, str, "UTC")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}.timezone", f"unknown timezone {zone!r}", 'Use an IANA name like "Europe/London".') from None
    cron = _take(table, "cron", where, str, "")
    try:
        trigger(cron, zone)
    except ValueError as problem:
        raise ConfigError(
            f"{where}.cron", f"{cron!r} is not a cron expression ({problem})", 'Use five fields, like "0 9 * * mon".'
        ) from None
    channel = str(_take(table, "channel", where, (str, int), ""))
    return ChannelNudge(platform=platform, channel=channel, cron=cron, timezone=zone, kind=kind)


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read `path` (or use the defaults when None) and take secrets from `env` (default: os.environ)."""
    env = os.environ if env is None else env
    raw: dict = {}
    base = Path.cwd()
    source = None
    if path is not None:
        source = Path(path)
        try:
            raw = tomllib.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(str(source), "file not found", "Copy config.example.toml to start from.") from None
        except tomllib.TOMLDecodeError as problem:
            raise ConfigError(str(source), f"not valid TOML ({problem})", "Fix the line it names.") from None
        except UnicodeDecodeError:
            raise ConfigError(str(source), "not a text file", "Save it as UTF-8 text.") from None
        base = source.parent.resolve()
    _check_keys(raw, "config", {"coach", "slack", "discord", "channel_nudges"})
    sections = {}
    for name in ("coach", "slack", "discord"):
        table = raw.get(name, {})
        if not isinstance(table, Mapping):
            raise ConfigError(name, "expected a table", f"Write it as a [{name}] section.")
        for secretish in ("token", "bot_token", "app_token", "signing_secret", "client_secret", "secret_key"):
            if name != "coach" and secretish in table:
                raise ConfigError(
                    f"{name}.{secretish}",
                    "secrets don't belong in the config file",
                    f"Remove it and set the environment variable instead ({', '.join(SECRET_NAMES)}).",
                )
        sections[name] = table
    nudges = raw.get("channel_nudges", [])
    if not isinstance(nudges, list):
        raise ConfigError("channel_nudges", "expected a list", "Write each one as a [[channel_nudges]] block.")
    return Config(
        coach=_coach(sections["coach"], base, env),
        slack=_slack(sections["slack"], env),
        discord=_discord(sections["discord"], env),
        channel_nudges=tuple(_channel_nudge(table, i) for i, table in enumerate(nudges)),
        source=source,
    )
