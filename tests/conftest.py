"""Shared fixtures: a clock the test controls, a coach on a temporary data directory, a user."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import open_coach
from coaching.engine import Coach
from coaching.model import UserRef

START = datetime(2025, 11, 14, 10, 0, tzinfo=UTC)  # a Friday morning


class FakeClock:
    """Stands in for the wall clock: call it for the time, `advance` it to skip ahead."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        self.now += delta if delta is not None else timedelta(**parts)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def coach(data_dir: Path, clock: FakeClock) -> Iterator[Coach]:
    opened = open_coach(data_dir, clock=clock)
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
