"""Kill a writer with SIGKILL at random moments: every acknowledged write must survive, and the files must load."""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from bot.app import open_coach
from bot.storage import AtomicJSONStorage
from coaching.core.model import UserRef
from coaching.people.records import CONTACTS

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 15
USER = UserRef("console", None, "crash-test")

WRITER = textwrap.dedent(
    f"""
    import sys
    from bot.app import open_coach
    from coaching.core.model import UserRef

    coach = open_coach(sys.argv[1])
    user = UserRef.from_key({USER.key!r})
    n = int(sys.argv[2])
    print("ready", flush=True)
    while True:
        reply = coach.handle(user, f"add Person {{n}}, met at Place {{n}}")
        if reply.title != f"Added Person {{n}}.":
            print("refused", reply.text, flush=True)
            sys.exit(1)
        print(f"ack {{n}}", flush=True)
        n += 1
    """
)


def stored_numbers(data_dir: Path) -> list[int]:
    """Open the directory the way the bot does and list which `Person N` are stored."""
    coach = open_coach(data_dir)
    try:
        with coach.store.session(USER) as data:
            names = [contact["name"] for contact in data.all(CONTACTS)]
    finally:
        coach.close()
    return sorted(int(re.fullmatch(r"Person (\d+)", name).group(1)) for name in names)


def run_and_kill(data_dir: Path, start: int, rng: random.Random) -> list[int]:
    """Start a writer, let it acknowledge a few adds, SIGKILL it mid-stride; return every number it acknowledged."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), str(start)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        acks: list[int] = []
        for _ in range(rng.randint(0, 25)):
            line = writer.stdout.readline()
            assert line.startswith("ack "), line + writer.stderr.read()
            acks.append(int(line.split()[1]))
        time.sleep(rng.uniform(0, 0.01))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        rest = writer.stdout.read().split("\n")
        acks += [int(line.split()[1]) for line in rest if line.startswith("ack ")]
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == -signal.SIGKILL
    return acks


def test_sigkill_never_loses_an_acknowledged_write(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    rng = random.Random(20251114)
    acknowledged: set[int] = set()
    start = 0
    for _ in range(ROUNDS):
        acknowledged.update(run_and_kill(data_dir, start, rng))

        for path in (data_dir / "users").glob("*/*.json"):
            json.loads(path.read_bytes())
            AtomicJSONStorage(path).read()
        stored = stored_numbers(data_dir)
        assert len(stored) == len(set(stored)), "no write applied twice"
        missing = acknowledged - set(stored)
        assert not missing, f"acknowledged but lost: {sorted(missing)}"
        assert not list(data_dir.rglob("*.tmp")), "reopening sweeps away writes cut short by the kill"
        start = max(stored, default=-1) + 1

    assert len(acknowledged) > ROUNDS, "the writers got real work done between kills"
