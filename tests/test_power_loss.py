"""A power loss can take back the due index's last commits (it runs synchronous=NORMAL) while the user files,
fsynced before every reply, keep theirs. Start-up reconciles the index with the files.

The power loss is played by putting back a copy of the index taken earlier: exactly what losing its
last commits leaves.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.app import open_coach
from coaching.core.model import UserRef
from coaching.testing import FakeClock

EARLY, LATE, GONE = (UserRef("slack", "T0001", name) for name in ("U-early", "U-late", "U-gone"))


def index_files(data_dir: Path) -> list[Path]:
    return [data_dir / name for name in ("due.sqlite", "due.sqlite-wal", "due.sqlite-shm")]


def test_start_up_reconciles_an_index_that_lost_its_last_commits(data_dir: Path, clock: FakeClock, tmp_path: Path) -> None:
    coach = open_coach(data_dir, clock=clock)
    for user in (EARLY, GONE):
        coach.handle(user, "add Priya Shah, met at PyCon")
    coach.close()
    saved = tmp_path / "index-before"
    saved.mkdir()
    for path in index_files(data_dir):
        if path.exists():
            shutil.copy2(path, saved / path.name)

    coach = open_coach(data_dir, clock=clock)
    coach.handle(EARLY, "nudges off")  # leaves the index
    coach.handle(LATE, "add Tom Ade, met at a meetup")  # joins it
    coach.handle(GONE, "forget me")
    coach.handle(GONE, "yes")
    coach.close()

    for path in index_files(data_dir):  # the power loss: the index is back where it was, the user files are not
        path.unlink(missing_ok=True)
        if (saved / path.name).exists():
            shutil.copy2(saved / path.name, path)

    coach = open_coach(data_dir, clock=clock)
    try:
        due = set(coach.store.due_users(clock.now))
        assert LATE in due, "a user whose file is newer than the index is indexed again"
        assert EARLY not in due, "their file says nudges are off"
        assert GONE not in due, "a forgotten user's entry goes with their file"
    finally:
        coach.close()

