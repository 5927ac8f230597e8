"""What the coach is waiting for from a user: a numbered choice, a yes, a pitch attempt.

Kept in the user's profile with an expiry, so a restart does not forget it and a stale
question does not swallow tomorrow's command.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from coaching.commands import Ctx
from coaching.model import Reply

PendingHandler = Callable[[Ctx, dict, str], Reply | None]
PENDING: dict[str, PendingHandler] = {}
CANCELLED: dict[str, str] = {}  # what `cancel` says for each kind of question
FREE_TEXT: dict[str, frozenset[str]] = {}  # free-text question -> commands that still start a message as themselves
COMMAND_WORDS = 3  # during a free-text question, only this short a message counts as a command (or one of its own)
DEFAULT_WAIT = timedelta(minutes=15)


def on_pending(kind: str, *, free_text: bool = False, commands: tuple[str, ...] = (),
               cancelled: str = "OK, nothing changed.") -> Callable[[PendingHandler], PendingHandler]:
    """Register the handler for a question. `free_text` questions (a pitch attempt) take whole
    sentences, so a sentence that happens to start with a command word is still the answer,
    except the `commands` the question belongs to: `pitch online: …` during a drill is a new pitch.
    A `no` or `cancel` never reaches the handler: the engine closes the question with `cancelled`."""

    def register(handler: PendingHandler) -> PendingHandler:
        PENDING[kind] = handler
        CANCELLED[kind] = cancelled
        if free_text:
            FREE_TEXT[kind] = frozenset(commands)
        return handler

    return register


def expect(ctx: Ctx, kind: str, wait: timedelta = DEFAULT_WAIT, **state: object) -> None:
    """Wait for the user's next message to answer `kind` (a choice, a yes, an attempt)."""
    ctx.profile["pending"] = {"kind": kind, "until": (ctx.now + wait).isoformat(), **state}
    ctx.save_profile()


def pending(ctx: Ctx) -> dict | None:
    state = ctx.profile.get("pending")
    if not state:
        return None
    if datetime.fromisoformat(state["until"]) < ctx.now:
        drop(ctx)
        return None
    return state


def says_no(text: str) -> bool:
    """`no`, `cancel`, or a message that starts with `cancel`: nobody begins an answer with it."""
    folded = text.casefold().strip(" .!")
    return folded in NO or folded.partition(" ")[0].rstrip(",;:.!") == "cancel"


def drop(ctx: Ctx) -> None:
    if ctx.profile.pop("pending", None) is not None:
        ctx.save_profile()


YES = {"yes", "y", "yes please", "confirm", "ok", "okay", "sure", "do it"}
NO = {"no", "n", "cancel", "stop", "never mind", "nevermind", "nope"}

ConfirmHandler = Callable[[Ctx, dict], Reply]
CONFIRMS: dict[str, ConfirmHandler] = {}


def on_confirm(action: str) -> Callable[[ConfirmHandler], ConfirmHandler]:
    """Register what a `yes` does after a question like “Remove Tom? Reply yes”."""

    def register(handler: ConfirmHandler) -> ConfirmHandler:
        CONFIRMS[action] = handler
        return handler

    return register


@on_pending("confirm")
def answer_confirm(ctx: Ctx, state: dict, text: str) -> Reply | None:
    answer = text.casefold().strip(" .!")
    if answer in YES:
        drop(ctx)
        return CONFIRMS[state["action"]](ctx, state)
    return None
