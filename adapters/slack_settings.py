"""What the Slack adapter needs to run, as a plain record: `bot.config` reads the file and environment into it.

It lives here so the adapter never imports the bot's wiring; anything may build one (a test, a benchmark).
"""

from __future__ import annotations

from dataclasses import dataclass

SLACK_API_URL = "https://slack.com/api/"
SLACK_AUTHORIZE_URL = "https://slack.com/oauth/v2/authorize"


@dataclass(frozen=True)
class SlackSettings:
    enabled: bool = True
    mode: str = "socket"  # "socket" or "http"
    port: int = 3000
    path: str = "/slack/events"
    api_url: str = SLACK_API_URL
    authorize_url: str = SLACK_AUTHORIZE_URL
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    secret_key: str | None = None

    @property
    def many_workspaces(self) -> bool:
        """Installable with "Add to Slack" (OAuth): a client id and no single workspace's bot token."""
        return bool(self.client_id) and not self.bot_token

    @property
    def missing(self) -> list[str]:
        """The environment variables this mode needs that are not set."""
        if self.many_workspaces:
            needed = {"SLACK_CLIENT_SECRET": self.client_secret, "SLACK_SIGNING_SECRET": self.signing_secret,
                      "COACH_SECRET_KEY": self.secret_key}
            return [name for name, value in needed.items() if not value]
        needed = {"SLACK_BOT_TOKEN": self.bot_token}
        if self.mode == "socket":
            needed["SLACK_APP_TOKEN"] = self.app_token
        else:
            needed["SLACK_SIGNING_SECRET"] = self.signing_secret
        return [name for name, value in needed.items() if not value]

    @property
    def ready(self) -> bool:
        """Enabled and holding the secrets its mode needs."""
        return self.enabled and not self.missing
