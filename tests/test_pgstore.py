"""What only a shared PostgreSQL store has to promise: several processes at once, one schema
migration at a time, claims that one sweep wins and a dead one loses, a database that goes away
and comes back, and copying a TinyDB directory in."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import aiohttp
import psycopg
import pytest

from adapters.slack import build_slack_app
from bot.app import open_coach
from bot.config import SlackSettings
from bot.pgstore import CLAIM_BATCH, MIGRATIONS, PgStore, masked, migrate
from coaching.community import ChannelSchedule
from coaching.core.engine import UNAVAILABLE
from coaching.core.model import UserRef
from coaching.testing import START, FakeClock

from .fake_slack import SECRET, FakeSlack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def replicas(pg_url: str) -> Iterator[list[PgStore]]:
    """Two stores on one database: what two `coach run` processes see."""
    stores = [PgStore(pg_url), PgStore(pg_url)]
    yield stores
    for store in stores:
        store.close()


def test_commands_for_one_person_through_two_replicas_all_take_effect(replicas: list[PgStore]) -> None:
    person = UserRef("slack", "T1", "U1")

    def bump(store: PgStore) -> None:
        for _ in range(25):
            with store.session(person) as data:
                counter = data.get("counters", "n") or {"id": "n", "n": 0}
                data.put("counters", {**counter, "n": counter["n"] + 1})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(bump, [*replicas, *replicas]))
    with replicas[0].session(person) as data:
        assert data.get("counters", "n")["n"] == 100, "every read-modify-write ran alone"


def test_sweeps_on_two_replicas_split_the_due_users_and_take_over_after_the_lease(replicas: list[PgStore]) -> None:
    first, second = replicas
    people = [UserRef("discord", None, f"p{n:03}") for n in range(CLAIM_BATCH + 20)]
    for person in people:
        with first.session(person) as data:
            data.next_due = START
    lease = timedelta(seconds=60)
    mine = first.claim_due(START, lease)
    theirs = second.claim_due(START, lease)
    assert len(mine) == CLAIM_BATCH and len(theirs) == 20
    assert not set(mine) & set(theirs)
    assert first.claim_due(START, lease) == [] and second.claim_due(START + lease - timedelta(seconds=1), lease) == []
    assert set(second.claim_due(START + lease, lease)) | set(first.claim_due(START + lease, lease)) == set(people), \
        "a sweep that died holding users loses them when the lease ends"
    with first.session(people[0]) as data:
        data.put("contacts", {"id": "c", "name": "New"})
    assert second.claim_due(START + lease, lease) == [people[0]], "a write by the person ends the hold"
    assert first.due_users(START) == sorted(people, key=people.index), "due_users itself never holds anyone"


def test_a_replica_that_stops_gives_back_the_people_its_sweep_held(pg_url: str) -> None:
    stopping, staying = PgStore(pg_url), PgStore(pg_url)
    try:
        person = UserRef("slack", "T1", "U1")
        with staying.session(person) as data:
            data.next_due = START
        assert stopping.claim_due(START, timedelta(minutes=1)) == [person]
        assert staying.claim_due(START, timedelta(minutes=1)) == []
        stopping.close()
        assert staying.claim_due(START, timedelta(minutes=1)) == [person]
    finally:
        staying.close()


def test_one_sweep_sends_a_nudge_while_another_backs_off(pg_url: str, data_dir: Path, clock: FakeClock) -> None:
    person = UserRef("slack", "T1", "U1")
    one, two = (open_coach(data_dir, clock=clock, database_url=pg_url) for _ in range(2))
    try:
        one.handle(person, "add Priya Shah, met at PyCon")
        clock.advance(hours=24)
        [nudge] = one.due_nudges(clock.now)
        assert two.due_nudges(clock.now) == [], "the first sweep holds this person"
        [same] = two.due_nudges(clock.advance(one.send_lease))
        assert same.key == nudge.key
        assert one.record_intent(nudge)
        assert not two.record_intent(same), "the first sweep's send holds the items"
        clock.advance(one.send_lease)
        [again] = two.due_nudges(clock.now)
        assert two.record_intent(again), "a send that never finished is taken over after its lease"
    finally:
        one.close()
        two.close()


def test_a_channel_post_is_claimed_once_per_fire_time(pg_url: str, data_dir: Path, clock: FakeClock) -> None:
    schedule = ChannelSchedule.from_config("slack", "C1", "0 9 * * mon", "UTC", "tip")
    one, two = (open_coach(data_dir, clock=clock, database_url=pg_url) for _ in range(2))
    try:
        one.channel_last_posted(schedule)
        fire = clock.advance(days=3)
        assert one.claim_channel_post(schedule, fire)
        assert not two.claim_channel_post(schedule, fire)
        clock.advance(one.send_lease)
        assert two.claim_channel_post(schedule, fire), "the holder died: its claim ran out"
        two.mark_posted(two.channel_post(schedule))
        assert not one.claim_channel_post(schedule, fire), "posted: nobody posts it again"
        two.release_channel_post(schedule)
        assert not one.claim_channel_post(schedule, fire)
    finally:
        one.close()
        two.close()


# Migrations


def test_migrations_run_once_however_many_replicas_start_together(pg_url: str) -> None:
    def start(_: int) -> list[int]:
        with psycopg.connect(pg_url) as conn:
            return migrate(conn)

    with ThreadPoolExecutor(4) as pool:
        applied = list(pool.map(start, range(4)))
    assert sorted(applied, key=len) == [[], [], [], [version for version, _ in MIGRATIONS]]
    with psycopg.connect(pg_url) as conn:
        assert [row[0] for row in conn.execute("SELECT version FROM coach_schema ORDER BY version")] == \
            [version for version, _ in MIGRATIONS]


def test_a_new_migration_is_applied_once_to_a_database_that_has_the_older_ones(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    PgStore(pg_url).close()
    newer = (*MIGRATIONS, (len(MIGRATIONS) + 1, "ALTER TABLE coach_users ADD COLUMN note text"))
    monkeypatch.setattr("bot.pgstore.MIGRATIONS", newer)
    with psycopg.connect(pg_url) as conn:
        assert migrate(conn) == [len(newer)]
        assert migrate(conn) == []
        conn.execute("SELECT note FROM coach_users")


def test_a_database_from_a_newer_coach_is_refused_clearly(pg_url: str) -> None:
    PgStore(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO coach_schema (version) VALUES (999)")
    with pytest.raises(RuntimeError, match="newer than this coach"):
        PgStore(pg_url)


# The database going away


class Proxy:
    """A TCP relay on loopback between the coach and PostgreSQL that a test can cut and restore."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.links: list[socket.socket] = []
        self.url = ""
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.target, timeout=5)
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def cut(self) -> None:
        self.up = False
        for link in self.links:
            link.close()
        self.links = []

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def proxy(pg_url: str) -> Iterator[Proxy]:
    parts = psycopg.conninfo.conninfo_to_dict(pg_url)
    relay = Proxy((parts.get("host", "127.0.0.1"), int(parts.get("port", 5432))))
    relay.url = psycopg.conninfo.make_conninfo(pg_url, host="127.0.0.1", port=relay.port)
    yield relay
    relay.close()


def test_an_outage_costs_a_try_again_and_no_acknowledged_write(proxy: Proxy, data_dir: Path, clock: FakeClock) -> None:
    person = UserRef("slack", "T1", "U1")
    coach = open_coach(data_dir, clock=clock, database_url=proxy.url)
    try:
        assert "Added Priya Shah" in coach.handle(person, "add Priya Shah, met at PyCon").text
        assert coach.healthy()
        proxy.cut()
        assert coach.handle(person, "add Tom Ade, met at a dinner") == UNAVAILABLE
        assert not coach.healthy()
        proxy.up = True
        deadline = time.monotonic() + 60
        while not coach.healthy():
            assert time.monotonic() < deadline, "the pool reconnects by itself once the database is back"
        assert "Added Tom Ade" in coach.handle(person, "add Tom Ade, met at a dinner").text
        names = coach.handle(person, "contacts").text
        assert "Priya Shah" in names and "Tom Ade" in names
    finally:
        coach.close()


async def test_healthz_says_200_while_the_store_answers_and_503_while_it_does_not(
        proxy: Proxy, data_dir: Path, clock: FakeClock) -> None:
    fake = FakeSlack()
    await fake.start()
    coach = open_coach(data_dir, clock=clock, database_url=proxy.url)
    settings = SlackSettings(mode="http", port=0, api_url=fake.api_url, bot_token=fake.bot_token, signing_secret=SECRET)
    surface = build_slack_app(coach, settings, host="127.0.0.1")
    await surface.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{surface.port}/healthz") as response:
                assert response.status == 200
            proxy.cut()
            async with http.get(f"http://127.0.0.1:{surface.port}/healthz") as response:
                assert response.status == 503
    finally:
        await surface.stop()
        await fake.stop()
        coach.close()


# The command line


def run_coach(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, input=stdin, timeout=60)


def test_check_names_the_database_with_the_password_hidden() -> None:
    url = "postgresql://coach:s3cret-pass@db.example:5432/coach"
    result = run_coach("check", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "PostgreSQL at postgresql://coach:***@db.example:5432/coach" in result.stdout
    assert "s3cret" not in result.stdout + result.stderr
    assert masked("postgresql://db.example/coach") == "postgresql://db.example/coach"
    assert "s3cret" not in masked("host=db.example dbname=coach password=s3cret user=coach")
    assert "s3cret" not in masked("host=db.example password='s3cret")


def test_migrate_copies_a_data_directory_and_running_it_again_changes_nothing(
        pg_url: str, data_dir: Path, clock: FakeClock) -> None:
    people = [UserRef("slack", "T1", f"U{n}") for n in range(3)]
    tiny = open_coach(data_dir, clock=clock, database_url="")
    for n, person in enumerate(people):
        tiny.handle(person, f"add Person {n}, met at PyCon")
        tiny.handle(person, "tz Europe/London")
    tiny.handle(people[0], "nudges off")
    tiny.channel_last_posted(ChannelSchedule.from_config("slack", "C1", "0 9 * * mon", "UTC", "tip"))
    before = {person: tiny.handle(person, "export").attachments[0].content for person in people}
    due_before = tiny.store.due_users(clock.now + timedelta(days=30))
    tiny.close()

    first = run_coach("migrate", "--from", str(data_dir), env={"DATABASE_URL": pg_url})
    assert first.returncode == 0, first.stderr
    again = run_coach("migrate", "--from", str(data_dir), env={"DATABASE_URL": pg_url})
    assert first.stdout == again.stdout
    assert first.stdout.startswith("Copied 3 people and ")

    shared = open_coach(data_dir, clock=clock, database_url=pg_url)
    try:
        assert {person: shared.handle(person, "export").attachments[0].content for person in people} == before
        assert shared.store.due_users(clock.now + timedelta(days=30)) == due_before
        assert set(shared.store.users()) == set(people)
        with shared.store.shared() as data:
            assert len(data.all("channel_state")) == 1
    finally:
        shared.close()


def test_migrate_needs_a_database_and_a_data_directory(tmp_path: Path) -> None:
    no_url = run_coach("migrate", "--from", str(tmp_path), env={"DATABASE_URL": ""})
    assert no_url.returncode == 2 and "Set DATABASE_URL" in no_url.stderr
    no_dir = run_coach("migrate", "--from", str(tmp_path / "nothing"), env={"DATABASE_URL": "postgresql://127.0.0.1/x"})
    assert no_dir.returncode == 2 and "not a coach data directory" in no_dir.stderr


def test_open_coach_and_the_console_use_database_url_and_leave_the_directory_unlocked(
        pg_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_url)
    first, second = open_coach(data_dir), open_coach(data_dir)  # no lock: two processes' worth at once
    try:
        assert isinstance(first.store, PgStore) and isinstance(second.store, PgStore)
    finally:
        first.close()
        second.close()
    said = run_coach("console", "--data", str(data_dir), env={"DATABASE_URL": pg_url},
                     stdin="add Priya Shah, met at PyCon\n")
    assert said.returncode == 0 and "Added Priya Shah" in said.stdout, said.stderr
    again = run_coach("console", "--data", str(data_dir), env={"DATABASE_URL": pg_url}, stdin="contacts\n")
    assert "Priya Shah" in again.stdout
    assert not (data_dir / "users").exists(), "nothing went into the data directory"


def test_an_unreachable_database_stops_start_up_with_a_clear_line(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    url = f"postgresql://coach:hidden-pw@127.0.0.1:{closed}/coach"
    result = run_coach("console", "--data", str(tmp_path), env={"DATABASE_URL": url}, stdin="help\n")
    assert result.returncode == 1
    assert f"Could not open the database at postgresql://coach:***@127.0.0.1:{closed}/coach" in result.stderr
    assert "Connection refused" in result.stderr
    assert "hidden-pw" not in result.stderr and "Traceback" not in result.stderr
