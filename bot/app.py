"""Wiring: a data directory and a clock in, a ready `Coach` out."""

from __future__ import annotations

from pathlib import Path

from bot.storage import TinyStore
from coaching.engine import Coach
from coaching.model import Clock


def open_coach(data_dir: str | Path, *, clock: Clock | None = None) -> Coach:
    """Open (or create) a data directory and return the coach that owns it.

    Only one process may own a directory; a second one gets `bot.storage.DataDirLocked`.
    """
    return Coach(TinyStore(data_dir), clock=clock)
