"""The `coach` command: console, run, check, workspaces, migrate."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import Config, ConfigError, load_config
from bot.storage import DataDirLocked, TinyStore
from coaching.core.store import StoreUnavailable

DEFAULT_CONFIG = Path("config.toml")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="settings file (default: ./config.toml if it exists)")
    common.add_argument("--data", type=Path, help="data directory (overrides [coach] data_dir)")
    parser = argparse.ArgumentParser(prog="coach", description="A chat bot that coaches you to network well.")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("console", parents=[common], help="chat with the coach in this terminal (no tokens needed)")
    sub.add_parser("run", parents=[common], help="start everything the config enables (the console if no tokens are set)")
    sub.add_parser("check", parents=[common], help="validate the config and say what would start")
    sub.add_parser("workspaces", parents=[common], help="list the Slack workspaces the coach is installed in (no tokens)")
    migrate = sub.add_parser("migrate", parents=[common],
                             help="copy a TinyDB data directory into the PostgreSQL database at DATABASE_URL")
    migrate.add_argument("--from", dest="source", type=Path, required=True, help="the data directory to copy")
    return parser


def _config(args: argparse.Namespace) -> Config:
    path = args.config
    if path is None and DEFAULT_CONFIG.exists():
        path = DEFAULT_CONFIG
    config = load_config(path)
    if args.data is not None:
        from dataclasses import replace

        config = replace(config, coach=replace(config.coach, data_dir=args.data))
    return config


def describe(config: Config) -> list[str]:
    """What `coach run` would start, and what is missing for the rest."""
    lines = [f"Config: {config.source or 'built-in defaults'}"]
    if config.coach.database_url:
        from bot.pgstore import masked

        lines.append(f"Storage: PostgreSQL at {masked(config.coach.database_url)} (DATABASE_URL); "
                     "any number of `coach run` processes may share it")
    else:
        lines.append(f"Data directory: {config.coach.data_dir}")
    slack = config.slack
    if not slack.enabled:
        lines.append("Slack: off ([slack] enabled = false)")
    elif slack.ready and slack.many_workspaces:
        lines.append(f"Slack: will start for many workspaces (HTTP on port {slack.port}, path {slack.path}; install page "
                     f"/slack/install, authorize at {slack.authorize_url}; Web API at {slack.api_url})")
        lines += [f"Channel nudge to slack {n.channel}: will not post (with many workspaces, add it in chat with "
                  "`schedule add` so the coach knows the workspace)" for n in config.channel_nudges if n.platform == "slack"]
    elif slack.ready:
        where = f"HTTP on port {slack.port}, path {slack.path}" if slack.mode == "http" else "Socket Mode"
        lines.append(f"Slack: will start ({where}; Web API at {slack.api_url})")
    else:
        lines.append(f"Slack: not starting ({slack.mode} mode needs {' and '.join(slack.missing)} in the environment)")
    discord = config.discord
    if not discord.enabled:
        lines.append("Discord: off ([discord] enabled = false)")
    elif discord.ready:
        scope = f"guilds {', '.join(map(str, discord.guilds))}" if discord.guilds else "globally"
        if discord.shard_count:
            scope += f"; shards {', '.join(map(str, discord.shard_ids or range(discord.shard_count)))} of {discord.shard_count}"
        lines.append(f"Discord: will start (commands sync {scope})")
    else:
        lines.append("Discord: not starting (set DISCORD_TOKEN in the environment)")
    lines.append(f"Nudge sweep: every {config.coach.sweep_seconds} s, at most {config.coach.daily_cap} a day per person")
    for nudge in config.channel_nudges:
        lines.append(f"Channel nudge: {nudge.kind} to {nudge.platform} {nudge.channel} at '{nudge.cron}' ({nudge.timezone})")
    if not config.has_platform:
        lines.append("No platform is ready, so `coach run` opens the console.")
    return lines


def copy_into_database(config: Config, source: Path) -> int:
    """`coach migrate --from DIR`: TinyDB into PostgreSQL, safe to run again; says what it copied."""
    if not config.coach.database_url:
        print("Set DATABASE_URL to the PostgreSQL database to copy into, e.g. postgresql://coach@db.example/coach.",
              file=sys.stderr)
        return 2
    if not (source / "users").is_dir():
        print(f"{source} is not a coach data directory (it has no users folder).", file=sys.stderr)
        return 2
    from bot.pgstore import PgStore, copy_from_tiny, masked

    tiny, database = TinyStore(source), PgStore(config.coach.database_url)
    try:
        counts = copy_from_tiny(tiny, database)
    finally:
        tiny.close()
        database.close()
    print(f"Copied {counts['users']} people and {counts['documents']} records from {source} "
          f"into {masked(config.coach.database_url)}.")
    if counts["files with no owner"]:
        print(f"Skipped {counts['files with no owner']} files with no owner recorded.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = _config(args)
        if args.action == "check":
            from bot.slack_admin import key_report

            key_lines, key_ok = key_report(config)
            print("\n".join(describe(config) + key_lines))
            print("Config OK." if key_ok else "Fix COACH_SECRET_KEY before `coach run`.")
            return 0 if key_ok else 2
        if args.action == "workspaces":
            from bot.slack_admin import workspace_lines

            print("\n".join(workspace_lines(config)))
            return 0
        if args.action == "migrate":
            return copy_into_database(config, args.source)
        from bot import run

        if args.action == "console" or not config.has_platform:
            return run.console(config, sys.stdin, sys.stdout)
        return run.serve(config)
    except ConfigError as problem:
        print(problem, file=sys.stderr)
        return 2
    except (DataDirLocked, StoreUnavailable) as problem:
        print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
