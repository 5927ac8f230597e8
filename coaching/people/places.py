"""Where you met someone, said the way people say it: at a place ("at PyCon"), on a platform ("on LinkedIn"),
and with the words that give it its meaning kept ("in Berlin", "over coffee", "through Anna": an introduction)."""

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
# the words before where you met: kept when the place starts with one, as each says something "at" would not
HOW = "at|on|in|via|over|through|during"
_PREPOSITION = re.compile(rf"(?:{HOW})\s|online$", re.IGNORECASE)
_SAID_BY_MET_PLACE = re.compile(r"(?P<how>at|on|via|through|over)\s+(?P<where>.+)", re.IGNORECASE)
_INNER = re.compile(rf"\b(?:{HOW})\b", re.IGNORECASE)  # "a friend on LinkedIn": not a platform
# "through Anna", "via Priya Shah at PyCon": someone (a name, capitalised) put you in touch, maybe somewhere
_INTRODUCED = re.compile(r"(?i:through|via)\s+(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
                         r"(?:\s+(?P<where>(?i:at|in|on|during|over)\s.+))?")
# what `add` reads after a name ("met at KubeCon", "introduced by Sam"), typed in a where field of its own
_SAID_MET = re.compile(rf"(?:met|introduced)\s+(?=(?:{HOW})\s|online$)|(?P<by>introduced\s+by\s+)",
                       re.IGNORECASE)
_OCCASION = re.compile(r"(?:over|during|through|via)\s|online$", re.IGNORECASE)  # what you did or who, not a place


def platform(where: str) -> str | None:
    """The platform's own spelling when `where` is only a platform ("a LinkedIn message" -> "LinkedIn")."""
    online = _ONLINE_PLACE.match(where.strip())
    return ONLINE[online.group("where").casefold()] if online else None


def met_place(where: str) -> str:
    """"at PyCon", "on LinkedIn", "on a Slack community", "in Berlin", "through Anna" as typed; empty when unknown."""
    where = where.strip()
    if not where or _PREPOSITION.match(where):
        return where
    where = ONLINE.get(where.casefold(), where)
    return f"{'on' if _ONLINE_WORD.search(where) else 'at'} {where}"


def stored_place(said: str) -> str:
    """Where you met as it is kept: without the "at", or the "on"/"via" before a platform, that `met_place` puts back
    ("at PyCon" -> "PyCon", "via the Rust Discord" -> "the Rust Discord"), so older records and new read alike;
    any other word is kept, as it changes the meaning ("in Berlin", "over coffee", "through a friend on LinkedIn")."""
    said = " ".join(said.split())
    found = _SAID_BY_MET_PLACE.fullmatch(said)
    if not found:
        return said
    how, where = found.group("how").casefold(), found.group("where")
    if how == "at" or (_ONLINE_WORD.search(where) and not _INNER.search(where)):
        return where
    return said


def typed_place(typed: str) -> str:
    """Where you met, typed in a field of its own (`edit … where:`, `where:` in `add`, a form's Where box), kept as
    `add` keeps it after "met": "met at KubeCon" as "KubeCon", "introduced by Sam" as "through Sam"."""
    typed = " ".join(typed.split())
    said = _SAID_MET.match(typed)
    if said:
        typed = ("through " if said.group("by") else "") + typed[said.end():]
    return stored_place(typed)


def introduced(where: str) -> tuple[str, str]:
    """Who put you in touch, and where you met if that was said too: "through Anna at PyCon" -> ("Anna", "at PyCon");
    ("", where) when nobody did."""
    found = _INTRODUCED.fullmatch(where.strip())
    if not found or _ONLINE_WORD.search(found.group("who")):
        return "", where
    return found.group("who"), found.group("where") or ""


def is_location(where: str) -> bool:
    """A place two people could both have been, not an occasion ("over coffee", "online") or a go-between."""
    return bool(where.strip()) and not _OCCASION.match(where.strip())
