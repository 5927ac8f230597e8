"""Where you met someone, said the way people say it: at a place ("at PyCon"), on a platform ("on LinkedIn")."""

from __future__ import annotations

import re

ONLINE = {"linkedin": "LinkedIn", "twitter": "Twitter", "x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky",
          "github": "GitHub", "instagram": "Instagram", "facebook": "Facebook", "reddit": "Reddit",
          "zoom": "Zoom", "teams": "Teams", "google meet": "Google Meet", "slack": "Slack", "discord": "Discord",
          "whatsapp": "WhatsApp", "telegram": "Telegram", "signal": "Signal"}
NETWORKS = frozenset({"LinkedIn", "Twitter", "X", "Mastodon", "Bluesky", "GitHub", "Instagram", "Facebook", "Reddit"})
CALLS = frozenset({"Zoom", "Teams", "Google Meet"})
_ONLINE_PLACE = re.compile(
    rf"^(?:(?:an?|the|via|on|over)\s+)?(?P<where>{'|'.join(ONLINE)})(?:\s+(?:message|dm|post|comment|thread|chat|"
    r"call|meeting|group|connection|request|invite|video call)s?)?$", re.IGNORECASE)
_ONLINE_WORD = re.compile(rf"\b(?:{'|'.join(ONLINE)})\b", re.IGNORECASE)
_PREPOSITION = re.compile(r"(?:at|on|in|via|over|through)\s", re.IGNORECASE)  # kept when the place starts with one


def platform(where: str) -> str | None:
    """The platform's own spelling when `where` is only a platform ("a LinkedIn message" -> "LinkedIn")."""
    online = _ONLINE_PLACE.match(where.strip())
    return ONLINE[online.group("where").casefold()] if online else None


def met_place(where: str) -> str:
    """"at PyCon", "on LinkedIn", "on a Slack community", "through Anna" as typed; empty when the place is unknown."""
    where = where.strip()
    if not where or _PREPOSITION.match(where):
        return where
    where = ONLINE.get(where.casefold(), where)
    return f"{'on' if _ONLINE_WORD.search(where) else 'at'} {where}"
