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
import logging
import os
import sqlite3
import threading
import time
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

from coaching.core.model import UserRef
from coaching.core.store import SCHEMA_VERSION

log = logging.getLogger(__name__)

META = "_meta"
FILE_MODE = 0o600
DIR_MODE = 0o700
CLOCK_SLACK = 2.0  # seconds: file times can lag the clock a little, so reconciling reads a little more, never less


class DataDirLocked(RuntimeError):
    """Another process owns the data directory."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    """`os.write` may take only part (a disk nearly full, a file-size limit): go on until all is in, or it raises."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _line_start(fd: int) -> int:
    """Where the next journal line goes: the end, or after the last whole line if part of a failed line was left behind."""
    end = os.lseek(fd, 0, os.SEEK_END)
    if end == 0 or os.pread(fd, 1, end - 1) == b"\n":
        return end
    complete = os.pread(fd, end, 0).rfind(b"\n") + 1
    os.ftruncate(fd, complete)
    return complete


def _journal_line(line: bytes) -> list[list] | None:
    """One session's changes, or None for a line that is not one (damaged on disk): [[table, key, doc], ...]."""
    try:
        changes = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(changes, list):
        return None
    for change in changes:
        if not (isinstance(change, list) and len(change) == 3 and isinstance(change[0], str)
                and isinstance(change[1], str | None) and isinstance(change[2], dict | None)):
            return None
    return changes


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
        self.bad_lines = self.journal.with_name(self.journal.name + ".bad")
        self.snapshot_bytes = 0
        self.journal_bytes = 0

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        self.snapshot_bytes = len(raw)
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
        """Every acknowledged change; a last line cut short by a crash is cut off for good.

        A damaged line elsewhere (a disk fault, an edit by hand) costs only its own session: it is moved
        to a `.bad` file beside the journal, and every other line is kept.
        """
        try:
            raw = self.journal.read_bytes()
        except FileNotFoundError:
            return
        complete = raw.rfind(b"\n") + 1
        if complete < len(raw):
            os.truncate(self.journal, complete)
        self.journal_bytes = complete
        lines = [line for line in raw[:complete].splitlines() if line]
        sessions = [_journal_line(line) for line in lines]
        damaged = [line for line, changes in zip(lines, sessions, strict=True) if changes is None]
        if damaged:
            self._set_aside(damaged, [line for line, changes in zip(lines, sessions, strict=True) if changes is not None])
        for changes in sessions:
            yield from changes or ()

    def _set_aside(self, damaged: list[bytes], good: list[bytes]) -> None:
        """Keep the damaged lines in `<journal>.bad` for a person to look at, and the journal without them."""
        fd = os.open(self.bad_lines, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            _write_all(fd, b"".join(line + b"\n" for line in damaged))
            os.fsync(fd)
        finally:
            os.close(fd)
        kept = b"".join(line + b"\n" for line in good)
        atomic_write(self.journal, kept)
        self.journal_bytes = len(kept)
        log.warning("Set aside %d damaged journal line(s) in a .bad file; the other %d were kept", len(damaged), len(good))

    def write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        encoded = orjson.dumps(data)
        atomic_write(self.path, encoded)
        self.snapshot_bytes = len(encoded)
        if self.journal.exists():  # it ends at this snapshot's state (see `flush`), so a crash before here is harmless
            self.journal.unlink()
            _fsync_dir(self.path.parent)
        self.journal_bytes = 0

    def append(self, changes: list[list]) -> None:
        """One line per session, fsynced: the session is durable once this returns.

        All of the line or none of it: if the disk takes only part, the journal is cut back to where
        it was and the error goes up, so the command is answered as failed and the next line starts clean.
        """
        line = orjson.dumps(changes) + b"\n"
        created = not self.journal.exists()
        fd = os.open(self.journal, os.O_RDWR | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            start = _line_start(fd)
            try:
                _write_all(fd, line)
                os.fsync(fd)
            except OSError:
                os.ftruncate(fd, start)
                raise
            size = start + len(line)
        finally:
            os.close(fd)
        if created:
            _fsync_dir(self.path.parent)
        self.journal_bytes = size

    def wants_compaction(self) -> bool:
        return self.journal_bytes > self.COMPACT_BYTES and self.journal_bytes * 4 > self.snapshot_bytes

    def close(self) -> None:
        """Nothing stays open between writes."""


class _Cache(CachingMiddleware):
    """Keep every write in memory until the session flushes it as one atomic file."""

    WRITE_CACHE_SIZE = 1 << 30


class TinyUserData:
    """`coaching.core.store.UserData` over one TinyDB file.

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
    def stored_bytes(self) -> int:
        """The size of this user's snapshot and journal as last read or written: what the cache bounds."""
        files: AtomicJSONStorage = self._db.storage.storage
        return files.snapshot_bytes + files.journal_bytes

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
        if not files.path.exists():
            cache.flush()
        else:
            files.append(self._changes)
            if files.wants_compaction():
                _compact(cache)
        cache._cache_modified_count = 0
        self._changes = []
        self.dirty = False

    def rollback(self) -> None:
        """Forget the session's changes by dropping the cached copy, even when it wrote nothing.

        `get` and `all` hand out shallow copies, so a command that changed a nested part of a document in
        place (a contact's follow-up window) and was then turned down has changed the cached copy too.
        """
        self._db.storage.cache = None
        self._db.storage._cache_modified_count = 0
        self._changes = []
        self._keys.clear()
        self.dirty = False
        self.due_changed = False


def _compact(cache: _Cache) -> None:
    """Fold the journal into a fresh snapshot. The session is already durable in the journal, so a failure here
    (no space for the new snapshot) is not the command's: the journal stays as it is and the next write tries again."""
    try:
        cache.flush()
    except OSError as problem:
        log.warning("Could not fold a journal into its snapshot (%s); the journal keeps every change and the next "
                    "write tries again", problem.strerror or type(problem).__name__)


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
        self._db.execute("CREATE TABLE IF NOT EXISTS mark (name TEXT PRIMARY KEY, at REAL)")
        os.chmod(path, FILE_MODE)

    def set(self, user_key: str, when: datetime | None) -> None:
        """Change one entry, and note when, in the same transaction: a power loss keeps both or neither."""
        with self._turn:
            self._db.execute("BEGIN")
            try:
                if when is None:
                    self._db.execute("DELETE FROM due WHERE user = ?", (user_key,))
                else:
                    self._db.execute(
                        "INSERT INTO due(user, at) VALUES(?, ?) ON CONFLICT(user) DO UPDATE SET at = excluded.at",
                        (user_key, when.timestamp()),
                    )
                self._db.execute("INSERT INTO mark(name, at) VALUES('written', ?) "
                                 "ON CONFLICT(name) DO UPDATE SET at = excluded.at", (time.time(),))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def written_at(self) -> float | None:
        """When the last change that survived was made (None for an index from before this was kept)."""
        with self._turn:
            row = self._db.execute("SELECT at FROM mark WHERE name = 'written'").fetchone()
        return row[0] if row else None

    def users(self) -> list[str]:
        with self._turn:
            return [row[0] for row in self._db.execute("SELECT user FROM due")]

    def due(self, now: datetime) -> list[str]:
        with self._turn:
            rows = self._db.execute("SELECT user FROM due WHERE at <= ? ORDER BY at", (now.timestamp(),))
            return [row[0] for row in rows]

    def clear(self) -> None:
        with self._turn:
            self._db.execute("DELETE FROM due")

    def close(self) -> None:
        """Waits for a write in progress on another thread: closing under a running statement crashes sqlite3."""
        with self._turn:
            self._db.close()


class TinyStore:
    """`coaching.core.store.Store` on a data directory that this process alone owns.

    Engine threads share it (see `adapters.lanes`): sessions on one key (a person, or the shared
    data) take turns, and the cache of open files is changed by one thread at a time.
    """

    def __init__(self, data_dir: str | Path, *, cache_users: int = 256, cache_bytes: int = 32 * 1024 * 1024) -> None:
        """Keep at most `cache_users` users in memory, and fewer if their files add up to over `cache_bytes`.

        Measured: a user held in memory takes about 2.7 times the bytes of their files (a 4.3 MB file, 11.3 MB),
        so the default byte bound holds the cache near 90 MB however big a few users grow.
        """
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
        self._cache_bytes = cache_bytes
        if fresh_index:
            self.rebuild_index()
        else:
            self.reconcile_index()

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

    def _trim_cache(self) -> None:
        """Drop the users used longest ago until the cache is within both bounds; the one just used stays."""
        with self._cache_turn:
            held = sum(data.stored_bytes for data in self._open.values())
            while len(self._open) > 1 and (len(self._open) > self._cache_users or held > self._cache_bytes):
                _, dropped = self._open.popitem(last=False)
                held -= dropped.stored_bytes

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
        self._trim_cache()

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
            path.with_name(path.name + ".log.bad").unlink(missing_ok=True)
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
            self._index_from_file(path)

    def reconcile_index(self) -> None:
        """Bring the index back in line with the user files after a power loss, at start-up.

        The index commits with synchronous=NORMAL, so a power loss can take back its last commits while the
        user files, fsynced before each reply, keep theirs. Every index change also stamps the time it was
        made, so only users whose files changed since the last surviving stamp are read again (a stat of
        each file, a read of few), and entries whose user file is gone (forgotten) are dropped.
        """
        since = self._index.written_at()
        if since is None:
            self.rebuild_index()
            return
        changed = set()
        for folder in os.scandir(self.root / "users"):
            if folder.is_dir(follow_symlinks=False):
                for entry in os.scandir(folder.path):
                    if entry.name.endswith((".json", ".json.log")) and entry.stat().st_mtime >= since - CLOCK_SLACK:
                        changed.add(entry.path.removesuffix(".log"))
        for path in sorted(changed):
            if os.path.exists(path):
                self._index_from_file(Path(path))
        for key in self._index.users():
            if not self._path(key).exists():
                self._index.set(key, None)

    def _index_from_file(self, path: Path) -> None:
        """One user's entry from their file; a file that cannot be read is logged and left for its sessions to report."""
        try:
            meta = next(iter(((AtomicJSONStorage(path).read() or {}).get(META) or {}).values()), {})
        except (OSError, ValueError):
            log.exception("Could not read a user file to index it")
            return
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
