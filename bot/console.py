"""The terminal surface: try the coach with no tokens at all."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import sys
import threading
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TextIO

from bot.config import ChannelNudge, CoachSettings
from bot.scheduler import NudgeScheduler
from coaching.core.engine import Coach
from coaching.core.incoming import Incoming, Upload
from coaching.core.model import Reply, UserRef

CONSOLE_USER = UserRef("console", None, "local")
CONSOLE_CHANNEL = "console"
PROMPT = "> "
WELCOME = ("Networking coach. Type `help` to see what I can do, `quit` to leave. "
           "Reminders show up here while you chat.\n")


def render(reply: Reply, exports: Path) -> str:
    """Plain text, with buttons shown as the commands they stand for and files saved to disk."""
    lines = [reply.text]
    typeable = [a for a in reply.actions if not a.button_only]
    if typeable:
        lines.append("  ".join(f"[{a.label}: `{a.command}`]" for a in typeable))
    for attachment in reply.attachments:
        exports.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = exports / attachment.filename
        path.write_bytes(attachment.content)
        path.chmod(0o600)
        lines.append(f"Saved {attachment.filename} to {path}")
    return "\n".join(lines)


class ConsoleSurface:
    """Nudges show up in the terminal between your commands."""

    platform = "console"

    def __init__(self, out: TextIO, exports: Path) -> None:
        self.out = out
        self.exports = exports

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        self.out.write(f"\n[nudge] {render(reply, self.exports)}\n\n{PROMPT}")
        self.out.flush()

    async def post(self, channel: str, reply: Reply) -> None:
        self.out.write(f"\n[#{channel}] {render(reply, self.exports)}\n\n{PROMPT}")
        self.out.flush()


def answer(coach: Coach, line: str) -> Reply:
    """The terminal is your own channel (`schedule` works here) on your own machine (`import <path>` reads a file)."""
    return coach.receive(Incoming(CONSOLE_USER, line, channel=CONSOLE_CHANNEL, can_manage=True, surface="console",
                                  read_local=partial(read_local, coach)))


def read_local(coach: Coach, typed: str) -> Upload | Reply:
    """The file at a path typed in the terminal, or what went wrong; only the console may, never a chat user."""
    path = Path(typed.strip("'\"")).expanduser()
    limit = coach.limits.upload_bytes
    try:
        return Upload(path.name, read_at_most(path, limit))
    except OSError as problem:
        return Reply(body=f"I couldn't read {path}: {problem.strerror or problem}. Check the path and try again.")
    except TooLarge as big:
        return coach.too_large(big.size) or Reply(body=f"{path} goes on for more than {coach.limits.upload_megabytes} MB, "
                                                       "so I stopped reading. Export the contacts to a file and import that.")


class TooLarge(Exception):
    """More than the import limit. `size` is the file's size, or 0 when it has none to tell (a device, a pipe)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, reading never more than `limit` + 1 of them, so `/dev/zero` or a huge file can't fill memory.

    A regular file's size is checked before reading (a sparse 1 TB file costs nothing to refuse); what has no
    size (a device, a pipe) is read only up to one byte past the limit, which is enough to refuse it.
    Opened without blocking, so a named pipe that nobody writes to can't hang the console.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb", buffering=0) as file:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise TooLarge(info.st_size)
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit and (chunk := file.read(min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise TooLarge(0 if not stat.S_ISREG(info.st_mode) else size)
    return b"".join(chunks)


def respond(coach: Coach, line: str, exports: Path) -> str:
    """The coach's answer as text; once you've asked it to forget you, the files it saved for you go too."""
    if not exports.exists():  # nothing saved yet, so nothing to clear up
        return render(answer(coach, line), exports)
    had_data = coach.knows(CONSOLE_USER)
    reply = answer(coach, line)
    if had_data and not coach.knows(CONSOLE_USER):
        shutil.rmtree(exports)
    return render(reply, exports)


def run_script(coach: Coach, data_dir: Path, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    """Answer each line of stdin, then stop at end of input (for pipes and scripts)."""
    exports = data_dir / "exports"
    for line in stdin:
        if not line.strip():
            continue
        out.write(f"> {line.rstrip()}\n{respond(coach, line, exports)}\n\n")
        out.flush()
    return 0


def _lines(stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines from stdin, read on a daemon thread so the loop keeps sweeping while you think.

    A daemon thread (not the loop's executor) so a pending read never holds up exit.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        for line in stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    return queue


async def chat(
    coach: Coach,
    data_dir: Path,
    settings: CoachSettings | None = None,
    channel_nudges: Sequence[ChannelNudge] = (),
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> int:
    """Talk to the coach in a terminal while the same sweep as `coach run` delivers nudges here."""
    exports = data_dir / "exports"
    surface = ConsoleSurface(out, exports)
    scheduler = NudgeScheduler(coach, {surface.platform: surface}, settings, channel_nudges)
    lines = _lines(stdin)
    out.write(WELCOME + PROMPT)
    out.flush()
    scheduler.start()
    try:
        while (line := await lines.get()) is not None:
            if line.strip().casefold() in ("quit", "exit"):
                break
            if line.strip():
                out.write(f"{respond(coach, line, exports)}\n\n")
            out.write(PROMPT)
            out.flush()
    finally:
        scheduler.stop()
    return 0
