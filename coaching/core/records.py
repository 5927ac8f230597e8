"""Typed records for what is stored: a contact with its follow-up and notes, a pitch attempt.

The one place that maps records to and from stored documents. A record built here writes every
field that holds a value. A record loaded from a document writes back the keys it came with plus
any field that changed: a key the document lacks loads as its field's default and stays left out,
a `null` stored under a field that always holds a value (a string, a list, a flag) loads as its
default and is written back as `null` while it still holds that default, and keys no field knows
are kept in `extra`, so a document written by any earlier version loads and, rewritten, loses
nothing: `Record.load(doc).dump() == doc`. The schema version `v` the store
stamps on every document is read into `version` and kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import datetime
from functools import cache
from typing import Any, ClassVar, Self


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _default(spec: Field) -> Any:
    return spec.default_factory() if spec.default_factory is not MISSING else spec.default


@cache
def _stored_fields(cls: type) -> tuple[tuple[Field, str], ...]:
    """Each stored field of a record class with its key in the document: `version` is stored as `v`."""
    return tuple((spec, "v" if spec.name == "version" else spec.name) for spec in fields(cls)
                 if spec.name not in ("extra", "present", "nulls"))


@cache
def _reading(cls: type) -> dict[str, tuple[str, Callable[[Any], Any] | None]]:
    """Document key -> (field name, how its value is read), worked out once per record class."""
    return {key: (spec.name, cls.converters.get(spec.name, (None,))[0]) for spec, key in _stored_fields(cls)}


@cache
def _never_none(cls: type) -> dict[str, Any]:
    """Document key -> default, for each field that always holds a value: code reads `.strip()` or loops over it."""
    return {key: _default(spec) for spec, key in _stored_fields(cls) if _default(spec) is not None}


@dataclass
class Stored:
    """What every record shares: its id, the schema version it was stored with, the keys it came with."""

    id: str | None = None  # a follow-up or a note lives inside its contact and has none
    version: int | None = None  # None: not stored yet (the store stamps SCHEMA_VERSION on every write)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    present: frozenset[str] | None = field(default=None, repr=False, compare=False)  # None: built, not loaded
    nulls: tuple[str, ...] = field(default=(), repr=False, compare=False)  # keys stored as null, loaded as default

    # field name -> (from the document, to the document), for values not stored as they are
    converters: ClassVar[dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]] = {}

    @classmethod
    def _fields(cls) -> tuple[tuple[Field, str], ...]:
        return _stored_fields(cls)

    @classmethod
    def load(cls, doc: dict) -> Self:
        reading = _reading(cls)
        values, extra, nulls = {}, {}, []
        for key, value in doc.items():
            if key not in reading:
                extra[key] = value
                continue
            if value is None and key in _never_none(cls):
                nulls.append(key)
                continue
            name, convert = reading[key]
            values[name] = convert(value) if convert and value is not None else value
        return cls(**values, extra=extra, present=frozenset(doc), nulls=tuple(nulls))

    def unset(self, name: str) -> None:
        """Back to the field's default and, like a key popped from a document, left out when written."""
        spec, key = next((spec, key) for spec, key in self._fields() if spec.name == name)
        setattr(self, name, _default(spec))
        if self.present is not None:
            self.present = self.present - {key}

    def dump(self) -> dict:
        doc = {}
        for spec, key in self._fields():
            value = getattr(self, spec.name)
            if (value is not None) if self.present is None else (key in self.present or value != _default(spec)):
                convert = self.converters.get(spec.name)
                doc[key] = convert[1](value) if convert and value is not None else value
        for key in self.nulls:  # still the default a stored null was read as: write the null back
            if key in doc and doc[key] == _never_none(type(self))[key]:
                doc[key] = None
        return {**doc, **self.extra}


@dataclass
class FollowUp(Stored):
    """The first follow-up after meeting someone (stored inside its contact, so it has no id of its own)."""

    status: str | None = None  # "open" while owed, then "done"
    due: datetime | None = None
    overdue: datetime | None = None
    done_at: datetime | None = None
    on_time: bool | None = None
    snoozed: int | None = None  # how many times it was pushed back (None: never)

    converters: ClassVar = {name: (_moment, _stamp) for name in ("due", "overdue", "done_at")}

    @property
    def open(self) -> bool:
        return self.status == "open"


def _notes(docs: list[dict]) -> list[Note]:
    return [Note.load(doc) for doc in docs]


def _note_docs(notes: list[Note]) -> list[dict]:
    return [note.dump() for note in notes]


@dataclass
class Note(Stored):
    """Something remembered about a contact, with when it was written down."""

    at: str = ""
    text: str = ""
    logged: bool = False  # written with `note`: counts as being in touch


@dataclass
class Contact(Stored):
    """Someone the user met. Times stay ISO strings as stored; the follow-up and notes are records."""

    name: str = ""
    nickname: str | None = None
    company: str = ""
    role: str = ""
    email: str = ""
    url: str = ""
    phone: str = ""
    other_emails: list[str] = field(default_factory=list)
    other_urls: list[str] = field(default_factory=list)
    other_phones: list[str] = field(default_factory=list)
    met_at: str = ""
    met_on: str = ""
    kind: str = "professional"
    tags: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    created: str = ""
    last_contact: str = ""
    source: str | None = None
    imported_from: str | None = None
    met_on_unknown: bool = False  # imported without a date: `met_on` holds the import time
    reconnect_queue: bool = False  # imported and still waiting for a first hello
    rhythm_days: int | None = None
    followup: FollowUp | None = None

    converters: ClassVar = {"notes": (_notes, _note_docs), "followup": (FollowUp.load, FollowUp.dump)}

    @property
    def followup_open(self) -> bool:
        """Whether the first follow-up is still owed."""
        return self.followup is not None and self.followup.open

    def details(self, key: str) -> list[str]:
        """Every email, phone or link (`key`: "email", "phone", "url") it holds, the primary one first."""
        values = (getattr(self, key), *getattr(self, f"other_{key}s"))
        return list(dict.fromkeys(value for value in values if isinstance(value, str) and value))

    @staticmethod
    def followup_of(doc: dict) -> FollowUp | None:
        """A contact document's follow-up alone: scanning every contact for open ones needs no more."""
        followup = doc.get("followup")
        return FollowUp.load(followup) if followup else None


@dataclass
class PitchAttempt(Stored):
    """One scored pitch. `step` names a shorter version ("" for a full pitch); `rubric` the scorer that scored it."""

    text: str = ""
    scenario: str | None = None
    total: int = 0
    at: str = ""
    step: str = ""
    rubric: int | None = None
    criteria: dict[str, list[int]] = field(default_factory=dict)
