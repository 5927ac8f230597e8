"""What the scheduler needs from a platform: deliver a reply to a person or a channel.

Each adapter (console, Slack, Discord) provides one `Surface`. The scheduler routes a
nudge by `UserRef.platform` and never learns anything else about the platform.
"""

from __future__ import annotations

from typing import Protocol

from coaching.core.model import Reply, UserRef


class DeliveryFailed(Exception):
    """A send that did not happen. `retry` says whether trying again later can help."""

    def __init__(self, message: str, *, retry: bool, after: float | None = None) -> None:
        super().__init__(message)
        self.retry = retry
        self.after = after


class Surface(Protocol):
    platform: str

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        """Deliver to one person privately; raise DeliveryFailed when it could not."""

    async def post(self, channel: str, reply: Reply) -> None:
        """Deliver to a channel (community nudges: never personal data)."""
