"""Slack's HTTP mode, hardened: slow clients, too many connections, replayed and retried requests.

aiohttp waits for a request's headers and body as long as a client keeps the connection open,
so a few hundred half-sent requests could hold the server and its open files. `HttpGuard`:

- closes a connection whose request headers are not complete within `header_seconds` (also
  the idle time allowed between requests on a kept-alive connection);
- answers 408 to a request whose body is not complete within `body_seconds`;
- refuses connections beyond `max_connections` at once, so the process keeps file handles for
  its own data;
- rejects a signed request seen before (same timestamp and signature) within Slack's five-minute
  window, so a captured request can't be replayed;
- acknowledges an Events API retry (`X-Slack-Retry-Num`) of an event it already took without
  running it again.

Behind a reverse proxy (see README, "Slack"), the proxy's own limits come first; these still
hold for whatever it passes on.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

REPLAY_WINDOW = 5 * 60  # Slack's own: bolt refuses any request signed longer ago than this
REMEMBERED = 10_000  # signatures and event ids kept, at most


@dataclass(frozen=True)
class HttpLimits:
    header_seconds: float = 10.0
    body_seconds: float = 10.0
    max_connections: int = 256


class _Connection(asyncio.Protocol):
    """aiohttp's protocol for one connection, with a deadline for the next request's headers."""

    def __init__(self, guard: HttpGuard, inner: asyncio.Protocol) -> None:
        self.guard = guard
        self.inner = inner
        self.transport: asyncio.Transport | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._serving = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        if len(self.guard.connections) >= self.guard.limits.max_connections:
            transport.abort()  # type: ignore[attr-defined]
            return
        self.guard.connections[transport] = self
        self._serving = True
        self.wait_for_headers()
        self.inner.connection_made(transport)

    def wait_for_headers(self) -> None:
        self.headers_arrived()
        loop = asyncio.get_running_loop()
        self._deadline = loop.call_later(self.guard.limits.header_seconds, self._too_slow)

    def headers_arrived(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        if self._serving:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self._serving else None

    def pause_writing(self) -> None:
        if self._serving:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self._serving:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self.headers_arrived()
        if self._serving:
            self._serving = False
            self.guard.connections.pop(self.transport, None)
            self.inner.connection_lost(exc)


class HttpGuard:
    """Wraps the aiohttp server that bolt's `web_app` runs on; see the module docstring."""

    def __init__(self, limits: HttpLimits, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self.limits = limits
        self.verifier = SignatureVerifier(signing_secret)
        self.clock = clock
        self.connections: dict[asyncio.BaseTransport, _Connection] = {}
        self._signatures: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._events: OrderedDict[str, int] = OrderedDict()

    def protocol_factory(self, make: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """For `loop.create_server`: aiohttp's own protocol (`make`), guarded."""
        return lambda: _Connection(self, make())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        connection = self.connections.get(request.transport) if request.transport else None
        if connection is not None:
            connection.headers_arrived()
        try:
            try:
                async with asyncio.timeout(self.limits.body_seconds):
                    body = await request.read()  # kept by aiohttp, so bolt reads the same bytes
            except TimeoutError:
                return web.Response(status=408, text="The request body took too long to arrive.")
            refusal = self._refusal(request, body)
            return refusal or await handler(request)
        finally:
            if connection is not None:
                connection.wait_for_headers()

    def _refusal(self, request: web.Request, body: bytes) -> web.Response | None:
        """A replayed request, or a retry of an event already taken; None lets bolt handle it."""
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not stamp.isdigit() or not self.verifier.is_valid(body, stamp, signature):
            return None  # bolt answers 401
        now = int(self.clock())
        self._forget_before(now - REPLAY_WINDOW)
        if (stamp, signature) in self._signatures:
            return web.Response(status=401, text="This request was already received.")
        self._signatures[(stamp, signature)] = int(stamp)
        event_id = _event_id(request, body)
        if event_id is None:
            return None
        if event_id in self._events and request.headers.get("X-Slack-Retry-Num"):
            return web.Response(status=200, headers={"X-Slack-No-Retry": "1"})
        self._events[event_id] = now
        return None

    def _forget_before(self, oldest: int) -> None:
        for seen in (self._signatures, self._events):
            while seen and (len(seen) > REMEMBERED or next(iter(seen.values())) < oldest):
                seen.popitem(last=False)


def _event_id(request: web.Request, body: bytes) -> str | None:
    if request.content_type != "application/json":
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None
    event_id = parsed.get("event_id") if isinstance(parsed, dict) else None
    return event_id if isinstance(event_id, str) else None
