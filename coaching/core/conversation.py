"""What the coach is waiting for from a user: a numbered choice, a yes, a pitch attempt.

Kept in the user's profile with an expiry, so a restart does not forget it and a stale
question does not swallow tomorrow's command.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from coaching.core.model import Reply
from coaching.core.registry import NOTHING_CHANGED, Ctx, Feature, on_pending

COMMAND_WORDS = 3  # during a free-text question, only this short a message counts as a command (or one of its own)
DEFAULT_WAIT = timedelta(minutes=15)


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


def _confirm_cancelled(ctx: Ctx, state: dict) -> str:
    """A `no` to a yes-or-no question: what was asked about stays as it is, in words that fit it."""
    confirm = ctx.registry.confirms.get(state.get("action", ""))
    return confirm.cancelled if confirm else NOTHING_CHANGED


@on_pending("confirm", on_cancel=_confirm_cancelled)
def answer_confirm(ctx: Ctx, state: dict, text: str) -> Reply | None:
    answer = text.casefold().strip(" .!")
    if answer in YES:
        drop(ctx)
        return ctx.registry.confirms[state["action"]](ctx, state)
    return None


CONVERSATION = Feature("conversation", questions=(answer_confirm,))
"""What every coach understands whatever its features: a `yes` to a question it asked."""
