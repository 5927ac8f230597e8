"""Kill the sweeping process with SIGKILL around the due time, restart it, and count deliveries.

The child is this module run with `python -m tests.test_restart`: it opens the data
directory at a given fake time, sweeps once through a surface that appends each delivery
to a file (fsynced), and can stop dead at a chosen point so the parent kills it there.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.testing import RecordingSurface
from bot.app import open_coach
from bot.scheduler import NudgeScheduler
from coaching.core.model import Reply, UserRef
from coaching.core.nudges import SEND_LEASE

ROOT = Path(__file__).resolve().parent.parent
USER = UserRef("console", None, "restart")
MET = datetime(2026, 5, 4, 10, tzinfo=UTC)
DUE = MET + timedelta(hours=24)


def _hold(stage: str, wanted: str) -> None:
    if stage == wanted:
        print("paused", flush=True)
        time.sleep(600)


class RecordingFile(RecordingSurface):
    """The shipped recorder, also writing each DM as one fsynced line, so the count survives the kill."""

    def __init__(self, log: Path, stage: str) -> None:
        super().__init__("console")
        self.log, self.stage = log, stage

    async def send_dm(self, user: UserRef, reply: Reply) -> None:
        _hold(self.stage, "before_send")
        await super().send_dm(user, reply)
        with self.log.open("a") as handle:
            handle.write(f"{user.key}\n")
            handle.flush()
            os.fsync(handle.fileno())
        _hold(self.stage, "after_send")


def child(data_dir: str, now: str, log: str, stage: str) -> None:
    moment = datetime.fromisoformat(now)
    coach = open_coach(data_dir, clock=lambda: moment)
    asyncio.run(NudgeScheduler(coach, {"console": RecordingFile(Path(log), stage)}).sweep())
    _hold(stage, "after_mark")
    print("done", flush=True)


def run_child(data_dir: Path, now: datetime, log: Path, stage: str = "none") -> str:
    """Run one sweep in a fresh process; SIGKILL it if it pauses. Returns "killed" or "done"."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.test_restart", str(data_dir), now.isoformat(), str(log), stage],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline().strip()
    if line == "paused":
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        return "killed"
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    return line


def deliveries(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    data_dir, log = tmp_path / "data", tmp_path / "deliveries.log"
    coach = open_coach(data_dir, clock=lambda: MET)
    coach.handle(USER, "add Priya Shah, met at PyCon")
    coach.close()
    return data_dir, log


def test_restarts_around_the_due_time_deliver_once(world):
    data_dir, log = world
    assert run_child(data_dir, DUE - timedelta(minutes=1), log) == "done"
    assert deliveries(log) == 0
    assert run_child(data_dir, DUE, log) == "done"
    for later in (timedelta(0), timedelta(minutes=1), SEND_LEASE * 2, timedelta(hours=12)):  # overdue is a new reminder
        assert run_child(data_dir, DUE + later, log) == "done"
    assert deliveries(log) == 1


def test_killed_after_recording_intent_but_before_sending(world):
    data_dir, log = world
    assert run_child(data_dir, DUE, log, "before_send") == "killed"
    assert deliveries(log) == 0
    run_child(data_dir, DUE + timedelta(minutes=1), log)
    assert deliveries(log) == 0  # still inside the send lease: it might be in flight
    run_child(data_dir, DUE + SEND_LEASE + timedelta(minutes=1), log)
    run_child(data_dir, DUE + SEND_LEASE + timedelta(minutes=2), log)
    assert deliveries(log) == 1


def test_killed_after_marking_sent_never_repeats(world):
    data_dir, log = world
    assert run_child(data_dir, DUE, log, "after_mark") == "killed"
    for later in (timedelta(minutes=1), SEND_LEASE * 2, timedelta(hours=12)):
        run_child(data_dir, DUE + later, log)
    assert deliveries(log) == 1


def test_killed_between_send_and_mark_sends_one_more_time(world):
    """The one ambiguous moment: the platform took it, the disk never heard. Policy: send again, once."""
    data_dir, log = world
    assert run_child(data_dir, DUE, log, "after_send") == "killed"
    run_child(data_dir, DUE + timedelta(minutes=1), log)
    assert deliveries(log) == 1
    for later in (SEND_LEASE + timedelta(minutes=1), SEND_LEASE * 3, timedelta(hours=12)):
        run_child(data_dir, DUE + later, log)
    assert deliveries(log) == 2


if __name__ == "__main__":
    child(*sys.argv[1:5])
