"""The storage promises: atomic files, versioned documents, all-or-nothing sessions,
a due index that can be rebuilt from the user files, private files, one owner per directory.

The promises every store makes run on TinyDB and on PostgreSQL alike (`any_store`, and `coach`
with ON_EACH_STORE); the rest are about TinyDB's files."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import open_coach
from bot.pgstore import PgStore
from bot.storage import AtomicJSONStorage, DataDirLocked, TinyStore, atomic_write, user_file
from coaching.core.model import UserRef
from coaching.core.store import SCHEMA_VERSION, Store
from coaching.testing import START, FakeClock

from .conftest import STORES

ON_EACH_STORE = True

ROOT = Path(__file__).resolve().parent.parent


def user_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "users").glob("*/*.json"))


def stored(path: Path) -> dict:
    """What a user file holds: the snapshot with its journal replayed."""
    return AtomicJSONStorage(path).read()


def on_disk(path: Path) -> tuple[bytes, bytes | None]:
    journal = path.with_name(path.name + ".log")
    return path.read_bytes(), journal.read_bytes() if journal.exists() else None


def only_file(data_dir: Path) -> Path:
    files = user_files(data_dir)
    assert len(files) == 1
    return files[0]


@pytest.fixture
def store(data_dir: Path):
    opened = TinyStore(data_dir)
    yield opened
    opened.close()


@pytest.fixture(params=STORES)
def open_store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Callable[..., Store]]:
    """Opens the store under test; call it again after closing to see what survived."""
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    opened: list = []

    def open_(**tiny_options: int) -> Store:
        opened.append(TinyStore(data_dir, **tiny_options) if url is None else PgStore(url))
        return opened[-1]

    yield open_
    for each in opened:
        each.close()


@pytest.fixture
def any_store(open_store: Callable[..., Store]) -> Store:
    return open_store()


def held(store: Store, user: UserRef) -> object:
    """What the store keeps for a user, as written: the file's bytes, or the database rows."""
    if isinstance(store, TinyStore):
        path = user_file(store.root, user.key)
        return (path.stat().st_ino, path.stat().st_mtime_ns, on_disk(path)) if path.exists() else None
    with store.pool.connection() as conn:  # xmin: the transaction that last wrote the row
        return conn.execute("SELECT tbl, id, seq, doc, xmin::text FROM coach_docs WHERE user_key = %s ORDER BY seq",
                            (user.key,)).fetchall()


@pytest.fixture
def tiny_coach(data_dir: Path, clock: FakeClock) -> Iterator:
    """For the promises about TinyDB's files."""
    opened = open_coach(data_dir, clock=clock, database_url="")
    yield opened
    opened.close()


# Atomic files


def test_atomic_write_replaces_the_file_instead_of_overwriting_it(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    atomic_write(path, b'{"old": true}')
    with path.open("rb") as reader:
        atomic_write(path, b'{"new": true}')
        assert reader.read() == b'{"old": true}', "an open reader keeps the whole old version"
    assert path.read_bytes() == b'{"new": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"], "no temp file is left behind"


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doc.json"
    atomic_write(path, b"first")

    def refuse(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, b"second")
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


def test_atomic_storage_round_trips_unicode(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "nested" / "u.json")
    assert storage.read() is None
    data = {"contacts": {"1": {"id": "a", "name": "Zoë Ångström 🎉", "notes": ["line\none"]}}}
    storage.write(data)
    assert storage.read() == data
    assert json.loads((tmp_path / "nested" / "u.json").read_text(encoding="utf-8")) == data


# Documents and sessions


def test_every_stored_document_carries_the_schema_version(coach, user) -> None:
    coach.handle(user, "add Priya Shah, met at PyCon yesterday, works on ML infra #conference")
    coach.handle(user, "tz Europe/London")
    coach.handle(user, "note Priya she is hiring in January")
    with coach.store.session(user) as data:
        docs = [doc for table in ("contacts", "events", "profile") for doc in data.all(table)]
        assert all(data.all(table) for table in ("contacts", "events", "profile"))
    if isinstance(coach.store, TinyStore):  # the file's own bookkeeping too
        tables = stored(user_file(coach.store.root, user.key))
        assert "_meta" in tables
        docs += [doc for table in tables.values() for doc in table.values()]
    assert all(doc["v"] == SCHEMA_VERSION for doc in docs)


def test_put_needs_an_id(any_store: Store, user: UserRef) -> None:
    with pytest.raises(ValueError), any_store.session(user) as data:
        data.put("contacts", {"name": "No Id"})


def test_put_replaces_the_whole_document(any_store: Store, user: UserRef) -> None:
    store = any_store
    with store.session(user) as data:
        data.put("profile", {"id": "profile", "tz": "Europe/London", "pending": {"kind": "confirm"}})
    with store.session(user) as data:
        profile = data.get("profile", "profile")
        del profile["pending"]
        data.put("profile", profile)
    with store.session(user) as data:
        assert data.get("profile", "profile") == {"id": "profile", "tz": "Europe/London", "v": SCHEMA_VERSION}
        assert len(data.all("profile")) == 1


def test_session_is_all_or_nothing(any_store: Store, user: UserRef) -> None:
    store = any_store
    with store.session(user) as data:
        data.put("contacts", {"id": "a", "name": "Kept"})
    before = held(store, user)

    with pytest.raises(RuntimeError), store.session(user) as data:
        data.put("contacts", {"id": "b", "name": "Lost"})
        data.put("contacts", {"id": "a", "name": "Renamed"})
        data.delete("contacts", "a")
        raise RuntimeError("the command failed half way")

    assert held(store, user) == before
    with store.session(user) as data:
        assert [doc["name"] for doc in data.all("contacts")] == ["Kept"]


def test_rolled_back_session_is_not_written_by_the_next_one(open_store: Callable[..., Store], user: UserRef) -> None:
    store = open_store()
    with pytest.raises(RuntimeError), store.session(user) as data:
        data.put("contacts", {"id": "ghost", "name": "Ghost"})
        raise RuntimeError
    with store.session(user) as data:
        data.put("contacts", {"id": "real", "name": "Real"})
    store.close()
    with open_store().session(user) as data:
        assert [doc["id"] for doc in data.all("contacts")] == ["real"]


def test_sessions_survive_reopening_and_cache_eviction(open_store: Callable[..., Store]) -> None:
    people = [UserRef("discord", None, f"{n}") for n in range(3)]
    store = open_store(cache_users=1)
    for round_ in range(2):
        for person in people:
            with store.session(person) as data:
                data.put("contacts", {"id": f"c{round_}", "name": f"{person.user_id}-{round_}"})
    store.close()
    reopened = open_store()
    for person in people:
        with reopened.session(person) as data:
            assert sorted(doc["name"] for doc in data.all("contacts")) == [f"{person.user_id}-0", f"{person.user_id}-1"]
    assert set(reopened.users()) == set(people)


def test_a_read_only_command_does_not_rewrite_the_file(coach, user) -> None:
    coach.handle(user, "add Priya Shah, met at PyCon yesterday")
    before = held(coach.store, user)
    for text in ("followups", "contacts", "show Priya", "help", "settings", "export"):
        coach.handle(user, text)
    assert held(coach.store, user) == before


def test_opening_sweeps_away_writes_cut_short(data_dir: Path, user: UserRef) -> None:
    store = TinyStore(data_dir)
    with store.session(user) as data:
        data.put("contacts", {"id": "a", "name": "Kept"})
    store.close()
    path = only_file(data_dir)
    half_written = path.with_name(f".{path.name}.99999.tmp")
    half_written.write_bytes(b'{"contacts": {"1": {"id": "a", "na')
    TinyStore(data_dir).close()
    assert not half_written.exists()
    assert stored(path)["contacts"]["1"]["name"] == "Kept"


# The due index


def test_due_index_follows_next_due(any_store: Store, user: UserRef) -> None:
    store = any_store
    with store.session(user) as data:
        data.next_due = START + timedelta(hours=24)
    assert store.due_users(START) == []
    assert store.due_users(START + timedelta(hours=24)) == [user]

    with store.session(user) as data:
        data.next_due = START + timedelta(hours=48)
    assert store.due_users(START + timedelta(hours=24)) == []
    assert store.due_users(START + timedelta(hours=48)) == [user]

    with store.session(user) as data:
        data.next_due = None
    assert store.due_users(START + timedelta(days=365)) == []


def test_rolled_back_next_due_does_not_reach_the_index(any_store: Store, user: UserRef) -> None:
    store = any_store
    with pytest.raises(RuntimeError), store.session(user) as data:
        data.next_due = START
        raise RuntimeError
    with store.session(user):
        pass
    assert store.due_users(START + timedelta(days=1)) == []


def test_due_index_from_commands_and_rebuilt_from_user_files(data_dir: Path, clock: FakeClock) -> None:
    priya, tom, quiet = (UserRef("slack", "T1", name) for name in ("priya", "tom", "quiet"))
    coach = open_coach(data_dir, clock=clock)
    coach.handle(priya, "add Ana Ruiz, met at PyCon today")
    coach.handle(tom, "add Ben Ode, met at a dinner party yesterday")
    coach.handle(quiet, "add Cy Ng, met at a meetup today")
    coach.handle(quiet, "nudges off")
    store = coach.store
    assert store.due_users(clock.now - timedelta(minutes=1)) == []
    assert store.due_users(clock.now) == [priya, tom], "a change asks the sweep to look; nudges off: never"
    coach.due_nudges(clock.now)
    assert store.due_users(clock.now) == [tom], "after the sweep: met yesterday, so due now"
    assert store.due_users(clock.now + timedelta(hours=24)) == [tom, priya], "nudges off: never due"
    before = {hours: store.due_users(clock.now + timedelta(hours=hours)) for hours in (0, 1, 24, 48)}
    coach.close()

    (data_dir / "due.sqlite").unlink()
    for leftover in data_dir.glob("due.sqlite-*"):
        leftover.unlink()
    reopened = open_coach(data_dir, clock=clock)
    try:
        assert {hours: reopened.store.due_users(clock.now + timedelta(hours=hours)) for hours in before} == before
    finally:
        reopened.close()


def test_rebuild_index_forgets_stale_entries(store: TinyStore, user: UserRef) -> None:
    with store.session(user) as data:
        data.next_due = START
    stale = UserRef("slack", "T1", "gone")
    store._index.set(stale.key, START)
    store.rebuild_index()
    assert store.due_users(START) == [user]


# Forgetting


def test_forget_removes_the_file_and_the_index_entry(coach, user, data_dir: Path, clock: FakeClock) -> None:
    other = UserRef("slack", "T0001", "U0002")
    coach.handle(user, "add Priya Shah, met at PyCon")
    coach.handle(other, "add Tom Ade, met at a dinner party")
    kept = held(coach.store, other)
    coach.store.forget(user)
    assert held(coach.store, user) in (None, [])
    assert held(coach.store, other) == kept
    if isinstance(coach.store, TinyStore):
        remaining = user_files(data_dir)
        assert len(remaining) == 1
        assert stored(remaining[0])["_meta"]["1"]["user"] == other.key
        assert sorted(p.name.split(".")[-1] for p in (data_dir / "users").glob("*/*")) in (["json"], ["json", "log"])
    assert coach.store.due_users(clock.now + timedelta(days=30)) == [other]
    assert list(coach.store.users()) == [other]
    with coach.store.session(user) as data:
        assert data.all("contacts") == []


# Privacy on disk


def test_data_files_and_directories_are_owner_only(tiny_coach, user, data_dir: Path) -> None:
    coach = tiny_coach
    coach.handle(user, "add Priya Shah, met at PyCon")
    coach.handle(user, "tz Europe/London")
    paths = [data_dir, *data_dir.rglob("*")]
    assert any(path.name.endswith(".json") for path in paths)
    assert any(path.name == "due.sqlite-wal" for path in paths), "checked while the index is open"
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{path.relative_to(data_dir)} is {oct(mode)}"


# One process per data directory


def _open_in_subprocess(data_dir: Path) -> subprocess.CompletedProcess:
    script = textwrap.dedent(
        f"""
        import sys
        from bot.app import open_coach
        from bot.storage import DataDirLocked
        try:
            open_coach({str(data_dir)!r}).close()
        except DataDirLocked as problem:
            print(problem)
            sys.exit(3)
        print("opened")
        """
    )
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_a_second_process_refuses_the_same_data_directory(tiny_coach, data_dir: Path) -> None:
    result = _open_in_subprocess(data_dir)
    assert result.returncode == 3, result.stderr
    message = result.stdout.strip()
    assert "Another coach process" in message
    assert f"pid {os.getpid()}" in message
    assert str(data_dir) in message


def test_the_directory_is_free_again_once_closed(data_dir: Path) -> None:
    open_coach(data_dir).close()
    assert _open_in_subprocess(data_dir).stdout.strip() == "opened"


def test_a_second_store_in_the_same_process_is_refused_too(store: TinyStore, data_dir: Path) -> None:
    with pytest.raises(DataDirLocked, match="already using the data directory"):
        TinyStore(data_dir)


# The journal


def test_a_command_appends_one_line_and_a_torn_last_line_is_dropped(store: TinyStore, user: UserRef, data_dir: Path) -> None:
    with store.session(user) as data:
        data.put("contacts", {"id": "a", "name": "First"})
    with store.session(user) as data:
        data.put("contacts", {"id": "b", "name": "Second"})
        data.put("events", {"id": "e", "type": "added"})
    path = only_file(data_dir)
    journal = path.with_name(path.name + ".log")
    assert journal.read_bytes().count(b"\n") == 1, "the first session writes the snapshot, the second one line"
    with journal.open("ab") as handle:
        handle.write(b'[["contacts","3",{"id":"c","na')  # a crash in the middle of the next append
    store.close()
    reopened = TinyStore(data_dir)
    try:
        with reopened.session(user) as data:
            assert sorted(doc["name"] for doc in data.all("contacts")) == ["First", "Second"]
        assert journal.read_bytes().endswith(b"\n"), "the torn line is cut off so the next append starts clean"
        with reopened.session(user) as data:
            data.put("contacts", {"id": "d", "name": "After"})
        assert sorted(doc["name"] for doc in stored(path)["contacts"].values()) == ["After", "First", "Second"]
    finally:
        reopened.close()


def test_a_long_journal_is_folded_into_the_snapshot(store: TinyStore, user: UserRef, data_dir: Path) -> None:
    for n in range(400):
        with store.session(user) as data:
            data.put("contacts", {"id": f"c{n}", "name": f"Person {n}", "notes": ["x" * 200]})
    path = only_file(data_dir)
    journal = path.with_name(path.name + ".log")
    assert not journal.exists() or journal.stat().st_size <= AtomicJSONStorage.COMPACT_BYTES + 1024
    assert len(json.loads(path.read_bytes())["contacts"]) > 200, "the snapshot took in the journal"
    assert len(stored(path)["contacts"]) == 400


# Writes: whatever mix of them, what a session saw is what a reopened store reads

_ops = st.lists(
    st.tuples(
        st.sampled_from(["put", "put", "put", "delete", "clear"]),
        st.sampled_from(["contacts", "events"]),
        st.sampled_from(["a", "b", "c", "d"]),
        st.integers(0, 9),
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sessions=st.lists(st.tuples(_ops, st.booleans()), min_size=1, max_size=6))
def test_any_mix_of_writes_reads_back_the_same_after_reopening(open_store: Callable[..., Store], sessions) -> None:
    user = UserRef("discord", None, f"mix-{uuid.uuid4()}")  # the store outlives one example: a new person each time
    expected: dict[str, dict[str, int]] = {"contacts": {}, "events": {}}

    def seen(data) -> dict[str, dict[str, int]]:
        """Each table as listed, after checking that every id is listed once and `get` agrees."""
        tables = {}
        for table in expected:
            docs = data.all(table)
            tables[table] = {doc["id"]: doc["n"] for doc in docs}
            assert len(tables[table]) == len(docs), "an id stored twice"
            for doc_id in "abcd":
                got = data.get(table, doc_id)
                assert (got and got["n"]) == tables[table].get(doc_id)
        return tables

    store = open_store()
    try:
        for ops, fails in sessions:
            model = {table: dict(docs) for table, docs in expected.items()}
            with contextlib.suppress(RuntimeError), store.session(user) as data:
                for op, table, doc_id, n in ops:
                    if op == "put":
                        data.put(table, {"id": doc_id, "n": n})
                        model[table][doc_id] = n
                    elif op == "delete":
                        data.delete(table, doc_id)
                        model[table].pop(doc_id, None)
                    else:
                        data.clear(table)
                        model[table] = {}
                    assert data.get(table, doc_id) == ({"id": doc_id, "n": n, "v": SCHEMA_VERSION} if op == "put" else None)
                assert seen(data) == model
                if fails:
                    raise RuntimeError("the command failed")
            if not fails:
                expected = model
            with store.session(user) as data:
                assert seen(data) == expected
    finally:
        store.close()
    reopened = open_store()
    try:
        with reopened.session(user) as data:
            assert seen(data) == expected
    finally:
        reopened.close()


def test_a_crash_between_compaction_and_removing_the_journal_keeps_the_last_session(
        data_dir: Path, user: UserRef, monkeypatch: pytest.MonkeyPatch) -> None:
    store = TinyStore(data_dir)
    with store.session(user) as data:
        data.put("contacts", {"id": "a", "name": "1"})
    with store.session(user) as data:
        data.put("contacts", {"id": "a", "name": "2"})

    def crash_after_the_rename(self: AtomicJSONStorage, data: dict) -> None:
        atomic_write(self.path, orjson.dumps(data))
        raise KeyboardInterrupt("the process dies before the journal is removed")

    monkeypatch.setattr(AtomicJSONStorage, "wants_compaction", lambda self: True)
    monkeypatch.setattr(AtomicJSONStorage, "write", crash_after_the_rename)
    with pytest.raises(KeyboardInterrupt), store.session(user) as data:
        data.put("contacts", {"id": "a", "name": "3"})
        data.put("contacts", {"id": "b", "name": "3"})
    store.close()
    monkeypatch.undo()
    reopened = TinyStore(data_dir)
    try:
        with reopened.session(user) as data:
            assert sorted((doc["id"], doc["name"]) for doc in data.all("contacts")) == [("a", "3"), ("b", "3")]
    finally:
        reopened.close()
