"""Features and the registry a coach builds from them: one grammar for every surface.

Each capability module describes its commands (with usage and examples), the questions it
may leave open, what a `yes` confirms and what it nudges about, as one `Feature`. A `Coach`
builds its own `Registry` from the features it is given, in that order, so `help` always
describes exactly what that engine understands and nothing is registered by importing a module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from coaching.core.incoming import Upload
from coaching.core.model import Item, Reply, UserRef
from coaching.core.store import UserData

PROFILE = "profile"


class UserError(Exception):
    """A command that cannot go ahead. Raising it rolls back anything the command wrote."""

    def __init__(self, message: str, reply: Reply | None = None) -> None:
        super().__init__(message)
        self.reply = reply or Reply(body=message)


class Ask(UserError):
    """Roll back the command, but remember a question for the user's next message."""

    def __init__(self, reply: Reply, kind: str, **state: object) -> None:
        super().__init__(reply.body, reply)
        self.kind = kind
        self.state = state


CronCheck = Callable[[str, str, datetime], None]  # (cron, timezone, now); raises ValueError with a sentence for the user


@dataclass
class Ctx:
    """What a command handler gets: who, their data, the time, what this coach understands, and where the
    message came from, so a command answers for that place (the message carries its route).

    `channel` is where it was typed (None in a direct message) and `can_manage` whether the platform
    lets this person manage that channel; `surface` is for the logs. `read_local` opens a path the person
    typed, on a surface running on their own machine (the console) and nowhere else. `shared` opens the
    community-wide records no one person owns, and `cron_check` reads schedule times the way the scheduler
    will fire them.
    """

    user: UserRef
    data: UserData
    now: datetime
    profile: dict = field(default_factory=dict)
    forget: bool = False
    registry: Registry = field(default_factory=lambda: Registry())
    channel: str | None = None
    can_manage: bool = False
    surface: str = "dm"
    read_local: Callable[[str], Upload | Reply] | None = None
    shared: Callable[[], AbstractContextManager[UserData]] | None = None
    cron_check: CronCheck | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.profile.get("tz") or "UTC")

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def end_of_day(self) -> datetime:
        """The last moment of the user's local today: what "due today" means."""
        return self.local_now.replace(hour=23, minute=59, second=59)

    def save_profile(self) -> None:
        self.data.put(PROFILE, self.profile)


Handler = Callable[[Ctx, str], Reply]
QuestionHandler = Callable[[Ctx, dict, str], Reply | None]
ConfirmHandler = Callable[[Ctx, dict], Reply]
CancelHandler = Callable[[Ctx, dict], str]
NOTHING_CHANGED = "OK, nothing changed."


@dataclass(frozen=True)
class Command:
    """A verb (one word, or several like `forget me`) with what `help` says about it. Calls its handler.

    `channel_rights` says the handler reads `Ctx.can_manage`, so a surface for which finding that out
    costs a platform call asks only for these commands.
    """

    name: str
    usage: str
    summary: str
    examples: tuple[str, ...]
    handler: Handler
    topic: str = "general"
    aliases: tuple[str, ...] = ()
    channel_rights: bool = False

    def __call__(self, ctx: Ctx, rest: str) -> Reply:
        return self.handler(ctx, rest)


def command(
    name: str,
    usage: str,
    summary: str,
    examples: tuple[str, ...] = (),
    *,
    topic: str = "general",
    aliases: tuple[str, ...] = (),
    channel_rights: bool = False,
) -> Callable[[Handler], Command]:
    """Describe a handler as a command; list it in a `Feature` for a coach to understand it."""

    def describe(handler: Handler) -> Command:
        return Command(name, usage, summary, examples, handler, topic, aliases, channel_rights)

    return describe


@dataclass(frozen=True)
class Question:
    """What the coach may wait for after a command: a numbered choice, a yes, a pitch attempt.

    `free_text` questions (a pitch attempt) take whole sentences, so a sentence that happens to start
    with a command word is still the answer, except the `commands` the question belongs to: `pitch
    online: …` during a drill is a new pitch. A `no` or `cancel` never reaches the handler: the engine
    closes the question with `cancelled`, or with what `on_cancel` says when that depends on the question.
    """

    kind: str
    handler: QuestionHandler
    cancelled: str = NOTHING_CHANGED
    free_text: bool = False
    commands: frozenset[str] = frozenset()
    on_cancel: CancelHandler | None = None

    def __call__(self, ctx: Ctx, state: dict, text: str) -> Reply | None:
        return self.handler(ctx, state, text)

    def cancel(self, ctx: Ctx, state: dict) -> str:
        """What a `no` is answered with: it says what stays as it was."""
        return self.on_cancel(ctx, state) if self.on_cancel else self.cancelled


def on_pending(kind: str, *, free_text: bool = False, commands: tuple[str, ...] = (), cancelled: str = NOTHING_CHANGED,
               on_cancel: CancelHandler | None = None) -> Callable[[QuestionHandler], Question]:
    """Describe the handler for a question; list it in a `Feature` next to the commands that ask it."""

    def describe(handler: QuestionHandler) -> Question:
        return Question(kind, handler, cancelled, free_text, frozenset(commands), on_cancel)

    return describe


@dataclass(frozen=True)
class Confirm:
    """What a `yes` does after a question like “Remove Tom? Reply yes”."""

    action: str
    handler: ConfirmHandler
    cancelled: str = NOTHING_CHANGED  # what a `no` says: what the question was about stays as it is

    def __call__(self, ctx: Ctx, state: dict) -> Reply:
        return self.handler(ctx, state)


def on_confirm(action: str, *, cancelled: str = NOTHING_CHANGED) -> Callable[[ConfirmHandler], Confirm]:
    def describe(handler: ConfirmHandler) -> Confirm:
        return Confirm(action, handler, cancelled)

    return describe


@dataclass(frozen=True)
class DueItem:
    """Something a source wants to nudge about. The line is built only if it goes out:
    most items are only asked when they fall due, and building text for all of them is costly."""

    key: str  # stable for one occurrence: the same item due again later gets a new key
    at: datetime
    build: Callable[[], Item]
    kind: str

    @property
    def item(self) -> Item:
        return self.build()


DueSource = Callable[[Ctx], list[DueItem]]
Fallback = Callable[[Ctx, str], Reply | None]  # a message no command matched: an answer, or None to pass it on


@dataclass(frozen=True)
class Feature:
    """One capability as a coach sees it: its commands (in `help` order), the questions they may leave
    open, what a `yes` to them does, the due sources that nudge about it, and what it makes of a message
    that names no command (a contact's name typed alone), tried in order before "I don't know that"."""

    name: str
    commands: tuple[Command, ...] = ()
    questions: tuple[Question, ...] = ()
    confirms: tuple[Confirm, ...] = ()
    sources: tuple[DueSource, ...] = ()
    fallbacks: tuple[Fallback, ...] = ()


class Registry:
    """Everything one coach understands, built from its features in the order given."""

    def __init__(self, features: Iterable[Feature] = ()) -> None:
        self.features = tuple(features)
        self.commands: dict[str, Command] = {}
        self.order: list[Command] = []
        self.questions: dict[str, Question] = {}
        self.confirms: dict[str, Confirm] = {}
        self.sources: list[DueSource] = []
        self.fallbacks: list[Fallback] = []
        for feature in self.features:
            self._add(feature)
        self.longest = max((len(word.split()) for word in self.commands), default=1)  # words in the longest name

    def _add(self, feature: Feature) -> None:
        for cmd in feature.commands:
            for word in (cmd.name, *cmd.aliases):
                _claim(self.commands, word, cmd, feature)
            self.order.append(cmd)
        for question in feature.questions:  # several features may share one (a choice between people)
            _claim(self.questions, question.kind, question, feature)
        for confirm in feature.confirms:
            _claim(self.confirms, confirm.action, confirm, feature)
        self.sources += [source for source in feature.sources if source not in self.sources]
        self.fallbacks += feature.fallbacks

    def resolve(self, text: str) -> tuple[Command | None, str, str]:
        """(command, the verb as typed, the rest): the longest run of leading words that names a command.

        With no match the verb is the first word, so an unknown command can be named back.
        """
        words = text.split()
        for size in range(min(self.longest, len(words)), 0, -1):
            verb = _verb(" ".join(words[:size]))
            if verb in self.commands:
                return self.commands[verb], verb, _after(text, size)
        return None, _verb(words[0]) if words else "", _after(text, 1)


def _claim(table: dict, key: str, value: object, feature: Feature) -> None:
    if table.setdefault(key, value) != value:
        raise ValueError(f"Feature {feature.name!r} registers {key!r}, which another feature already has")


def _verb(words: str) -> str:
    folded = words.casefold()
    return folded.rstrip("!?.,:;") or folded


def _after(text: str, words: int) -> str:
    """`text` without its first `words` words, spacing inside the rest kept."""
    return (text.strip().split(None, words)[words:] or [""])[0].strip()
