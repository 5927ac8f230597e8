"""Typed records for what is stored: a contact with its follow-up and notes, a pitch attempt, a nudge's delivery.

The one place that maps records to and from stored documents. A record built here writes every
field that holds a value. A record loaded from a document writes back the keys it came with plus
any field that changed: a key the document lacks loads as its field's default and stays left out,
a `null` stored under a field that always holds a value (a string, a list, a flag) loads as its
default and is written back as `null` while it still holds that default, and keys no field knows
are kept in `extra`, so a document written by any earlier version loads and, rewritten, loses
nothing: `Record.load(doc).dump() == doc`. The schema version `v` the store
stamps on every document is read into `version` and kept. A contact's notes and follow-up are
converted when first read, and a contact shares no list with a document it was loaded from or
written to: stores hand out and keep shallow copies. A nudge's `Delivery` is rewritten whole at
each step of a send, so it is written from its fields alone, every field that holds a value.
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


SHAPES_KEPT = 64  # document shapes remembered per record class: a record of any other shape gets a set of its own


@dataclass(frozen=True)
class _Plan:
    """How one record class maps to documents, worked out once so loading and dumping only look things up."""

    defaults: dict[str, Any]  # document key -> its field's default (`load` replaces a factory's with a new one)
    factories: tuple[tuple[str, str, Callable[[], Any]], ...]  # (key, field, default factory)
    reads: tuple[tuple[str, str, Callable[[Any], Any]], ...]  # (key, field, from the document) converted on load
    later: tuple[tuple[str, str], ...]  # (key, field) converted when first read (`Stored.read_later`)
    writes: tuple[tuple[str, Callable[[Any], Any]], ...]  # (key, to the document)
    stored: tuple[tuple[str, str, Any], ...]  # (field, key, default) in field order: what `dump` writes
    keys: dict[str, str]  # field name -> document key
    never_none: dict[str, tuple[str, Any, Callable[[], Any] | None]]  # key -> (field, default, factory): no null read
    shapes: dict[tuple[str, ...], frozenset[str]]  # a document's keys in order -> the same keys as a set

    def present_keys(self, doc: dict) -> frozenset[str]:
        """The document's keys as a set shared by every record loaded from one with the same keys in the same order.

        Thousands of contacts come in a handful of shapes, and a set of twenty keys takes over a kilobyte.
        """
        shape = tuple(doc)
        present = self.shapes.get(shape)
        if present is None:
            present = frozenset(shape)
            if len(self.shapes) < SHAPES_KEPT:
                self.shapes[shape] = present
        return present


UNREAD = "_unread"  # where a loaded record keeps converted fields as stored until they are first read


class _Converted:
    """A field in `read_later` of a loaded record, converted from its stored form on first use and kept from then on.

    Set on the class once its plan is worked out: a record built by `__init__` or a field assigned later holds its
    value in the instance, which Python reads before this (it defines no `__set__`). The stored form is only read, so
    records loaded from one document still share nothing they change.
    """

    def __init__(self, name: str, read: Callable[[Any], Any]) -> None:
        self.name, self.read = name, read

    def __get__(self, record: Stored | None, owner: type) -> Any:
        if record is None:
            return self
        value = record.__dict__[self.name] = self.read(record.__dict__[UNREAD][self.name])
        return value


@cache
def _plan_of(cls: type[Stored]) -> _Plan:
    """Worked out on a class's first load or dump, when it is a dataclass with its fields known."""
    specs = [spec for spec in fields(cls) if spec.name not in ("extra", "present", "nulls")]
    keys = {spec.name: "v" if spec.name == "version" else spec.name for spec in specs}
    plan = _Plan(
        defaults={keys[spec.name]: _default(spec) for spec in specs},
        factories=tuple((keys[spec.name], spec.name, spec.default_factory) for spec in specs
                        if spec.default_factory is not MISSING),
        reads=tuple((keys[name], name, read) for name, (read, _) in cls.converters.items()
                    if name not in cls.read_later),
        later=tuple((keys[name], name) for name in cls.read_later),
        writes=tuple((keys[name], write) for name, (_, write) in cls.converters.items()),
        stored=tuple((spec.name, keys[spec.name], _default(spec)) for spec in specs),
        keys=keys,
        never_none={keys[spec.name]: (spec.name, _default(spec), None if spec.default_factory is MISSING
                                      else spec.default_factory) for spec in specs if _default(spec) is not None},
        shapes={},
    )
    for name in cls.read_later:
        setattr(cls, name, _Converted(name, cls.converters[name][0]))
    return plan


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
    # converted fields kept as stored until first read (`_Converted`): most commands over all contacts never look at
    # most contacts' notes, and many not at their follow-ups
    read_later: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def load(cls, doc: dict) -> Self:
        """The record a document holds, built without `__init__`: every command over all contacts pays this per contact."""
        plan = _plan_of(cls)
        state, extra = {**plan.defaults, **doc}, {}
        if len(state) != len(plan.defaults):  # keys no field reads
            extra = {key: value for key, value in doc.items() if key not in plan.defaults}
            state = {**plan.defaults, **{key: value for key, value in doc.items() if key in plan.defaults}}
        state["version"] = state.pop("v")
        for key, name, factory in plan.factories:
            if key not in doc:
                state[name] = factory()
        for key, name, read in plan.reads:
            value = doc.get(key)
            if value is not None:
                state[name] = read(value)
        if plan.later:
            unread = state[UNREAD] = {}
            for key, name in plan.later:
                if doc.get(key) is not None:
                    unread[name] = state.pop(name)
        nulls = ()
        if None in doc.values():  # rare: documents from the first imports
            nulls = tuple(key for key, value in doc.items() if value is None and key in plan.never_none)
            for key in nulls:  # code reads `.strip()` or loops over these: a stored null reads as the default
                name, default, factory = plan.never_none[key]
                state[name] = factory() if factory else default
        state["extra"], state["present"], state["nulls"] = extra, plan.present_keys(doc), nulls
        record = object.__new__(cls)
        record.__dict__ = state
        return record

    def unset(self, name: str) -> None:
        """Back to the field's default and, like a key popped from a document, left out when written."""
        spec = next(spec for spec in fields(self) if spec.name == name)
        setattr(self, name, _default(spec))
        key = _plan_of(type(self)).keys[name]
        if self.present is not None:
            self.present = self.present - {key}

    def dump(self) -> dict:
        plan = _plan_of(type(self))
        state, present = self.__dict__, self.present
        for name in state.get(UNREAD, ()):
            if name not in state:
                getattr(self, name)  # converted now, so that it is written as any other value
        if present is None:
            doc = {key: state[name] for name, key, _ in plan.stored if state[name] is not None}
        else:
            doc = {key: state[name] for name, key, default in plan.stored if key in present or state[name] != default}
        for key, write in plan.writes:
            value = doc.get(key)
            if value is not None:
                doc[key] = write(value)
        for key in self.nulls:  # still the default a stored null was read as: write the null back
            if key in doc and doc[key] == plan.never_none[key][1]:
                doc[key] = None
        if self.extra:
            doc.update(self.extra)
        return doc


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


def other_field(key: str) -> str:
    """Where a contact keeps the emails, phones or links beyond its primary one: `other_emails`, ..."""
    return f"other_{key}s"


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

    # a list as stored is copied both ways, so that changing a record's list in place changes nothing stored
    converters: ClassVar = {"notes": (_notes, _note_docs), "followup": (FollowUp.load, FollowUp.dump),
                            **dict.fromkeys(("other_emails", "other_urls", "other_phones", "tags"), (list, list))}
    read_later: ClassVar = ("notes", "followup")

    @property
    def followup_open(self) -> bool:
        """Whether the first follow-up is still owed."""
        return self.followup is not None and self.followup.open

    def details(self, key: str) -> list[str]:
        """Every email, phone or link (`key`: "email", "phone", "url") it holds, the primary one first."""
        values = (getattr(self, key), *getattr(self, other_field(key)))
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


@dataclass(frozen=True)
class Delivery:
    """One message's delivery record: the stored document in table `nudges`, keyed by the nudge's key.

    `at` is when the send started (kept once sent), `until` how long a send or a retry wait holds the
    items, `attempts` how many sends were tried. Documents are read and written only through `load`
    and `dump`; a field added later gets a default here, so older documents keep loading.
    """

    id: str
    items: tuple[str, ...]
    attempts: int = 0
    status: str | None = None  # None: not yet tried
    at: datetime | None = None
    until: datetime | None = None
    sent_at: datetime | None = None
    error: str | None = None

    @classmethod
    def load(cls, doc: dict) -> Delivery:
        return cls(id=doc["id"], items=tuple(doc["items"]), attempts=doc.get("attempts", 0), status=doc.get("status"),
                   at=_moment(doc.get("at")), until=_moment(doc.get("until")), sent_at=_moment(doc.get("sent_at")),
                   error=doc.get("error"))

    def dump(self) -> dict:
        doc = {"id": self.id, "items": list(self.items), "attempts": self.attempts, "status": self.status,
               "at": _stamp(self.at), "until": _stamp(self.until), "sent_at": _stamp(self.sent_at), "error": self.error}
        return {key: value for key, value in doc.items() if value is not None}
