"""Plain records the engine hands to every surface.

Adapters only ever see these: no Slack, Discord or file types cross the seam.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

Clock = Callable[[], datetime]
_log_key = secrets.token_bytes(32)  # until the wiring passes the key kept across restarts


def use_log_key(key: bytes) -> None:
    """Key the log pseudonyms (`UserRef.log_id`). The wiring passes a secret kept outside the logs."""
    global _log_key
    _log_key = key


@dataclass(frozen=True)
class UserRef:
    """Who is talking. Slack ids are unique per team only, so the team is part of the key."""

    platform: str
    workspace: str | None
    user_id: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.workspace or '-'}:{self.user_id}"

    @property
    def log_id(self) -> str:
        """A pseudonym for log lines, so logs never hold a platform id (`forget me` can't reach logs).

        Keyed (HMAC), so someone holding the logs and a list of candidate ids can't match them up.
        """
        return hmac.new(_log_key, self.key.encode(), hashlib.sha256).hexdigest()[:12]

    @classmethod
    def from_key(cls, key: str) -> UserRef:
        platform, workspace, user_id = key.split(":", 2)
        return cls(platform, None if workspace == "-" else workspace, user_id)


@dataclass(frozen=True)
class Action:
    """A button. `command` is ordinary grammar text, so pressing it is the same as typing it."""

    label: str
    command: str
    style: str | None = None  # "primary" or "danger"; adapters map it to their own look

    @property
    def button_only(self) -> bool:
        """A press names its record by stored id (`id:…`), which nobody types: a text surface leaves it out."""
        return "id:" in self.command


@dataclass(frozen=True)
class Item:
    """One line of a list (a follow-up, a reconnect) with its own buttons."""

    text: str
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str
    title: str = ""


@dataclass(frozen=True)
class Reply:
    """What the coach says. `text` is the whole answer as plain text; the parts let adapters do better."""

    body: str
    items: tuple[Item, ...] = ()
    actions: tuple[Action, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    tip: str | None = None
    title: str | None = None

    @property
    def text(self) -> str:
        parts = [self.title] if self.title else []
        if self.body:
            parts.append(self.body)
        parts.extend(f"• {item.text}" for item in self.items)
        if self.tip:
            parts.append(f"Tip: {self.tip}")
        return "\n".join(parts)


@dataclass(frozen=True)
class Nudge:
    """A message the coach wants delivered to one user (or channel) now.

    `key` is the idempotency key: the same due items always give the same key,
    so a nudge recorded as sent is never sent again.
    """

    user: UserRef
    key: str
    reply: Reply
    item_keys: tuple[str, ...] = field(default_factory=tuple)
