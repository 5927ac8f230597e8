"""Closing the store while a lane thread is still writing its due index waits for that write instead of crashing."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

from bot.storage import DueIndex
from coaching.testing import START


def test_closing_the_due_index_mid_write_lets_the_write_finish_and_refuses_the_next(tmp_path: Path) -> None:
    for attempt in range(30):  # the crash needs the close to land inside a statement: try often
        index = DueIndex(tmp_path / f"due-{attempt}.sqlite")
        writing = threading.Event()

        def write(index: DueIndex = index, writing: threading.Event = writing) -> None:
            with contextlib.suppress(sqlite3.ProgrammingError):  # "closed database": the next write is refused
                while True:
                    index.set("someone", START)
                    writing.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert writing.wait(timeout=10)
        index.close()
        writer.join(timeout=10)
        assert not writer.is_alive()
