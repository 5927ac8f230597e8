"""Memory and journal size stay bounded however big a user grows."""

from __future__ import annotations

from pathlib import Path

from bot.storage import TinyStore
from coaching.model import UserRef

USERS = [UserRef("slack", "T0001", f"U{n}") for n in range(6)]


def test_the_user_cache_is_bounded_by_bytes_as_well_as_by_users(data_dir: Path) -> None:
    store = TinyStore(data_dir, cache_users=256, cache_bytes=300_000)
    try:
        for n, user in enumerate(USERS):
            with store.session(user) as data:
                data.put("contacts", {"id": "big", "n": n, "notes": "x" * 100_000})
            held = list(store._open.values())  # what the cache holds is the point here
            assert sum(data.stored_bytes for data in held) <= 300_000 or len(held) == 1
        assert 1 <= len(store._open) <= 3
        for n, user in enumerate(USERS):  # a user dropped from the cache reads back from their file
            with store.session(user) as data:
                assert data.get("contacts", "big")["n"] == n
    finally:
        store.close()


def test_one_user_bigger_than_the_bound_is_still_served(data_dir: Path) -> None:
    store = TinyStore(data_dir, cache_bytes=10_000)
    try:
        for n in range(3):
            with store.session(USERS[0]) as data:
                data.put("contacts", {"id": f"c{n}", "notes": "x" * 50_000})
        with store.session(USERS[0]) as data:
            assert len(data.all("contacts")) == 3
    finally:
        store.close()
