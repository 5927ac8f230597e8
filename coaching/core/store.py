"""The repository interface the engine uses. The engine never sees files or databases.

A `Store` hands out one `UserData` per session; everything written inside a session
becomes durable together when the session ends without an error, and nothing does
if it raises. That makes every command all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Protocol

from coaching.core.model import UserRef

SCHEMA_VERSION = 1


class StoreUnavailable(Exception):
    """The store can't be reached right now (a database restarting): nothing was written, and trying again soon may work."""


class UserData(Protocol):
    """One user's records, grouped in named tables of dicts that each carry an `id`."""

    def all(self, table: str) -> list[dict]: ...

    def column(self, table: str, field: str) -> list:
        """One field of every document, without copying the documents: for checks that need no more."""

    def get(self, table: str, doc_id: str) -> dict | None: ...

    def put(self, table: str, doc: dict) -> None:
        """Insert or replace the document with the same `id`."""

    def delete(self, table: str, doc_id: str) -> None: ...

    def clear(self, table: str) -> None: ...

    @property
    def changed(self) -> bool:
        """Whether this session has written anything yet."""

    @property
    def exists(self) -> bool:
        """Whether anything at all is stored for this user (false once they asked to be forgotten)."""

    @property
    def next_due(self) -> datetime | None:
        """When this user next needs the sweep's attention (feeds the due index)."""

    @next_due.setter
    def next_due(self, when: datetime | None) -> None: ...


class Store(Protocol):
    def session(self, user: UserRef) -> AbstractContextManager[UserData]: ...

    def shared(self) -> AbstractContextManager[UserData]:
        """Community-wide state: channel schedules, tip rotation, aggregate counts."""

    def forget(self, user: UserRef) -> None:
        """Delete every record of the user, index entry included."""

    def due_users(self, now: datetime) -> list[UserRef]:
        """Users whose next_due is at or before `now`, without touching anyone else."""

    def claim_due(self, now: datetime, lease: timedelta) -> list[UserRef]:
        """Due users for this process's sweep, kept from other processes' sweeps for `lease` or until they write.

        A shared store may hand them out in batches: call again until it offers no one new.
        A store owned by one process has no one to keep them from and returns every due user.
        """

    def users(self) -> Iterator[UserRef]: ...
