"""Slack's HTTP mode against misbehaving clients, on real loopback sockets: slow and half-sent
requests, too many connections, replayed requests and Slack's own retries."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import pytest

from adapters.slack import SlackSurface, build_slack_app
from adapters.slack_http import HttpLimits
from bot.config import SlackSettings
from coaching.core.model import UserRef
from tests.fake_slack import SECRET, FakeSlack, SlackSender, signature_headers

U1 = UserRef("slack", "T1", "U1")
QUICK = HttpLimits(header_seconds=3.0, body_seconds=1.0, max_connections=256)
HALF_SENT = 200


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    server.add_user("U1", "T1")
    yield server
    await server.stop()


async def started(fake: FakeSlack, coach, limits: HttpLimits) -> SlackSurface:
    settings = SlackSettings(mode="http", port=0, api_url=fake.api_url, bot_token=fake.bot_token, signing_secret=SECRET)
    surface = build_slack_app(coach, settings, host="127.0.0.1")
    surface.limits = limits
    await surface.start()
    return surface


@pytest.fixture
async def slack(fake, coach) -> AsyncIterator[SlackSurface]:
    surface = await started(fake, coach, QUICK)
    yield surface
    await surface.stop()


@pytest.fixture
def sender(slack: SlackSurface, fake: FakeSlack) -> SlackSender:
    return SlackSender(f"http://127.0.0.1:{slack.port}/slack/events", fake.url)


async def answered(fake: FakeSlack, sender: SlackSender, text: str, key: str) -> dict:
    assert await sender.command(text, key=key) == (200, "")
    return await fake.wait(lambda: next((b for k, b in fake.responses if k == key), None))


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """What the server sent before closing (b"" when it just hung up)."""
    try:
        return await reader.read()
    except ConnectionResetError:
        return b""


async def test_half_sent_requests_are_dropped_and_never_hold_up_a_real_one(fake, slack, sender) -> None:
    streams = [await asyncio.open_connection("127.0.0.1", slack.port) for _ in range(HALF_SENT)]
    for _, writer in streams:
        writer.write(b"POST /slack/events HTTP/1.1\r\nHost: coach\r\nContent-Ty")
        await writer.drain()
    started_at = time.monotonic()
    help_ = await answered(fake, sender, "help", "while-slow")
    assert help_["text"].startswith("Networking coach")
    assert not any(reader.at_eof() for reader, _ in streams)  # answered while all of them were still open
    ends = await asyncio.wait_for(asyncio.gather(*(closed_by_server(reader) for reader, _ in streams)),
                                  QUICK.header_seconds + 5)
    assert ends == [b""] * HALF_SENT
    assert time.monotonic() - started_at < QUICK.header_seconds + 5
    for _, writer in streams:
        writer.close()


async def test_a_body_that_stops_arriving_gets_408_in_bounded_time(fake, slack, sender, coach) -> None:
    body = sender.command_body("add Mallory Jones, met at the door")
    head = "".join(f"{name}: {value}\r\n" for name, value in signature_headers(body).items())
    reader, writer = await asyncio.open_connection("127.0.0.1", slack.port)
    writer.write(f"POST /slack/events HTTP/1.1\r\nHost: coach\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 f"Content-Length: {len(body)}\r\n{head}\r\n{body[:20]}".encode())
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), QUICK.body_seconds + 5)
    assert status.startswith(b"HTTP/1.1 408")
    writer.close()
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


async def test_connections_beyond_the_cap_are_refused_at_once(fake, coach) -> None:
    surface = await started(fake, coach, HttpLimits(header_seconds=30.0, body_seconds=1.0, max_connections=20))
    try:
        streams = [await asyncio.open_connection("127.0.0.1", surface.port) for _ in range(50)]

        def refused() -> list:
            return [reader for reader, _ in streams if reader.at_eof() or reader.exception() is not None]

        await fake.wait(lambda: len(refused()) >= 30)
        await asyncio.sleep(0.2)
        assert len(refused()) == 30
        for _, writer in streams:
            if not writer.is_closing():
                writer.write_eof()  # the server hangs up in turn, which frees its slots
        await asyncio.wait_for(asyncio.gather(*(closed_by_server(reader) for reader, _ in streams)), 5)
        await asyncio.sleep(0.1)
        sender = SlackSender(f"http://127.0.0.1:{surface.port}/slack/events", fake.url)
        assert (await answered(fake, sender, "help", "after-cap"))["text"].startswith("Networking coach")
        for _, writer in streams:
            writer.close()
    finally:
        await surface.stop()


async def test_a_replayed_request_is_rejected_and_does_nothing(fake, sender, coach) -> None:
    body = sender.command_body("add Mallory Jones, met at the door", key="first")
    headers = signature_headers(body)
    assert await sender.send(body, "application/x-www-form-urlencoded", headers) == (200, "")
    await fake.wait(lambda: fake.responses)
    status, _ = await sender.send(body, "application/x-www-form-urlencoded", headers)
    assert status == 401
    await answered(fake, sender, "help", "later")
    assert [key for key, _ in fake.responses] == ["first", "later"]
    assert coach.handle(U1, "contacts").body.startswith("1 contact")


def home_event(event_id: str) -> str:
    return json.dumps({
        "token": "legacy-verification-token", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
        "event": {"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"},
        "event_id": event_id, "event_time": int(time.time()),
    })


async def test_a_slack_retry_of_an_event_already_taken_is_acknowledged_not_redone(fake, sender) -> None:
    body = home_event("EvFirst")
    first = signature_headers(body, timestamp=int(time.time()) - 60)
    assert (await sender.send(body, "application/json", first))[0] == 200
    await fake.wait(lambda: fake.calls_to("views.publish"))
    retry = {**signature_headers(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await sender.send(body, "application/json", retry))[0] == 200
    lost = home_event("EvNeverArrived")
    assert (await sender.send(lost, "application/json",
                              {**signature_headers(lost), "X-Slack-Retry-Num": "2"}))[0] == 200
    await fake.wait(lambda: fake.calls_to("views.publish")[1:])
    await asyncio.sleep(0.3)
    assert len(fake.calls_to("views.publish")) == 2
