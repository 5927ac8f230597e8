"""One Slack app in many workspaces, end to end: Bolt's real OAuth flow against the fake Slack,
then each workspace's commands, buttons, DMs, App Home, uploads and nudges checked by the token
on the wire (the Authorization header the fake received)."""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
import yaml
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation

from adapters.slack import SlackStartFailed, SlackSurface, build_slack_app
from adapters.slack_install import (
    INSTALLS,
    SCOPES,
    UNINSTALLED,
    CoachInstallationStore,
    delete_uninstalled,
    people_by_team,
    token_cipher,
)
from bot.app import open_coach
from bot.config import ChannelNudge, SlackSettings
from bot.scheduler import NudgeScheduler
from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.testing import FakeClock, shared_records
from tests.fake_slack import SECRET, FakeSlack, SlackSender
from tests.test_cli import clean_env
from tests.test_cli import coach as run_coach
from tests.test_slack import press

KEY = Fernet.generate_key().decode()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    for user, team in (("U2", "T2"), ("U3", "T3"), ("U4", "T4")):
        server.add_user(user, team, tz="Europe/Berlin")
    yield server
    await server.stop()


def settings_for(fake: FakeSlack, key: str = KEY) -> SlackSettings:
    return SlackSettings(mode="http", port=0, api_url=fake.api_url, authorize_url=f"{fake.url}/oauth/v2/authorize",
                         signing_secret=SECRET, client_id=fake.client_id, client_secret=fake.client_secret, secret_key=key)


@pytest.fixture
async def slack(fake: FakeSlack, coach: Coach) -> AsyncIterator[SlackSurface]:
    surface = build_slack_app(coach, settings_for(fake), host="127.0.0.1")
    await surface.start()
    yield surface
    await surface.stop()


@pytest.fixture
def sender(slack: SlackSurface, fake: FakeSlack) -> SlackSender:
    return SlackSender(f"http://127.0.0.1:{slack.port}/slack/events", fake.url)


async def get(url: str, cookie: str | None = None) -> tuple[int, str, dict]:
    headers = {"Cookie": cookie} if cookie else {}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers, allow_redirects=False) as resp:
        return resp.status, await resp.text(), dict(resp.headers)


async def install_page(slack: SlackSurface) -> tuple[str, str]:
    """Open /slack/install like a browser: the Add to Slack link and the state cookie it sets."""
    status, page, headers = await get(f"http://127.0.0.1:{slack.port}/slack/install")
    assert status == 200 and "Add to Slack" in page
    link = html.unescape(re.search(r'<a href="([^"]+)"', page)[1])
    return link, headers["Set-Cookie"].split(";")[0]


async def come_back(slack: SlackSurface, code: str, state: str, cookie: str) -> tuple[int, str]:
    status, page, _ = await get(f"http://127.0.0.1:{slack.port}/slack/oauth_redirect?code={code}&state={state}", cookie)
    return status, page


async def install(slack: SlackSurface, fake: FakeSlack, team: str, **grant) -> str:
    """The whole flow for one workspace; returns the bot token Slack gave it."""
    link, cookie = await install_page(slack)
    state = parse_qs(urlparse(link).query)["state"][0]
    status, page = await come_back(slack, fake.approve(team, f"Team {team}", **grant), state, cookie)
    assert status == 200 and f"The coach is in {'E1 org' if grant.get('org_wide') else f'Team {team}'}" in page, page
    return fake.token_of(grant["enterprise"] if grant.get("org_wide") else team)


async def answer(fake: FakeSlack, sender: SlackSender, text: str, user: str, team: str) -> dict:
    key = f"{team}-{len(fake.responses)}-{len(fake.calls)}"
    status, body = await sender.command(text, user=user, team=team, key=key)
    assert (status, body) == (200, "")
    return await fake.wait(lambda: next((b for k, b in fake.responses if k == key), None))


def tokens_used(fake: FakeSlack, since: int = 0) -> set[str]:
    return {call.authorization for call in fake.calls[since:] if call.method != "oauth.v2.access"}


async def until_installed(coach: Coach, expected: list[str]) -> None:
    """Events are handled after Slack's acknowledgement: wait (a few seconds at most) for the store to show it."""
    for _ in range(300):
        found = [doc["id"] for doc in shared_records(coach, INSTALLS)]
        if found == expected:
            return
        await asyncio.sleep(0.01)
    assert found == expected


def stored_bytes(data_dir: Path) -> bytes:
    return b"".join(path.read_bytes() for path in data_dir.rglob("*") if path.is_file())


# Installing


async def test_install_page_links_to_the_configured_authorize_url_with_the_manifest_scopes(slack, fake) -> None:
    link, cookie = await install_page(slack)
    assert link.startswith(f"{fake.url}/oauth/v2/authorize?")
    query = parse_qs(urlparse(link).query)
    assert query["client_id"] == [fake.client_id]
    manifest = yaml.safe_load((ROOT / "slack-manifest.yml").read_text())
    assert query["scope"][0].split(",") == list(SCOPES) == manifest["oauth_config"]["scopes"]["bot"]
    assert cookie == f"slack-app-oauth-state={query['state'][0]}"


async def test_two_workspaces_each_use_their_own_token_everywhere(slack, fake, sender, coach, clock) -> None:
    token2 = await install(slack, fake, "T2")
    token3 = await install(slack, fake, "T3")
    assert token2 != token3
    (exchange,) = fake.calls_to("oauth.v2.access")[:1]
    assert exchange.authorization.startswith("Basic ") and exchange.token is None

    start = len(fake.calls)
    for user, team in (("U2", "T2"), ("U3", "T3")):
        reply = await answer(fake, sender, "add Priya Shah, met at PyCon 3 days ago", user, team)  # command
        button, block_id = press(reply["blocks"], "Done")
        await sender.interact(sender.button_payload(button, block_id, user=user, team=team, key=f"b{team}"))  # button
        await fake.wait(lambda team=team: any(k == f"b{team}" for k, _ in fake.responses))
        await sender.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"}, team=team)
        await fake.wait(lambda user=user: [c for c in fake.calls_to("views.publish") if c.args["user_id"] == user])
        await sender.event({"type": "message", "channel_type": "im", "user": user, "channel": f"D{user}",  # DM
                            "text": "followups", "ts": "1.0"}, team=team)
        await fake.wait(lambda user=user: [c for c in fake.calls_to("chat.postMessage") if c.args["channel"] == f"D{user}"])
        files = len(fake.shared_files)
        await answer(fake, sender, "export", user, team)  # a file upload
        await fake.wait(lambda files=files: len(fake.shared_files) == files + 1)
    await asyncio.sleep(0.2)  # the Home tab refreshes after each answer
    calls = fake.calls[start:]
    for person, token in (("U2", token2), ("U3", token3)):
        about = [c for c in calls if person in (c.args.get("user"), c.args.get("users"), c.args.get("user_id"))
                 or c.args.get("channel") == f"D{person}" or c.args.get("channel_id") == f"D{person}"]
        assert {c.authorization for c in about} == {f"Bearer {token}"}, person
        methods = {c.method for c in calls if c.authorization == f"Bearer {token}"}
        assert {"auth.test", "users.info", "views.publish", "chat.postMessage", "conversations.open",
                "files.getUploadURLExternal", "files.completeUploadExternal"} <= methods
    assert tokens_used(fake, start) == {f"Bearer {token2}", f"Bearer {token3}"}

    coach.handle(UserRef("slack", "T2", "U2"), "add Tom Lee, met at a meetup")
    coach.handle(UserRef("slack", "T3", "U3"), "add Ana Ruiz, met at a meetup")
    clock.advance(hours=30)
    start = len(fake.calls)
    outcomes = await NudgeScheduler(coach, {"slack": slack}).sweep()  # nudges, from the scheduler's delivery path
    assert outcomes["sent"] == 2
    sent = {c.args["channel"]: c.authorization for c in fake.calls[start:] if c.method == "chat.postMessage"}
    assert sent == {"DU2": f"Bearer {token2}", "DU3": f"Bearer {token3}"}


async def test_stored_installations_hold_no_token_in_clear(slack, fake, data_dir, coach) -> None:
    token = await install(slack, fake, "T2", rotating=True)
    refresh = next(iter(fake.refresh_tokens))
    raw = stored_bytes(data_dir)
    assert b"T2" in raw and token.encode() not in raw and refresh.encode() not in raw
    (doc,) = shared_records(coach, INSTALLS)
    assert doc["installation"]["bot_token"] != token


async def test_expiring_tokens_are_rotated_through_the_configured_api_url(slack, fake, sender) -> None:
    first = await install(slack, fake, "T2", rotating=True, expires_in=60)  # inside Bolt's two-hour margin
    await answer(fake, sender, "help", "U2", "T2")
    refreshes = [c for c in fake.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"]
    assert refreshes, "the token about to expire was not refreshed"
    fresh = fake.token_of("T2")
    assert fresh != first
    start = len(fake.calls)
    await answer(fake, sender, "followups", "U2", "T2")
    assert tokens_used(fake, start) == {f"Bearer {fresh}"}


async def test_channel_posts_go_out_with_the_token_of_the_workspace_that_scheduled_them(slack, fake, sender, coach,
                                                                                      clock) -> None:
    tokens = {team: await install(slack, fake, team) for team in ("T2", "T3")}
    for user, team in (("U2", "T2"), ("U3", "T3")):
        fake.add_user(user, team, admin=True)
        body = sender.command_body("schedule add tip weekly", user=user, team=team, channel=f"C{team}", key=f"s{team}")
        assert (await sender.send(body, "application/x-www-form-urlencoded"))[0] == 200
        await fake.wait(lambda team=team: any(k == f"s{team}" for k, _ in fake.responses))
    from_file = ChannelNudge(platform="slack", channel="CFILE", cron="0 8 * * mon")  # names no workspace
    scheduler = NudgeScheduler(coach, {"slack": slack}, channel_nudges=[from_file])
    await scheduler.sweep()  # first sight: the schedules owe posts from now on
    clock.advance(days=2, hours=22, minutes=30)  # Monday 09:30 in Berlin, their Slack timezone
    start = len(fake.calls)
    outcomes = await scheduler.sweep()
    assert (outcomes["posted"], outcomes["undeliverable"]) == (2, 1)
    posts = {c.args["channel"]: c.authorization for c in fake.calls[start:] if c.method == "chat.postMessage"}
    assert posts == {"CT2": f"Bearer {tokens['T2']}", "CT3": f"Bearer {tokens['T3']}"}


async def test_a_nudge_refreshes_an_expiring_token_before_sending(slack, fake, coach, clock) -> None:
    first = await install(slack, fake, "T2", rotating=True, expires_in=60)
    coach.handle(UserRef("slack", "T2", "U2"), "add Tom Lee, met at a meetup")
    clock.advance(hours=30)
    start = len(fake.calls)
    assert (await NudgeScheduler(coach, {"slack": slack}).sweep())["sent"] == 1
    assert [c.args.get("grant_type") for c in fake.calls_to("oauth.v2.access")[1:]] == ["refresh_token"]
    fresh = fake.token_of("T2")
    assert fresh != first and tokens_used(fake, start) == {f"Bearer {fresh}"}


# Bad state


async def test_a_made_up_state_is_refused_and_nothing_is_stored(slack, fake, coach) -> None:
    status, page = await come_back(slack, fake.approve("T2", "Team T2"), "made-up", "slack-app-oauth-state=made-up")
    assert status == 401 and "This install link has expired" in page
    status, page = await come_back(slack, fake.approve("T2", "Team T2"), "", "")
    assert status == 400
    assert fake.calls_to("oauth.v2.access") == []
    assert shared_records(coach, INSTALLS) == []


async def test_an_expired_state_is_refused(slack, fake, coach, clock: FakeClock) -> None:
    link, cookie = await install_page(slack)
    state = parse_qs(urlparse(link).query)["state"][0]
    clock.advance(minutes=10, seconds=1)
    status, _ = await come_back(slack, fake.approve("T2", "Team T2"), state, cookie)
    assert status == 401
    assert fake.calls_to("oauth.v2.access") == []


async def test_a_state_works_once(slack, fake, coach) -> None:
    link, cookie = await install_page(slack)
    state = parse_qs(urlparse(link).query)["state"][0]
    assert (await come_back(slack, fake.approve("T2", "Team T2"), state, cookie))[0] == 200
    status, _ = await come_back(slack, fake.approve("T3", "Team T3"), state, cookie)
    assert status == 401
    assert len(fake.calls_to("oauth.v2.access")) == 1
    assert [doc["id"] for doc in shared_records(coach, INSTALLS)] == ["T:T2"]


# Uninstalling


async def test_uninstall_removes_the_installation_and_the_next_request_sends_nothing(slack, fake, sender, coach,
                                                                                    caplog) -> None:
    token2 = await install(slack, fake, "T2")
    token3 = await install(slack, fake, "T3")
    await answer(fake, sender, "add Priya Shah, met at PyCon", "U2", "T2")
    status, _ = await sender.event({"type": "app_uninstalled"}, team="T2")
    assert status == 200
    fake.revoke("T2")
    await until_installed(coach, ["T:T3"])

    start = len(fake.calls)
    caplog.set_level(logging.WARNING, logger="adapters.slack_install")
    status, body = await sender.command("followups", user="U2", team="T2")
    assert status == 200
    assert "isn't installed in this workspace" in (body + str(fake.responses[-1:]))
    assert "workspace T2 is not installed" in caplog.text
    await sender.event({"type": "message", "channel_type": "im", "user": "U2", "channel": "DU2", "text": "help",
                        "ts": "2.0"}, team="T2")
    outcomes = await NudgeScheduler(coach, {"slack": slack}).sweep()
    assert "sent" not in outcomes
    assert f"Bearer {token2}" not in tokens_used(fake, start)
    assert [c for c in fake.calls[start:] if c.method != "oauth.v2.access"] == []

    reply = await answer(fake, sender, "help", "U3", "T3")  # the other workspace carries on
    assert reply["response_type"] == "ephemeral"
    assert tokens_used(fake, start) == {f"Bearer {token3}"}


async def test_tokens_revoked_for_the_bot_uninstalls_too(slack, fake, sender, coach) -> None:
    await install(slack, fake, "T2")
    await sender.event({"type": "tokens_revoked", "tokens": {"oauth": ["UADMIN"]}}, team="T2")
    assert len(shared_records(coach, INSTALLS)) == 1  # a person's token: nothing of the coach's
    await sender.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOTT2"]}}, team="T2")
    await until_installed(coach, [])


async def test_a_workspaces_data_goes_30_days_after_uninstall_unless_it_comes_back(slack, fake, sender, coach,
                                                                                   clock) -> None:
    await install(slack, fake, "T2")
    await install(slack, fake, "T3")
    await install(slack, fake, "T4")
    for user, team in (("U2", "T2"), ("U3", "T3"), ("U4", "T4")):
        await answer(fake, sender, "add Priya Shah, met at PyCon", user, team)
    fake.add_user("U2", "T2", admin=True)
    reply = await answer(fake, sender, "schedule add tip weekly", "U2", "T2")
    assert reply["text"].startswith("Scheduled:") and len(coach.channel_schedules()) == 1
    for team in ("T2", "T4"):
        await sender.event({"type": "app_uninstalled"}, team=team)
    await until_installed(coach, ["T:T3"])
    clock.advance(days=29)
    assert delete_uninstalled(coach.store, clock()) == 0
    await install(slack, fake, "T4")  # back within 30 days: its data stays
    clock.advance(days=1)
    assert delete_uninstalled(coach.store, clock()) == 1
    assert people_by_team(coach.store) == {"T3": 1, "T4": 1}
    assert coach.channel_schedules() == []
    assert "Priya Shah" in coach.handle(UserRef("slack", "T4", "U4"), "contacts").text
    assert delete_uninstalled(coach.store, clock()) == 0


async def test_the_running_app_deletes_what_is_due_without_being_asked(fake, data_dir, clock) -> None:
    coach = open_coach(data_dir, clock=clock)
    installs = CoachInstallationStore(coach.store, token_cipher(KEY), clock)
    await installs.async_save(Installation(team_id="T2", team_name="Acme", bot_token="xoxb-T2", user_id="UA"))
    coach.handle(UserRef("slack", "T2", "U2"), "add Priya Shah")
    await installs.async_delete_all(enterprise_id=None, team_id="T2")
    clock.advance(days=31)  # the app was down when the day came
    surface = build_slack_app(coach, settings_for(fake), host="127.0.0.1")
    await surface.start()
    try:
        await fake.wait(lambda: people_by_team(coach.store) == {})
    finally:
        await surface.stop()
        coach.close()


# Org-wide installs


async def test_an_org_wide_install_serves_every_team_in_the_org_with_the_orgs_token(slack, fake, sender, coach,
                                                                                    clock) -> None:
    org_token = await install(slack, fake, "T2", enterprise="E1", org_wide=True)
    body = sender.command_body("add Priya Shah, met at PyCon", user="U2", team="T2", key="org")
    body = body.replace("is_enterprise_install=false", "is_enterprise_install=true") + "&enterprise_id=E1"
    start = len(fake.calls)
    assert (await sender.send(body, "application/x-www-form-urlencoded"))[0] == 200
    await fake.wait(lambda: any(k == "org" for k, _ in fake.responses))
    clock.advance(hours=30)
    assert (await NudgeScheduler(coach, {"slack": slack}).sweep())["sent"] == 1
    assert tokens_used(fake, start) == {f"Bearer {org_token}"}

    uninstalled = {"token": "legacy", "team_id": "T2", "enterprise_id": "E1", "api_app_id": "A1",
                   "type": "event_callback", "event_id": "EvOrg", "event_time": int(clock().timestamp()),
                   "event": {"type": "app_uninstalled"},
                   "authorizations": [{"enterprise_id": "E1", "team_id": None, "user_id": "UBOTE1", "is_bot": True,
                                       "is_enterprise_install": True}]}
    assert (await sender.send(json.dumps(uninstalled), "application/json"))[0] == 200
    await until_installed(coach, [])
    assert shared_records(coach, INSTALLS) == []
    clock.advance(days=30)
    assert delete_uninstalled(coach.store, clock()) == 1  # the org's teams seen so far: T2's person
    assert people_by_team(coach.store) == {}


async def until_uninstalled(coach: Coach, expected: list[str]) -> None:
    for _ in range(300):
        found = sorted(doc["id"] for doc in shared_records(coach, UNINSTALLED))
        if found == expected:
            return
        await asyncio.sleep(0.01)
    assert found == expected


def org_event(kind: str, teams: list[str], event_id: str, clock) -> str:
    return json.dumps({"token": "legacy", "enterprise_id": "E1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(clock().timestamp()),
                       "event": {"type": kind, "team_ids": teams},
                       "authorizations": [{"enterprise_id": "E1", "team_id": None, "user_id": "UBOTE1", "is_bot": True,
                                           "is_enterprise_install": True}]})


async def test_a_team_the_org_install_loses_is_treated_as_uninstalled_until_access_comes_back(slack, fake, sender,
                                                                                             coach, clock) -> None:
    await install(slack, fake, "T2", enterprise="E1", org_wide=True)
    for user, team in (("U2", "T2"), ("U3", "T3")):
        body = sender.command_body("add Priya Shah, met at PyCon", user=user, team=team, key=user)
        body = body.replace("is_enterprise_install=false", "is_enterprise_install=true") + "&enterprise_id=E1"
        assert (await sender.send(body, "application/x-www-form-urlencoded"))[0] == 200
        await fake.wait(lambda user=user: any(k == user for k, _ in fake.responses))
    assert (await sender.send(org_event("team_access_revoked", ["T2", "T3"], "EvRevoke", clock), "application/json"))[0] == 200
    await until_uninstalled(coach, ["T:T2", "T:T3"])
    clock.advance(hours=30)
    assert (await NudgeScheduler(coach, {"slack": slack}).sweep())["sent"] == 0, "the org's token no longer serves them"
    clock.advance(days=20)
    assert (await sender.send(org_event("team_access_granted", ["T3"], "EvGrant", clock), "application/json"))[0] == 200
    await until_uninstalled(coach, ["T:T2"])
    clock.advance(days=10)
    assert delete_uninstalled(coach.store, clock()) == 1  # T2's person; T3 came back within 30 days
    assert people_by_team(coach.store) == {"T3": 1}
    assert shared_records(coach, INSTALLS)[0]["id"] == "E:E1", "the org install itself stays"


# The key


async def test_a_wrong_key_stops_start_up_with_a_clear_message(fake, data_dir, clock) -> None:
    coach = open_coach(data_dir, clock=clock)
    surface = build_slack_app(coach, settings_for(fake), host="127.0.0.1")
    await surface.start()
    token = await install(surface, fake, "T2")
    await surface.stop()
    other = Fernet.generate_key().decode()
    with pytest.raises(SlackStartFailed, match="COACH_SECRET_KEY can't open the Slack tokens stored for T:T2"):
        await build_slack_app(coach, settings_for(fake, other), host="127.0.0.1").start()
    with pytest.raises(SlackStartFailed, match="COACH_SECRET_KEY is not a list of Fernet keys"):
        build_slack_app(coach, settings_for(fake, "not-a-key"), host="127.0.0.1")

    rotated = build_slack_app(coach, settings_for(fake, f"{other},{KEY}"), host="127.0.0.1")  # new key first, old after
    await rotated.start()
    await rotated.stop()
    store = CoachInstallationStore(coach.store, token_cipher(other), clock)  # the old key can now be dropped
    bot = await store.async_find_bot(enterprise_id=None, team_id="T2")
    assert bot is not None and bot.bot_token == token
    sealed = shared_records(coach, INSTALLS)
    again = build_slack_app(coach, settings_for(fake, other), host="127.0.0.1")
    await again.start()
    await again.stop()
    assert shared_records(coach, INSTALLS) == sealed, "a start with the key already in use rewrites nothing"
    coach.close()


# The command line


async def test_coach_workspaces_lists_installations_without_tokens_and_check_reports_a_wrong_key(tmp_path, clock) -> None:
    data = tmp_path / "data"
    opened = open_coach(data, clock=clock)
    installs = CoachInstallationStore(opened.store, token_cipher(KEY), clock)
    await installs.async_save(Installation(team_id="T2", team_name="Acme", bot_token="xoxb-secret-T2", user_id="UA"))
    await installs.async_save(Installation(team_id="T4", team_name="Gone", bot_token="xoxb-secret-T4", user_id="UA"))
    for user in (UserRef("slack", "T2", "U2"), UserRef("slack", "T2", "U5"), UserRef("slack", "T4", "U4")):
        opened.handle(user, "add Priya Shah")
    await installs.async_delete_all(enterprise_id=None, team_id="T4")
    opened.close()

    listed = run_coach("workspaces", "--data", str(data), env=clean_env())
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "workspace\tname\tinstalled\tpeople with data",
        "T2\tAcme\t2025-11-14\t2",
        "T4\t-\tuninstalled 2025-11-14, data deleted on 2025-12-14\t1",
    ]
    assert "xoxb" not in listed.stdout

    config = tmp_path / "config.toml"
    config.write_text('[slack]\nmode = "http"\n')
    env = {**clean_env(), "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "s"}
    good = run_coach("check", "--config", str(config), "--data", str(data), env={**env, "COACH_SECRET_KEY": KEY})
    assert good.returncode == 0, good.stdout
    assert "Slack: will start for many workspaces" in good.stdout
    assert "COACH_SECRET_KEY opens the tokens of all 1 installations" in good.stdout
    wrong = run_coach("check", "--config", str(config), "--data", str(data),
                      env={**env, "COACH_SECRET_KEY": Fernet.generate_key().decode()})
    assert wrong.returncode == 2 and "can't open the Slack tokens stored for T:T2" in wrong.stdout
    missing = run_coach("check", "--config", str(config), "--data", str(data), env=env)
    assert "Slack: not starting (http mode needs COACH_SECRET_KEY in the environment)" in missing.stdout
