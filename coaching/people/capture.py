"""Understanding `add <name>, <free text>`: who, where, when, what kind, and what to remember."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from coaching.core.text import InputProblem, valid_name
from coaching.core.when import AMOUNT, CLOCK, find_past
from coaching.people.places import HOW, stored_place, typed_place

KINDS = ("social", "professional", "business", "digital")

KIND_HINTS: dict[str, tuple[str, ...]] = {
    "digital": ("linkedin", "twitter", "online", "zoom", "webinar", "slack", "discord", "email", "dm",
                "mastodon", "bluesky", "virtual", "video call"),
    "business": ("client", "customer", "investor", "prospect", "sales", "deal", "partner", "vendor",
                 "buyer", "supplier", "founder", "pitch meeting", "trade show", "chamber of commerce"),
    "social": ("party", "dinner", "wedding", "friend", "bar", "gym", "neighbour", "neighbor", "bbq",
               "barbecue", "climbing", "club", "school gate", "brunch"),
    "professional": ("conference", "meetup", "pycon", "workshop", "summit", "talk", "colleague",
                     "job fair", "career fair", "hackathon", "panel", "recruiter", "mentor", "con ", "poster session",
                     "symposium", "seminar"),
}
PLACE_ONLY_HINTS = ("email", "dm")
NOTE_HINTS = {kind: tuple(hint for hint in hints if hint not in PLACE_ONLY_HINTS) for kind, hints in KIND_HINTS.items()}

_TAG = re.compile(r"(?<![\w&<])#([\w-]{1,40})", re.UNICODE)  # not <#123>, a channel mention
_FIELD_TAG = re.compile(r"^[\w-]{1,40}$")  # one tag typed into a form field, without its #
_KIND = re.compile(r"\bkind\s*:\s*(\w+)", re.IGNORECASE)
_FIELD = re.compile(r"\b(company|role|title|email|url|phone|where|nickname)\s*:\s*([^,]+)", re.IGNORECASE)
# Parts bounded as the standards bound them (64-character local part, 63-character labels), so a search costs
# a fixed amount at each start instead of running to the end of a long dotted run and back from every start.
_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+\.\S+"
                  r"|\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.(?:com|org|net|io|dev|co|me|ai|app)/\S*", re.IGNORECASE)
_LINK_FIELD = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]\S*)?", re.IGNORECASE)  # a labelled link
_PHONE = re.compile(r"(?<![\w+@&#])\(?\+?\d[\d ().-]{6,}\d(?!\w)")  # not the id in a <@123> mention
_LEADS = re.compile(r"^(?P<role>(?:co-?)?founder|owner|ceo|cto|coo|cfo|president|director)\s+of\s+(?P<company>[^,;]{2,60})$",
                    re.IGNORECASE)
# the word before the place is kept with it ("in Berlin", "over coffee"); "introduced by Sam" is met through Sam
_MET = re.compile(rf"\b(?:(?:met|meeting|introduced)\s+(?P<how>{HOW})|introduced\s+(?P<by>by))"
                  r"\s+(?P<where>[^,;]+)|\bmet\s+(?P<online>online)\b", re.IGNORECASE)
# "met in 2019", "met in May last year", "met on the 3rd": a time the date reader can't place, not a place; kept as a note
_WHEN_NOT_WHERE = re.compile(
    r"(?:in|on|during)\s+(?:(?:early|late|mid)[\s-]+)?(?:(?:19|20)\d\d(?![-/.\d])|the\s+\d{1,2}(?:st|nd|rd|th)$|"
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)(?:\s+(?:(?:19|20)\d\d|last\s+year))?$|"
    r"(?:last|this)\s+(?:year|spring|summer|autumn|fall|winter)$|the\s+(?:spring|summer|autumn|fall|winter)$)",
    re.IGNORECASE)
_WORKS_AT = re.compile(r"\b(?:works|working)\s+(?:at|for)\s+(?P<company>[^,;]+?)"
                       r"(?:\s+as\s+of\b[^,;]*|\s+as\s+(?:an?\s+)?(?P<role>[^,;]+))?$", re.IGNORECASE)
_NOW_AT = re.compile(r"^(?:(?:she|he|they)(?:'s|'re| is| are)\s+)?(?:now|currently)\s+(?:at|with|@)\s+(?P<company>[^,;]{2,60})$",
                     re.IGNORECASE)  # "now at Stripe" says where they work, not a job called "now"
_ROLE_AT = re.compile(
    r"^(?:(?:she|he|they|who)(?:'s|'re| is| are)\s+|is\s+)?(?:an?\s+|the\s+)?"
    r"(?!(?:speaking|presenting|volunteering|starting|staying|living|studying|exhibiting|hosting|attending)\s)"
    r"(?P<role>[^,;]{2,60}?)\s+(?:at|@)\s+"
    rf"(?!{CLOCK}$)(?P<company>[^,;]{{2,60}})$",  # "call at 5pm" is a plan, not a job
    re.IGNORECASE,
)
_ROLE_START = (
    r"(?:(?:senior|junior|staff|lead|principal|chief)\s+)?(?:cto|ceo|coo|cfo|vp|founder|co-?founder|engineer|manager|"
    r"designer|recruiter|director|head|developer|analyst|consultant|owner|researcher|scientist|professor)\b"
    r"[^,]{0,40}?\s(?:at|of|@)\s"
)
_NAME_END = re.compile(
    rf"(?<!\s)\s++(?=(?:met|introduced|works?|working|from|at|yesterday|today|last|on|via|through)\b|@\s|kind\s*:|(?:who|whom)\s+\w"
    rf"|#|{_ROLE_START}"
    rf"|{AMOUNT}\s+(?:minute|hour|day|week|month|year)s?\s+ago\b)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_NAME_STOP = re.compile(r"[,;:(\[]|\s[-–—]|[–—]")
LABELS = frozenset({"kind", "company", "role", "title", "email", "url", "phone", "where", "nickname", "tags", "notes",
                    "when"})
TIME_WORDS = frozenset({"again", "tonight", "today", "yesterday", "earlier", "recently", "just now", "this morning",
                        "this afternoon", "this evening", "last night", "earlier today", "this week", "last week",
                        "once more", "the other day"})
SAME_DAY = frozenset({"tonight", "today", "earlier today", "just now", "this morning", "this afternoon", "this evening"})
_WHO_I = re.compile(r"^(?:who|whom)\s+(?:i|we)\s+(?=met\b)", re.IGNORECASE)  # "Ben, who I met at…"
_LEFT_OVER = re.compile(r"^(?:(?:i|we)\s+)?met(?:\s+(?:on|at|in))?$", re.IGNORECASE)  # what "met 12 Nov" leaves
# "phone 555…": a label that starts its part goes with the detail; "met on LinkedIn linkedin.com/…" keeps LinkedIn
_LABEL = r"(?:(?:^|(?<=[,;\n]))\s*(?:phone|tel|mobile|cell|email|e-mail|link|url|linkedin|website)\.?\s*:?\s*)?"


@dataclass
class Capture:
    name: str
    met_on: datetime
    when_phrase: str = ""
    where: str = ""
    kind: str = "professional"
    kind_reason: str = ""
    company: str = ""
    role: str = ""
    email: str = ""
    url: str = ""
    phone: str = ""
    nickname: str = ""
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _without(text: str, found: str) -> str:
    """Take a detail out of the text, with the label before it ("phone", "email:") if there is one."""
    left = re.sub(rf"{_LABEL}{re.escape(found)}", "", text, count=1, flags=re.IGNORECASE)
    return re.sub(r"\(\s*\)", "", left)  # "PyCon (+44 …)" leaves no empty brackets


def _phone_digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def checked_detail(key: str, value: str) -> str:
    """An email, phone or link typed on its own (`edit`), checked the way `add` reads them; empty clears it."""
    value = value.strip()
    if not value or key not in ("email", "phone", "url"):
        return value
    if key == "email" and not _EMAIL.fullmatch(value):
        raise InputProblem(f"“{value}” doesn't look like an email address. Try one like `priya@example.com`.")
    if key == "phone" and not (_PHONE.fullmatch(value) and 7 <= _phone_digits(value) <= 15):
        raise InputProblem(f"“{value}” doesn't look like a phone number: 7 to 15 digits, like `+44 20 7946 0958`.")
    if key == "url" and not _LINK_FIELD.fullmatch(value):
        raise InputProblem(f"“{value}” doesn't look like a link. Try one like `https://linkedin.com/in/priya`.")
    return value


def split_name(text: str) -> tuple[str, str]:
    """The name ends at a comma, colon, bracket or a dash after a space (`Maria Lopez - recruiter`,
    `Emma Watson (the PM)`), or before the first word that starts the details (`Jo Kim met at…`).
    A dash inside a word stays: Mary-Jane is one name."""
    stop = _NAME_STOP.search(text)
    cut = stop.start() if stop else len(text)
    words = text[:cut].split()
    if stop and stop.group(0) == ":" and len(words) > 1 and words[-1].casefold() in LABELS:
        cut = text.rindex(words[-1], 0, cut)  # `Jo Kim company: Acme`: the label starts the details
    head, tail = _SPACES.sub(lambda run: "\n" if "\n" in run.group(0) else " ", text[:cut]), text[cut:]
    parts = _NAME_END.split(head, maxsplit=1)  # one space at a time: a long run of spaces can't make it slow
    if len(parts) == 2 and parts[0].strip():
        head, tail = parts[0], parts[1] + tail
    return head.strip(), tail.strip()


def _aside(rest: str) -> tuple[str, str]:
    """A bracketed part right after the name is a note about them, commas and all: (the PM, not the actress)."""
    if not rest.startswith(("(", "[")):
        return "", rest
    close = rest.find(")" if rest[0] == "(" else "]")
    if close < 0:
        return "", rest[1:]
    return " ".join(rest[1:close].split()), rest[close + 1:].lstrip(" ,;")


def _place(where: str) -> tuple[str, str]:
    """Split time words off the end of a place: "the Go meetup tonight", "the gym again" are when, not where."""
    words = where.split()
    when: list[str] = []
    while words:
        for size in (2, 1):
            tail = " ".join(words[-size:]).casefold()
            if len(words) > size and tail in TIME_WORDS:
                when[:0], words = words[-size:], words[:-size]
                break
        else:
            break
    return " ".join(words), " ".join(when)


def guess_kind(text: str, *, where: str = "") -> tuple[str, str]:
    """The kind of networking a meeting was, from where it happened first, then from the notes.

    Contact channels ("email", "dm") say how you met only as the place: "said to email her" is a
    to-do, not a sign the meeting was online.
    """
    for words, hints in ((where, KIND_HINTS), (text, NOTE_HINTS)):
        lowered = f" {words.casefold()} "
        for kind, kind_hints in hints.items():
            for hint in kind_hints:
                if re.search(rf"(?<!\w){re.escape(hint.strip())}(?!\w)", lowered):
                    return kind, hint.strip()
    return "professional", ""


def parse_kind(value: str) -> str:
    kind = value.casefold()
    if kind not in KINDS:
        raise InputProblem(f"`{value}` isn't a kind I know. Use one of: {', '.join(KINDS)}.")
    return kind


def parse_capture(text: str, now: datetime, tz: ZoneInfo) -> Capture:
    name_text, rest = split_name(text)
    capture = Capture(name=valid_name(name_text), met_on=now)
    aside, rest = _aside(rest)
    rest = rest.lstrip(" ,;:-–—")

    capture.tags = sorted({tag.casefold() for tag in _TAG.findall(rest)})
    rest = _TAG.sub("", rest)

    kind_match = _KIND.search(rest)
    if kind_match:
        capture.kind, capture.kind_reason = parse_kind(kind_match.group(1)), "you said so"
        rest = _KIND.sub("", rest)

    for key, value in _FIELD.findall(rest):
        key = {"title": "role"}.get(key.casefold(), key.casefold())
        setattr(capture, key, typed_place(value) if key == "where" else value.strip())
    rest = _FIELD.sub("", rest)

    email = _EMAIL.search(rest)
    if email and not capture.email:
        capture.email = email.group(0)
        rest = _without(rest, email.group(0))
    url = _URL.search(rest)
    if url and not capture.url:
        capture.url = url.group(0).rstrip(".,)")
        rest = _without(rest, url.group(0))

    moment, phrase = find_past(rest, now, tz)
    if moment is not None:
        capture.met_on, capture.when_phrase = moment, phrase
        rest = rest.replace(phrase, "", 1)

    phone = _PHONE.search(rest)
    if phone and not capture.phone and 7 <= _phone_digits(phone.group(0)) <= 15:  # E.164 allows 15
        number = phone.group(0)
        if number.startswith("(") and ")" not in number:  # "(+44 20 …)": the brackets wrap it
            number = number[1:]
        capture.phone = number.strip()
        rest = _without(rest, number)

    notes: list[str] = []
    segments = [" ".join(raw.split()).strip(" .") for raw in re.split(r"[,;\n]", rest)]
    while segments:
        segment = _WHO_I.sub("", segments.pop(0))
        if not segment or _LEFT_OVER.match(segment):
            continue
        met = _MET.search(segment)
        if met and met.group("how") and _WHEN_NOT_WHERE.match(f"{met.group('how')} {met.group('where')}"):
            met = None
        if met and not capture.where:
            place, when = _place((met.group("where") or "").strip(" ."))
            how = "through" if met.group("by") else met.group("how") or ""
            capture.where = stored_place(f"{how} {place}") if how else met.group("online").casefold()
            capture.when_phrase = capture.when_phrase or (when if when.casefold() in SAME_DAY else "")
            segments.insert(0, (segment[: met.start()] + segment[met.end():]).strip(" ."))  # "CTO at Acme met at…"
            continue
        works = _WORKS_AT.search(segment)
        if works and not capture.company:
            capture.company = works.group("company").strip(" .")
            capture.role = capture.role or (works.group("role") or "").strip(" .")
            continue
        moved = _NOW_AT.match(segment)
        if moved and not capture.company:
            capture.company = moved.group("company").strip(" .")
            continue
        role_at = _ROLE_AT.match(segment) or _LEADS.match(segment)
        if role_at and not capture.company and not segment.casefold().startswith(("met", "works on")):
            capture.role = capture.role or role_at.group("role").strip()
            capture.company = role_at.group("company").strip(" .")
            continue
        notes.append(segment)
    capture.notes = [aside, *notes] if aside else notes

    if not kind_match:
        capture.kind, capture.kind_reason = guess_kind(" ".join([*notes, *capture.tags]), where=capture.where)
    return capture


def add_from_fields(values: Mapping[str, str], now: datetime, tz: ZoneInfo) -> tuple[str | None, dict[str, str]]:
    """An `add` command from a form's fields (name, when, where, kind, notes, tags), or what is wrong, by field.

    A form is another way to type `add …`, so it becomes the same text; only what the typed grammar
    would misread (a comma in a name, a day it can't read) is caught here, on the field it belongs to.
    """
    errors: dict[str, str] = {}
    name = values.get("name", "")
    try:
        name = valid_name(name)
        head, tail = split_name(name)
        if "," in name or ";" in name:
            errors["name"] = "Leave commas out of the name; the other fields have room for the rest."
        elif tail:
            errors["name"] = f"I'd read only “{head}” as the name. Put the rest in “Where” or “What you talked about”."
    except InputProblem as problem:
        errors["name"] = str(problem)
    where = values.get("where", "")
    if "," in where:
        errors["where"] = "Write the place without commas, like “PyCon Berlin”."
    when = values.get("when", "")
    if when and find_past(when, now, tz)[0] is None:
        errors["when"] = "I couldn't read that as a day that has passed. Try “yesterday”, “3 days ago” or “12 Nov”."
    kind = values.get("kind", "")
    if kind and kind not in KINDS:
        errors["kind"] = f"Pick one of: {', '.join(KINDS)}."
    tags = [tag.lstrip("#") for tag in re.split(r"[,\s]+", values.get("tags", "")) if tag.strip("#")]
    if any(not _FIELD_TAG.match(tag) for tag in tags):
        errors["tags"] = "Tags are single words (letters, digits, dashes), up to 40 characters each."
    if errors:
        return None, errors
    notes = "; ".join(line.strip() for line in values.get("notes", "").splitlines() if line.strip())
    parts = [name, when, f"where: {where}" if where else "", f"kind: {kind}" if kind else "", notes,
             " ".join(f"#{tag}" for tag in tags)]
    return "add " + ", ".join(part for part in parts if part), {}
