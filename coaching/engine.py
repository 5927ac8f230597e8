"""The coach: parse -> decide -> store -> Reply. No platform, no files, no event loop."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from datetime import UTC, datetime

from rapidfuzz import process

import coaching
from coaching import contact_import
from coaching import nudges as nudge_rules
from coaching.commands import PROFILE, REGISTRY, Ask, Ctx, UserError, split_verb
from coaching.conversation import DEFAULT_WAIT, PENDING, drop, pending
from coaching.model import Clock, Nudge, Reply, UserRef
from coaching.store import Store
from coaching.text import InputProblem, clean
from coaching.tips import pick_tip


def _load_rules() -> None:
    """Every module in `coaching/` registers its commands and due sources when imported."""
    for module in pkgutil.iter_modules(coaching.__path__):
        importlib.import_module(f"coaching.{module.name}")


_load_rules()


def utc_now() -> datetime:
    return datetime.now(UTC)


class Coach:
    """One engine for every surface. Give it a store and a clock; get plain `Reply`s back."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or utc_now

    def handle(self, user: UserRef, text: str) -> Reply:
        try:
            text = clean(text)
        except InputProblem as problem:
            return Reply(body=str(problem))
        if not text:
            return Reply(body="I didn't catch anything there. Say `help` to see what I can do.")
        now = self.clock()
        try:
            return self._run(user, text, now)
        except Ask as ask:
            with self.store.session(user) as data:
                ctx = self._ctx(user, data, now)
                ctx.profile["pending"] = {"kind": ask.kind, "until": (now + DEFAULT_WAIT).isoformat(), **ask.state}
                ctx.save_profile()
            return ask.reply
        except UserError as problem:
            return problem.reply

    def _ctx(self, user: UserRef, data, now: datetime) -> Ctx:
        return Ctx(user=user, data=data, now=now, profile=data.get(PROFILE, "profile") or {"id": "profile"})

    def _run(self, user: UserRef, text: str, now: datetime) -> Reply:
        with self.store.session(user) as data:
            ctx = self._ctx(user, data, now)
            reply, verb = self._dispatch(ctx, text)
            if not ctx.forget:
                data.next_due = nudge_rules.next_due(ctx)
        if ctx.forget:
            self.store.forget(user)
            return reply
        if reply.tip is None:
            tip = pick_tip(verb, f"{user.key}|{now.isoformat()}|{text}")
            reply = replace(reply, tip=tip)
        return reply

    def _dispatch(self, ctx: Ctx, text: str) -> tuple[Reply, str]:
        verb, rest = split_verb(text)
        state = pending(ctx)
        if state is not None:
            if verb in REGISTRY and state["kind"] != "choice":
                drop(ctx)
            else:
                answer = PENDING[state["kind"]](ctx, state, text)
                if answer is not None:
                    return answer, ""
                drop(ctx)
        cmd = REGISTRY.get(verb)
        if cmd is None:
            return self._unknown(verb), ""
        return cmd.handler(ctx, rest), cmd.name

    def _unknown(self, verb: str) -> Reply:
        close = process.extractOne(verb, list(REGISTRY), score_cutoff=70)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        raise UserError(f"I don't know “{verb[:40]}”.{hint} Say `help` to see everything I can do.")

    def receive_file(self, user: UserRef, filename: str, data: bytes) -> Reply:
        """A file the user sent (an upload, or a console path the console read): preview an import."""
        now = self.clock()
        with self.store.session(user) as store_data:
            ctx = self._ctx(user, store_data, now)
            reply = contact_import.preview(ctx, filename, data)
        return reply

    def due_nudges(self, now: datetime) -> list[Nudge]:
        """Everything due at `now`, one message per user; reads only users the index says are due."""
        found = []
        for user in self.store.due_users(now):
            with self.store.session(user) as data:
                ctx = self._ctx(user, data, now)
                nudge = nudge_rules.build_nudge(ctx)
                if nudge is None:
                    data.next_due = nudge_rules.next_due(ctx)
            if nudge is not None:
                found.append(nudge)
        return found

    def mark_sent(self, nudge: Nudge) -> None:
        with self.store.session(nudge.user) as data:
            ctx = self._ctx(nudge.user, data, self.clock())
            nudge_rules.mark_sent(ctx, nudge)
            data.next_due = nudge_rules.next_due(ctx)

    def close(self) -> None:
        close = getattr(self.store, "close", None)
        if close:
            close()
