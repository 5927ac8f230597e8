"""One way in (`Coach.receive`), one routing rule in the engine, and adapters that never import the bot's wiring."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.surface import DeliveryFailed
from adapters.testing import RecordingSurface
from bot.console import render
from bot.cron import check_cron
from bot.storage import TinyStore
from coaching import community
from coaching.core.engine import Coach
from coaching.core.incoming import Incoming, Upload
from coaching.core.model import Action, Attachment, Reply, UserRef
from coaching.core.registry import Ctx, Feature, command
from coaching.data import importing
from coaching.data.reading import MAX_IMPORT_BYTES
from coaching.testing import Chat, FakeClock, records, shared_records

ROOT = Path(__file__).resolve().parent.parent
ADAPTERS = sorted(f"adapters.{path.stem}" for path in (ROOT / "adapters").glob("*.py") if path.stem != "__init__")
CSV = b"Name,Company\nPriya Shah,Acme\n"


def test_no_adapter_imports_the_bot_package() -> None:
    """Loaded for real in a fresh interpreter, so an import hidden in a function or a dependency counts too."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import importlib, sys\n"
                               f"for name in {ADAPTERS!r}: importlib.import_module(name)\n"
                               "print(sorted(m for m in sys.modules if m == 'bot' or m.startswith('bot.')))"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]", loaded.stdout


@pytest.mark.parametrize("module", ADAPTERS)
def test_no_adapter_names_the_bot_package(module: str) -> None:
    tree = ast.parse((ROOT / f"{module.replace('.', '/')}.py").read_text())
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in names if name == "bot" or name.startswith("bot.")]


def test_a_file_from_any_surface_is_an_import_preview(coach: Coach, user: UserRef) -> None:
    reply = coach.receive(Incoming(user, file=Upload("people.csv", CSV), channel="C1", surface="command"))
    assert "1 new contact" in reply.text and records(coach, user, "contacts") == [], "nothing kept before a yes"
    coach.receive(Incoming(user, "yes"))
    assert [c["name"] for c in records(coach, user, "contacts")] == ["Priya Shah"]


def test_schedule_manages_the_channel_it_is_typed_in_and_nothing_else(coach: Coach, user: UserRef) -> None:
    added = coach.receive(Incoming(user, "schedule add tip weekly", channel="C1", can_manage=True, surface="command"))
    assert added.text.startswith("Scheduled:") and [s.channel for s in coach.channel_schedules()] == ["C1"]
    refused = coach.receive(Incoming(user, "schedule add tip weekly", channel="C2", can_manage=False))
    assert refused.text.startswith("Only") and len(coach.channel_schedules()) == 1
    in_a_dm = coach.receive(Incoming(user, "schedule add tip weekly"))
    assert "type `schedule ...` in the channel" in in_a_dm.text and len(coach.channel_schedules()) == 1
    assert "Added Priya" in coach.receive(Incoming(user, "add Priya", channel="C1", can_manage=True)).text


def test_a_command_sees_where_it_was_typed(tmp_path: Path, clock: FakeClock, user: UserRef) -> None:
    @command("where", "where", "Say where this was typed.")
    def where(ctx: Ctx, rest: str) -> Reply:
        return Reply(body=f"{ctx.channel} {ctx.can_manage} {ctx.surface}")

    coach = Coach(TinyStore(tmp_path / "data"), clock, features=(Feature("where", commands=(where,)),),
                  cron_check=check_cron)
    try:
        assert coach.receive(Incoming(user, "where", channel="C1", can_manage=True, surface="command")).text == \
            "C1 True command"
        assert coach.receive(Incoming(user, "where")).text == "None False dm"
        assert coach.handle(user, "where").text == "None False dm"
    finally:
        coach.close()


def test_schedule_is_the_community_features_own_command(tmp_path: Path, clock: FakeClock, user: UserRef) -> None:
    coach = Coach(TinyStore(tmp_path / "data"), clock, features=(community.FEATURE,), cron_check=check_cron)
    try:
        added = coach.receive(Incoming(user, "schedule add tip weekly", channel="C1", can_manage=True))
        assert added.text.startswith("Scheduled:") and [s.channel for s in coach.channel_schedules()] == ["C1"]
        assert records(coach, user, "schedules") == [], "kept in the shared records, not the person's own"
        [kept] = shared_records(coach, "schedules")
        listed = coach.receive(Incoming(user, "schedule list", channel="C1", can_manage=True))
        assert kept["id"] in listed.text and [a.command for a in listed.actions] == [f"schedule remove {kept['id']}"]
        assert coach.needs_channel_rights("schedule list")
    finally:
        coach.close()
    bare = Coach(TinyStore(tmp_path / "bare"), clock, features=(), cron_check=check_cron)
    try:
        unknown = bare.receive(Incoming(user, "schedule add tip weekly", channel="C1", can_manage=True))
        assert "I don't know “schedule”" in unknown.text and bare.channel_schedules() == []
        assert not bare.needs_channel_rights("schedule list")
    finally:
        bare.close()


def test_schedule_in_a_dm_says_where_to_type_it_and_changes_nothing(coach: Coach, user: UserRef) -> None:
    coach.receive(Incoming(user, "schedule add tip weekly", channel="C1", can_manage=True))
    for text in ("schedule", "schedule list", "schedule add tip weekly", "Schedule remove x"):
        reply = coach.receive(Incoming(user, text))
        assert "type `schedule ...` in the channel you want to manage" in reply.text, text
        assert not reply.actions, text
    assert [s.channel for s in coach.channel_schedules()] == ["C1"]


def test_schedule_in_a_channel_leaves_the_question_open_in_the_dm(coach: Coach, user: UserRef) -> None:
    """Managing a channel is no answer to the pitch drill or the "are you sure?" waiting in the person's DM."""
    coach.receive(Incoming(user, "pitch"))
    long_schedule = "schedule add challenge 0 9 * * mon Europe/London"
    added = coach.receive(Incoming(user, long_schedule, channel="C1", can_manage=True, surface="command"))
    assert added.text.startswith("Scheduled:") and records(coach, user, "pitches") == []
    assert coach.receive(Incoming(user, "cancel")).text.startswith("Drill cancelled.")
    coach.receive(Incoming(user, "add Priya Shah"))
    coach.receive(Incoming(user, "remove Priya"))
    assert coach.receive(Incoming(user, "schedule list", channel="C1", can_manage=True)).title == "Scheduled posts here"
    assert coach.receive(Incoming(user, "yes")).text == "Removed Priya Shah."


def test_only_schedule_needs_to_know_who_manages_a_channel(coach: Coach) -> None:
    assert coach.needs_channel_rights("  Schedule list")
    assert not coach.needs_channel_rights("add Priya") and not coach.needs_channel_rights("x" * 100_000)


def test_import_with_a_path_reads_only_where_the_surface_can(coach: Coach, user: UserRef) -> None:
    opened: list[str] = []

    def read_local(path: str) -> Upload | Reply:
        opened.append(path)
        return Upload("Connections.csv", CSV) if path == "~/Connections.csv" else Reply(body=f"No {path} here.")

    local = Incoming(user, "import ~/Connections.csv", channel="console", can_manage=True, surface="console",
                     read_local=read_local)
    assert "1 new contact" in coach.receive(local).text
    assert coach.receive(Incoming(user, "Import /nowhere.csv", read_local=read_local)).text == "No /nowhere.csv here."
    assert coach.receive(Incoming(user, "import", read_local=read_local)).text.startswith("Which file?")
    chat_user = coach.receive(Incoming(user, "import ~/Connections.csv"))
    assert "Send me the file in this chat" in chat_user.text
    assert opened == ["~/Connections.csv", "/nowhere.csv"], "a chat message never reaches a local file"


def test_import_is_the_import_features_own_command(tmp_path: Path, clock: FakeClock, user: UserRef) -> None:
    """No command name is routed by the engine: a coach given only the import feature reads the typed path."""
    coach = Coach(TinyStore(tmp_path / "data"), clock, features=(importing.FEATURE,), cron_check=check_cron)
    try:
        local = Incoming(user, "import ~/Connections.csv", read_local=lambda path: Upload("Connections.csv", CSV))
        assert "1 new contact" in coach.receive(local).text
        assert coach.receive(Incoming(user, "yes")).text.startswith("Imported")
    finally:
        coach.close()
    bare = Coach(TinyStore(tmp_path / "bare"), clock, features=(), cron_check=check_cron)
    try:
        opened: list[str] = []
        unknown = bare.receive(Incoming(user, "import ~/Connections.csv", read_local=opened.append))
        assert "I don't know “import”" in unknown.text and opened == []
    finally:
        bare.close()


def test_limits_come_from_the_coach(coach: Coach) -> None:
    assert coach.limits.upload_bytes == MAX_IMPORT_BYTES and coach.limits.upload_megabytes == 5
    assert coach.too_large(MAX_IMPORT_BYTES) is None
    assert "up to 5 MB" in coach.too_large(MAX_IMPORT_BYTES + 1).text
    assert "social" in coach.limits.form.kinds


def test_the_add_form_is_checked_in_the_users_timezone(coach: Coach, user: UserRef) -> None:
    command, errors = coach.form_command(user, {"name": "Priya Shah", "where": "PyCon", "when": "yesterday"})
    assert errors == {} and command.startswith("add Priya Shah, yesterday")
    assert set(coach.form_command(user, {"name": "Ana", "when": "next week"})[1]) == {"when"}


def test_buttons_that_name_a_record_are_for_buttons_only(tmp_path: Path) -> None:
    reply = Reply(body="Priya", actions=(Action("Done", "done id:c1"), Action("Help", "help")))
    assert [a.button_only for a in reply.actions] == [True, False]
    assert render(reply, tmp_path).splitlines()[-1] == "[Help: `help`]"


def test_knows_says_whether_anything_is_kept_for_someone(coach: Coach, user: UserRef) -> None:
    assert not coach.knows(user)
    Chat(coach, user).say("add Priya Shah")
    assert coach.knows(user)
    Chat(coach, user).say("forget me")
    Chat(coach, user).say("yes")
    assert not coach.knows(user)


def test_the_harness_talks_like_a_person(coach: Coach, user: UserRef) -> None:
    chat = Chat(coach, user)
    assert "1 new contact" in chat.send_file("people.csv", CSV).text
    chat.say("yes")
    assert chat.contact("Priya Shah")["company"] == "Acme" and len(chat.contacts()) == 1
    assert chat.records("contacts") == chat.contacts()


async def test_the_recording_surface_fails_as_told_then_delivers() -> None:
    person = UserRef("slack", "T1", "U1")
    surface = RecordingSurface().fail(DeliveryFailed("Slack said 503", retry=True), times=1)
    with pytest.raises(DeliveryFailed):
        await surface.send_dm(person, Reply(body="hello"))
    file = Attachment("contacts.csv", b"x", "text/csv")
    await surface.send_dm(person, Reply(body="hello", attachments=(file,)))
    await surface.post("C1", Reply(body="tip"))
    assert surface.attempts == 3 and [who for who, _ in surface.dms] == [person]
    assert [channel for channel, _ in surface.posts] == ["C1"] and surface.uploads == [file]
