"""Wiring: a data directory and a clock in, a ready `Coach` out."""

from __future__ import annotations

from pathlib import Path

from bot.cron import check_cron
from bot.keys import log_key, secret_key
from bot.storage import TinyStore
from coaching.engine import Coach
from coaching.model import Clock, use_log_key
from coaching.nudges import DAILY_CAP


def open_coach(data_dir: str | Path, *, clock: Clock | None = None, daily_cap: int = DAILY_CAP) -> Coach:
    """Open (or create) a data directory and return the coach that owns it.

    Only one process may own a directory; a second one gets `bot.storage.DataDirLocked`.
    Log pseudonyms are keyed from then on (see `bot.keys`).
    """
    store = TinyStore(data_dir)
    try:
        use_log_key(log_key(secret_key(store.root)))
    except BaseException:
        store.close()
        raise
    return Coach(store, clock=clock, daily_cap=daily_cap, cron_check=check_cron)
