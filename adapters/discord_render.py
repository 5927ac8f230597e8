"""A coach `Reply` as Discord messages: text or an embed, buttons, files, all inside Discord's limits.

Discord refuses a message over 2,000 characters, an embed description over 4,096, more than
5 rows of 5 buttons, a button label over 80 characters or a custom_id over 100. Long text is
split at line and word boundaries, and a fenced code block cut in two is closed and reopened,
so every piece renders the way the whole would have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from adapters.packing import pack
from coaching.core.model import Action, Attachment, Reply

MAX_CONTENT = 2000
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FOOTER = 2048
MAX_EMBED_TOTAL = 6000
MAX_CUSTOM_ID = 100
MAX_LABEL = 80
MAX_ROWS = 5
MAX_ROW_BUTTONS = 5
MAX_FILES = 10
EMBED_COLOUR = discord.Colour.teal()

CUSTOM_ID_PREFIX = "coach:"
CUSTOM_ID_TEMPLATE = r"coach:(?P<command>[^\n]+)"
_CUSTOM_ID = re.compile(CUSTOM_ID_TEMPLATE)
FENCE = "```"
MAX_FENCE_OPENER = 40


def encode_custom_id(command: str) -> str | None:
    """The custom_id a button carries: the grammar text itself, so it means the same after a restart.

    None when the command cannot fit Discord's 100-character limit (the reply then shows it as text).
    """
    custom_id = CUSTOM_ID_PREFIX + command
    if len(custom_id) > MAX_CUSTOM_ID or not _CUSTOM_ID.fullmatch(custom_id):
        return None
    return custom_id


@dataclass(frozen=True)
class Button:
    label: str
    command: str
    custom_id: str
    style: str | None
    row: int


@dataclass(frozen=True)
class Message:
    """One Discord message: plain text or one embed, plus the buttons and files that go with it."""

    content: str = ""
    embed: discord.Embed | None = None
    buttons: tuple[Button, ...] = ()
    files: tuple[Attachment, ...] = ()


def split_message(text: str, limit: int = MAX_CONTENT) -> list[str]:
    """Pieces of at most `limit` characters, cut between lines, else between words, never inside a word
    unless one word alone is longer than the limit. Code blocks stay whole when they fit in one piece."""
    return [chunk.rstrip() for chunk in pack(_pieces(text, limit), "\n", limit) if chunk.strip()]


def _pieces(text: str, limit: int) -> list[str]:
    """Lines and whole code blocks, each already short enough to fit in one message."""
    pieces: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if _opens_fence(line):
            end = next((i for i in range(index + 1, len(lines)) if lines[i].strip().startswith(FENCE)), len(lines))
            pieces.extend(_fenced(line.strip(), lines[index + 1 : end], limit))
            index = end + 1
        else:
            pieces.extend(_wrap(line, limit))
            index += 1
    return pieces


def _opens_fence(line: str) -> bool:
    """```lang on a line of its own; ``` twice on one line is inline code, not a block."""
    opener = line.strip()
    return opener.startswith(FENCE) and opener.count(FENCE) == 1 and len(opener) <= MAX_FENCE_OPENER


def _fenced(opener: str, body: list[str], limit: int) -> list[str]:
    """A code block, cut into several closed blocks (each reopened with its language) when it is too long."""
    room = limit - len(opener) - len(FENCE) - 2
    if room < 1:  # no room for the code inside the fences: plain lines, then
        return [part for raw in body for part in _wrap(raw, limit)]
    blocks: list[str] = []
    current: list[str] = []
    size = 0
    for line in (part for raw in body for part in _wrap(raw, room)):
        if current and size + len(line) + 1 > room:
            blocks.append("\n".join([opener, *current, FENCE]))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    blocks.append("\n".join([opener, *current, FENCE]))
    return blocks


def _wrap(line: str, limit: int) -> list[str]:
    """One line as pieces of at most `limit` characters, broken at spaces."""
    return [line] if len(line) <= limit else pack(line.split(" "), " ", limit)


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _layout(reply: Reply) -> tuple[list[str], tuple[Button, ...], list[str]]:
    """Item lines, buttons in rows, and lines for whatever could not be a button.

    With several items that have buttons, items are numbered and each row of buttons carries
    its item's number, so "Done" always says who it is for.
    """
    with_buttons = [item for item in reply.items if item.actions]
    numbered = len(with_buttons) > 1
    groups: list[tuple[str, tuple[Action, ...]]] = []
    if reply.actions:
        groups.append(("", reply.actions))
    lines: list[str] = []
    number = 0
    for item in reply.items:
        if item.actions and numbered:
            number += 1
            lines.append(f"{number}. {item.text}")
            groups.append((f"{number} · ", item.actions))
        else:
            lines.append(f"• {item.text}")
            if item.actions:
                groups.append(("", item.actions))
    buttons: list[Button] = []
    extra: list[str] = []
    seen: set[str] = set()
    row = 0
    for prefix, actions in groups:
        if row == MAX_ROWS:
            extra.append("There are more than fit as buttons; type the command for the rest.")
            break
        placed = False
        for action in actions:
            custom_id = encode_custom_id(action.command)
            if custom_id is None or len([b for b in buttons if b.row == row]) == MAX_ROW_BUTTONS:
                extra.append(f"{prefix}{action.label}: `{action.command}`")
            elif custom_id not in seen:
                seen.add(custom_id)
                buttons.append(Button(_label(prefix + action.label), action.command, custom_id, action.style, row))
                placed = True
        if placed:
            row += 1
    return lines, tuple(buttons), extra


def _embed(reply: Reply, lines: list[str]) -> discord.Embed | None:
    """An embed for replies with a title or a list, when they fit its limits; None means plain text."""
    if not (reply.title or reply.items):
        return None
    description = "\n".join(part for part in (reply.body, "\n".join(lines)) if part)
    title = reply.title or ""
    footer = f"Tip: {reply.tip}" if reply.tip else ""
    if (len(title) > MAX_EMBED_TITLE or len(description) > MAX_EMBED_DESCRIPTION or len(footer) > MAX_EMBED_FOOTER
            or len(title) + len(description) + len(footer) > MAX_EMBED_TOTAL):
        return None
    embed = discord.Embed(title=title or None, description=description or None, colour=EMBED_COLOUR)
    if footer:
        embed.set_footer(text=footer)
    return embed


def render(reply: Reply) -> list[Message]:
    """The messages to send for one reply, in order; buttons and files ride on the last one."""
    lines, buttons, extra = _layout(reply)
    embed = _embed(reply, lines)
    if embed is not None:
        bodies = split_message("\n".join(extra)) if extra else []
        messages = [Message(embed=embed), *(Message(content=body) for body in bodies)]
    else:
        parts = [f"**{reply.title}**" if reply.title else "", reply.body, *lines, *extra,
                 f"Tip: {reply.tip}" if reply.tip else ""]
        text = "\n".join(part for part in parts if part)
        messages = [Message(content=chunk) for chunk in split_message(text)] or [Message(content="…")]
    files = list(reply.attachments)
    last = messages.pop()
    messages.append(Message(last.content, last.embed, buttons, tuple(files[:MAX_FILES])))
    messages.extend(Message(files=tuple(files[i : i + MAX_FILES])) for i in range(MAX_FILES, len(files), MAX_FILES))
    return messages
