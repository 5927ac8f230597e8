"""Block Kit for a `Reply`, and Slack's mrkdwn in both directions.

Everything that reaches Slack as mrkdwn is escaped (`&`, `<`, `>`), so text a user typed,
such as a contact named `<!channel>`, shows as text and never pings anyone.
Slack's limits are kept here: 3,000 characters per section, 50 blocks per message,
100 per App Home view, 75 characters per button label.
"""

from __future__ import annotations

import re
from dataclasses import replace

from adapters.packing import pack
from coaching.core.model import Action, Item, Reply

SECTION_CHARS = 3000
FALLBACK_CHARS = 3000
MESSAGE_BLOCKS = 50
HOME_BLOCKS = 100
BUTTONS_PER_BLOCK = 25
LABEL_CHARS = 75
VALUE_CHARS = 2000
BUTTON_PREFIX = "coach-"

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def escape(text: str) -> str:
    """Make text safe inside mrkdwn: no links, mentions or broadcasts can hide in it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain_link(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    sign = target[:1] if target[:1] in "@#" else ""
    if label:
        return label if label.startswith(sign) else sign + label  # `<@U1|sam>` is @sam, `<#C1|general>` #general
    if sign:
        return target
    if target.startswith("!"):
        return "@" + target[1:].split("^")[0]
    return target.removeprefix("mailto:")


def to_plain(text: str) -> str:
    """What the person typed, from Slack's encoding of it, for every command: a link becomes its label (or its
    address), a mention `@name`, `@U123` or `#channel`, and entities are decoded. None of it pings when shown
    back: `escape` keeps it text."""
    text = _LINK.sub(_plain_link, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chunks(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """Split on line breaks into pieces Slack accepts; a single overlong line is cut hard."""
    return pack(text.split("\n"), "\n", limit)


def _sections(mrkdwn: str) -> list[dict]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in _chunks(mrkdwn) if piece.strip()]


def _tip(tip: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(f"Tip: {escape(tip)}", SECTION_CHARS)}]}


def _button(action: Action, action_id: str) -> dict:
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": _cut(action.label, LABEL_CHARS), "emoji": True},
        "value": action.command[:VALUE_CHARS],
        "action_id": action_id,
    }
    if action.style in ("primary", "danger"):
        button["style"] = action.style
    return button


def _actions(actions: tuple[Action, ...], block_id: str) -> list[dict]:
    blocks = []
    for start in range(0, len(actions), BUTTONS_PER_BLOCK):
        bid = block_id if start == 0 else f"{block_id}.{start}"
        group = actions[start : start + BUTTONS_PER_BLOCK]
        elements = [_button(action, f"{BUTTON_PREFIX}{bid}-{n}") for n, action in enumerate(group)]
        blocks.append({"type": "actions", "block_id": bid, "elements": elements})
    return blocks


def _item_blocks(items: tuple[Item, ...], room: int, prefix: str) -> list[dict]:
    """Items with their buttons while there is room, then the rest as plain lines so nothing is lost."""
    blocks: list[dict] = []
    for n, item in enumerate(items):
        cost = 1 + (1 if item.actions else 0)
        rest = items[n + 1 :]
        if len(blocks) + cost + (1 if rest else 0) > room:
            lines = "\n".join(f"• {escape(other.text)}" for other in items[n:])
            return blocks + _sections(lines)[: max(room - len(blocks), 0)]
        blocks += _sections(f"• {escape(item.text)}")[:1]
        if item.actions:
            blocks += _actions(item.actions, f"{prefix}i{n}")[:1]
    return blocks


def reply_blocks(reply: Reply, *, budget: int = MESSAGE_BLOCKS, prefix: str = "") -> list[dict]:
    """Title and body as sections, one button row per item, the reply's own buttons, then the tip."""
    title = f"*{escape(reply.title)}*" if reply.title else ""
    head = _sections("\n".join(part for part in (title, escape(reply.body)) if part))
    tail = _actions(reply.actions, f"{prefix}r") if reply.actions else []
    if reply.tip:
        tail.append(_tip(reply.tip))
    head = head[: max(budget - len(tail), 0)]
    items = _item_blocks(reply.items, budget - len(head) - len(tail), prefix) if reply.items else []
    return (head + items + tail)[:budget]


def fallback_text(reply: Reply) -> str:
    """The plain version for notifications and screen readers, escaped like the blocks."""
    return _cut(escape(reply.text), FALLBACK_CHARS) or " "


def message(reply: Reply) -> dict:
    """Keyword arguments for chat.postMessage, respond() and say()."""
    return {"text": fallback_text(reply), "blocks": reply_blocks(reply)}


def splice(blocks: list[dict], block_id: str, outcome: Reply) -> list[dict] | None:
    """The message with one item's buttons replaced by what pressing them did; None if it can't fit."""
    for n, block in enumerate(blocks):
        if block.get("block_id") == block_id and block.get("type") == "actions":
            room = MESSAGE_BLOCKS - len(blocks) + 1
            inserted = reply_blocks(replace(outcome, tip=None), budget=room, prefix=f"{block_id}.")
            return blocks[:n] + inserted + blocks[n + 1 :]
    return None


def home_view(sections: list[tuple[str, Reply]], *, notice: Reply | None = None, top: tuple[Action, ...] = ()) -> dict:
    """The App Home tab: an optional notice (what a button just did), then one titled part per reply."""
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": "Your networking coach"}}]
    if top:
        blocks += _actions(top, "top")
    if notice is not None:
        blocks += reply_blocks(replace(notice, tip=None), budget=12, prefix="n.")
        blocks.append({"type": "divider"})
    tip = next((reply.tip for _, reply in sections if reply.tip), None)
    for n, (title, reply) in enumerate(sections):
        room = HOME_BLOCKS - len(blocks) - 3
        if room < 2:
            break
        blocks += _sections(f"*{escape(title)}*")
        blocks += reply_blocks(replace(reply, tip=None), budget=room, prefix=f"h{n}.")
        blocks.append({"type": "divider"})
    if tip:
        blocks.append(_tip(tip))
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}
