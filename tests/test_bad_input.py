"""Every command, fed junk: a clear answer every time, never a traceback, and nothing stored when it says no."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import storage
from coaching.core.engine import SORRY, Coach
from coaching.core.model import UserRef
from coaching.core.registry import PROFILE, Registry
from coaching.features import FEATURES
from coaching.testing import record, refuses

REGISTRY = Registry(FEATURES)
VERBS = sorted(REGISTRY.commands)

PAYLOADS = {
    "empty": "",
    "huge": "Priya " + "ab🎉 " * 25_000,
    "unicode": "Zoë Ångström 🎉👩🏽‍💻 你好 مرحبا Ⅻ ﬁ e\u0301",
    "control": "\x00\x07\x1b[31mPriya\x1b[0m\u202e\u200b\x7f\r\n\t",
    "markup": "<!channel> @everyone <@U123> <!here> <#C123|general> *bold* _it_ `code` ```block``` [x](http://y)",
}


def user_file(data_dir: Path, user: UserRef) -> Path:
    return storage.user_file(data_dir, user.key)


def snapshot(data_dir: Path, user: UserRef) -> tuple[bytes | None, ...]:
    """The user's stored bytes: the snapshot file and its journal."""
    path = user_file(data_dir, user)
    return tuple(p.read_bytes() if p.exists() else None for p in (path, path.with_name(path.name + ".log")))


def has_pending(coach: Coach, user: UserRef) -> bool:
    return bool((record(coach, user, PROFILE, "profile") or {}).get("pending"))


def check(coach: Coach, user: UserRef, data_dir: Path, text: str) -> None:
    compare = not has_pending(coach, user)
    refused = compare and refuses(coach, user, text)
    before = snapshot(data_dir, user)
    reply = coach.handle(user, text)
    assert reply.text.strip(), f"{text[:80]!r} got an empty answer"
    assert "Traceback" not in reply.text
    assert reply is not SORRY, f"{text[:80]!r} failed inside the coach"
    if refused:
        assert snapshot(data_dir, user) == before, f"{text[:80]!r} was turned down but changed stored data"


@pytest.fixture
def known(coach: Coach, user: UserRef) -> Coach:
    """A user with a couple of contacts, so commands that look people up get past the lookup."""
    coach.handle(user, "add Priya Shah, met at PyCon yesterday, works on ML infra #conference")
    coach.handle(user, "add Tom Ade, CTO at Acme, met at a dinner party 3 days ago")
    return coach


@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
@pytest.mark.parametrize("verb", VERBS)
def test_every_command_survives_bad_input(known: Coach, user: UserRef, data_dir: Path, verb: str, payload: str) -> None:
    junk = PAYLOADS[payload]
    for text in (f"{verb} {junk}", f"{verb} Priya {junk}", f"{verb} {junk}, {junk}"):
        check(known, user, data_dir, text)


def test_a_huge_message_is_refused_plainly_and_stores_nothing(known: Coach, user: UserRef, data_dir: Path) -> None:
    before = snapshot(data_dir, user)
    reply = known.handle(user, f"add {PAYLOADS['huge']}")
    assert "characters" in reply.text
    assert snapshot(data_dir, user) == before


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "\u200b", "🎉", "<!channel>", "@everyone", "<@U123>"])
def test_noise_on_its_own_gets_an_answer(known: Coach, user: UserRef, data_dir: Path, text: str) -> None:
    check(known, user, data_dir, text)


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("verb", VERBS)
@SETTINGS
@given(rest=st.text(max_size=300))
def test_every_command_survives_random_text(known: Coach, user: UserRef, data_dir: Path, verb: str, rest: str) -> None:
    check(known, user, data_dir, f"{verb} {rest}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=500))
def test_any_message_gets_an_answer(known: Coach, user: UserRef, data_dir: Path, text: str) -> None:
    check(known, user, data_dir, text)
