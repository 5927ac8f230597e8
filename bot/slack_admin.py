"""`coach workspaces` and the Slack part of `coach check` for an app installed in many workspaces.

Both read the data directory, so both need the coach to be stopped (it owns the directory);
neither ever prints a token.
"""

from __future__ import annotations

from bot.app import open_coach
from bot.config import Config
from bot.storage import DataDirLocked


def key_report(config: Config) -> tuple[list[str], bool]:
    """What `coach check` says about COACH_SECRET_KEY, and whether `coach run` would stop on it."""
    slack = config.slack
    if not (slack.enabled and slack.many_workspaces and slack.secret_key):
        return [], True
    from adapters.slack_install import CoachInstallationStore, SecretKeyProblem, token_cipher

    try:
        cipher = token_cipher(slack.secret_key)
    except SecretKeyProblem as problem:
        return [f"Slack: {problem}"], False
    if not config.coach.data_dir.exists():
        return ["Slack: COACH_SECRET_KEY is well formed (no installations stored yet)"], True
    try:
        coach = open_coach(config.coach.data_dir)
    except DataDirLocked:
        return ["Slack: COACH_SECRET_KEY is well formed; stored tokens not checked (a running coach holds the data "
                "directory)"], True
    try:
        count = CoachInstallationStore(coach.store, cipher, coach.clock).check_key(reseal=False)
    except SecretKeyProblem as problem:
        return [f"Slack: {problem}"], False
    finally:
        coach.close()
    return [f"Slack: COACH_SECRET_KEY opens the tokens of all {count} installations"], True


def workspace_lines(config: Config) -> list[str]:
    """One line per installation (and per uninstalled workspace still waiting for its data to be deleted)."""
    from adapters.slack_install import CoachInstallationStore, deletion_date, people_by_team

    coach = open_coach(config.coach.data_dir)
    try:
        found = CoachInstallationStore(coach.store, None, coach.clock).workspaces()
        people = people_by_team(coach.store)
    finally:
        coach.close()
    if not found:
        return ["No Slack workspace has installed the coach yet."]
    lines = ["workspace\tname\tinstalled\tpeople with data"]
    for workspace in found:
        count = sum(people.get(team, 0) for team in workspace.teams)
        gone = deletion_date(workspace)
        when = (f"uninstalled {workspace.uninstalled:%Y-%m-%d}, data deleted on {gone:%Y-%m-%d}"
                if workspace.uninstalled and gone else f"{workspace.installed:%Y-%m-%d}")
        lines.append(f"{workspace.key.partition(':')[2]}\t{workspace.name or '-'}\t{when}\t{count}")
    return lines
