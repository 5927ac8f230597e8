"""The coach: parse -> decide -> store -> Reply. No platform, no files, no event loop."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rapidfuzz import fuzz, process

from coaching import community
from coaching.core import nudges as nudge_rules
from coaching.core.conversation import COMMAND_WORDS, CONVERSATION, NO, YES, drop, expect, pending, says_no
from coaching.core.incoming import FormLimits, Incoming, Limits, Upload
from coaching.core.model import Clock, Nudge, Reply, UserRef
from coaching.core.registry import PROFILE, Ask, Command, CronCheck, Ctx, Feature, Registry, UserError
from coaching.core.store import Store, StoreUnavailable, UserData
from coaching.core.text import MAX_NAME_CHARS, SENTENCES, InputProblem, clean, starts_a_sentence
from coaching.core.tips import pick_tip
from coaching.data import importing
from coaching.data.reading import MAX_IMPORT_BYTES
from coaching.people.capture import KINDS, add_from_fields

log = logging.getLogger(__name__)

FUZZY_MIN = 3  # letters: a shorter unknown word ("I", "so") is never a typo of a command
THANKS = frozenset({"thanks", "thank", "thx", "ty", "cheers", "great", "cool", "nice", "ok", "okay"})
DASHBOARD = (("Follow-ups", "followups"), ("Goals", "progress"), ("Your pitch", "pitch history"))
SORRY = Reply(body="Something went wrong on my side, and nothing was changed. Please try again in a moment.")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
UNAVAILABLE = Reply(body="I can't reach my notes right now, so nothing was changed. Please try again in a moment.")
LIMITS = Limits(upload_bytes=MAX_IMPORT_BYTES, form=FormLimits(kinds=KINDS, name_chars=MAX_NAME_CHARS))


class _LookOnly(Exception):
    """Raised inside a session to roll back whatever a command run only to look wrote; it carries the outcome out."""

    def __init__(self, outcome: Reply | UserError) -> None:
        super().__init__("look only")
        self.outcome = outcome


def _review_soon(ctx: Ctx) -> None:
    """After a change, ask the sweep to look at this user now; it works out the real next due time.

    Working it out here would put every source's scan on the command's path; the sweep does
    it once per changed user instead, so commands stay fast and nothing due is missed.
    With nudges off there is nothing to work out: the user leaves the index at once.
    """
    data = ctx.data
    if not ctx.profile.get("nudges", True):
        data.next_due = None
    elif data.next_due is None or data.next_due > ctx.now:
        data.next_due = ctx.now


def utc_now() -> datetime:
    return datetime.now(UTC)


class Coach:
    """One engine for every surface. Give it a store and a clock; get plain `Reply`s back."""

    def __init__(self, store: Store, clock: Clock | None = None, *, features: Sequence[Feature],
                 daily_cap: int = nudge_rules.DAILY_CAP, cron_check: CronCheck,
                 send_lease: timedelta = nudge_rules.SEND_LEASE) -> None:
        """`features` are everything this coach understands, in `help` order (`coaching.features.FEATURES`
        is the full set); answering a `yes` comes with every coach.

        `cron_check` reads schedule times for channel posts (handlers get it as `Ctx.cron_check`); the wiring
        passes the scheduler's own parser.
        `send_lease` is how long a nudge or channel post being sent is held before another sweep may take it over.
        """
        self.registry = Registry((CONVERSATION, *features))
        self.store = store
        self.clock = clock or utc_now
        self.daily_cap = daily_cap
        self.send_lease = send_lease
        self.cron_check = cron_check
        self.limits = LIMITS

    def receive(self, incoming: Incoming) -> Reply:
        """The one way in for every surface: the engine, not the adapter, decides what a message is.

        A file is an import to preview; anything else is a command, which sees the route it came by
        (`Ctx.channel`, `Ctx.can_manage`, `Ctx.read_local`), so `schedule` typed in a channel manages that
        channel and `import <path>` typed in the console reads that file.
        """
        if incoming.file is not None:
            return self._preview(incoming.user, incoming.file)
        return self._handle(incoming)

    def needs_channel_rights(self, text: str) -> bool:
        """Whether the command this text is reads who may manage the channel, so an adapter for which finding
        out costs a platform call (Slack) asks only then."""
        cmd = self._resolve(text)[0]
        return cmd is not None and cmd.channel_rights

    def too_large(self, size: int) -> Reply | None:
        """What to say about an upload of `size` bytes before downloading it, or None when it may come."""
        return importing.too_large(size)

    def form_command(self, user: UserRef, values: dict[str, str]) -> tuple[str | None, dict[str, str]]:
        """The add form's fields as the `add` command, or what is wrong by field; dates read in the user's timezone."""
        return add_from_fields(values, self.clock(), self.timezone(user))

    def opens_form(self, text: str) -> bool:
        """Whether `text` is a bare `add` (or `new`, `met`), which a surface with a form asks for field by field."""
        return self.command_of(text) == ("add", "")

    def handle(self, user: UserRef, text: str) -> Reply:
        """`text` typed in a direct message: the same as `receive` with it."""
        return self._handle(Incoming(user, text))

    def _handle(self, incoming: Incoming) -> Reply:
        user = incoming.user
        try:
            text = clean(incoming.text)
        except InputProblem as problem:
            return Reply(body=str(problem))
        if not text:
            return Reply(body="I didn't catch anything there. Say `help` to see what I can do.")
        now = self.clock()
        try:
            return self._answer(incoming, text, now)
        except StoreUnavailable:
            log.warning("A command for %s found the store unavailable; nothing was kept", user.log_id)
            return UNAVAILABLE
        except Exception:
            log.exception("A command (%s) failed for %s; nothing it wrote was kept", incoming.surface, user.log_id)
            return SORRY

    def _answer(self, incoming: Incoming, text: str, now: datetime) -> Reply:
        try:
            return self._run(incoming, text, now)
        except Ask as ask:
            with self.store.session(incoming.user) as data:
                expect(self._ctx(incoming.user, data, now), ask.kind, **ask.state)
            return ask.reply
        except UserError as problem:
            return problem.reply

    def _ctx(self, user: UserRef, data: UserData, now: datetime, route: Incoming | None = None) -> Ctx:
        """What a handler gets; `route` is the message being answered (none for a nudge, a dashboard, an import)."""
        route = route or Incoming(user)
        return Ctx(user=user, data=data, now=now, profile=data.get(PROFILE, "profile") or {"id": "profile"},
                   registry=self.registry, channel=route.channel, can_manage=route.can_manage, surface=route.surface,
                   read_local=route.read_local,
                   shared=self.store.shared, cron_check=self.cron_check)

    def _run(self, incoming: Incoming, text: str, now: datetime) -> Reply:
        """An open question first, in a session of its own: moving on from it sticks even if the command fails."""
        user = incoming.user
        reply, verb, ctx = self._in_session(incoming, now, partial(self._answer_question, text=text))
        if reply is None:
            reply, verb, ctx = self._in_session(incoming, now, partial(self._command, text=text))
        if ctx.forget:
            self.store.forget(user)
            return reply
        if reply.tip is None:
            tip = pick_tip(verb, f"{user.key}|{now.isoformat()}|{text}")
            reply = replace(reply, tip=tip)
        return reply

    def _in_session(self, incoming: Incoming, now: datetime,
                    step: Callable[[Ctx], tuple[Reply | None, str]]) -> tuple[Reply | None, str, Ctx]:
        with self.store.session(incoming.user) as data:
            ctx = self._ctx(incoming.user, data, now, incoming)
            reply, verb = step(ctx)
            if data.changed and not ctx.forget:
                _review_soon(ctx)
        return reply, verb, ctx

    def _answer_question(self, ctx: Ctx, text: str) -> tuple[Reply | None, str]:
        """The answer to what the coach asked last, or None once the user has moved on (the question is closed).

        A command about the channel it was typed in (`schedule`) is no part of the conversation in the DM: it
        neither answers the question nor closes it.
        """
        state = pending(ctx)
        if state is None:
            return None, ""
        cmd, _, _ = self.registry.resolve(text)
        if ctx.channel is not None and cmd is not None and cmd.channel_rights:
            return None, ""
        question = self.registry.questions.get(state["kind"])
        if question is None:  # asked by a feature this coach was not given: nothing can answer it
            drop(ctx)
            return None, ""
        if says_no(text):
            drop(ctx)
            return Reply(body=question.cancel(ctx, state)), ""
        own = cmd is not None and cmd.name in question.commands
        answering = question.kind == "choice" or (question.free_text and len(text.split()) > COMMAND_WORDS and not own)
        answer = question(ctx, state, text) if answering or cmd is None else None
        if answer is None:
            drop(ctx)
        return answer, ""

    def _command(self, ctx: Ctx, text: str) -> tuple[Reply, str]:
        cmd, verb, rest = self.registry.resolve(text)
        if cmd is None:
            for fallback in self.registry.fallbacks:
                if (reply := fallback(ctx, text)) is not None:
                    return reply, ""
            return self._unknown(verb, text), ""
        return cmd(ctx, rest), cmd.name

    def _unknown(self, verb: str, text: str) -> Reply:
        word = verb.strip(" .!?,")
        if word in YES | NO or word.isdigit():
            raise UserError("Nothing's waiting for an answer right now. `help` shows what I can do.")
        if word in THANKS:
            raise UserError("Glad to help. Go make someone's day with a follow-up.")
        if starts_a_sentence(word):
            raise UserError(f"{SENTENCES} Say `help` to see everything I can do.")
        close = (process.extractOne(word, list(self.registry.commands), scorer=fuzz.ratio, score_cutoff=70)
                 if len(word) >= FUZZY_MIN else None)  # plain edit likeness: a part-word match finds "list" in "i"
        hint = f" Did you mean `{close[0]}`?" if close else ""
        raise UserError(f"I don't know “{verb[:40]}”.{hint} Say `help` to see everything I can do.")

    def _preview(self, user: UserRef, upload: Upload) -> Reply:
        """Preview an import; nothing is kept until the user says yes."""
        now = self.clock()
        try:
            with self.store.session(user) as store_data:
                return importing.preview(self._ctx(user, store_data, now), upload.name, upload.data)
        except Exception:
            log.exception("Reading an upload failed for %s; nothing was kept", user.log_id)
            return SORRY

    def knows(self, user: UserRef) -> bool:
        """Whether anything is kept for this person (`forget me` ends it), so a surface can tidy up its own files."""
        with self.store.session(user) as data:
            return data.exists

    def timezone(self, user: UserRef) -> ZoneInfo:
        """The user's timezone, so an adapter reading a date from a form reads it as the engine will."""
        with self.store.session(user) as data:
            return self._ctx(user, data, self.clock()).tz

    def set_default_timezone(self, user: UserRef, zone: str) -> None:
        """Take a platform's timezone (Slack profiles carry one) unless the user already chose one with `tz`."""
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            return
        try:
            with self.store.session(user) as data:
                ctx = self._ctx(user, data, self.clock())
                if not ctx.profile.get("tz"):
                    ctx.profile["tz"] = zone
                    ctx.save_profile()
        except StoreUnavailable:
            log.warning("The platform timezone for %s was not kept: the store is unavailable", user.log_id)

    def dashboard(self, user: UserRef) -> list[tuple[str, Reply]]:
        """What someone should see at a glance (Slack's App Home): titled parts, read without changing anything."""
        return [(title, reply) for title, command in DASHBOARD if (reply := self._peek(user, command)) is not None]

    def _peek(self, user: UserRef, text: str) -> Reply | None:
        """Run a command only to show its answer.

        A pending question is left alone and anything the command writes is rolled back.
        None when the command doesn't exist, so a dashboard can leave that part out.
        """
        cmd, verb, rest = self.registry.resolve(text)
        if cmd is None:
            return None
        now = self.clock()
        try:
            outcome = self._dry_run(user, cmd, rest, now)
        except Exception:
            log.exception("Showing `%s` failed for %s", verb, user.log_id)
            return None
        reply = outcome.reply if isinstance(outcome, UserError) else outcome
        if reply.tip is None:
            reply = replace(reply, tip=pick_tip(cmd.name, f"{user.key}|{now.date().isoformat()}"))
        return reply

    def _dry_run(self, user: UserRef, cmd: Command, rest: str, now: datetime) -> Reply | UserError:
        """What `cmd` answers (or the `UserError` it raises) as a direct message's command, keeping nothing it
        writes and leaving a pending question alone: for a dashboard, and for `coaching.testing.refuses`."""
        try:
            with self.store.session(user) as data:
                try:
                    outcome: Reply | UserError = cmd(self._ctx(user, data, now), rest)
                except UserError as problem:
                    outcome = problem
                raise _LookOnly(outcome)
        except _LookOnly as look:
            return look.outcome

    def due_nudges(self, now: datetime) -> list[Nudge]:
        """Everything due at `now`, one message per user; reads only users the index says are due.

        With a store shared by several processes, each sweep gets its own share of the due users.
        """
        found = []
        seen: set[UserRef] = set()
        while fresh := [user for user in self.store.claim_due(now, self.send_lease) if user not in seen]:
            seen.update(fresh)
            for user in fresh:
                try:
                    nudge = self._due_for(user, now)
                except StoreUnavailable:
                    raise
                except Exception:
                    log.exception("Skipped %s in this sweep: their data could not be read", user.log_id)
                    continue
                if nudge is not None:
                    found.append(nudge)
        return found

    def _due_for(self, user: UserRef, now: datetime) -> Nudge | None:
        with self.store.session(user) as data:
            visit = nudge_rules.Visit(self._ctx(user, data, now))
            nudge = nudge_rules.build_nudge(visit, self.daily_cap)
            if nudge is None:
                data.next_due = nudge_rules.next_due(visit, self.daily_cap)
        return nudge

    def record_intent(self, nudge: Nudge) -> bool:
        """Call just before sending; False means don't send (already done, being sent by another process,
        no longer wanted now, given up on, or the user is gone). The person's next due time is worked out again
        either way."""
        return bool(self._delivery(nudge, partial(nudge_rules.record_intent, daily_cap=self.daily_cap,
                                                  lease=self.send_lease)))

    def mark_sent(self, nudge: Nudge) -> None:
        """The send went through."""
        self._delivery(nudge, nudge_rules.mark_sent)

    def release_nudge(self, nudge: Nudge) -> None:
        """The send was stopped before the platform answered: give the claim back so another process sends it now."""
        self._delivery(nudge, nudge_rules.release)

    def mark_failed(self, nudge: Nudge, *, retry: bool, after: float | None = None, reason: str = "") -> None:
        """The send failed: keep the nudge for a later sweep (retry) or stop trying (blocked)."""
        self._delivery(nudge, partial(nudge_rules.mark_failed, retry=retry, after=after, reason=reason))

    def _delivery(self, nudge: Nudge, step: Callable[[nudge_rules.Visit, Nudge], bool | None]) -> bool | None:
        """Record one step of a nudge's delivery and when the person is next due, from one scan of the sources.

        A user who said `forget me` meanwhile stays forgotten.
        """
        with self.store.session(nudge.user) as data:
            if not data.exists:
                return False
            visit = nudge_rules.Visit(self._ctx(nudge.user, data, self.clock()))
            outcome = step(visit, nudge)
            data.next_due = nudge_rules.next_due(visit, self.daily_cap)
        return outcome

    def command_of(self, text: str) -> tuple[str | None, str]:
        """The command a message is (its own name, aliases resolved) and the rest, read exactly as `handle` reads it.

        Adapters ask through `opens_form` and `needs_channel_rights` before platform work that only some commands
        need, so they never parse the grammar or name a command themselves.
        """
        cmd, rest = self._resolve(text)
        return (cmd.name if cmd else None), rest

    def _resolve(self, text: str) -> tuple[Command | None, str]:
        try:
            cmd, _, rest = self.registry.resolve(clean(text))
        except InputProblem:
            return None, ""
        return cmd, rest

    def channel_schedules(self) -> list[community.ChannelSchedule]:
        """Channel posts added from chat (config-file ones are the scheduler's to add)."""
        return community.stored_schedules(self.store)

    def channel_last_posted(self, schedule: community.ChannelSchedule) -> datetime:
        """When this schedule last posted, or when it was first seen: a fire after this is still owed."""
        return community.last_posted(self.store, schedule, self.clock())

    def claim_channel_post(self, schedule: community.ChannelSchedule, fire: datetime) -> bool:
        """Call before posting what `fire` owes; False means don't: it is out, or another process is posting it."""
        return community.claim(self.store, schedule, fire, self.clock(), self.send_lease)

    def release_channel_post(self, schedule: community.ChannelSchedule) -> None:
        """A claimed post did not go out but may later: let the next sweep (here or elsewhere) try again."""
        community.release(self.store, schedule)

    def channel_post(self, schedule: community.ChannelSchedule) -> community.ChannelPost:
        return community.compose(self.store, schedule, self.clock())

    def mark_posted(self, post: community.ChannelPost) -> None:
        community.mark_posted(self.store, post, self.clock())

    def skip_channel_post(self, schedule: community.ChannelSchedule) -> None:
        """The fire owed is given up (past the grace time, or the channel refuses posts): nothing went out."""
        community.mark_posted(self.store, community.ChannelPost(schedule, reply=None), self.clock())

    def healthy(self) -> bool:
        """Whether the store answers right now: what a load balancer's health check asks."""
        try:
            self.store.due_users(EPOCH)
        except StoreUnavailable:
            return False
        return True

    def close(self) -> None:
        close = getattr(self.store, "close", None)
        if close:
            close()
