"""Block Kit rendering keeps Slack's limits and loses nothing; the add form and the manifest match the code."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from hypothesis import given
from hypothesis import strategies as st

from adapters import slack_blocks as blocks
from adapters import slack_modal as modal
from adapters.slack import COMMAND
from coaching.core.engine import LIMITS
from coaching.core.model import Action, Item, Reply
from coaching.people.capture import add_from_fields
from tests.fake_slack import MESSAGE_BLOCKS, VIEW_BLOCKS, blocks_problem

NOW = datetime(2025, 11, 14, 10, 0, tzinfo=UTC)
CHECK = partial(add_from_fields, now=NOW, tz=ZoneInfo("UTC"))  # what `Coach.form_command` does for a user in UTC
DONE = (Action("Done", "done id:1", "primary"), Action("Snooze 1 day", "snooze id:1 1d"), Action("Draft message", "draft id:1"))


def text_of(rendered: list[dict]) -> str:
    return "\n".join(b["text"]["text"] for b in rendered if b["type"] == "section")


def test_a_long_list_keeps_every_item_within_fifty_blocks() -> None:
    reply = Reply(title="Follow-ups", body="60 due.", items=tuple(Item(f"Person {n}", DONE) for n in range(60)), tip="Be kind.")
    rendered = blocks.reply_blocks(reply)
    assert blocks_problem(rendered, MESSAGE_BLOCKS) is None
    shown = text_of(rendered)
    assert all(f"Person {n}" in shown for n in range(60))
    assert rendered[-1]["type"] == "context"


def test_a_huge_body_is_split_into_sections_slack_accepts() -> None:
    body = "\n".join("word " * 150 for _ in range(30)) + "\n" + "x" * 7000
    rendered = blocks.reply_blocks(Reply(body=body))
    assert blocks_problem(rendered, MESSAGE_BLOCKS) is None
    assert text_of(rendered).replace("\n", "") == body.replace("\n", "")


def test_labels_values_and_styles_fit_slack() -> None:
    reply = Reply(body="b", actions=(Action("L" * 200, "v" * 3000, "warning"),) * 30)
    rendered = blocks.reply_blocks(reply)
    assert blocks_problem(rendered, MESSAGE_BLOCKS) is None
    assert [len(b["elements"]) for b in rendered if b["type"] == "actions"] == [25, 5]


def shown_strings(node: object) -> list[str]:
    """Every `text` value Slack would display, at any depth."""
    if isinstance(node, dict):
        own = [node["text"]] if isinstance(node.get("text"), str) else []
        return own + [s for value in node.values() for s in shown_strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in shown_strings(value)]
    return []


@given(st.text(max_size=300), st.text(max_size=80))
def test_nothing_typed_survives_as_markup(body: str, name: str) -> None:
    rendered = blocks.message(Reply(title=name, body=body, items=(Item(name, DONE),), tip=body))
    mrkdwn = [rendered["text"], *(s for b in rendered["blocks"] if b["type"] != "actions" for s in shown_strings(b))]
    assert not any("<" in text or ">" in text for text in mrkdwn)


def test_slack_encoding_is_turned_back_into_what_was_typed() -> None:
    typed = "add Jo &lt;Kim&gt; &amp; co, <mailto:jo@x.io|jo@x.io> <https://x.io/jo|x.io/jo> <https://y.io> <@U1> <!here>"
    assert blocks.to_plain(typed) == "add Jo <Kim> & co, jo@x.io x.io/jo https://y.io @U1 @here"


def test_a_labelled_mention_becomes_the_name_it_shows() -> None:
    typed = "tell <@U1|sam> in <#C1|general> and <!subteam^S1|@design> by <!date^1392734382^{date}|Feb 18>"
    assert blocks.to_plain(typed) == "tell @sam in #general and @design by Feb 18"


def test_splice_replaces_only_the_pressed_row_and_falls_back_when_full() -> None:
    listing = blocks.reply_blocks(Reply(body="2 due.", items=(Item("Priya", DONE), Item("Tom", DONE))))
    pressed = next(b["block_id"] for b in listing if b["type"] == "actions")
    spliced = blocks.splice(listing, pressed, Reply(body="Followed up with Priya.", actions=DONE[1:]))
    assert spliced is not None and blocks_problem(spliced, MESSAGE_BLOCKS) is None
    assert "Followed up with Priya." in text_of(spliced) and "Tom" in text_of(spliced)
    assert pressed not in [b.get("block_id") for b in spliced]
    assert blocks.splice(listing, "nope", Reply(body="x")) is None


def test_home_view_fits_even_when_every_part_is_long() -> None:
    many = Reply(body="lots", items=tuple(Item(f"P{n}", DONE) for n in range(80)), tip="Tip one")
    view = blocks.home_view([("Follow-ups", many), ("Goals", many)], notice=Reply(body="Done."), top=DONE)
    assert view["type"] == "home" and blocks_problem(view["blocks"], VIEW_BLOCKS) is None
    assert view["blocks"][-1]["elements"][0]["text"] == "Tip: Tip one"


def submitted(**values: str) -> dict:
    view = modal.add_view(LIMITS.form, "https://hooks.example/1")
    state = {key: {modal.FIELD: {"value": value}} for key, value in values.items() if key != "kind"}
    if "kind" in values:
        state["kind"] = {modal.FIELD: {"selected_option": {"value": values["kind"]}}}
    return {**view, "state": {"values": state}}


def test_form_becomes_the_add_command_people_type() -> None:
    done = modal.read_submission(submitted(name="Priya Shah", when="3 days ago", where="PyCon", kind="social",
                                           notes="likes climbing\n\nhiring soon", tags="#ml, infra"), CHECK)
    assert done.errors == {} and done.response_url == "https://hooks.example/1"
    assert done.command == "add Priya Shah, 3 days ago, where: PyCon, kind: social, likes climbing; hiring soon, #ml #infra"


def test_form_problems_name_their_field() -> None:
    assert set(modal.read_submission(submitted(name="   "), CHECK).errors) == {"name"}
    assert "“Ana”" in modal.read_submission(submitted(name="Ana from Lisbon"), CHECK).errors["name"]
    assert set(modal.read_submission(submitted(name="Ana", when="tomorrow", kind="cosmic"), CHECK).errors) == {"when", "kind"}


def test_manifest_declares_what_the_app_listens_for() -> None:
    manifest = yaml.safe_load((Path(__file__).parent.parent / "slack-manifest.yml").read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert [c["command"] for c in features["slash_commands"]] == [COMMAND]
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert {"app_home_opened", "message.im"} <= set(settings["event_subscriptions"]["bot_events"])
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "commands", "chat:write", "chat:write.public", "im:write", "im:history", "users:read", "files:write", "files:read"}
