"""How quickly one person's `/coach help` is answered while someone else keeps the coach busy.

    python -m bench.responsiveness

The real Slack app in HTTP mode (bolt, aiohttp, the `HttpGuard`) with the test suite's fake
Slack; each figure is the time from sending a signed `/coach help` to its answer arriving on
the response_url, median and worst of ROUNDS. The baseline is the same request with nothing
else going on, in the same run.

- busy: another person's DM upload of a BIG_ROWS-row CSV is being read and previewed (blocking
  engine work, which now runs in that person's lane, off the event loop);
- slow clients: HALF_SENT connections hold half-sent request headers; also timed is how long
  until the server has closed all of them (the header timeout is HEADER_SECONDS here).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from adapters.slack import build_slack_app
from adapters.slack_http import HttpLimits
from bot.app import open_coach
from bot.config import SlackSettings
from tests.fake_slack import SECRET, FakeSlack, SlackSender
from tests.test_slack import many_rows

ROUNDS = 15
BIG_ROWS = 4_000
HALF_SENT = 200
HEADER_SECONDS = 3.0


async def help_seconds(fake: FakeSlack, sender: SlackSender, key: str) -> float:
    started = time.perf_counter()
    await sender.command("help", user="U2", key=key)
    await fake.wait(lambda: any(k == key for k, _ in fake.responses), timeout=120)
    return time.perf_counter() - started


async def timed(fake: FakeSlack, sender: SlackSender, label: str) -> list[float]:
    return [await help_seconds(fake, sender, f"{label}{n}") for n in range(ROUNDS)]


async def main() -> None:
    fake = FakeSlack()
    await fake.start()
    fake.add_user("U1", "T1")
    fake.add_user("U2", "T1")
    coach = open_coach(Path(tempfile.mkdtemp()) / "data")
    settings = SlackSettings(mode="http", port=0, api_url=fake.api_url, bot_token=fake.bot_token, signing_secret=SECRET)
    slack = build_slack_app(coach, settings, host="127.0.0.1")
    slack.limits = HttpLimits(header_seconds=HEADER_SECONDS)
    await slack.start()
    sender = SlackSender(f"http://127.0.0.1:{slack.port}/slack/events", fake.url)
    try:
        results = {"idle": await timed(fake, sender, "idle")}

        shared = fake.host_file("Connections.csv", many_rows(BIG_ROWS), pieces=4)
        upload_started = time.perf_counter()
        await sender.event({"type": "message", "subtype": "file_share", "channel": "DU1", "channel_type": "im",
                            "user": "U1", "team": "T1", "text": "", "files": [shared], "ts": "1.1"})
        busy = []
        while not fake.calls_to("chat.postMessage") and len(busy) < 10 * ROUNDS:
            busy.append(await help_seconds(fake, sender, f"busy{len(busy)}"))
        await fake.wait(lambda: fake.calls_to("chat.postMessage"), timeout=600)
        preview_seconds = time.perf_counter() - upload_started
        results["busy"] = busy

        streams = [await asyncio.open_connection("127.0.0.1", slack.port) for _ in range(HALF_SENT)]
        for _, writer in streams:
            writer.write(b"POST /slack/events HTTP/1.1\r\nHost: coach\r\nContent-Ty")
        opened = time.perf_counter()
        results["slow clients"] = await timed(fake, sender, "slow")
        await asyncio.gather(*(reader.read() for reader, _ in streams), return_exceptions=True)
        all_closed = time.perf_counter() - opened
        for _, writer in streams:
            writer.close()
    finally:
        await slack.stop()
        await fake.stop()
        coach.close()

    base = statistics.median(results["idle"])
    print("| while | answers | median (ms) | worst (ms) | median vs idle |")
    print("|---|---:|---:|---:|---:|")
    for label, seconds in results.items():
        median = statistics.median(seconds)
        print(f"| {label} | {len(seconds)} | {median * 1000:.1f} | {max(seconds) * 1000:.1f} | {median / base:.2f}x |")
    print(f"\nThe {BIG_ROWS:,}-row preview took {preview_seconds:.2f} s; {len(busy)} answers arrived meanwhile.")
    print(f"All {HALF_SENT} half-sent connections were closed {all_closed:.2f} s after they were opened "
          f"(header timeout {HEADER_SECONDS:.0f} s).")


if __name__ == "__main__":
    asyncio.run(main())
