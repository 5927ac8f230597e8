"""What finding a workspace's token costs, against the number of installed workspaces.

    python -m bench.slack_install

In many-workspace mode every Slack API call first looks up its workspace's installation in the
coach's store and decrypts the bot token (Fernet). This times that lookup (`TeamClients.client_for`,
which also builds the client) for 10, 100 and 1,000 installations, next to a baseline measured in
the same run: the engine answering `followups` for one person with one contact.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from functools import partial

from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from adapters.slack import web_client
from adapters.slack_install import CoachInstallationStore, TeamClients, token_cipher
from bot.app import open_coach
from bot.config import SlackSettings
from coaching.core.model import UserRef

NOW = datetime(2026, 6, 3, 12, tzinfo=UTC)
ROUNDS = 2000


def mean_us(samples: list[float]) -> float:
    return statistics.fmean(samples) * 1e6


async def scenario(workspaces: int) -> tuple[float, float]:
    """(µs per token lookup, µs per `followups` command) with `workspaces` installations stored."""
    with tempfile.TemporaryDirectory() as tmp:
        coach = open_coach(tmp, clock=lambda: NOW)
        try:
            installs = CoachInstallationStore(coach.store, token_cipher(Fernet.generate_key().decode()), coach.clock)
            for n in range(workspaces):
                await installs.async_save(Installation(team_id=f"T{n:05d}", team_name=f"Team {n}",
                                                       bot_token=f"xoxb-{n}-{'x' * 40}", user_id="UADMIN"))
            teams = TeamClients(installs, partial(web_client, SlackSettings()), "1.2", "secret")
            user = UserRef("slack", "T00000", "U1")
            coach.handle(user, "add Priya Shah, met at PyCon")
            lookups, commands = [], []
            for n in range(ROUNDS):
                team = f"T{n % workspaces:05d}"
                start = time.perf_counter()
                await teams.client_for(team)
                lookups.append(time.perf_counter() - start)
                start = time.perf_counter()
                coach.handle(user, "followups")
                commands.append(time.perf_counter() - start)
            return mean_us(lookups), mean_us(commands)
        finally:
            coach.close()


def main() -> None:
    print("| installed workspaces | token lookup (µs) | baseline `followups` (µs) | lookup / baseline |")
    print("|---:|---:|---:|---:|")
    for workspaces in (10, 100, 1000):
        lookup, command = asyncio.run(scenario(workspaces))
        print(f"| {workspaces:,} | {lookup:,.0f} | {command:,.0f} | {lookup / command:.2f} |")


if __name__ == "__main__":
    main()
