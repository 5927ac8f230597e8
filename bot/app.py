"""Wiring: a data directory (or `DATABASE_URL`) and a clock in, a ready `Coach` out."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from bot.cron import check_cron
from bot.keys import log_key, secret_key
from bot.storage import TinyStore
from coaching.core.engine import Coach
from coaching.core.model import Clock, use_log_key
from coaching.core.nudges import DAILY_CAP, SEND_LEASE
from coaching.core.registry import Feature
from coaching.core.store import Store
from coaching.features import FEATURES


def open_store(data_dir: str | Path, database_url: str | None = None) -> Store:
    """PostgreSQL when a database URL is given (or `DATABASE_URL` is set), else the TinyDB data directory."""
    url = database_url if database_url is not None else os.environ.get("DATABASE_URL")
    if url:
        from bot.pgstore import PgStore  # only deployments that use it load psycopg

        return PgStore(url)
    return TinyStore(data_dir)


def open_coach(data_dir: str | Path, *, clock: Clock | None = None, daily_cap: int = DAILY_CAP,
               send_lease: timedelta = SEND_LEASE, database_url: str | None = None,
               features: Sequence[Feature] = FEATURES) -> Coach:
    """Open (or create) the store and return the coach that uses it.

    With `DATABASE_URL` (or `database_url`) any number of processes share one PostgreSQL database and
    `data_dir` holds no data. Otherwise only one process may own the directory; a second one gets
    `bot.storage.DataDirLocked`. Log pseudonyms are keyed from then on (see `bot.keys`).
    """
    store = open_store(data_dir, database_url)
    try:
        use_log_key(log_key(secret_key(store)))
    except BaseException:
        store.close()
        raise
    return Coach(store, clock=clock, features=features, daily_cap=daily_cap, cron_check=check_cron,
                 send_lease=send_lease)
