"""Read contacts people bring from elsewhere: LinkedIn exports, phone vCards, spreadsheets.

Everything here is a pure function of the uploaded bytes, so a bad upload can never touch
stored data: the engine decides what to keep. Reading is all-or-nothing. A file that is
structurally broken is refused with a message that says where, rather than half-imported,
because a partial import is hard for a person to notice and harder to undo.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from coaching.capture import KINDS

if TYPE_CHECKING:  # vobject loads only when a vCard is read: most commands never need it
    import vobject

MAX_IMPORT_BYTES = 5 * 1024 * 1024

_MB = 1024 * 1024
_HEADER_SEARCH_ROWS = 20
_MAX_DETAIL = 120
_SEPARATOR_NAMES = {",": "a comma", ";": "a semicolon", "\t": "a tab"}
_SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".numbers", ".ods", ".zip")
_VCARD_SUFFIXES = (".vcf", ".vcard")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_VCARD_START = re.compile(r"\A\s*BEGIN:VCARD[ \t]*(?:\r\n|\r|\n|\Z)", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FORMULA_GUARD = re.compile(r"'+[=+\-@]")
# Our own vCard properties: phones ignore X- properties, and our import reads them back.
MET_AT_PROP, MET_ON_PROP, KIND_PROP = "x-coach-met-at", "x-coach-met-on", "x-coach-kind"
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
    "tags": ("tags", "tag", "labels", "categories"),
    "met_on": ("met on", "met", "date met", "connected on", "connected", "date"),
    "met_at": ("met at", "where met", "where", "event"),
    "kind": ("kind",),
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

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("An imported contact needs a name.")


@dataclass(frozen=True)
class ImportResult:
    """What a file held: the people, and the rows left out with the reason, so the user can fix them."""

    contacts: tuple[ImportedContact, ...]
    skipped: tuple[tuple[int, str], ...]
    format: str


def read_contacts(data: bytes, filename: str = "") -> ImportResult:
    """Read a LinkedIn Connections.csv, a vCard file or a CSV with a name column.

    Raises ImportProblem, and nothing else, for anything that is not a readable contact file.
    """
    if len(data) > MAX_IMPORT_BYTES:
        size = math.ceil(len(data) * 10 / _MB) / 10
        raise ImportProblem(f"The file is {size:.1f} MB; the limit is {MAX_IMPORT_BYTES // _MB} MB.")
    text = _decode(data, filename)
    if not text.strip():
        raise ImportProblem("The file is empty, so there was nobody to import.")
    if _VCARD_START.match(text):
        return _read_vcards(text)
    if filename.lower().endswith(_VCARD_SUFFIXES):
        raise ImportProblem(
            "This file is named like a vCard but doesn't start with BEGIN:VCARD, so I can't read it."
        )
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
        raise ImportProblem(_binary_message(data, filename))
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


def _binary_message(data: bytes, filename: str) -> str:
    message = "This looks like a binary file, not CSV or vCard."
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(_SPREADSHEET_SUFFIXES):
        message += " If it's a spreadsheet, save it as CSV (UTF-8) and send me that instead."
    return message


# vCard


def _read_vcards(text: str) -> ImportResult:
    starts = [
        number
        for number, line in enumerate(_LINE_BREAK.split(text), 1)
        if line.strip().upper() == "BEGIN:VCARD"
    ]
    import vobject

    contacts: list[ImportedContact] = []
    skipped: list[tuple[int, str]] = []
    cards = vobject.readComponents(text)
    number = 0
    while True:
        try:
            card = next(cards, None)
        except Exception as exc:  # vobject raises ParseError, but also ValueError, KeyError, ... on junk
            raise ImportProblem(_card_problem(number + 1, starts, exc)) from exc
        if card is None:
            break
        number += 1
        if card.name.upper() != "VCARD":
            skipped.append((number, f"it's a {card.name}, not a contact card"))
            continue
        contact = _contact_from_card(card)
        if contact is None:
            skipped.append((number, "no name (the card has no FN or N)"))
        else:
            contacts.append(contact)
    return ImportResult(tuple(contacts), tuple(skipped), "vcard")


def _card_problem(number: int, starts: list[int], exc: Exception) -> str:
    """vobject's messages carry its own (unreliable) line numbers; say which card instead."""
    detail = re.sub(r"^At line \d+: ", "", str(exc).strip()).rstrip(".") or type(exc).__name__
    detail = re.sub(
        r"^Failed to parse line: (.*)", r"this line isn't a vCard property: “\1”", detail, flags=re.S
    )
    if detail.endswith("was never closed"):
        detail = "it has no END:VCARD line"
    if len(detail) > _MAX_DETAIL:
        detail = detail[: _MAX_DETAIL - 2] + "…”"
    if number <= len(starts):
        where = f"Card {number} (starting on line {starts[number - 1]})"
    else:
        where = f"The text after card {number - 1}" if number > 1 else "The start of the file"
    return f"{where} couldn't be read as a vCard: {detail}."


def _contact_from_card(card: vobject.base.Component) -> ImportedContact | None:
    def values(prop: str) -> list[object]:
        lines = sorted(card.contents.get(prop, []), key=lambda line: not _is_preferred(line))
        return [line.value for line in lines]

    def first(*props: str) -> str:
        for prop in props:
            for value in values(prop):
                if text := _card_text(value, ", "):
                    return text
        return ""

    name = first("fn") or first("n")
    if not name:
        return None
    tags: list[str] = []
    for value in values("categories"):
        items = value if isinstance(value, list) else str(value).split(",")
        tags.extend(str(item) for item in items)
    phone = first("tel")
    if phone.lower().startswith("tel:"):
        phone = phone[4:]
    return ImportedContact(
        name=name,
        company=first("org"),
        role=first("title", "role"),
        email=first("email"),
        url=first("url"),
        notes="\n".join(filter(None, (_card_text(value, "\n") for value in values("note")))),
        tags=_unique(tags),
        source="vcard",
        phone=phone,
        met_on=_parse_date(first(MET_ON_PROP)),
        met_at=first(MET_AT_PROP),
        kind=_kind(first(KIND_PROP)),
    )


def _is_preferred(line: vobject.base.ContentLine) -> bool:
    if "PREF" in line.params:
        return True
    types = line.params.get("TYPE", [])
    return any(part.strip().lower() == "pref" for value in types for part in str(value).split(","))


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


# CSV


@dataclass(frozen=True)
class _Header:
    delimiter: str
    columns: dict[str, tuple[int, ...]]
    width: int
    linkedin: bool


def _read_csv(text: str) -> ImportResult:
    for delimiter in _SEPARATOR_NAMES:
        reader = _rows(text, delimiter)
        header = _find_header(reader, delimiter)
        if header is not None:
            return _read_csv_rows(reader, header)
    raise ImportProblem(
        "I couldn't find a header row with a name column. Expected LinkedIn's "
        "'First Name,Last Name,...' or a CSV with a 'name' column."
    )


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
                return _Header(
                    delimiter=delimiter,
                    columns={
                        field: tuple(index for _, index in sorted(pairs)) for field, pairs in ranked.items()
                    },
                    width=len(cells),
                    linkedin=set(names) >= _LINKEDIN_HEADERS,
                )
            if row >= _HEADER_SEARCH_ROWS:
                return None
    except ImportProblem:
        # With the wrong delimiter guess, quoting can look broken; the caller tries the next one.
        return None
    return None


def _normalise_header(cell: str) -> str:
    return _HEADER_NOISE.sub(" ", cell.strip().strip("\"'#*:").lower()).strip()


def _read_csv_rows(reader: Iterable[tuple[int, int, list[str]]], header: _Header) -> ImportResult:
    source = "linkedin" if header.linkedin else "csv"
    contacts: list[ImportedContact] = []
    skipped: list[tuple[int, str]] = []
    for row, line, cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
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

        name = get("name") or " ".join(filter(None, (get("first"), get("last"))))
        if not name:
            reason = "no name"
            if header.linkedin:
                reason += " (LinkedIn leaves names out for members who hide them)"
            skipped.append((row, reason))
            continue
        contacts.append(
            ImportedContact(
                name=name,
                company=get("company"),
                role=get("role"),
                email=get("email"),
                url=get("url"),
                notes=get("notes"),
                tags=_split_tags(get("tags")),
                met_on=_parse_date(get("met_on")),
                source=source,
                phone=get("phone"),
                met_at=get("met_at"),
                kind=_kind(get("kind")),
            )
        )
    return ImportResult(tuple(contacts), tuple(skipped), source)


def _kind(value: str) -> str:
    return value.casefold() if value.casefold() in KINDS else ""


def _unguard(value: str) -> str:
    """Undo the apostrophe the exporter puts before =, +, - and @ to stop spreadsheets running formulas."""
    return value[1:] if _FORMULA_GUARD.match(value) else value


def _split_tags(value: str) -> tuple[str, ...]:
    if ";" in value:
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
