"""Read contacts people bring from elsewhere: LinkedIn exports, phone vCards, spreadsheets, our own exports.

Everything here is a pure function of the uploaded bytes, so a bad upload can never touch
stored data: the engine decides what to keep. A file that is structurally broken as a whole
(a CSV whose rows run together) is refused with a message that says where, because a partial
import of a broken table is hard to notice. A vCard file is a list of separate cards, so one
bad card is skipped with its reason and the rest come in. Every email, phone and link a card
or row holds is kept: the first is the primary one, the rest are "others".
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coaching.core.records import other_field
from coaching.core.text import InputProblem
from coaching.people.capture import KINDS, checked_detail
from coaching.people.keep_in_touch import MAX_DAYS
from coaching.people.merging import MULTI
from coaching.people.records import IMPORTED, MET_ON_UNKNOWN

if TYPE_CHECKING:  # vobject loads only when a vCard is read: most commands never need it
    import vobject

MAX_IMPORT_BYTES = 5 * 1024 * 1024

_MB = 1024 * 1024
_HEADER_SEARCH_ROWS = 20
_MAX_DETAIL = 120
_SEPARATOR_NAMES = {",": "a comma", ";": "a semicolon", "\t": "a tab", "|": "a vertical bar"}
_SNIFF_BYTES = 64 * 1024
MULTI_VALUE = " ::: "  # Google Contacts' separator for several values in one cell; our CSV export uses it too
_MULTI_SPLIT = re.compile(re.escape(MULTI_VALUE))
_GOOGLE_SYSTEM_LABEL = "* "  # Google's own groups ("* myContacts", "* starred") say nothing about the person
_SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".numbers", ".ods", ".zip")
_VCARD_SUFFIXES = (".vcf", ".vcard")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_VCARD_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*BEGIN:VCARD[ \t]*(?:\r|\n|\Z)", re.IGNORECASE)
_VCARD_LINE_END = re.compile(rb"\r*\n|\r")  # iPhones write \r\r\n; old Macs write \r
# Properties we never read and that carry bulky or non-standard values (photos, keys, sounds, Lotus's PROFILE).
_VCARD_DROPPED = frozenset({b"PHOTO", b"LOGO", b"SOUND", b"KEY", b"PROFILE", b"AGENT"})
_VCARD_KEPT_PARAMS = frozenset({b"TYPE", b"PREF", b"VALUE", b"ENCODING"})
_ESCAPE_OR_COMMA = re.compile(r"\\.|,", re.DOTALL)
# A property's name and parameters up to its colon, where a quoted value may hold ":" and escaped quotes.
_QUOTED_HEAD = re.compile(rb'(?:[^":]|"(?:[^"\\]|\\.)*")*', re.DOTALL)
_AGENT_START = re.compile(rb"(?:[^:;]*\.)?AGENT(?:;[^:]*)?:")  # vCard 2.1: the agent's card follows
_COMMA_LISTS = frozenset({b"N", b"ADR", b"CATEGORIES", b"NICKNAME"})  # where a comma separates values
_FORMULA_GUARD = re.compile(r"'+[=+\-@]")
# Our own vCard properties: phones ignore X- properties, and our import reads them back.
MET_AT_PROP, MET_ON_PROP, KIND_PROP = "x-coach-met-at", "x-coach-met-on", "x-coach-kind"
DEPARTMENT_NOTE = "Department: "  # a card's organisational units have no field of their own: a note keeps them
# Properties that hold links: URL, and the social profiles (LinkedIn, Twitter, ...) Apple's apps write.
_VCARD_LINK_PROPS = ("url", "x-socialprofile")
_UNPREFERRED = 101  # after any PREF=1..100
_HEADER_NOISE = re.compile(r"[\s_\-.]+")
_DATE_FORMATS = (
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d-%b-%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)

# Header spellings (normalised by _normalise_header) for each field, most specific first: when a file
# has several, the first non-empty one wins. Outlook's "Title" is an honorific, so "job title" outranks it.
_FIELD_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "fullname", "display name", "contact name", "contact"),
    "first": ("first name", "firstname", "given name", "first"),
    "last": ("last name", "lastname", "surname", "family name", "last"),
    "company": (
        "company",
        "company name",
        "organization",
        "organisation",
        "organization name",
        "organization 1 name",
        "org",
        "employer",
    ),
    "role": ("job title", "role", "position", "organization title", "organization 1 title", "title", "job"),
    "email": (
        "email",
        "e mail",
        "email address",
        "e mail address",
        "e mail 1 value",
        "email 1 value",
        "mail",
    ),
    "url": (
        "url",
        "linkedin",
        "linkedin url",
        "profile",
        "profile url",
        "website",
        "website 1 value",
        "web",
        "link",
    ),
    "notes": ("notes", "note", "comments"),
    "tags": ("tags", "tag", "labels", "categories", "group membership"),
    "met_on": ("met on", "met", "date met", "connected on", "connected", "date"),
    "met_at": ("met at", "where met", "where", "event"),
    "kind": ("kind",),
    "ref": ("coach id",),
    "phone": (
        "phone",
        "phone number",
        "mobile",
        "mobile phone",
        "phone 1 value",
        "telephone",
        "tel",
        "cell",
        "business phone",
        "home phone",
    ),
}
_HEADER_RANKS: dict[str, tuple[str, int]] = {
    alias: (field, rank) for field, aliases in _FIELD_HEADERS.items() for rank, alias in enumerate(aliases)
}
_LINKEDIN_HEADERS = frozenset({"first name", "last name", "connected on"})
# Any other column that holds an email, phone or link (Outlook's "E-mail 2 Address", Thunderbird's
# "Secondary Email" and "Mobile Number", Google's "Phone 3 - Value"): read after the ranked ones.
# Labels, types and display names describe a value without being one.
_MULTI_FIELDS = {
    "email": re.compile(r"\b(?:e ?mail|mail)\b"),
    "phone": re.compile(r"\b(?:phone|mobile|tel|telephone|cell|pager|fax)\b"),
    "url": re.compile(r"\b(?:url|web ?page|website|web|homepage|home page|linkedin)\b"),
}
_NOT_A_VALUE = re.compile(r"\b(?:type|label|display|format|name|custom)\b")
# What a coach export's contact may say about its history (see `_history`).
_HISTORY_TIMES = ("met_on", "created", "last_contact")
_SOURCES = ("chat", IMPORTED)
_FILE_FORMATS = ("linkedin", "vcard", "csv", "json")
_FOLLOWUP_STATUSES = ("open", "done")


class ImportProblem(ValueError):
    """A file we refuse to import. `str(problem)` is written for the person who uploaded it."""


@dataclass(frozen=True)
class ImportedContact:
    """One person read from a file, before the engine decides whether they are new."""

    name: str
    company: str = ""
    role: str = ""
    email: str = ""
    url: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    met_on: date | None = None
    source: str = "csv"
    phone: str = ""
    met_at: str = ""
    kind: str = ""  # one of `KINDS`, or empty when the file doesn't say
    other_emails: tuple[str, ...] = ()
    other_phones: tuple[str, ...] = ()
    other_urls: tuple[str, ...] = ()
    ref: str = ""  # the coach's own id for this person, when the file is one of our exports
    # From one of our JSON exports: the person's history with the user as stored (every note with its date,
    # last contact, follow-up, nickname, rhythm, ...), each key checked; empty for any other file.
    history: dict[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("An imported contact needs a name.")


@dataclass(frozen=True)
class ImportResult:
    """What a file held: the people, and the rows left out with the reason, so the user can fix them."""

    contacts: tuple[ImportedContact, ...]
    skipped: tuple[tuple[int, str], ...]
    format: str

    @property
    def unit(self) -> str:
        """What one numbered entry of this file is called: a vCard file has cards, a CSV rows."""
        return {"vcard": "card", "json": "contact"}.get(self.format, "row")


def _address_name(email: str) -> str:
    """A card or row with no name but an email is named after the address, so the email isn't lost."""
    try:
        return checked_detail("email", email)
    except InputProblem:
        return ""


def _contact(name: str, multi: dict[str, tuple[str, tuple[str, ...]]], **fields: Any) -> ImportedContact | None:
    """The person a card, row or export entry holds, or None with no name and no email to name them by.
    `multi` is each email, phone and link as (primary, others), from `_split_values`."""
    name = name or _address_name(multi["email"][0])
    if not name:
        return None
    for key, (primary, others) in multi.items():
        fields[key], fields[other_field(key)] = primary, others
    return ImportedContact(name=name, **fields)


def _split_values(values: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """(primary, others): every distinct value in order, the first being the primary."""
    unique = _unique(values)
    return (unique[0] if unique else ""), unique[1:]

def read_contacts(data: bytes, filename: str = "") -> ImportResult:
    """Read a LinkedIn Connections.csv, a vCard file or a CSV with a name column.

    Raises ImportProblem, and nothing else, for anything that is not a readable contact file.
    """
    if len(data) > MAX_IMPORT_BYTES:
        size = math.ceil(len(data) * 10 / _MB) / 10
        raise ImportProblem(f"The file is {size:.1f} MB; the limit is {MAX_IMPORT_BYTES // _MB} MB.")
    if _VCARD_START.match(data) and b"\x00" not in data:
        return _read_vcards(data)
    text = _decode(data, filename)
    if not text.strip():
        raise ImportProblem("The file is empty, so there was nobody to import.")
    if _VCARD_START.match(text.encode("utf-8")):  # a UTF-16 vCard
        return _read_vcards(text.encode("utf-8"))
    if filename.lower().endswith(_VCARD_SUFFIXES):
        raise ImportProblem(
            "This file is named like a vCard but doesn't start with BEGIN:VCARD, so I can't read it."
        )
    if text.lstrip().startswith("{"):
        return _read_json(text)
    return _read_csv(text)


def _parse_date(value: str) -> date | None:
    """Best-effort date: a wrong or ambiguous date should cost the date, never the contact."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    slash_dates = set()
    for fmt in ("%m/%d/%Y", "%d/%m/%Y", "%m/%d/%y", "%d/%m/%y"):
        try:
            slash_dates.add(datetime.strptime(value, fmt).date())
        except ValueError:
            continue
    return slash_dates.pop() if len(slash_dates) == 1 else None


def _decode(data: bytes, filename: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(_binary_message(data, filename)) from None
        if "\x00" in text:
            raise ImportProblem(_binary_message(data, filename))
        return text
    if b"\x00" in data:
        bom_less = _utf16_without_bom(data)
        if bom_less is None or "\x00" in bom_less:
            raise ImportProblem(_binary_message(data, filename))
        return bom_less
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if _CONTROL_BYTES.search(data):
        raise ImportProblem(_binary_message(data, filename))
    # Not UTF-8 but plainly text: most likely a spreadsheet saved on Windows (cp1252), else Latin-1.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _utf16_without_bom(data: bytes) -> str | None:
    """Some Windows tools write UTF-16 with no byte order mark: text whose every other byte is zero."""
    if len(data) % 2:
        return None
    even_zeros, odd_zeros = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd_zeros >= half * 0.3 and even_zeros == 0:
        encoding = "utf-16-le"
    elif even_zeros >= half * 0.3 and odd_zeros == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _binary_message(data: bytes, filename: str) -> str:
    message = "This looks like a binary file, not CSV or vCard."
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(_SPREADSHEET_SUFFIXES):
        message += " If it's a spreadsheet, save it as CSV (UTF-8) and send me that instead."
    return message


# vCard


@dataclass(frozen=True)
class _Card:
    number: int
    line: int  # where it starts, as a text editor numbers lines
    text: str | None  # normalised for vobject; None when the card never ended
    problem: str = ""


def _read_vcards(data: bytes) -> ImportResult:
    import vobject

    contacts: list[ImportedContact] = []
    skipped: list[tuple[int, str]] = []
    for card in _split_cards(data):
        if card.text is None:
            skipped.append((card.number, f"it has no END:VCARD line (it starts on line {card.line})"))
            continue
        try:
            component = vobject.readOne(card.text)
        except Exception as exc:  # vobject raises ParseError, but also ValueError, KeyError, ... on junk
            skipped.append((card.number, _card_problem(card, exc)))
            continue
        contact = _contact_from_card(component)
        if contact is None:
            skipped.append((card.number, "no name (the card has no FN, N or email)"))
        else:
            contacts.append(contact)
    if not contacts and not skipped:
        raise ImportProblem("The file starts like a vCard but holds no BEGIN:VCARD ... END:VCARD card.")
    return ImportResult(tuple(contacts), tuple(skipped), "vcard")


def _split_cards(data: bytes) -> Iterator[_Card]:
    """Each BEGIN:VCARD ... END:VCARD block, unfolded and cleaned into lines vobject reads.

    Apps write vCards vobject chokes on: \\r\\r\\n line ends, quoted-printable values with soft breaks
    (vCard 2.1), values in a CHARSET other than UTF-8, parameters with quoted colons, base64 photos,
    a PROFILE line. Each line is rewritten into plain vCard 3.0 form; the card structure, escapes,
    groups and values are left to vobject.
    """
    number = start = nested = 0
    lines: list[str] | None = None
    after_agent = False
    for line_number, raw in _logical_lines(data):
        upper = raw.strip().upper()
        if nested:  # a vCard 2.1 AGENT's own card, inside this one: not a contact of its own
            nested += {b"BEGIN:VCARD": 1, b"END:VCARD": -1}.get(upper, 0)
        elif upper == b"BEGIN:VCARD" and after_agent:
            nested = 1
        elif upper == b"BEGIN:VCARD":
            if lines is not None:
                yield _Card(number, start, None)
            number += 1
            start, lines = line_number, ["BEGIN:VCARD"]
        elif lines is None:
            continue
        elif upper == b"END:VCARD":
            lines.append("END:VCARD")
            yield _Card(number, start, "\r\n".join(lines) + "\r\n")
            lines = None
        elif (clean := _clean_line(raw)) is not None:
            lines.append(clean)
        after_agent = lines is not None and _AGENT_START.fullmatch(upper) is not None
    if lines is not None:
        yield _Card(number, start, None)


def _logical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(first line number, content line): folded lines joined, quoted-printable soft breaks undone.
    Pieces are joined once per line, so a photo folded over thousands of lines costs linear time."""
    parts: list[bytes] = []
    first = 0
    soft_break = False
    for number, line in enumerate(_VCARD_LINE_END.split(data), 1):
        if parts and soft_break:
            parts[-1] = parts[-1][:-1]  # the "=" that marked the soft break
            if not line.strip():  # Android ends a soft-broken value with an empty line
                soft_break = False
                continue
            parts.append(line.lstrip(b" \t"))
            soft_break = line.endswith(b"=")
            continue
        if parts and line[:1] in (b" ", b"\t"):
            parts.append(line[1:])
            continue
        if parts:
            yield first, b"".join(parts)
            parts = []
        if line.strip():
            parts, first = [line], number
            soft_break = line.endswith(b"=") and _is_quoted_printable(line)
    if parts:
        joined = b"".join(parts)
        yield first, joined.rstrip(b"=") if soft_break else joined


def _is_quoted_printable(line: bytes) -> bool:
    head, _, _ = _split_property(line)
    return b"QUOTED-PRINTABLE" in head.upper()


def _split_property(line: bytes) -> tuple[bytes, bytes, bool]:
    """(name and parameters, value, found a colon), honouring quoted parameter values (Evolution's hold colons)."""
    colon = line.find(b":")
    if colon < 0:
        return line, b"", False
    if b'"' in line[:colon] and (head := _QUOTED_HEAD.match(line)) and line[head.end() : head.end() + 1] == b":":
        colon = head.end()
    return line[:colon], line[colon + 1 :], True


def _clean_line(line: bytes) -> str | None:
    """One content line in the form vobject reads, or None for a property we skip (photos and the like)."""
    head, value, has_value = _split_property(line)
    if not has_value:  # not a property at all: keep it, so the card is reported with this line
        return line.decode("utf-8", errors="replace")
    name, *params = _split_params(head)
    if name.rpartition(b".")[2].upper() in _VCARD_DROPPED:
        return None
    kept: list[bytes] = []
    charset = "utf-8"
    quoted_printable = False
    for param in params:
        key, equals, param_value = param.partition(b"=")
        key = key.strip().upper()
        if not equals:  # vCard 2.1 writes bare types: TEL;CELL;PREF
            key, param_value = (b"ENCODING", key) if key in (b"QUOTED-PRINTABLE", b"BASE64", b"B") else (b"TYPE", key)
        if key == b"CHARSET":
            charset = param_value.strip(b'"').decode("ascii", errors="replace")
        elif key == b"ENCODING" and param_value.upper() == b"QUOTED-PRINTABLE":
            quoted_printable = True
        elif key == b"ENCODING" and param_value.upper() not in (b"B", b"BASE64"):
            continue  # 8BIT and 7BIT say the value is plain text, which vobject assumes anyway
        elif key in _VCARD_KEPT_PARAMS:
            kept.append(key + b"=" + param_value)
    if name.upper() == b"VERSION":
        value = b"3.0" if value.strip() == b"2.1" else value  # its lines are rewritten into 3.0 form below
    text = _decode_value(quopri.decodestring(value) if quoted_printable else value, charset)
    text = _escapes(text, commas_separate=name.rpartition(b".")[2].upper() in _COMMA_LISTS)
    if quoted_printable:  # decoded line breaks must become vCard's escaped ones
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    params_text = "".join(";" + param.decode("ascii", errors="replace") for param in kept)
    return f"{name.decode('ascii', errors='replace')}{params_text}:{text}"


def _escapes(text: str, *, commas_separate: bool) -> str:
    """Escapes as vobject needs them. vCard 2.1 apps and Gmail leave commas in text unescaped, and vobject
    would keep only the text before the first one ("Mr. John Richter, James" becomes "Mr. John Richter");
    Apple and Google write `http\\://` and `Color\\: Blue`, an escape vCard doesn't have, so vobject
    would keep the backslash. An escaped backslash before a comma or colon is left as written."""

    def fix(match: re.Match[str]) -> str:
        if match[0] == ",":
            return "," if commas_separate else "\\,"
        return ":" if match[0] == "\\:" else match[0]

    return _ESCAPE_OR_COMMA.sub(fix, text)


def _split_params(head: bytes) -> list[bytes]:
    """The name and each parameter; a semicolon inside a quoted parameter value doesn't split."""
    parts, quoted, start = [], False, 0
    for index, byte in enumerate(head):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3B and not quoted:  # ;
            parts.append(head[start:index])
            start = index + 1
    return [*parts, head[start:]]


def _decode_value(value: bytes, charset: str) -> str:
    """A value in the CHARSET its line names (Japanese phones write SHIFT_JIS), else UTF-8, else Windows-1252."""
    for encoding in (charset, "utf-8"):
        try:
            return value.decode(encoding)
        except (LookupError, ValueError):  # an unknown or malformed CHARSET name, or bytes not in it
            continue
    return value.decode("cp1252", errors="replace")


def _card_problem(card: _Card, exc: Exception) -> str:
    """vobject's messages carry its own line numbers; say which card instead."""
    detail = re.sub(r"^At line \d+: ", "", str(exc).strip()).rstrip(".") or type(exc).__name__
    detail = re.sub(
        r"^Failed to parse line: (.*)", r"this line isn't a vCard property: “\1”", detail, flags=re.S
    )
    if len(detail) > _MAX_DETAIL:
        detail = detail[: _MAX_DETAIL - 2] + "…”"
    return f"couldn't be read: {detail} (the card starts on line {card.line})"



def _tel_uri(value: str) -> str:
    """vCard 4.0 writes a phone as a `tel:` URI; the number is what follows (a bare `tel:` is kept as written)."""
    number = value.removeprefix("tel:")
    return number if number.strip() else value

def _contact_from_card(card: vobject.base.Component) -> ImportedContact | None:
    def values(*props: str) -> list[str]:
        lines = [line for prop in props for line in card.contents.get(prop, [])]
        lines.sort(key=_preference)
        return [text for line in lines if (text := _card_text(line.value, ", "))]

    def first(*props: str) -> str:
        return next(iter(values(*props)), "")

    multi = {
        "email": _split_values(values("email")),
        "phone": _split_values(_tel_uri(value) for value in values("tel")),
        "url": _split_values(values(*_VCARD_LINK_PROPS)),
    }
    tags: list[str] = []
    for line in card.contents.get("categories", []):
        items = line.value if isinstance(line.value, list) else [line.value]
        tags.extend(part for item in items for part in str(item).split(","))  # a tag never holds a comma
    company, units = _organisation(card.contents.get("org", []))
    notes = (_card_text(line.value, "\n") for line in card.contents.get("note", []))
    return _contact(
        first("fn") or first("n"),
        multi,
        company=company,
        role=first("title", "role"),
        notes="\n".join(filter(None, (f"{DEPARTMENT_NOTE}{units}" if units else "", *notes))),
        tags=_unique(tags),
        source="vcard",
        met_on=_parse_date(first(MET_ON_PROP)),
        met_at=first(MET_AT_PROP),
        kind=_kind(first(KIND_PROP)),
        ref=first("uid"),
    )


def _organisation(lines: list[vobject.base.ContentLine]) -> tuple[str, str]:
    """(company, department): ORG is the organisation's name, then its units (`ORG:Stripe;Payments`)."""
    for line in sorted(lines, key=_preference):
        parts = line.value if isinstance(line.value, list) else [line.value]
        names = [text for part in parts if (text := _card_text(part, ", "))]
        if names:
            return names[0], ", ".join(names[1:])
    return "", ""


def _preference(line: vobject.base.ContentLine) -> int:
    """vCard 4.0's PREF=1 (most preferred) to 100, or 3.0's TYPE=pref as 1; unmarked values come last."""
    for value in line.params.get("PREF", []):
        if str(value).strip().isdigit():
            return int(str(value).strip())
    types = line.params.get("TYPE", [])
    marked = any(part.strip().lower() == "pref" for value in types for part in str(value).split(","))
    return 1 if marked or "PREF" in line.params else _UNPREFERRED


def _card_text(value: object, joiner: str) -> str:
    """vobject hands back str, lists (ORG), Name objects (N) or bytes (base64); people want a string."""
    from vobject.vcard import Name

    if isinstance(value, Name):
        parts = (value.prefix, value.given, value.additional, value.family, value.suffix)
        return " ".join(filter(None, (_card_text(part, " ") for part in parts)))
    if isinstance(value, list | tuple):
        return joiner.join(filter(None, (_card_text(part, joiner) for part in value)))
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").strip()
    return str(value).strip()


# JSON (our own export)


def _read_json(text: str) -> ImportResult:
    """The coach's own `export`: its contacts come back with every detail the CSV and vCard also carry."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ImportProblem(f"This looks like JSON but couldn't be read ({exc}).") from None
    people = document.get("contacts") if isinstance(document, dict) else None
    if not isinstance(people, list):
        raise ImportProblem("This JSON file isn't a networking-coach export: it has no list of contacts.")
    contacts: list[ImportedContact] = []
    skipped: list[tuple[int, str]] = []
    zone = _export_zone(document)
    for number, person in enumerate(people, 1):
        contact = _contact_from_json(person, zone) if isinstance(person, dict) else None
        if contact is None:
            skipped.append((number, "no name"))
        else:
            contacts.append(contact)
    return ImportResult(tuple(contacts), tuple(skipped), "json")


def _export_zone(document: dict) -> tzinfo:
    """The exporting user's time zone, so a meeting keeps the date they saw (times are stored in UTC)."""
    profiles = document.get("profile")
    profile = profiles[0] if isinstance(profiles, list) and profiles and isinstance(profiles[0], dict) else {}
    try:
        return ZoneInfo(str(profile.get("tz") or "UTC"))
    except (ValueError, ZoneInfoNotFoundError):
        return UTC


def _local_date(value: str, zone: tzinfo) -> date | None:
    try:
        moment = datetime.fromisoformat(value)
        return (moment.astimezone(zone) if moment.tzinfo else moment).date()
    except (ValueError, OverflowError):  # year 1 moved back across midnight leaves the calendar
        return None


def _contact_from_json(person: dict, zone: tzinfo) -> ImportedContact | None:
    def text(key: str) -> str:
        value = person.get(key)
        return value.strip() if isinstance(value, str) else ""

    def texts(key: str) -> list[str]:
        value = person.get(key)
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    multi = {key: _split_values([text(key), *texts(other_field(key))]) for key in MULTI}
    notes = person.get("notes")
    notes = [note for note in map(_note_doc, notes if isinstance(notes, list) else []) if note]
    met_on = None if person.get(MET_ON_UNKNOWN) else _local_date(text("met_on"), zone)
    history = _history(person, notes) if text("id") else {}
    return _contact(
        text("name"),
        multi,
        company=text("company"),
        role=text("role"),
        notes="" if history else "\n".join(note["text"] for note in notes),
        tags=_unique(texts("tags")),
        met_on=met_on,
        source="json",
        met_at=text("met_at"),
        kind=_kind(text("kind")),
        ref=text("id"),
        history=history,
    )


def _history(person: dict, notes: list[dict]) -> dict[str, Any]:
    """The person's history with the user as the export stored it, so moving to a new account keeps it:
    each note with its date, when you met and were last in touch, the follow-up, how they came in.
    A value that isn't what the coach stores there is left out, and the person gets the import's default."""
    history: dict[str, Any] = {"notes": notes}
    for key in _HISTORY_TIMES:
        if _is_moment(person.get(key)):
            history[key] = person[key]
    if person.get(MET_ON_UNKNOWN) is True:
        history[MET_ON_UNKNOWN] = True
    if person.get("source") in _SOURCES:  # how they came in; without it, they come in as any import does
        history["source"] = person["source"]
        history["imported_from"] = person["imported_from"] if person.get("imported_from") in _FILE_FORMATS else None
        history["reconnect_queue"] = person.get("reconnect_queue") is True
    nickname, rhythm = person.get("nickname"), person.get("rhythm_days")
    if isinstance(nickname, str) and nickname.strip():
        history["nickname"] = nickname.strip()
    if type(rhythm) is int and 1 <= rhythm <= MAX_DAYS:
        history["rhythm_days"] = rhythm
    history["followup"] = _followup_doc(person.get("followup"))
    return history


def _is_moment(value: object) -> bool:
    """An ISO 8601 time with an offset, as the coach stores every time."""
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _note_doc(value: object) -> dict[str, Any] | None:
    """A stored note with text; an old note that is a bare string keeps its text, a bad date is dropped."""
    doc = value if isinstance(value, dict) else {"text": value}
    text = doc.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    note: dict[str, Any] = {"at": doc["at"]} if _is_moment(doc.get("at")) else {}
    note["text"] = text
    if isinstance(doc.get("logged"), bool):
        note["logged"] = doc["logged"]
    return note


def _followup_doc(value: object) -> dict[str, Any] | None:
    """The first follow-up as stored, or None (no follow-up) when there is none or it isn't one."""
    if not isinstance(value, dict) or value.get("status") not in _FOLLOWUP_STATUSES:
        return None
    times = ("due", "overdue", "done_at")
    if not all(_is_moment(value[key]) for key in times if value.get(key) is not None):
        return None
    doc = {key: value[key] for key in ("status", *times) if value.get(key) is not None}
    if isinstance(value.get("on_time"), bool):
        doc["on_time"] = value["on_time"]
    if type(value.get("snoozed")) is int and value["snoozed"] >= 0:
        doc["snoozed"] = value["snoozed"]
    return doc


# CSV


@dataclass(frozen=True)
class _Header:
    delimiter: str
    columns: dict[str, tuple[int, ...]]
    width: int
    linkedin: bool
    multi: dict[str, tuple[int, ...]]  # every column holding an email, phone or link: ranked ones first


def _read_csv(text: str) -> ImportResult:
    for delimiter in _delimiters(text):
        reader = _rows(text, delimiter)
        header = _find_header(reader, delimiter)
        if header is not None:
            return _read_csv_rows(reader, header)
    raise ImportProblem(
        "I couldn't find a header row with a name column. Expected LinkedIn's "
        "'First Name,Last Name,...' or a CSV with a 'name' column."
    )


def _delimiters(text: str) -> list[str]:
    """Every delimiter we know, the one csv.Sniffer guesses from the start of the file first."""
    try:
        guess = csv.Sniffer().sniff(text[:_SNIFF_BYTES], delimiters="".join(_SEPARATOR_NAMES)).delimiter
    except csv.Error:
        guess = ","
    return [guess, *(delimiter for delimiter in _SEPARATOR_NAMES if delimiter != guess)]


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """(row number as a spreadsheet shows it, first line in a text editor, cells)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = 0
    while True:
        row += 1
        line = reader.line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise ImportProblem(_csv_problem(row, line, str(exc))) from exc
        if cells is None:
            return
        yield row, line, cells


def _csv_problem(row: int, line: int, detail: str) -> str:
    where = _where(row, line)
    if "end of data" in detail:
        return f"{where} opens a double quote that never closes, so the rest of the file runs together."
    if "expected after" in detail:
        return (
            f"{where} has a stray double quote. A value with quotes inside must be wrapped in double "
            'quotes, with each inner quote doubled ("").'
        )
    if "field larger than field limit" in detail:
        return f"{where} has a value over {csv.field_size_limit():,} characters, too long for a contact."
    return f"{where} couldn't be read as CSV ({detail})."


def _where(row: int, line: int) -> str:
    return f"Row {row}" if row == line else f"Row {row} (line {line})"


def _find_header(reader: Iterator[tuple[int, int, list[str]]], delimiter: str) -> _Header | None:
    try:
        for row, _line, cells in reader:
            names = [_normalise_header(cell) for cell in cells]
            ranked: dict[str, list[tuple[int, int]]] = {}
            for index, header in enumerate(names):
                if header in _HEADER_RANKS:
                    field, rank = _HEADER_RANKS[header]
                    ranked.setdefault(field, []).append((rank, index))
            if ranked.keys() & {"name", "first", "last"}:
                columns = {field: tuple(index for _, index in sorted(pairs)) for field, pairs in ranked.items()}
                return _Header(
                    delimiter=delimiter,
                    columns=columns,
                    width=len(cells),
                    linkedin=set(names) >= _LINKEDIN_HEADERS,
                    multi={key: _multi_columns(key, names, columns.get(key, ())) for key in MULTI},
                )
            if row >= _HEADER_SEARCH_ROWS:
                return None
    except ImportProblem:
        # With the wrong delimiter guess, quoting can look broken; the caller tries the next one.
        return None
    return None


def _multi_columns(key: str, names: list[str], ranked: tuple[int, ...]) -> tuple[int, ...]:
    others = (
        index for index, name in enumerate(names)
        if index not in ranked and _MULTI_FIELDS[key].search(name) and not _NOT_A_VALUE.search(name)
    )
    return (*ranked, *others)


def _normalise_header(cell: str) -> str:
    return _HEADER_NOISE.sub(" ", cell.strip().strip("\"'#*:").lower()).strip()


def _read_csv_rows(reader: Iterable[tuple[int, int, list[str]]], header: _Header) -> ImportResult:
    source = "linkedin" if header.linkedin else "csv"
    contacts: list[ImportedContact] = []
    skipped: list[tuple[int, str]] = []
    for row, line, cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        cells = _fit(cells, header.width)
        if len(cells) != header.width:
            hint = ""
            if len(cells) > header.width:
                separator = _SEPARATOR_NAMES[header.delimiter]
                hint = f" A value containing {separator} must be wrapped in double quotes."
            fields = f"{len(cells)} field{'' if len(cells) == 1 else 's'}"
            raise ImportProblem(f"{_where(row, line)} has {fields} but the header has {header.width}.{hint}")

        def get(field: str, cells: list[str] = cells) -> str:
            for index in header.columns.get(field, ()):
                if value := _unguard(cells[index]).strip():
                    return value
            return ""

        multi = {
            key: _split_values(
                part for index in header.multi[key] for part in _MULTI_SPLIT.split(_unguard(cells[index]).strip())
            )
            for key in MULTI
        }
        contact = _contact(
            get("name") or " ".join(filter(None, (get("first"), get("last")))),
            multi,
            company=get("company"),
            role=get("role"),
            notes=get("notes"),
            tags=_split_tags(get("tags")),
            met_on=_parse_date(get("met_on")),
            source=source,
            met_at=get("met_at"),
            kind=_kind(get("kind")),
            ref=get("ref"),
        )
        if contact is None:
            reason = "no name"
            if header.linkedin:
                reason += " (LinkedIn leaves names out for members who hide them)"
            skipped.append((row, reason))
        else:
            contacts.append(contact)
    return ImportResult(tuple(contacts), tuple(skipped), source)


def _fit(cells: list[str], width: int) -> list[str]:
    """Thunderbird and Outlook end rows with an extra empty field; empty cells past the header are no data."""
    if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
        return cells[:width]
    return cells


def _kind(value: str) -> str:
    return value.casefold() if value.casefold() in KINDS else ""


def _unguard(value: str) -> str:
    """Undo the apostrophe the exporter puts before =, +, - and @ to stop spreadsheets running formulas."""
    return value[1:] if _FORMULA_GUARD.match(value) else value


def _split_tags(value: str) -> tuple[str, ...]:
    if MULTI_VALUE in value or value.startswith(_GOOGLE_SYSTEM_LABEL):  # Google: "* myContacts ::: Friends"
        parts = [part for part in value.split(MULTI_VALUE) if not part.startswith(_GOOGLE_SYSTEM_LABEL)]
    elif ";" in value:
        parts = value.split(";")
    elif "," in value:
        parts = value.split(",")
    elif "#" in value:
        parts = value.split()
    else:
        parts = [value]
    return _unique(part.strip().lstrip("#").strip() for part in parts)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))
