"""The Slack app end to end: the real AsyncApp over its real HTTP server, signed requests in,
Web API calls and response_url posts out to a fake Slack that checks Slack's shapes."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.slack import SlackStartFailed, SlackSurface, build_slack_app
from adapters.surface import DeliveryFailed
from bot.app import open_coach
from bot.config import SlackSettings, load_config
from bot.run import run_platforms
from coaching.core.engine import Coach
from coaching.core.model import Action, Attachment, Item, Reply, UserRef
from coaching.testing import FakeClock
from tests.fake_slack import SECRET, FakeSlack, SlackSender, signature_headers
from tests.pitch_examples import EXAMPLES

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL
U1 = UserRef("slack", "T1", "U1")

STRONG = next(e for e in EXAMPLES if e.name == "data engineer at a conference")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    server.add_user("U1", "T1", tz="Europe/Berlin")
    yield server
    await server.stop()


@pytest.fixture
async def slack(fake: FakeSlack, coach: Coach) -> AsyncIterator[SlackSurface]:
    settings = SlackSettings(mode="http", port=0, api_url=fake.api_url, bot_token=fake.bot_token, signing_secret=SECRET)
    surface = build_slack_app(coach, settings, host="127.0.0.1")
    await surface.start()
    yield surface
    await surface.stop()


@pytest.fixture
def sender(slack: SlackSurface, fake: FakeSlack) -> SlackSender:
    return SlackSender(f"http://127.0.0.1:{slack.port}/slack/events", fake.url)


def buttons(blocks: list[dict]) -> dict[str, tuple[dict, str]]:
    """label + value -> (button, block_id), so a test can press exactly the button a person would."""
    found = {}
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            found[f"{element['text']['text']}|{element['value']}"] = (element, block["block_id"])
    return found


def press(blocks: list[dict], label: str) -> tuple[dict, str]:
    return next(pair for key, pair in buttons(blocks).items() if key.startswith(label + "|"))


def all_text(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [e["text"] for e in block.get("elements", []) if block["type"] == "context"]
    return "\n".join(parts)


async def answer(fake: FakeSlack, sender: SlackSender, text: str, **where: str) -> dict:
    """Run `/coach text` and return what came back on the response_url."""
    key = f"k{len(fake.responses)}-{time.monotonic_ns()}"
    status, body = await sender.command(text, key=key, **where)
    assert (status, body) == (200, "")
    return await fake.wait(lambda: next((b for k, b in fake.responses if k == key), None))


# Slash commands


async def test_add_is_acknowledged_then_answered_ephemerally_with_buttons(fake, sender, coach) -> None:
    reply = await answer(fake, sender, "add Priya Shah, met at PyCon yesterday, works on ML infra #conference")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"].startswith("Added Priya Shah.")
    shown = all_text(reply["blocks"])
    assert "*Added Priya Shah.*" in shown and "Tags: #conference" in shown
    assert reply["blocks"][-1]["type"] == "context" and reply["blocks"][-1]["elements"][0]["text"].startswith("Tip: ")
    labels = [key.split("|")[0] for key in buttons(reply["blocks"])]
    assert labels == ["Done", "Snooze 1 day", "Draft message"]
    assert "Priya Shah" in coach.handle(U1, "contacts").text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "I didn't catch anything there."),
        ("help", "*Networking coach*"),
        ("help add", "Usage: `add &lt;name&gt;"),
        ("followups", "1 overdue."),
        ("contacts", "1 contact."),
        ("show Priya", "Met: at PyCon"),
        ("note Priya had coffee, she is hiring", "Noted for Priya Shah"),
        ("edit Priya company: Acme", "Updated Priya Shah: company Acme."),
        ("snooze Priya 3 days", "OK, I'll bring up Priya Shah again"),
        ("draft Priya", "*Draft for Priya Shah*"),
        ("done Priya", "Followed up with Priya Shah"),
        ("tz America/New_York", "Timezone set to America/New_York."),
        ("quiet 22:00-07:00", "Quiet hours set: 22:00-07:00"),
        ("nudges off", "Nudges off."),
        ("settings", "Timezone: Europe/Berlin"),
        ("remove Priya", "Remove Priya Shah"),
        ("frobnicate", "I don't know “frobnicate”."),
    ],
)
async def test_every_command_path_answers_in_block_kit(fake, sender, clock: FakeClock, text, expected) -> None:
    await answer(fake, sender, "add Priya Shah, met at PyCon 3 days ago")
    clock.advance(hours=1)
    reply = await answer(fake, sender, text)
    assert reply["response_type"] == "ephemeral"
    assert expected in all_text(reply["blocks"])


async def test_export_sends_the_file_to_the_dm_through_the_upload_flow(fake, sender, coach) -> None:
    await answer(fake, sender, "add Priya Shah, met at PyCon")
    reply = await answer(fake, sender, "export")
    assert "I've sent networking-coach-export.json to our direct messages." in reply["text"]
    assert [c.method for c in fake.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal", "files.completeUploadExternal"]
    (shared,) = fake.shared_files
    (attachment,) = coach.handle(U1, "export").attachments
    assert shared["channels"] == ["DU1"] and shared["title"] == (attachment.title or attachment.filename)
    assert "Priya Shah" in json.dumps(json.loads(shared["content"]))


async def test_slack_timezone_becomes_the_default_but_never_overrides_a_choice(fake, sender, coach) -> None:
    await answer(fake, sender, "help")
    assert [c.args["user"] for c in fake.calls_to("users.info")] == ["U1"]
    assert "Timezone: Europe/Berlin" in coach.handle(U1, "settings").text
    coach.handle(U1, "tz Asia/Tokyo")
    coach.set_default_timezone(U1, "Europe/Berlin")
    assert "Timezone: Asia/Tokyo" in coach.handle(U1, "settings").text


# The add modal


async def test_add_with_no_text_opens_the_modal(fake, sender, coach) -> None:
    status, _ = await sender.command("add", key="modal")
    assert status == 200
    (call,) = await fake.wait(lambda: fake.calls_to("views.open"))
    view = call.args["view"]
    assert call.args["trigger_id"].endswith(".trigger") and view["callback_id"] == "coach_add"
    assert [b["block_id"] for b in view["blocks"]] == ["name", "where", "when", "kind", "notes", "tags"]
    assert json.loads(view["private_metadata"]) == {"response_url": f"{fake.url}/response/modal"}
    assert fake.responses == []


async def test_a_first_add_through_the_form_learns_the_slack_timezone(fake, sender, coach) -> None:
    await sender.command("add", key="modal")
    await fake.wait(lambda: fake.calls_to("views.open"))
    await fake.wait(lambda: fake.calls_to("users.info"))
    await fake.wait(lambda: coach.timezone(U1).key == "Europe/Berlin")  # the answer to users.info lands after the call
    assert "Timezone: Europe/Berlin" in coach.handle(U1, "settings").text


async def test_modal_errors_show_on_their_fields_and_store_nothing(fake, sender, coach) -> None:
    await sender.command("add", key="modal")
    (call,) = await fake.wait(lambda: fake.calls_to("views.open"))
    payload = sender.submission_payload(
        call.args["view"], {"name": "Priya, Shah", "when": "next year", "tags": "good, not/ok", "where": "Berlin, DE"})
    status, body = await sender.interact(payload)
    assert status == 200
    answered = json.loads(body)
    assert answered["response_action"] == "errors"
    assert set(answered["errors"]) == {"name", "when", "tags", "where"}
    assert "commas" in answered["errors"]["name"]
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


async def test_modal_submission_stores_the_contact_and_answers_where_add_was_typed(fake, sender, coach) -> None:
    await sender.command("add", key="modal")
    (call,) = await fake.wait(lambda: fake.calls_to("views.open"))
    payload = sender.submission_payload(call.args["view"], {
        "name": "Priya Shah", "where": "PyCon Berlin", "when": "yesterday", "kind": "business",
        "notes": "Works on ML infra\nwants intros to data teams", "tags": "#conference, python"})
    status, body = await sender.interact(payload)
    assert (status, body) == (200, "")
    answered = await fake.wait(lambda: next((b for k, b in fake.responses if k == "modal"), None))
    assert answered["response_type"] == "ephemeral" and answered["text"].startswith("Added Priya Shah.")
    shown = coach.handle(U1, "show Priya").text
    for part in ("Met: at PyCon Berlin, yesterday", "Kind: business", "Tags: #conference #python", "wants intros"):
        assert part in shown


# Buttons


async def test_done_button_replaces_the_ephemeral_answer_and_closes_the_followup(fake, sender, coach) -> None:
    added = await answer(fake, sender, "add Priya Shah, met at PyCon yesterday")
    button, block_id = press(added["blocks"], "Done")
    status, _ = await sender.interact(sender.button_payload(button, block_id, key="pressed"))
    assert status == 200
    updated = await fake.wait(lambda: next((b for k, b in fake.responses if k == "pressed"), None))
    assert updated["replace_original"] is True
    assert updated["text"].startswith("Followed up with Priya Shah")
    assert coach.handle(U1, "followups").body.startswith("You're all caught up")


async def test_a_button_in_a_dm_updates_only_its_own_item(fake, slack, sender, coach, clock: FakeClock) -> None:
    coach.handle(U1, "add Priya Shah, met at PyCon 3 days ago")
    coach.handle(U1, "add Tom Ade, met at a meetup 3 days ago")
    await slack.send_dm(U1, coach.handle(U1, "followups"))
    (posted,) = fake.calls_to("chat.postMessage")
    message = {"type": "message", "ts": "1700000000.000001", "text": posted.args["text"], "blocks": posted.args["blocks"]}
    button, block_id = press(posted.args["blocks"], "Snooze 1 day")
    await sender.interact(sender.button_payload(button, block_id, key="snoozed", message=message))
    updated = await fake.wait(lambda: next((b for k, b in fake.responses if k == "snoozed"), None))
    assert updated["replace_original"] is True
    assert block_id not in [b.get("block_id") for b in updated["blocks"]]
    assert len(buttons(updated["blocks"])) == len(buttons(posted.args["blocks"])) - 3
    assert "OK, I'll bring up" in all_text(updated["blocks"])
    assert "1 coming up" in coach.handle(U1, "followups").body


async def test_draft_button_shows_the_draft_with_its_own_buttons(fake, sender) -> None:
    added = await answer(fake, sender, "add Priya Shah, met at PyCon yesterday, works on ML infra")
    button, block_id = press(added["blocks"], "Draft message")
    await sender.interact(sender.button_payload(button, block_id, key="draft"))
    updated = await fake.wait(lambda: next((b for k, b in fake.responses if k == "draft"), None))
    assert "*Draft for Priya Shah*" in all_text(updated["blocks"])
    assert [key.split("|")[0] for key in buttons(updated["blocks"])] == ["Mark as sent", "Snooze 1 day"]


# App Home


async def test_app_home_shows_followups_with_buttons_and_follows_changes(fake, sender, coach) -> None:
    coach.handle(U1, "add Priya Shah, met at PyCon 3 days ago")
    await sender.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home",
                        "event_ts": "1700000000.000100"})
    (first,) = await fake.wait(lambda: fake.calls_to("views.publish"))
    assert first.args["user_id"] == "U1" and first.args["view"]["type"] == "home"
    home = first.args["view"]["blocks"]
    assert "*Follow-ups*" in all_text(home) and "Priya Shah, met at PyCon: overdue" in all_text(home)
    assert home[-1]["type"] == "context" and home[-1]["elements"][0]["text"].startswith("Tip: ")
    button, block_id = press(home, "Done")
    await sender.interact(sender.button_payload(button, block_id, home=True))
    second = (await fake.wait(lambda: fake.calls_to("views.publish")[1:]))[0]
    again = all_text(second.args["view"]["blocks"])
    assert "Followed up with Priya Shah" in again and "all caught up" in again
    await answer(fake, sender, "add Tom Ade, met at a meetup")
    third = (await fake.wait(lambda: fake.calls_to("views.publish")[2:]))[0]
    assert "Tom Ade" in all_text(third.args["view"]["blocks"])


async def test_app_home_leaves_a_pending_question_alone(fake, sender, coach) -> None:
    coach.handle(U1, "add Priya Shah, met at PyCon")
    assert "Reply `yes`" in coach.handle(U1, "remove Priya").body
    await sender.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"})
    await fake.wait(lambda: fake.calls_to("views.publish"))
    assert coach.handle(U1, "yes").body == "Removed Priya Shah."


# DMs


async def test_dm_works_like_coach_and_a_redelivered_event_runs_once(fake, sender, coach) -> None:
    event = {"type": "message", "channel": "DU1", "channel_type": "im", "user": "U1", "team": "T1",
             "text": "add Tom Ade, met at a dinner party", "ts": "1700000000.000200", "event_ts": "1700000000.000200"}
    await sender.event(event, event_id="Ev1")
    await sender.event(event, event_id="Ev1")
    (posted,) = await fake.wait(lambda: fake.calls_to("chat.postMessage"))
    assert posted.args["channel"] == "DU1" and posted.args["text"].startswith("Added Tom Ade.")
    await sender.event({**event, "text": "remove Tom", "ts": "1700000000.000300"})
    await sender.event({**event, "text": "yes", "ts": "1700000000.000400"})
    answers = await fake.wait(lambda: fake.calls_to("chat.postMessage")[2:])
    assert answers[0].args["text"] == "Removed Tom Ade."
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


async def test_a_file_dmed_to_the_app_is_imported_after_confirmation(fake, sender, coach) -> None:
    data = (Path(__file__).parent / "fixtures" / "linkedin_connections.csv").read_bytes()
    shared = fake.host_file("Connections.csv", data)
    event = {"type": "message", "subtype": "file_share", "channel": "DU1", "channel_type": "im", "user": "U1",
             "team": "T1", "text": "", "files": [shared], "ts": "1700000000.000500"}
    await sender.event(event)
    (preview,) = await fake.wait(lambda: fake.calls_to("chat.postMessage"))
    assert "Ready to import" in preview.args["text"] and "5 new contacts" in preview.args["text"]
    await sender.event({"type": "message", "channel": "DU1", "channel_type": "im", "user": "U1", "team": "T1",
                        "text": "yes", "ts": "1700000000.000600"})
    answers = await fake.wait(lambda: fake.calls_to("chat.postMessage")[1:])
    assert answers[0].args["text"].startswith("Imported 5 new contacts")
    assert "Zoë Ångström" in coach.handle(U1, "contacts").text


async def test_a_file_the_app_cannot_read_changes_nothing(fake, sender, coach) -> None:
    shared = fake.host_file("Connections.csv", b"First Name,Last Name\nAna,Lee\n")
    shared["url_private_download"] = shared["url_private_download"].replace("/files-pri/", "/files-pri/X")
    await sender.event({"type": "message", "subtype": "file_share", "channel": "DU1", "channel_type": "im",
                        "user": "U1", "team": "T1", "text": "", "files": [shared], "ts": "1700000000.000700"})
    (answer_,) = await fake.wait(lambda: fake.calls_to("chat.postMessage"))
    assert "couldn't download" in answer_.args["text"]
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


async def test_bot_messages_and_edits_are_ignored(fake, sender, coach) -> None:
    base = {"type": "message", "channel": "DU1", "channel_type": "im", "text": "add Tom", "ts": "1.2"}
    await sender.event({**base, "bot_id": "BOTHER", "user": "U9"})
    await sender.event({**base, "subtype": "message_changed", "user": "U1"})
    await sender.event({**base, "channel_type": "channel", "user": "U1"})
    await answer(fake, sender, "help")
    assert fake.calls_to("chat.postMessage") == []
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


# Identity and safety


async def test_same_user_id_in_another_team_is_another_person(fake, sender, coach) -> None:
    await answer(fake, sender, "add Priya Shah, met at PyCon", team="T1")
    other = await answer(fake, sender, "contacts", team="T2")
    assert other["text"].startswith("No contacts yet")
    assert "Priya Shah" in (await answer(fake, sender, "contacts", team="T1"))["text"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64},
        "wrong secret",
        "stale",
    ],
)
async def test_bad_signatures_get_401_and_change_nothing(fake, sender, coach, headers) -> None:
    body = sender.command_body("add Mallory, met at the door")
    if headers == "wrong secret":
        headers = signature_headers(body, secret="not-the-secret")
    elif headers == "stale":
        headers = signature_headers(body, timestamp=int(time.time()) - 301)
    status, _ = await sender.send(body, "application/x-www-form-urlencoded", headers)
    assert status == 401
    await answer(fake, sender, "help")
    assert len(fake.responses) == 1
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


async def test_user_text_can_never_mention_or_broadcast(fake, sender, slack) -> None:
    typed = "add Bob Ray, met at &lt;@U123&gt; party &amp; co, wants to tell &lt;!channel&gt; about it"
    reply = await answer(fake, sender, typed)
    outgoing = json.dumps(reply)
    await slack.post("C1", Reply(body="<!here> <@U2> & you", items=(Item("<!subteam^S1>"),)))
    outgoing += json.dumps(fake.calls_to("chat.postMessage")[0].args)
    shown = all_text(reply["blocks"])
    assert "&lt;@U123&gt; party &amp; co" in shown and "tell &lt;!channel&gt;" in shown
    for raw in ("<!channel>", "<@U123>", "<!here>", "<@U2>", "<!subteam"):
        assert raw not in outgoing


async def test_a_mention_reaches_the_coach_as_text_and_comes_back_as_text(fake, sender) -> None:
    await answer(fake, sender, "add Bob Ray, met at a meetup, wants me to tell <!here> and <@U2|sam> #design <#C9|general>")
    reply = await answer(fake, sender, "show Bob Ray")
    shown = all_text(reply["blocks"])
    assert "tell @here and @sam" in shown and "#design #general" in shown, "a channel typed in a DM is a tag, as in /coach"
    assert not any(raw in json.dumps(reply) for raw in ("<!here>", "<@U2", "<#C9"))


async def test_a_mention_is_never_taken_for_a_name(fake, sender) -> None:
    for typed in ("add <@U2>, met at PyCon", "add <@U2|sam>, met at PyCon"):
        assert "chat mention" in (await answer(fake, sender, typed))["text"]
    assert "No contacts yet" in (await answer(fake, sender, "contacts"))["text"]


async def test_slack_markup_in_a_pitch_is_read_as_what_was_typed(fake, sender) -> None:
    def words(reply: dict) -> int:
        return int(re.search(r"· (\d+) words ·", reply["text"]).group(1))

    plain = await answer(fake, sender, f"pitch {STRONG.scenario}: {STRONG.text}")
    marked = await answer(fake, sender, f"pitch {STRONG.scenario}: <@U123> {STRONG.text} <https://example.com|my site>")
    assert words(marked) == words(plain) + 2  # "my site"


# Nudges and delivery


async def test_nudge_dm_opens_the_dm_posts_blocks_and_uploads_files(fake, slack) -> None:
    nudge = Reply(title="Follow up with Priya today", body="You met at PyCon yesterday.",
                  items=(Item("Priya Shah", (Action("Done", "done Priya", "primary"),)),),
                  attachments=(Attachment("priya.vcf", b"BEGIN:VCARD\r\nEND:VCARD\r\n", "text/vcard", "Priya"),))
    await slack.send_dm(U1, nudge)
    assert fake.calls_to("conversations.open")[0].args["users"] == "U1"
    (posted,) = fake.calls_to("chat.postMessage")
    assert posted.args["channel"] == "DU1" and posted.token == fake.bot_token
    assert press(posted.args["blocks"], "Done")[0]["style"] == "primary"
    assert fake.shared_files[0]["content"] == b"BEGIN:VCARD\r\nEND:VCARD\r\n"
    await slack.send_dm(U1, nudge)
    assert len(fake.calls_to("conversations.open")) == 1


async def test_rate_limits_are_waited_out_and_gone_users_are_not_retried(fake, slack) -> None:
    fake.fail("chat.postMessage", "ratelimited", status=429, retry_after=0)
    await slack.send_dm(U1, Reply(body="Hello"))
    assert len(fake.calls_to("chat.postMessage")) == 2
    fake.fail("chat.postMessage", "ratelimited", status=429, retry_after=0, times=3)
    with pytest.raises(DeliveryFailed) as limited:
        await slack.send_dm(U1, Reply(body="Hello"))
    assert limited.value.retry is True and limited.value.after == 0
    fake.fail("chat.postMessage", "account_inactive")
    with pytest.raises(DeliveryFailed) as gone:
        await slack.send_dm(U1, Reply(body="Hello"))
    assert gone.value.retry is False
    fake.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(DeliveryFailed) as missing:
        await slack.post("C404", Reply(body="Weekly tip"))
    assert missing.value.retry is False


# Starting up


async def test_socket_mode_connects_with_the_app_token_and_answers_commands(fake, coach) -> None:
    settings = SlackSettings(mode="socket", api_url=fake.api_url, bot_token=fake.bot_token, app_token=fake.app_token)
    surface = build_slack_app(coach, settings)
    await surface.start()
    try:
        (opened,) = fake.calls_to("apps.connections.open")
        assert opened.token == fake.app_token
        await fake.wait(lambda: fake._sockets)
        payload = {"token": "x", "team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/coach",
                   "text": "add Priya Shah, met at PyCon", "response_url": fake.response_url("socket"),
                   "trigger_id": "1.1.trigger", "api_app_id": "A1"}
        envelope = await fake.send_envelope("slash_commands", payload)
        await fake.wait(lambda: [a for a in fake.socket_acks if a.get("envelope_id") == envelope])
        answered = await fake.wait(lambda: next((b for k, b in fake.responses if k == "socket"), None))
        assert answered["text"].startswith("Added Priya Shah.")
    finally:
        await surface.stop()


@pytest.mark.parametrize(
    ("mode", "tokens", "says"),
    [
        ("socket", {"bot_token": "xoxb-wrong"}, "SLACK_BOT_TOKEN"),
        ("socket", {"app_token": "xapp-wrong"}, "SLACK_APP_TOKEN"),
        ("socket", {"app_token": None}, "SLACK_APP_TOKEN"),
        ("http", {"signing_secret": None}, "SLACK_SIGNING_SECRET"),
    ],
)
async def test_start_fails_clearly_on_a_missing_or_refused_token(fake, coach, mode, tokens, says) -> None:
    values = {"bot_token": fake.bot_token, "app_token": fake.app_token, "signing_secret": SECRET, **tokens}
    surface = build_slack_app(coach, SlackSettings(mode=mode, port=0, api_url=fake.api_url, **values), host="127.0.0.1")
    with pytest.raises(SlackStartFailed, match=says):
        await surface.start()
    await surface.stop()


async def test_answers_use_local_time_after_a_day_passes(fake, sender, clock: FakeClock) -> None:
    await answer(fake, sender, "add Priya Shah, met at PyCon")
    clock.advance(timedelta(days=3))
    reply = await answer(fake, sender, "followups")
    assert "1 overdue." in reply["text"]


async def test_coach_run_in_http_mode_serves_signed_commands_end_to_end(fake, tmp_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = tmp_path / "config.toml"
    path.write_text(f'[coach]\ndata_dir = "data"\n[slack]\nmode = "http"\nport = {port}\napi_url = "{fake.api_url}"\n'
                    "[discord]\nenabled = false\n")
    config = load_config(path, env={"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET})
    coach = open_coach(config.coach.data_dir)
    sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", fake.url)

    async def conversation() -> None:
        await answer(fake, sender, "add Priya Shah, met at PyCon")
        assert "Priya Shah" in (await answer(fake, sender, "contacts"))["text"]

    try:
        assert await run_platforms(config, coach, until=conversation) == 0
    finally:
        coach.close()


# Channel schedules


async def test_only_admins_and_the_channel_creator_schedule_posts(fake, sender, coach) -> None:
    fake.add_user("U1", "T1")
    fake.add_user("U2", "T1")
    fake.add_user("U3", "T1", admin=True)
    fake.add_channel("C1", creator="U2")
    refused = await answer(fake, sender, "schedule add tip weekly", user="U1", channel="C1")
    assert "can't" in refused["text"].casefold() or "only" in refused["text"].casefold()
    assert coach.channel_schedules() == []
    added = await answer(fake, sender, "schedule add tip weekly", user="U2", channel="C1")
    assert coach.channel_schedules() and coach.channel_schedules()[0].channel == "C1", added["text"]
    listed = await answer(fake, sender, "schedule list", user="U3", channel="C1")
    assert "tip" in listed["text"]


# Uploads read whole, from Slack only


def many_rows(count: int) -> bytes:
    rows = "".join(f"Person,Number{n},,p{n}@example.com,Firm {n},Engineer,01 Jan 2024\n" for n in range(count))
    return ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows).encode()


def file_event(shared: dict) -> dict:
    return {"type": "message", "subtype": "file_share", "channel": "DU1", "channel_type": "im", "user": "U1",
            "team": "T1", "text": "", "files": [shared], "ts": "1700000000.000800"}


async def test_a_file_served_in_pieces_is_read_to_the_end(fake, sender, coach) -> None:
    shared = fake.host_file("Connections.csv", many_rows(3000), pieces=4)
    await sender.event(file_event(shared))
    (preview,) = await fake.wait(lambda: fake.calls_to("chat.postMessage"), timeout=30)
    assert "3000 new contacts" in preview.args["text"]
    await sender.event({"type": "message", "channel": "DU1", "channel_type": "im", "user": "U1", "team": "T1",
                        "text": "yes", "ts": "1700000000.000900"})
    answers = await fake.wait(lambda: fake.calls_to("chat.postMessage")[1:], timeout=30)
    assert answers[0].args["text"].startswith("Imported 3000 new contacts")
    assert "p2999@example.com" in coach.handle(U1, "show Person Number2999").text


@pytest.mark.parametrize("announced", [-1, +1])
async def test_a_file_whose_length_is_not_what_slack_announced_changes_nothing(fake, sender, coach, announced) -> None:
    shared = fake.host_file("Connections.csv", many_rows(50), pieces=2)
    shared["size"] += announced
    await sender.event(file_event(shared))
    (answer_,) = await fake.wait(lambda: fake.calls_to("chat.postMessage"))
    assert "Only part of that file reached me" in answer_.args["text"]
    assert coach.handle(U1, "yes").body.startswith("Nothing's waiting")
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


async def test_a_file_link_that_is_not_slack_over_https_is_never_fetched(fake, sender, coach) -> None:
    shared = fake.host_file("Connections.csv", many_rows(5))
    for url in ("http://files.slack.com/files-pri/T1-F1/connections.csv", shared["url_private"].replace("http", "https")):
        await sender.event(file_event({**shared, "url_private_download": url, "url_private": url}))
    answers = await fake.wait(lambda: fake.calls_to("chat.postMessage")[1:])
    assert all("didn't give me a way to download" in a.args["text"] for a in answers)
    assert coach.handle(U1, "contacts").body.startswith("No contacts yet")


async def test_the_add_form_answers_only_on_slack_hooks(fake, sender, coach) -> None:
    elsewhere = FakeSlack()
    await elsewhere.start()
    try:
        await sender.command("add", key="modal")
        (call,) = await fake.wait(lambda: fake.calls_to("views.open"))
        view = {**call.args["view"], "private_metadata": json.dumps({"response_url": elsewhere.response_url("x")})}
        await sender.interact(sender.submission_payload(view, {"name": "Priya Shah"}))
        (posted,) = await fake.wait(lambda: fake.calls_to("chat.postMessage"))
        assert posted.args["channel"] == "DU1" and posted.args["text"].startswith("Added Priya Shah.")
        assert elsewhere.responses == [] and fake.responses == []
    finally:
        await elsewhere.stop()


async def test_a_yes_sent_while_the_upload_still_downloads_answers_that_upload(fake, sender, coach) -> None:
    """One person's messages are handled in the order they came, network waits and all."""
    shared = fake.host_file("Connections.csv", many_rows(50), pieces=6)
    await sender.event(file_event(shared))
    await sender.event({"type": "message", "channel": "DU1", "channel_type": "im", "user": "U1", "team": "T1",
                        "text": "yes", "ts": "1700000000.000901"})
    preview, imported = await fake.wait(lambda: fake.calls_to("chat.postMessage")[1:] and fake.calls_to("chat.postMessage"))
    assert preview.args["text"].startswith("Ready to import")
    assert imported.args["text"].startswith("Imported 50 new contacts")
