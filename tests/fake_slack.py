"""A small local stand-in for Slack, for tests that use the real slack_sdk and slack_bolt.

`SlackSender` plays Slack calling the app: slash commands, interactions and events, signed the
way Slack signs them (HMAC-SHA256 over `v0:{timestamp}:{body}` with the signing secret).
`FakeSlack` plays Slack's servers: it answers the Web API methods the coach calls with Slack's request and response shapes,
checks tokens and Block Kit limits the way Slack does (so a bad message fails here too),
records every call, takes `response_url` posts and file uploads, and plays the Socket Mode
WebSocket. Failures (an error code, a 429 with Retry-After) can be queued per method.
For an app installed in many workspaces it also plays Slack's side of OAuth: `approve` gives
the code a person's browser brings back, `oauth.v2.access` turns it into that workspace's own
bot token (with a refresh token when rotation is on), and `revoke` is an uninstall.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import WSMsgType, web

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SCOPES = ("commands", "chat:write", "chat:write.public", "im:write", "im:history", "users:read", "files:write", "files:read")
SECTION_CHARS = 3000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    authorization: str = ""  # the Authorization header exactly as sent


@dataclass
class Failure:
    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)


def blocks_problem(blocks: Any, limit: int) -> str | None:
    """What Slack would reject in these blocks, or None."""
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not isinstance(blocks, list) or len(blocks) > limit:
        return f"more than {limit} blocks"
    block_ids, action_ids = set(), set()
    for block in blocks:
        kind = block.get("type")
        if kind not in ("section", "actions", "context", "divider", "header", "input"):
            return f"unknown block type {kind}"
        if "block_id" in block:
            if block["block_id"] in block_ids:
                return f"duplicate block_id {block['block_id']}"
            block_ids.add(block["block_id"])
        if kind == "section" and not (0 < len(block["text"]["text"]) <= SECTION_CHARS):
            return "section text must be 1-3000 characters"
        if kind == "header" and len(block["text"]["text"]) > 150:
            return "header text over 150 characters"
        for element in block.get("elements", []) if kind == "actions" else []:
            if element["action_id"] in action_ids:
                return f"duplicate action_id {element['action_id']}"
            action_ids.add(element["action_id"])
            if len(element["text"]["text"]) > 75 or len(element.get("value", "")) > 2000:
                return "button label over 75 or value over 2000 characters"
            if element.get("style") not in (None, "primary", "danger"):
                return "bad button style"
        if kind == "actions" and not 0 < len(block["elements"]) <= 25:
            return "actions block needs 1-25 elements"
    return None


class FakeSlack:
    """Serve on 127.0.0.1; point `api_url` at `self.api_url` and response URLs at `self.response_url(...)`."""

    def __init__(self, *, bot_token: str = "xoxb-test-token", app_token: str = "xapp-test-token") -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.client_id, self.client_secret = "1111.2222", "client-secret-for-tests"
        self.tokens: dict[str, str] = {bot_token: "T1"}  # live bot tokens -> the team (or org) each belongs to
        self.refresh_tokens: dict[str, str] = {}
        self.codes: dict[str, dict] = {}
        self.calls: list[Call] = []
        self.responses: list[tuple[str, dict]] = []
        self.uploads: dict[str, bytes] = {}
        self.hosted: dict[str, bytes] = {}
        self.pieces: dict[str, int] = {}
        self.channels: dict[str, dict] = {}
        self.shared_files: list[dict] = []
        self.users: dict[str, dict] = {}
        self.failures: dict[str, list[Failure]] = {}
        self.socket_acks: list[dict] = []
        self._sockets: list[web.WebSocketResponse] = []
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # Server

    async def start(self) -> None:
        app = web.Application()
        app.add_routes([
            web.route("*", "/api/{method}", self._api),
            web.post("/response/{key}", self._response),
            web.post("/upload/{file_id}", self._upload),
            web.get("/files-pri/{file_id}/{name}", self._download),
            web.get("/socket", self._socket),
        ])
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, key: str) -> str:
        return f"{self.url}/response/{key}"

    # Test controls

    def add_user(self, user_id: str, team_id: str, tz: str | None = "Europe/Berlin", *, admin: bool = False) -> None:
        self.users[user_id] = {"id": user_id, "team_id": team_id, "name": user_id.lower(), "tz": tz,
                               "tz_label": "Local time", "tz_offset": 3600, "deleted": False, "is_bot": False,
                               "is_admin": admin, "is_owner": False}

    def add_channel(self, channel_id: str, creator: str) -> None:
        self.channels[channel_id] = {"id": channel_id, "name": channel_id.lower(), "is_channel": True,
                                     "creator": creator, "is_archived": False, "is_general": False}

    def host_file(self, name: str, data: bytes, *, pieces: int = 1) -> dict:
        """A file someone shared, in the shape a `file_share` message event carries it.

        With `pieces`, the download arrives in that many parts, a moment apart, as a big file does.
        """
        file_id = f"F{next(self._ids):08d}"
        self.hosted[file_id] = data
        self.pieces[file_id] = pieces
        url = f"{self.url}/files-pri/{file_id}/{name}"
        return {"id": file_id, "name": name, "title": name, "mimetype": "text/csv", "filetype": "csv",
                "size": len(data), "url_private": url, "url_private_download": f"{url}?download=1"}

    def fail(self, method: str, error: str, *, status: int = 200, retry_after: int | None = None, times: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.failures.setdefault(method, []).extend(
            Failure(status, {"ok": False, "error": error}, headers) for _ in range(times))

    def approve(self, team_id: str, name: str, *, enterprise: str | None = None, org_wide: bool = False,
                rotating: bool = False, expires_in: int = 43200) -> str:
        """Someone clicked Allow for `team_id` (or, `org_wide`, for the whole `enterprise` org); returns the code."""
        code = f"code-{next(self._ids)}"
        self.codes[code] = {"team": team_id, "name": name, "enterprise": enterprise, "org_wide": org_wide,
                            "rotating": rotating, "expires_in": expires_in}
        return code

    def revoke(self, owner: str) -> None:
        """Uninstalled: every token of that team or org stops working."""
        for token in [t for t, o in self.tokens.items() if o == owner]:
            del self.tokens[token]

    def token_of(self, owner: str) -> str:
        return next(t for t, o in reversed(self.tokens.items()) if o == owner)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait(self, ready: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Until `ready()` gives something truthy; fails the test if it never does."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            found = ready()
            if found:
                return found
            await asyncio.sleep(0.01)
        raise AssertionError("the fake Slack never saw what the test waited for")

    async def send_envelope(self, kind: str, payload: dict) -> str:
        """Push a Socket Mode envelope to every connected client; returns its envelope_id."""
        envelope_id = f"env-{next(self._ids)}"
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                   "accepts_response_payload": kind != "events_api", "retry_attempt": 0, "retry_reason": ""}
        for ws in self._sockets:
            await ws.send_str(json.dumps(message))
        return envelope_id

    # Web API

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                args.update(await request.json())
            else:
                args.update(await request.post())
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.get("token")
        self.calls.append(Call(method, args, token, auth))
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_v2_access(auth, args))
        valid = token == self.app_token if method == "apps.connections.open" else token in self.tokens
        if token is None:
            return web.json_response({"ok": False, "error": "not_authed"})
        if not valid:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            return web.json_response(failure.body, status=failure.status, headers=failure.headers)
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response(handler({**args, "_owner": self.tokens.get(token)}))

    def _m_auth_test(self, args: dict) -> dict:
        """Who the token belongs to: the test workspace T1 for the single bot token, else its own team or org."""
        owner = args.get("_owner") or "T1"
        if owner.startswith("E"):
            return {"ok": True, "url": "https://org.enterprise.slack.com/", "team": None, "user": "coach", "team_id": None,
                    "enterprise_id": owner, "user_id": f"UBOT{owner}", "bot_id": f"BBOT{owner}", "is_enterprise_install": True}
        bot = "BOT" if owner == "T1" else f"BOT{owner}"
        return {"ok": True, "url": "https://coach-test.slack.com/", "team": "Coach Test", "user": "coach",
                "team_id": owner, "user_id": f"U{bot}", "bot_id": f"B{bot}", "is_enterprise_install": False}

    def _issue(self, owner: str, grant: dict) -> dict:
        token = f"xoxb-{owner}-{next(self._ids)}"
        self.tokens[token] = owner
        issued = {"access_token": token, "token_type": "bot", "scope": grant["scope"]}
        if grant["rotating"]:
            refresh = f"xoxe-1-{owner}-{next(self._ids)}"
            self.refresh_tokens[refresh] = owner
            issued.update(refresh_token=refresh, expires_in=grant["expires_in"])
        return issued

    def _oauth_v2_access(self, auth: str, args: dict) -> dict:
        """Like Slack: the app's client id and secret (HTTP Basic), then a one-time code or a refresh token."""
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if auth != f"Basic {expected}" and (args.get("client_id"), args.get("client_secret")) != (
                self.client_id, self.client_secret):
            return {"ok": False, "error": "invalid_client_id"}
        if args.get("grant_type") == "refresh_token":
            owner = self.refresh_tokens.pop(str(args.get("refresh_token")), None)
            if owner is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return {"ok": True, "team": {"id": owner}, **self._issue(owner, {"scope": "", "rotating": True, "expires_in": 43200})}
        grant = self.codes.pop(str(args.get("code")), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        owner = grant["enterprise"] if grant["org_wide"] else grant["team"]
        enterprise = {"id": grant["enterprise"], "name": f"{grant['enterprise']} org"} if grant["enterprise"] else None
        return {"ok": True, "app_id": "A1", "bot_user_id": f"UBOT{owner}",
                "team": None if grant["org_wide"] else {"id": grant["team"], "name": grant["name"]},
                "enterprise": enterprise, "is_enterprise_install": grant["org_wide"],
                "authed_user": {"id": "UADMIN", "scope": "", "access_token": None, "token_type": None},
                **self._issue(owner, {**grant, "scope": ",".join(SCOPES)})}

    def _m_apps_connections_open(self, args: dict) -> dict:
        return {"ok": True, "url": f"{self.url.replace('http', 'ws', 1)}/socket?ticket=t-{next(self._ids)}"}

    def _message_error(self, args: dict) -> dict | None:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        if args.get("blocks") and blocks_problem(args["blocks"], MESSAGE_BLOCKS):
            return {"ok": False, "error": "invalid_blocks", "errors": [blocks_problem(args["blocks"], MESSAGE_BLOCKS)]}
        return None

    def _m_chat_postMessage(self, args: dict) -> dict:
        problem = self._message_error(args)
        if problem:
            return problem
        ts = f"1700000000.{next(self._ids):06d}"
        message = {"type": "message", "text": args.get("text", ""), "user": "UBOT", "bot_id": "BBOT", "ts": ts,
                   "blocks": args.get("blocks", [])}
        return {"ok": True, "channel": args["channel"], "ts": ts, "message": message}

    def _m_chat_postEphemeral(self, args: dict) -> dict:
        problem = self._message_error(args) or (None if args.get("user") else {"ok": False, "error": "user_not_found"})
        return problem or {"ok": True, "message_ts": f"1700000000.{next(self._ids):06d}"}

    def _m_chat_update(self, args: dict) -> dict:
        problem = self._message_error(args) or (None if args.get("ts") else {"ok": False, "error": "message_not_found"})
        return problem or {"ok": True, "channel": args["channel"], "ts": args["ts"], "text": args.get("text", "")}

    def _m_conversations_open(self, args: dict) -> dict:
        users = str(args.get("users", ""))
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if users in self.users and self.users[users]["deleted"]:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": "D" + users}}

    def _m_conversations_info(self, args: dict) -> dict:
        channel = self.channels.get(str(args.get("channel", "")))
        return {"ok": True, "channel": channel} if channel else {"ok": False, "error": "channel_not_found"}

    def _m_users_info(self, args: dict) -> dict:
        user = self.users.get(str(args.get("user", "")))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def _view_error(self, view: Any) -> dict | None:
        if isinstance(view, str):
            view = json.loads(view)
        if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
            return {"ok": False, "error": "invalid_arguments"}
        problem = blocks_problem(view.get("blocks", []), VIEW_BLOCKS)
        if problem:
            return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": [problem]}}
        if view["type"] == "modal" and len(view.get("private_metadata", "")) > 3000:
            return {"ok": False, "error": "invalid_arguments"}
        return None

    def _m_views_open(self, args: dict) -> dict:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        return self._view_error(args.get("view")) or {"ok": True, "view": {"id": f"V{next(self._ids)}", **args["view"]}}

    def _m_views_publish(self, args: dict) -> dict:
        if not args.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        problem = self._view_error(args.get("view"))
        if problem or args["view"]["type"] != "home":
            return problem or {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": {"id": f"V{next(self._ids)}", **args["view"]}}

    def _m_files_getUploadURLExternal(self, args: dict) -> dict:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):04d}"
        self.uploads[file_id] = b""
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: dict) -> dict:
        files = json.loads(args.get("files", "[]"))
        if not files or any(f.get("id") not in self.uploads or not self.uploads[f["id"]] for f in files):
            return {"ok": False, "error": "file_not_found"}
        done = [{"id": f["id"], "title": f.get("title", ""), "channels": [args.get("channel_id")]} for f in files]
        self.shared_files.extend({**f, "content": self.uploads[f["id"]]} for f in done)
        return {"ok": True, "files": done}

    # Response URLs, uploads, Socket Mode

    async def _response(self, request: web.Request) -> web.Response:
        body = await request.json()
        problem = blocks_problem(body["blocks"], MESSAGE_BLOCKS) if "blocks" in body else None
        if problem:
            return web.Response(status=400, text="invalid_blocks")
        self.responses.append((request.match_info["key"], body))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in self.uploads:
            return web.Response(status=404)
        data = await request.read()
        self.uploads[file_id] = data
        return web.Response(text=f"OK - {len(data)}")

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """Like Slack: the bytes with the bot token, a login page (200, HTML) without it."""
        file_id = request.match_info["file_id"]
        hosted = self.hosted.get(file_id)
        if hosted is None:
            return web.Response(status=404)
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return web.Response(text="<html><body>Sign in to Slack</body></html>", content_type="text/html")
        response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
        await response.prepare(request)
        step = -(-len(hosted) // self.pieces[file_id])
        for start in range(0, len(hosted), step):
            await response.write(hosted[start:start + step])
            await asyncio.sleep(0.05)
        await response.write_eof()
        return response

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"},
                                      "connection_info": {"app_id": "A1"}}))
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(msg.data))
        self._sockets.remove(ws)
        return ws


def signature_headers(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    stamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(stamp), "X-Slack-Signature": f"v0={digest}"}


class SlackSender:
    """Posts slash commands, interactions and events to the app like Slack does."""

    def __init__(self, app_url: str, fake_url: str) -> None:
        self.app_url = app_url
        self.fake_url = fake_url
        self._ids = itertools.count(1)

    async def send(self, body: str, content_type: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Content-Type": content_type, **(signature_headers(body) if headers is None else headers)}
        async with aiohttp.ClientSession() as session, session.post(self.app_url, data=body, headers=headers) as resp:
            return resp.status, await resp.text()

    def command_body(self, text: str, *, user: str = "U1", team: str = "T1", channel: str = "C1", key: str = "") -> str:
        key = key or f"cmd{next(self._ids)}"
        return urlencode({
            "token": "legacy-verification-token", "team_id": team, "team_domain": "coach-test",
            "channel_id": channel, "channel_name": "general", "user_id": user, "user_name": user.lower(),
            "command": "/coach", "text": text, "api_app_id": "A1", "is_enterprise_install": "false",
            "response_url": f"{self.fake_url}/response/{key}", "trigger_id": f"{next(self._ids)}.1.trigger",
        })

    async def command(self, text: str, **where: str) -> tuple[int, str]:
        return await self.send(self.command_body(text, **where), "application/x-www-form-urlencoded")

    async def interact(self, payload: dict) -> tuple[int, str]:
        return await self.send(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    async def event(self, event: dict, *, team: str = "T1", event_id: str | None = None) -> tuple[int, str]:
        body = {
            "token": "legacy-verification-token", "team_id": team, "api_app_id": "A1", "event": event,
            "type": "event_callback", "event_id": event_id or f"Ev{next(self._ids):06d}",
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": "UBOT", "is_bot": True}],
        }
        return await self.send(json.dumps(body), "application/json")

    def button_payload(self, button: dict, block_id: str, *, user: str = "U1", team: str = "T1", key: str = "",
                       message: dict | None = None, home: bool = False) -> dict:
        key = key or f"btn{next(self._ids)}"
        payload = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
            "api_app_id": "A1", "token": "legacy-verification-token", "team": {"id": team, "domain": "coach-test"},
            "trigger_id": f"{next(self._ids)}.1.trigger",
            "actions": [{"type": "button", "action_id": button["action_id"], "block_id": block_id,
                         "text": button["text"], "value": button["value"], "action_ts": "1700000001.000001"}],
        }
        if home:
            payload["container"] = {"type": "view", "view_id": "V1"}
            payload["view"] = {"id": "V1", "type": "home", "blocks": []}
        elif message is not None:
            payload["container"] = {"type": "message", "message_ts": message["ts"], "channel_id": "D1",
                                    "is_ephemeral": False}
            payload["channel"] = {"id": "D1", "name": "directmessage"}
            payload["message"] = message
            payload["response_url"] = f"{self.fake_url}/response/{key}"
        else:
            payload["container"] = {"type": "message", "message_ts": "1700000000.000001", "channel_id": "C1",
                                    "is_ephemeral": True}
            payload["channel"] = {"id": "C1", "name": "general"}
            payload["response_url"] = f"{self.fake_url}/response/{key}"
        return payload

    def submission_payload(self, view: dict, values: dict[str, str], *, user: str = "U1", team: str = "T1") -> dict:
        state = {}
        for block_id, value in values.items():
            chosen = {"selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}
            typed = {"type": "plain_text_input", "value": value}
            state[block_id] = {"value": {"type": "static_select", **chosen} if block_id == "kind" else typed}
        return {
            "type": "view_submission", "team": {"id": team, "domain": "coach-test"},
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
            "api_app_id": "A1", "token": "legacy-verification-token", "trigger_id": f"{next(self._ids)}.1.trigger",
            "view": {**view, "id": "V9", "team_id": team, "state": {"values": state}, "hash": "1.abc",
                     "app_installed_team_id": team},
            "response_urls": [],
        }
