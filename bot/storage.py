"""TinyDB storage: one snapshot and one journal per user, and a rebuildable due index.

Why this shape:
- TinyDB's stock JSONStorage truncates and rewrites its file in place, so a crash
  mid-write loses everything. Here a command's changes are appended to the user's journal
  as one line and fsynced before the reply: a line cut short by a crash was never
  acknowledged and is dropped on reading. Now and then the journal is folded into the
  snapshot, which is written to a temp file, fsynced and renamed over the old one, so a
  reader sees the old snapshot or the new one, never half. Appending keeps a command's
  write small however many contacts the user has.
- TinyDB scans its whole file on every query; one shared file makes every user pay for
  every other user. Sharding by user keeps a command's cost flat as the community grows.
- The sweep must find due users without opening every file, so next-due times also live
  in a small SQLite index. It is derived data: `rebuild_index` recreates it from the user files.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import orjson
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from coaching.model import UserRef
from coaching.store import SCHEMA_VERSION

META = "_meta"
FILE_MODE = 0o600
DIR_MODE = 0o700


class DataDirLocked(RuntimeError):
    """Another process owns the data directory."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new content, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never overwrites its file in place, with a journal of changes beside it.

    `write` replaces the snapshot atomically and empties the journal; `append` adds one
    session's changes to the journal. `read` is the snapshot with the journal replayed.
    """

    COMPACT_BYTES = 64 * 1024  # fold the journal in once it is this big and a quarter of the snapshot

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.journal = self.path.with_name(self.path.name + ".log")
        self._snapshot_bytes = 0
        self.journal_bytes = 0

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        self._snapshot_bytes = len(raw)
        data = orjson.loads(raw) if raw else {}
        for table, key, doc in self._replay():
            if key is None:
                data.pop(table, None)
            elif doc is None:
                data.get(table, {}).pop(key, None)
            else:
                data.setdefault(table, {})[key] = doc
        return data

    def _replay(self) -> Iterator[list]:
        """Every acknowledged change; a last line cut short by a crash is cut off for good."""
        try:
            raw = self.journal.read_bytes()
        except FileNotFoundError:
            return
        complete = raw.rfind(b"\n") + 1
        if complete < len(raw):
            os.truncate(self.journal, complete)
        self.journal_bytes = complete
        for line in raw[:complete].splitlines():
            yield from orjson.loads(line)

    def write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        encoded = orjson.dumps(data)
        atomic_write(self.path, encoded)
        self._snapshot_bytes = len(encoded)
        if self.journal.exists():  # it ends at this snapshot's state (see `flush`), so a crash before here is harmless
            self.journal.unlink()
            _fsync_dir(self.path.parent)
        self.journal_bytes = 0

    def append(self, changes: list[list]) -> None:
        """One line per session, fsynced: the session is durable once this returns."""
        created = not self.journal.exists()
        fd = os.open(self.journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            os.write(fd, orjson.dumps(changes) + b"\n")
            os.fsync(fd)
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if created:
            _fsync_dir(self.path.parent)
        self.journal_bytes = size

    def wants_compaction(self) -> bool:
        return self.journal_bytes > self.COMPACT_BYTES and self.journal_bytes * 4 > self._snapshot_bytes

    def close(self) -> None:
        """Nothing stays open between writes."""


class _Cache(CachingMiddleware):
    """Keep every write in memory until the session flushes it as one atomic file."""

    WRITE_CACHE_SIZE = 1 << 30


class TinyUserData:
    """`coaching.store.UserData` over one TinyDB file.

    Writes go straight into the tables TinyDB's cache holds, in TinyDB's own layout (each
    table a dict of string keys to documents). TinyDB's `Table.insert` and `update` rebuild
    the whole table dict on every call, so a write cost grew with the user's contacts; with
    a map from our `id` to TinyDB's key, a write costs the same at 10 contacts or 1,000.
    """

    def __init__(self, db: TinyDB) -> None:
        self._db = db
        self.dirty = False
        self.due_changed = False
        self._changes: list[list] = []  # [table, TinyDB key or None for the whole table, document or None]
        self._keys: dict[str, dict[str, str]] = {}  # table -> our id -> TinyDB key, built on first use
        self._next_key: dict[str, int] = {}

    def _rows(self, table: str) -> dict[str, dict]:
        return (self._db.storage.read() or {}).get(table) or {}

    def _index(self, table: str) -> dict[str, str]:
        keys = self._keys.get(table)
        if keys is None:
            rows = self._rows(table)
            keys = self._keys[table] = {doc.get("id"): key for key, doc in reversed(rows.items())}
            self._next_key[table] = max(map(int, rows), default=0) + 1
        return keys

    def _write(self, table: str, key: str | None, doc: dict | None) -> None:
        """Change the cached tables in place, and note the change for the journal."""
        tables = self._db.storage.read() or {}
        if key is None:
            tables.pop(table, None)
        elif doc is None:
            tables[table].pop(key)
        else:
            tables.setdefault(table, {})[key] = doc
        self._db.storage.write(tables)
        self._changes.append([table, key, doc])
        self.dirty = True

    def all(self, table: str) -> list[dict]:
        return [dict(doc) for doc in self._rows(table).values()]

    def column(self, table: str, field: str) -> list:
        return [doc.get(field) for doc in self._rows(table).values()]

    def get(self, table: str, doc_id: str) -> dict | None:
        key = self._index(table).get(doc_id)
        return None if key is None else dict(self._rows(table)[key])

    def put(self, table: str, doc: dict) -> None:
        if "id" not in doc:
            raise ValueError("stored documents need an id")
        keys = self._index(table)
        key = keys.get(doc["id"])
        if key is None:
            key = keys[doc["id"]] = str(self._next_key[table])
            self._next_key[table] += 1
        self._write(table, key, {**doc, "v": SCHEMA_VERSION})

    def delete(self, table: str, doc_id: str) -> None:
        key = self._index(table).pop(doc_id, None)
        if key is not None:
            self._write(table, key, None)

    def clear(self, table: str) -> None:
        self._keys.pop(table, None)
        self._write(table, None, None)

    @property
    def changed(self) -> bool:
        return self.dirty

    @property
    def exists(self) -> bool:
        return bool(self._db.storage.read())

    @property
    def next_due(self) -> datetime | None:
        return _next_due(self.get(META, "meta") or {})

    @next_due.setter
    def next_due(self, when: datetime | None) -> None:
        meta = self.get(META, "meta") or {"id": "meta"}
        value = when.isoformat() if when else None
        if "next_due" in meta and meta["next_due"] == value:
            return
        self.due_changed = True
        meta["next_due"] = value
        self.put(META, meta)

    def stamp_owner(self, user: UserRef) -> None:
        meta = self.get(META, "meta") or {"id": "meta"}
        if meta.get("user") != user.key:
            meta["user"] = user.key
            self.put(META, meta)

    def flush(self) -> None:
        """Append this session's changes; a new user, or a journal grown big, also gets a fresh snapshot.

        The line goes into the journal before any compaction, so the journal always ends at the state the
        new snapshot holds: a crash between the snapshot's rename and the journal's removal replays old
        lines and then this one, which lands on the same state instead of undoing part of this session.
        """
        cache: _Cache = self._db.storage
        files: AtomicJSONStorage = cache.storage
        if files.path.exists():
            files.append(self._changes)
        if not files.path.exists() or files.wants_compaction():
            cache.flush()
        cache._cache_modified_count = 0
        self._changes = []
        self.dirty = False

    def rollback(self) -> None:
        """Forget unflushed changes by dropping the cached copy; with none, the copy is still good."""
        if not self.dirty:
            return
        self._db.storage.cache = None
        self._db.storage._cache_modified_count = 0
        self._changes = []
        self._keys.clear()
        self.dirty = False
        self.due_changed = False


class DueIndex:
    """user key -> next due time, in SQLite so the sweep reads only what is due.

    One connection serves every engine thread, so its calls take turns.
    """

    def __init__(self, path: Path) -> None:
        self._turn = threading.Lock()
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))  # SQLite gives its -wal and -shm files this mode
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS due (user TEXT PRIMARY KEY, at REAL)")
        self._db.execute("CREATE INDEX IF NOT EXISTS due_at ON due(at)")
        os.chmod(path, FILE_MODE)

    def set(self, user_key: str, when: datetime | None) -> None:
        with self._turn:
            if when is None:
                self._db.execute("DELETE FROM due WHERE user = ?", (user_key,))
            else:
                self._db.execute(
                    "INSERT INTO due(user, at) VALUES(?, ?) ON CONFLICT(user) DO UPDATE SET at = excluded.at",
                    (user_key, when.timestamp()),
                )

    def due(self, now: datetime) -> list[str]:
        with self._turn:
            rows = self._db.execute("SELECT user FROM due WHERE at <= ? ORDER BY at", (now.timestamp(),))
            return [row[0] for row in rows]

    def clear(self) -> None:
        with self._turn:
            self._db.execute("DELETE FROM due")

    def close(self) -> None:
        self._db.close()


class TinyStore:
    """`coaching.store.Store` on a data directory that this process alone owns.

    Engine threads share it (see `adapters.lanes`): sessions on one key (a person, or the shared
    data) take turns, and the cache of open files is changed by one thread at a time.
    """

    def __init__(self, data_dir: str | Path, *, cache_users: int = 256) -> None:
        self.root = Path(data_dir)
        self.root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        self._lock = self._take_lock()
        (self.root / "users").mkdir(exist_ok=True, mode=DIR_MODE)
        for stale in (self.root / "users").glob("*/.*.tmp"):
            stale.unlink()  # a write cut short by a crash; the lock says no one else is writing it
        fresh_index = not (self.root / "due.sqlite").exists()
        self._index = DueIndex(self.root / "due.sqlite")
        self._open: OrderedDict[str, TinyUserData] = OrderedDict()
        self._cache_users = cache_users
        self._cache_turn = threading.Lock()
        self._key_locks: weakref.WeakValueDictionary[str, threading.RLock] = weakref.WeakValueDictionary()
        if fresh_index:
            self.rebuild_index()

    def _take_lock(self) -> int:
        path = self.root / "coach.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise DataDirLocked(
                f"Another coach process (pid {holder}) is already using the data directory {self.root}. "
                "Stop that one first, or start this one with a different --data directory."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        return fd

    def close(self) -> None:
        """Release the directory; closing twice is harmless."""
        if self._lock < 0:
            return
        self._index.close()
        self._open.clear()
        os.close(self._lock)
        self._lock = -1

    def _path(self, key: str) -> Path:
        return user_file(self.root, key)

    def _data(self, key: str) -> TinyUserData:
        with self._cache_turn:
            data = self._open.get(key)
            if data is None:
                db = TinyDB(self._path(key), storage=_Cache(AtomicJSONStorage))
                data = TinyUserData(db)
                self._open[key] = data
                while len(self._open) > self._cache_users:
                    self._open.popitem(last=False)
            self._open.move_to_end(key)
            return data

    @contextmanager
    def _turn(self, key: str) -> Iterator[None]:
        """Hold `key` for one thread: its sessions (and `forget`) never overlap."""
        with self._cache_turn:
            lock = self._key_locks.get(key)
            if lock is None:
                lock = self._key_locks[key] = threading.RLock()
        with lock:
            yield

    @contextmanager
    def _session(self, key: str, user: UserRef | None) -> Iterator[TinyUserData]:
        with self._turn(key), self._open_session(key, user) as data:
            yield data

    @contextmanager
    def _open_session(self, key: str, user: UserRef | None) -> Iterator[TinyUserData]:
        data = self._data(key)
        before = data.next_due
        try:
            yield data
            if data.dirty and user is not None:
                data.stamp_owner(user)
            sooner = data.due_changed and _earlier(data.next_due, before)
            if sooner:  # before the file: a crash in between leaves the index early, which the sweep corrects
                self._index.set(key, data.next_due)
            if data.dirty:
                data.flush()
        except BaseException:
            data.rollback()
            raise
        if data.due_changed and not sooner:  # after the file, for the same reason
            self._index.set(key, data.next_due)
        data.due_changed = False

    def session(self, user: UserRef):
        return self._session(user.key, user)

    def shared(self):
        return self._session("shared", None)

    def forget(self, user: UserRef) -> None:
        with self._turn(user.key):
            with self._cache_turn:
                self._open.pop(user.key, None)
            self._index.set(user.key, None)
            path = self._path(user.key)
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".log").unlink(missing_ok=True)
            _fsync_dir(path.parent)

    def due_users(self, now: datetime) -> list[UserRef]:
        return [UserRef.from_key(key) for key in self._index.due(now)]

    def claim_due(self, now: datetime, lease: timedelta) -> list[UserRef]:
        """This process owns the directory, so every due user is its own."""
        return self.due_users(now)

    def users(self) -> Iterator[UserRef]:
        for path in sorted((self.root / "users").glob("*/*.json")):
            owner = _owner(path)
            if owner:
                yield UserRef.from_key(owner)

    def rebuild_index(self) -> None:
        """Recreate the due index from the user files (they are the truth), reading each once, around the cache."""
        self._index.clear()
        for path in sorted((self.root / "users").glob("*/*.json")):
            meta = next(iter(((AtomicJSONStorage(path).read() or {}).get(META) or {}).values()), {})
            if meta.get("user"):
                self._index.set(meta["user"], _next_due(meta))


def user_file(root: Path, key: str) -> Path:
    """Where a user's snapshot lives: named by a hash of their key, in one of 256 folders."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    return root / "users" / digest[:2] / f"{digest}.json"


def _next_due(meta: dict) -> datetime | None:
    raw = meta.get("next_due")
    return datetime.fromisoformat(raw) if raw else None


def _earlier(new: datetime | None, old: datetime | None) -> bool:
    return new is not None and (old is None or new < old)


def _owner(path: Path) -> str | None:
    try:
        meta = orjson.loads(path.read_bytes()).get(META, {})
    except (OSError, ValueError):
        return None
    for doc in meta.values():
        return doc.get("user")
    return None
