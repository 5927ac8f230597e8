"""What reaches the coach from any surface, and the limits a surface must respect before sending it.

Every adapter (Slack, Discord, the console) turns what arrived into one `Incoming` and calls
`Coach.receive`; the engine alone decides where it goes (a file is an import, anything else is a
command). The message carries its route: a command sees the channel it was typed in and whether
this person may manage it (`Ctx.channel`, `Ctx.can_manage`), so `schedule` typed in a channel
manages that channel. Adapters never parse the grammar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coaching.core.model import Reply, UserRef


@dataclass(frozen=True)
class Upload:
    """A file someone sent: its name (which says its format) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Incoming:
    """One message from one person.

    `channel` is where it was typed (None for a direct message) and `can_manage` whether the
    platform lets this person manage that channel. `surface` names where it came from (`dm`,
    `command`, `button`, `form`, `console`), for the logs. `read_local` is set only by a surface
    running on the person's own machine (the console): it opens a path they name, answering with
    the file or with what went wrong, so `import <path>` works there and nowhere else.
    """

    user: UserRef
    text: str = ""
    file: Upload | None = None
    channel: str | None = None
    can_manage: bool = False
    surface: str = "dm"
    read_local: Callable[[str], Upload | Reply] | None = None


@dataclass(frozen=True)
class FormLimits:
    """What the add form may offer and hold, so a surface builds it from the coach's own rules."""

    kinds: tuple[str, ...]
    name_chars: int


@dataclass(frozen=True)
class Limits:
    """What a surface checks before handing something over: the largest upload the coach reads, the add form."""

    upload_bytes: int
    form: FormLimits

    @property
    def upload_megabytes(self) -> int:
        return self.upload_bytes // (1024 * 1024)
