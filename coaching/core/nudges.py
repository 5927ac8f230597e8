"""When the coach should speak first, gathered into one message per user, at humane hours.

Each feature lists its due sources: functions returning every item it wants to nudge
about, with the moment it falls due. This module decides when and how the
items become a `Nudge`; sources never send anything themselves.

Delivery is tracked in the user's own file (table `nudges`), one record per message,
keyed by the nudge's idempotency key:

    sending --sent--> sent
       |  \\--failed, can retry--> retry (until a backoff time) --> sending ...
       |   \\--blocked / gave up--> undeliverable
       \\--process died mid-send--> still "sending" after its lease: sent again

While a record is "sending" within its lease it is the claim on its items: a sweep in
another process sharing the store backs off instead of sending them too.

A record left "sending" is ambiguous: the platform may or may not have shown it.
We send it again once its lease runs out, because a duplicate reminder costs less
than a lost one; the window is only the moment between the platform's answer and
the next disk write.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from coaching.core.model import Nudge, Reply
from coaching.core.records import Delivery
from coaching.core.registry import Ctx, DueItem
from coaching.core.settings import quiet_hours

NUDGES = "nudges"
DAILY_CAP = 3
MAX_ITEMS = 5
SEND_LEASE = timedelta(minutes=5)
RETRY_BASE = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=1)
MAX_ATTEMPTS = 8

SENDING, SENT, RETRY, UNDELIVERABLE = "sending", "sent", "retry", "undeliverable"


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def quiet_until(ctx: Ctx, at: datetime) -> datetime | None:
    """If `at` falls in the user's quiet hours (local wall-clock time), the moment they end."""
    hours = quiet_hours(ctx.profile)
    if not hours:
        return None
    start, end = _clock(hours[0]), _clock(hours[1])
    local = at.astimezone(ctx.tz)
    now = local.time()
    quiet = start <= now < end if start < end else (now >= start or now < end)
    if not quiet:
        return None
    day = local.date() if now < end else local.date() + timedelta(days=1)
    until = datetime.combine(day, end, tzinfo=ctx.tz)
    if until.astimezone(UTC) <= at.astimezone(UTC):  # `at` is in the repeated hour, after the end's first time
        until = until.replace(fold=1)
    return until


def humane(ctx: Ctx, at: datetime) -> datetime:
    """`at`, or the end of quiet hours when `at` falls inside them."""
    return quiet_until(ctx, at) or at


class Visit:
    """One look at a person's records, by a sweep or a delivery step: their context and every source's items.

    Scanning the sources is the costly part of nudging. A sweep builds a nudge and, when nothing is ready,
    works out the next due time; a delivery step checks a message is still wanted and then works out the
    next due time: each does both from one scan. A step whose write changes what sources offer, in a way
    the next due time must see, calls `rescan`.
    """

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self._offered: list[DueItem] | None = None

    def offered(self) -> list[DueItem]:
        if self._offered is None:
            self._offered = [item for source in self.ctx.registry.sources for item in source(self.ctx)]
        return self._offered

    def rescan(self) -> None:
        self._offered = None


def _records(ctx: Ctx) -> list[Delivery]:
    return [Delivery.load(doc) for doc in ctx.data.all(NUDGES)]


def _put(ctx: Ctx, record: Delivery) -> None:
    ctx.data.put(NUDGES, record.dump())


def _claims(records: list[Delivery]) -> dict[str, datetime | None]:
    """Item key -> until when a message holds it (None: for good, it was sent or can't be)."""
    claims: dict[str, datetime | None] = {}
    for doc in records:
        if doc.status in (SENT, UNDELIVERABLE):
            claims.update(dict.fromkeys(doc.items))
        elif doc.status in (SENDING, RETRY):
            until = doc.until
            for key in doc.items:
                if claims.get(key, until) is not None:
                    claims[key] = max(until, claims.get(key) or until)
    return claims


def _candidates(visit: Visit, records: list[Delivery]) -> list[tuple[datetime, DueItem]]:
    """(earliest moment it may go, item) for every item not yet delivered for good."""
    claims = _claims(records)
    found = [(max(item.at, claims.get(item.key) or item.at), item) for item in visit.offered()
             if not (item.key in claims and claims[item.key] is None)]
    return sorted(found, key=lambda pair: pair[1].at)


def settled(ctx: Ctx, records: list[Delivery] | None = None) -> dict[str, datetime]:
    """Item key -> when its message went out (or was given up on): items that are done for good.

    Records are kept, so a source may keep offering a delivered item; the log filters it.
    """
    return {key: doc.sent_at or doc.at for doc in (records if records is not None else _records(ctx))
            if doc.status in (SENT, UNDELIVERABLE) for key in doc.items}


def sent_items(ctx: Ctx) -> dict[str, datetime]:
    """Item key -> when its message went out or started going: what a source's own daily limit counts."""
    return {key: doc.at for doc in _records(ctx) if doc.status in (SENDING, SENT) for key in doc.items}


def sent_today(ctx: Ctx, records: list[Delivery] | None = None) -> int:
    """Messages sent (or being sent) on the user's local calendar day: what the daily cap counts."""
    today = ctx.local_now.date()
    return sum(
        1 for doc in (records if records is not None else _records(ctx))
        if doc.status in (SENDING, SENT) and doc.at.astimezone(ctx.tz).date() == today
    )


def _tomorrow(ctx: Ctx) -> datetime:
    return datetime.combine(ctx.local_now.date() + timedelta(days=1), time(0), tzinfo=ctx.tz)


def next_due(visit: Visit, daily_cap: int = DAILY_CAP) -> datetime | None:
    """The earliest moment the sweep can send this user something; feeds the store's due index.

    Already shifted past quiet hours and the daily cap, so the index returns a user only
    when a message can really go.
    """
    ctx = visit.ctx
    if not ctx.profile.get("nudges", True):
        return None
    records = _records(ctx)
    candidates = _candidates(visit, records)
    if not candidates:
        return None
    soonest = max(min(ready for ready, _ in candidates), ctx.now)
    tomorrow = _tomorrow(ctx)
    if soonest < tomorrow and sent_today(ctx, records) >= daily_cap:
        soonest = tomorrow
    return humane(ctx, soonest)


def build_nudge(visit: Visit, daily_cap: int = DAILY_CAP) -> Nudge | None:
    """One message with everything that is due, or None when it must wait (off, quiet, capped)."""
    ctx = visit.ctx
    if not ctx.profile.get("nudges", True) or quiet_until(ctx, ctx.now):
        return None
    records = _records(ctx)
    if sent_today(ctx, records) >= daily_cap:
        return None
    ready = [item for at, item in _candidates(visit, records) if at <= ctx.now]
    if not ready:
        return None
    shown = ready[:MAX_ITEMS]
    keys = tuple(item.key for item in shown)
    digest = hashlib.sha256("|".join(keys).encode()).hexdigest()[:16]
    title = "One thing for today" if len(ready) == 1 else f"{len(ready)} things for today"
    body = "A few minutes now keeps your network warm."
    if len(ready) > len(shown):
        body += f" Here are the first {len(shown)}; I'll bring up the rest next time."
    reply = Reply(title=title, body=body, items=tuple(item.item for item in shown))
    return Nudge(user=ctx.user, key=f"{ctx.user.key}:{digest}", reply=reply, item_keys=keys)


def _record(ctx: Ctx, nudge: Nudge) -> Delivery:
    doc = ctx.data.get(NUDGES, nudge.key)
    return Delivery.load(doc) if doc else Delivery(id=nudge.key, items=nudge.item_keys)


def still_wanted(visit: Visit, nudge: Nudge, records: list[Delivery], daily_cap: int = DAILY_CAP) -> bool:
    """Whether the person still wants this message now, however long ago it was built.

    Sends can queue behind slow ones; meanwhile the person may have turned nudges off, entered
    quiet hours, had other messages up to the daily cap, or dealt with the items themselves.
    """
    ctx = visit.ctx
    if not ctx.profile.get("nudges", True) or quiet_until(ctx, ctx.now):
        return False
    others = [doc for doc in records if doc.id != nudge.key]
    if sent_today(ctx, others) >= daily_cap:
        return False
    done = settled(ctx, records)
    due = {item.key for item in visit.offered() if item.at <= ctx.now and item.key not in done}
    return due.issuperset(nudge.item_keys)


def _held(ctx: Ctx, records: list[Delivery], items: set[str]) -> bool:
    """Whether a message still within its send lease carries any of `items`: another sweep is sending it."""
    return any(doc.status == SENDING and doc.until > ctx.now and items & set(doc.items)
               for doc in records)


def record_intent(visit: Visit, nudge: Nudge, daily_cap: int = DAILY_CAP, lease: timedelta = SEND_LEASE) -> bool:
    """Write down "about to send" before sending; this is the claim that makes one sweep the sender.

    False means don't send: it went out already, another sweep holds it (several processes share
    a store), it is no longer wanted now (see `still_wanted`; the next sweep builds what is due
    then), or it has failed too often and is given up.

    The next due time worked out after the claim reads the scan made to check the message is still
    wanted. The claim only adds to what a source's own daily limit counts (`sent_items`: check-ins going
    out today), which can move items later, never earlier, so that next due time is at most early, never
    late; and it stands only until the send's outcome is recorded (`mark_sent`, `mark_failed` and `release`
    scan again) or, if the process dies mid-send, until the sweep looks again. Giving a message up settles
    its items, and replacing a message that carried other items stops counting those: either can bring
    items forward, so both scan again.
    """
    ctx = visit.ctx
    doc = _record(ctx, nudge)
    mine = set(nudge.item_keys)
    records = _records(ctx)
    if (doc.status in (SENT, UNDELIVERABLE) or _held(ctx, records, mine)
            or not still_wanted(visit, nudge, records, daily_cap)):
        return False
    if doc.attempts >= MAX_ATTEMPTS:
        _put(ctx, replace(doc, status=UNDELIVERABLE, error="gave up after repeated attempts"))
        visit.rescan()
        return False
    replaced = [other for other in records
                if other.id != nudge.key and other.status in (SENDING, RETRY) and mine & set(other.items)]
    for other in replaced:
        ctx.data.delete(NUDGES, other.id)  # its items now travel in this message
    _put(ctx, replace(doc, status=SENDING, at=ctx.now, until=ctx.now + lease, attempts=doc.attempts + 1))
    if any(set(other.items) - mine for other in replaced):
        visit.rescan()
    return True


def release(visit: Visit, nudge: Nudge) -> None:
    """A send stopped before the platform answered (the process is shutting down): any sweep may send it now.

    The platform may have shown it; sending again is the duplicate-over-loss choice above.
    """
    ctx = visit.ctx
    doc = _record(ctx, nudge)
    if doc.status == SENDING:
        _put(ctx, replace(doc, status=RETRY, until=ctx.now, error="stopped mid-send"))


def mark_sent(visit: Visit, nudge: Nudge) -> None:
    """The platform took it: its items are never nudged again."""
    ctx = visit.ctx
    doc = _record(ctx, nudge)
    _put(ctx, replace(doc, status=SENT, at=doc.at or ctx.now, until=None, sent_at=ctx.now))


def mark_failed(visit: Visit, nudge: Nudge, *, retry: bool, after: float | None = None, reason: str = "") -> None:
    """A send that did not happen: try again after a growing wait, or give up when it can't help."""
    ctx = visit.ctx
    doc = _record(ctx, nudge)
    attempts = max(doc.attempts, 1)
    if retry and attempts < MAX_ATTEMPTS:
        wait = max(min(RETRY_BASE * 2 ** (attempts - 1), RETRY_MAX), timedelta(seconds=after or 0))
        _put(ctx, replace(doc, status=RETRY, until=ctx.now + wait, error=reason[:200]))
    else:
        _put(ctx, replace(doc, status=UNDELIVERABLE, error=reason[:200]))

