"""Shared fixtures: a clock the test controls (`coaching.testing.FakeClock`), a coach on a temporary data directory, a user.

A test module that sets `ON_EACH_STORE = True` runs every test taking `coach` twice: on TinyDB and on
PostgreSQL (a database created for this test run and dropped after it; see `pg_database`).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bot.app import open_coach
from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.testing import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


STORES = ("tinydb", "postgres")
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "coach" in metafunc.fixturenames and getattr(metafunc.module, "ON_EACH_STORE", False):
        metafunc.parametrize("coach", STORES, indirect=True)


@pytest.fixture(autouse=True, scope="session")
def _store_chosen_by_each_test() -> Iterator[None]:
    """A DATABASE_URL in the shell that runs the tests must not move them (or their subprocesses) to it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DATABASE_URL", raising=False)
        yield


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """The URL of a database made for this test run on COACH_TEST_DATABASE_URL's server; dropped at the end."""
    import psycopg
    from psycopg import sql

    server = os.environ.get("COACH_TEST_DATABASE_URL", PG_SERVER)
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as problem:
        reason = " ".join(str(problem).split())
        message = (f"PostgreSQL is not reachable at {server} ({reason}); set COACH_TEST_DATABASE_URL to "
                   "a server URL whose user may create databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    name = f"coach_test_{secrets.token_hex(6)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
        finally:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The test run's database, emptied of the coach's tables so each test starts from nothing (migrations included)."""
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS coach_docs, coach_users, coach_schema")
    return pg_database


@pytest.fixture
def coach(request: pytest.FixtureRequest, data_dir: Path, clock: FakeClock) -> Iterator[Coach]:
    """A coach on TinyDB, or on PostgreSQL when the module asks for both (`ON_EACH_STORE`)."""
    url = request.getfixturevalue("pg_url") if getattr(request, "param", "tinydb") == "postgres" else ""
    opened = open_coach(data_dir, clock=clock, database_url=url)
    yield opened
    opened.close()


@pytest.fixture
def user() -> UserRef:
    return UserRef("slack", "T0001", "U0001")


def decode_custom_id(custom_id: str) -> str | None:
    """What a Discord button stands for, read the way discord.py's DynamicItem template reads it."""
    from adapters.discord_render import CUSTOM_ID_TEMPLATE  # only the Discord tests load discord.py

    match = re.fullmatch(CUSTOM_ID_TEMPLATE, custom_id)
    return match["command"] if match else None
