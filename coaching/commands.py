"""The command registry: one grammar for every surface.

Each command module registers its verbs here with usage and examples, so `help`
always describes exactly what the engine understands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from coaching.model import Reply, UserRef
from coaching.store import UserData

PROFILE = "profile"


class UserError(Exception):
    """A command that cannot go ahead. Raising it rolls back anything the command wrote."""

    def __init__(self, message: str, reply: Reply | None = None) -> None:
        super().__init__(message)
        self.reply = reply or Reply(body=message)


class Ask(UserError):
    """Roll back the command, but remember a question for the user's next message."""

    def __init__(self, reply: Reply, kind: str, **state: object) -> None:
        super().__init__(reply.body, reply)
        self.kind = kind
        self.state = state


@dataclass
class Ctx:
    """What a command handler gets: who, their data, and the time."""

    user: UserRef
    data: UserData
    now: datetime
    profile: dict = field(default_factory=dict)
    forget: bool = False

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.profile.get("tz") or "UTC")

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def end_of_day(self) -> datetime:
        """The last moment of the user's local today: what "due today" means."""
        return self.local_now.replace(hour=23, minute=59, second=59)

    def save_profile(self) -> None:
        self.data.put(PROFILE, self.profile)


Handler = Callable[[Ctx, str], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    summary: str
    examples: tuple[str, ...]
    handler: Handler
    topic: str = "general"
    aliases: tuple[str, ...] = ()


REGISTRY: dict[str, Command] = {}
ORDER: list[Command] = []


def command(
    name: str,
    usage: str,
    summary: str,
    examples: tuple[str, ...] = (),
    *,
    topic: str = "general",
    aliases: tuple[str, ...] = (),
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        cmd = Command(name, usage, summary, examples, handler, topic, aliases)
        ORDER.append(cmd)
        for word in (name, *aliases):
            REGISTRY[word] = cmd
        return handler

    return register


def split_verb(text: str) -> tuple[str, str]:
    """`forget me` is the one two-word verb; everything else is `verb rest`."""
    head, _, rest = text.partition(" ")
    verb = head.casefold().rstrip("!?.,:;") or head.casefold()
    if verb == "forget" and rest.casefold().startswith("me"):
        return "forget me", rest[2:].strip()
    return verb, rest.strip()
