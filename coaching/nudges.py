"""When the coach should speak first, gathered into one message per user.

Each rule module registers a due source: a function returning every item it wants
to nudge about, with the moment it falls due. This module decides when and how the
items become a `Nudge`; sources never send anything themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from coaching.commands import Ctx
from coaching.model import Item, Nudge, Reply

NUDGES = "nudges"


@dataclass(frozen=True)
class DueItem:
    key: str  # stable for one occurrence: the same item due again later gets a new key
    at: datetime
    item: Item
    kind: str


DueSource = Callable[[Ctx], list[DueItem]]
SOURCES: list[DueSource] = []


def due_source(source: DueSource) -> DueSource:
    SOURCES.append(source)
    return source


def pending_items(ctx: Ctx) -> list[DueItem]:
    """Every item any source wants to nudge about that has not been sent yet."""
    sent = {doc["id"] for doc in ctx.data.all(NUDGES)}
    items = [item for source in SOURCES for item in source(ctx) if item.key not in sent]
    return sorted(items, key=lambda item: item.at)


def next_due(ctx: Ctx) -> datetime | None:
    """The earliest moment this user needs the sweep; feeds the store's due index."""
    if not ctx.profile.get("nudges", True):
        return None
    return min((item.at for item in pending_items(ctx)), default=None)


def build_nudge(ctx: Ctx) -> Nudge | None:
    if not ctx.profile.get("nudges", True):
        return None
    items = [item for item in pending_items(ctx) if item.at <= ctx.now]
    if not items:
        return None
    keys = tuple(item.key for item in items)
    digest = hashlib.sha256("|".join(keys).encode()).hexdigest()[:16]
    title = "One thing for today" if len(items) == 1 else f"{len(items)} things for today"
    reply = Reply(title=title, body="A few minutes now keeps your network warm.",
                  items=tuple(item.item for item in items))
    return Nudge(user=ctx.user, key=f"{ctx.user.key}:{digest}", reply=reply, item_keys=keys)


def mark_sent(ctx: Ctx, nudge: Nudge) -> None:
    """Remember each item as sent, so it is never nudged twice."""
    for key in nudge.item_keys:
        ctx.data.put(NUDGES, {"id": key, "sent_at": ctx.now.isoformat(), "nudge": nudge.key})
