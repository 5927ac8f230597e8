"""PostgreSQL storage: any number of `coach run` replicas, on any machines, share one database.

Why this shape:
- A session is one transaction that first takes a transaction-scoped advisory lock on a hash
  of the user's key, so two commands for the same person arriving at two replicas run one
  after the other, and the lock goes away with the transaction even if the process dies.
- Documents are JSON rows keyed by (user, table, id), the same grouping the engine sees
  in TinyDB; a session reads the user's rows in one query (as TinyDB reads the user's file)
  and writes its changes at the end, so a command costs a handful of round trips however
  many other users exist. The column is `json`, not
  `jsonb`: nothing queries inside a document, and `json` keeps each document's key order,
  so an export reads the same on both stores.
- The due index is a column of the users table, written in the same transaction as the
  documents, so it can never drift from them. Sweeps on several replicas split the due
  users between them with `FOR UPDATE SKIP LOCKED` and a lease: a replica that dies
  holding some of them only delays those users until the lease ends.
- A database that goes away raises `StoreUnavailable`: the command is rolled back, the
  person is asked to try again, and the pool reconnects by itself.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import orjson
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Json, set_json_loads
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.storage import META, AtomicJSONStorage, TinyStore, _next_due, user_file
from coaching.core.model import UserRef
from coaching.core.store import SCHEMA_VERSION, StoreUnavailable

log = logging.getLogger(__name__)

SHARED = "shared"  # a user key always has two colons, so this never names a person
POOL_SIZE = 8
CLAIM_BATCH = 100  # due users a sweep takes at a time, so replicas sweeping together share the work
WAIT_SECONDS = 3.0  # how long a request waits for a connection before "try again in a moment"
MIGRATION_LOCK = 0x636F616368  # "coach": one replica at a time applies migrations

# Each entry is applied once, in order, in the transaction that records it.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
        CREATE TABLE coach_users (
            user_key text PRIMARY KEY,
            seq bigserial NOT NULL,
            next_due timestamptz,
            claimed_until timestamptz,
            claimed_by text
        );
        CREATE INDEX coach_users_due ON coach_users (next_due, seq) WHERE next_due IS NOT NULL;
        CREATE TABLE coach_docs (
            user_key text NOT NULL,
            tbl text NOT NULL,
            id text NOT NULL,
            seq bigserial NOT NULL,
            doc json NOT NULL,
            PRIMARY KEY (user_key, tbl, id)
        );
    """),
)

set_json_loads(orjson.loads)


def _dumps(doc: object) -> str:
    return orjson.dumps(doc).decode()


def masked(url: str) -> str:
    """The URL (or libpq's `key=value` form) with its password hidden, for logs and `coach check`."""
    if "://" not in url:
        try:
            params = conninfo_to_dict(url)
        except psycopg.ProgrammingError:
            return "(a connection string that can't be read)"
        return make_conninfo(**{**params, "password": "***"}) if "password" in params else url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def migrate(conn: psycopg.Connection) -> list[int]:
    """Apply the migrations this database lacks; returns the versions applied. Safe from many replicas at once."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS coach_schema "
                     "(version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        done = {row[0] for row in conn.execute("SELECT version FROM coach_schema")}
        newest = max(version for version, _ in MIGRATIONS)
        if done and max(done) > newest:
            raise RuntimeError(f"The database schema is at version {max(done)}, newer than this coach knows "
                               f"({newest}). Upgrade the coach before starting it against this database.")
        applied = []
        for version, sql in MIGRATIONS:
            if version not in done:
                conn.execute(sql)
                conn.execute("INSERT INTO coach_schema (version) VALUES (%s)", (version,))
                applied.append(version)
    return applied


class PgUserData:
    """`coaching.core.store.UserData` inside one transaction: tables are read once, changes written at the end."""

    def __init__(self, cur: psycopg.Cursor, key: str, next_due: datetime | None) -> None:
        self._cur = cur
        self._key = key
        self._tables: dict[str, dict[str, dict]] | None = None  # read on first use
        self._ops: list[tuple[str, str, str | None, dict | None]] = []  # (put|delete|clear, table, id, doc)
        self._next_due = next_due
        self.dirty = False
        self.due_changed = False

    def _table(self, table: str) -> dict[str, dict]:
        """The table's documents in the order they were first written; the whole user is read in one round trip."""
        if self._tables is None:
            self._tables = {}
            self._cur.execute("SELECT tbl, id, doc FROM coach_docs WHERE user_key = %s ORDER BY seq", (self._key,))
            for tbl, doc_id, doc in self._cur:
                self._tables.setdefault(tbl, {})[doc_id] = doc
        return self._tables.setdefault(table, {})

    def all(self, table: str) -> list[dict]:
        return [dict(doc) for doc in self._table(table).values()]

    def column(self, table: str, field: str) -> list:
        return [doc.get(field) for doc in self._table(table).values()]

    def get(self, table: str, doc_id: str) -> dict | None:
        doc = self._table(table).get(doc_id)
        return None if doc is None else dict(doc)

    def put(self, table: str, doc: dict) -> None:
        if "id" not in doc:
            raise ValueError("stored documents need an id")
        stored = {**doc, "v": SCHEMA_VERSION}
        self._table(table)[doc["id"]] = stored
        self._ops.append(("put", table, doc["id"], stored))
        self.dirty = True

    def delete(self, table: str, doc_id: str) -> None:
        if self._table(table).pop(doc_id, None) is not None:
            self._ops.append(("delete", table, doc_id, None))
            self.dirty = True

    def clear(self, table: str) -> None:
        self._table(table).clear()
        self._ops.append(("clear", table, None, None))
        self.dirty = True

    @property
    def changed(self) -> bool:
        return self.dirty

    @property
    def exists(self) -> bool:
        if self.due_changed:
            return True
        self.flush()
        self._cur.execute("SELECT EXISTS (SELECT 1 FROM coach_docs WHERE user_key = %s) "
                          "OR EXISTS (SELECT 1 FROM coach_users WHERE user_key = %s)", (self._key, self._key))
        return bool(self._cur.fetchone()[0])

    @property
    def next_due(self) -> datetime | None:
        return self._next_due

    @next_due.setter
    def next_due(self, when: datetime | None) -> None:
        if when == self._next_due:
            return
        self._next_due = when
        self.due_changed = self.dirty = True

    def flush(self) -> None:
        """Send the pending changes into the transaction, runs of puts as one batch."""
        ops, self._ops = self._ops, []
        puts: list[tuple] = []
        for op, table, doc_id, doc in [*ops, ("end", "", None, None)]:
            if op == "put":
                puts.append((self._key, table, doc_id, Json(doc, dumps=_dumps)))
                continue
            if puts:
                self._cur.executemany("INSERT INTO coach_docs (user_key, tbl, id, doc) VALUES (%s, %s, %s, %s) "
                                      "ON CONFLICT (user_key, tbl, id) DO UPDATE SET doc = excluded.doc", puts)
                puts = []
            if op == "delete":
                self._cur.execute("DELETE FROM coach_docs WHERE user_key = %s AND tbl = %s AND id = %s",
                                  (self._key, table, doc_id))
            elif op == "clear":
                self._cur.execute("DELETE FROM coach_docs WHERE user_key = %s AND tbl = %s", (self._key, table))

    def finish(self, user: UserRef | None) -> None:
        """Write everything; a person who wrote anything is listed (and due when next_due says), and unclaimed."""
        if not self.dirty:
            return
        self.flush()
        if user is not None:
            self._cur.execute(
                "INSERT INTO coach_users (user_key, next_due) VALUES (%s, %s) ON CONFLICT (user_key) "
                "DO UPDATE SET next_due = excluded.next_due, claimed_until = NULL, claimed_by = NULL",
                (self._key, self._next_due))


class PgStore:
    """`coaching.core.store.Store` on a PostgreSQL database shared by every replica."""

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE) -> None:
        """Bring the schema up to date over one connection of its own, so an unreachable database is one clear error."""
        self.url = url
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"  # whose sweep holds a user
        settings = {"connect_timeout": 5, "options": "-c TimeZone=UTC"}
        try:
            with psycopg.connect(url, **settings) as conn:
                applied = migrate(conn)
        except psycopg.OperationalError as problem:
            reason = " ".join(line.strip() for line in str(problem).splitlines() if line.strip())
            raise StoreUnavailable(f"Could not open the database at {masked(url)}: {reason}") from problem
        if applied:
            log.info("database %s: applied schema versions %s", masked(url), applied)
        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, timeout=WAIT_SECONDS, kwargs=settings, open=True,
                                   check=ConnectionPool.check_connection, name="coach")

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        """A pooled connection; committed when the block ends cleanly, rolled back otherwise."""
        try:
            with self.pool.connection() as conn:
                yield conn
        except (psycopg.OperationalError, PoolTimeout) as problem:
            raise StoreUnavailable(f"The database at {masked(self.url)} is not answering ({problem}).") from problem

    def close(self) -> None:
        """Give back the due users this process's sweeps still hold, so another replica takes them at once."""
        try:
            with self._connection() as conn:
                conn.execute("UPDATE coach_users SET claimed_until = NULL, claimed_by = NULL WHERE claimed_by = %s",
                             (self.owner,))
        except StoreUnavailable:
            log.warning("could not give back this process's claims: the database is unavailable; they run out by themselves")
        finally:
            self.pool.close()

    @contextmanager
    def _session(self, key: str, user: UserRef | None) -> Iterator[PgUserData]:
        with self._connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0)), "
                        "(SELECT next_due FROM coach_users WHERE user_key = %s)", (key, key))
            data = PgUserData(cur, key, cur.fetchone()[1])
            yield data
            data.finish(user)

    def session(self, user: UserRef):
        return self._session(user.key, user)

    def shared(self):
        return self._session(SHARED, None)

    def forget(self, user: UserRef) -> None:
        with self._connection() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (user.key,))
            conn.execute("DELETE FROM coach_docs WHERE user_key = %s", (user.key,))
            conn.execute("DELETE FROM coach_users WHERE user_key = %s", (user.key,))

    def due_users(self, now: datetime) -> list[UserRef]:
        with self._connection() as conn:
            rows = conn.execute("SELECT user_key FROM coach_users WHERE next_due <= %s ORDER BY next_due, seq",
                                (now,)).fetchall()
        return [UserRef.from_key(key) for (key,) in rows]

    def claim_due(self, now: datetime, lease: timedelta) -> list[UserRef]:
        """A batch of due users no other sweep holds, held for `lease` (a write by the user ends the hold)."""
        with self._connection() as conn:
            rows = conn.execute(
                "UPDATE coach_users SET claimed_until = %(until)s, claimed_by = %(me)s WHERE user_key IN ("
                " SELECT user_key FROM coach_users WHERE next_due <= %(now)s"
                " AND (claimed_until IS NULL OR claimed_until <= %(now)s)"
                " ORDER BY next_due, seq LIMIT %(limit)s FOR UPDATE SKIP LOCKED)"
                " RETURNING user_key, next_due, seq",
                {"now": now, "until": now + lease, "limit": CLAIM_BATCH, "me": self.owner}).fetchall()
        return [UserRef.from_key(key) for key, _, _ in sorted(rows, key=lambda row: (row[1], row[2]))]

    def users(self) -> Iterator[UserRef]:
        with self._connection() as conn:
            keys = conn.execute("SELECT user_key FROM coach_users ORDER BY user_key").fetchall()
        for (key,) in keys:
            yield UserRef.from_key(key)


def copy_from_tiny(source: TinyStore, target: PgStore) -> Counter[str]:
    """Copy every user file and the shared file of a TinyDB data directory; running it again changes nothing.

    Each copied table replaces the one in the database, in the file's order, in one transaction per user.
    """
    counts: Counter[str] = Counter()
    shared_file = user_file(source.root, "shared")
    for path in sorted((source.root / "users").glob("*/*.json")):
        tables = AtomicJSONStorage(path).read() or {}
        meta = next(iter((tables.get(META) or {}).values()), {})
        owner = meta.get("user")
        if owner:
            session, counts["users"] = target.session(UserRef.from_key(owner)), counts["users"] + 1
        elif path == shared_file:
            session = target.shared()
        else:
            counts["files with no owner"] += 1
            continue
        with session as data:
            for table, docs in tables.items():
                if table != META:
                    data.clear(table)
                    for doc in docs.values():
                        data.put(table, doc)
                    counts["documents"] += len(docs)
            if owner:
                data.next_due = _next_due(meta)
    return counts
