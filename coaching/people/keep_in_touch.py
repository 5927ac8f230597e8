"""Keep in touch: how often to check in with each person, always counted from the last real contact.

Personal CRMs often count the next reminder from the last reminder, so ignoring one
quietly postpones the relationship. Here the next check-in is `last_contact + rhythm`,
and only a real interaction (`note`, `done`, a draft marked sent) moves `last_contact`.
Sending a reminder changes nothing, and each lapse is nudged once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial

from coaching.core.model import Action, Item, Reply
from coaching.core.nudges import sent_items, settled
from coaching.core.records import Contact
from coaching.core.registry import Ctx, DueItem, Feature, UserError, command
from coaching.core.text import plural, shorten
from coaching.core.when import ago, say_day
from coaching.goals.goal import goal_fit, purpose
from coaching.people.contacts import last_in_touch, never_in_touch
from coaching.people.drafts import fit_reason
from coaching.people.followup_window import followup_waiting
from coaching.people.names import answer_choice, resolve
from coaching.people.places import met_place
from coaching.people.records import IMPORTED, all_contacts, save_contact

DEFAULT_DAYS = {"professional": 90, "business": 60, "social": 120, "digital": 180}
MAX_DAYS = 730
NUDGE_HOUR = 9
NUDGES_PER_DAY = 3
GOAL_WEIGHT = 1.5  # a good fit for the goal counts as half as overdue again
TAG_RHYTHMS = "tag_rhythms"
INTERACTIONS = ("note", "checkin", "followup")

_PERIOD = re.compile(
    r"^(?P<who>.*?\S)\s++(?:(?:every\s++)?(?P<n>\d+)\s*+(?P<unit>d|days?|w|wks?|weeks?|m|mos?|months?|y|yrs?|years?)?"
    r"|(?P<word>weekly|fortnightly|biweekly|monthly|quarterly|yearly|annually|off|never|stop|none|default|reset|auto))"
    r"\.?$",
    re.IGNORECASE,
)
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_WORD_DAYS = {"weekly": 7, "fortnightly": 14, "biweekly": 14, "monthly": 30, "quarterly": 90, "yearly": 365,
              "annually": 365, "off": 0, "never": 0, "stop": 0, "none": 0}
_TAG = re.compile(r"^#([\w-]{1,40})$")


@dataclass(frozen=True)
class Rhythm:
    days: int
    why: str  # "you set it", "#mentors", "the default for professional contacts"


@dataclass(frozen=True)
class CheckIn:
    """Someone with a rhythm: when they are due, and what it takes to rank and explain it."""

    contact: Contact
    rhythm: Rhythm
    last: datetime
    due: datetime
    overdue: float  # days since last contact, as a multiple of the rhythm
    fit: str | None


def default_rhythm(contact: Contact) -> Rhythm:
    kind = contact.kind or "professional"
    return Rhythm(DEFAULT_DAYS.get(kind, DEFAULT_DAYS["professional"]), f"the default for {kind} contacts")


def rhythm_for(contact: Contact, profile: dict) -> Rhythm | None:
    """The person's own rhythm, else the shortest of their tags', else the kind's default (none for imports)."""
    own = contact.rhythm_days
    if own is not None:
        return Rhythm(own, "you set it") if own else None
    by_tag = profile.get(TAG_RHYTHMS) or {}
    tagged = sorted((by_tag[tag], tag) for tag in contact.tags if tag in by_tag)
    if tagged:
        on = [(days, tag) for days, tag in tagged if days]
        return Rhythm(on[0][0], f"#{on[0][1]}") if on else None
    if contact.source == IMPORTED:
        return None
    return default_rhythm(contact)


def last_contact(contact: Contact) -> datetime:
    return datetime.fromisoformat(contact.last_contact or contact.met_on)


def check_in_on(last: datetime, days: int, ctx: Ctx) -> datetime:
    """Morning of the day the rhythm comes round, in the user's timezone."""
    day = (last.astimezone(ctx.tz) + timedelta(days=days)).date()
    return datetime.combine(day, time(NUDGE_HOUR), ctx.tz)


def next_checkin(contact: Contact, ctx: Ctx) -> datetime | None:
    rhythm = rhythm_for(contact, ctx.profile)
    return check_in_on(last_contact(contact), rhythm.days, ctx) if rhythm else None


def _waiting_on_followup(contact: Contact, ctx: Ctx) -> bool:
    """The first follow-up has its own reminders; keep-in-touch starts once it is done or they have run out."""
    return followup_waiting(contact.followup, ctx.now)


def scheduled(ctx: Ctx, contacts: list[Contact] | None = None) -> list[CheckIn]:
    """Everyone with a rhythm, due or not, most pressing first: most overdue, weighted by fit for the goal.

    `contacts`: every contact, when the caller has loaded them for more than this.
    """
    goal = purpose(ctx.profile)
    found = []
    for contact in all_contacts(ctx) if contacts is None else contacts:
        rhythm = rhythm_for(contact, ctx.profile)
        if rhythm is None or _waiting_on_followup(contact, ctx):
            continue
        last = last_contact(contact)
        overdue = (ctx.now - last) / timedelta(days=rhythm.days)
        found.append(CheckIn(contact, rhythm, last, check_in_on(last, rhythm.days, ctx), overdue, goal_fit(contact, goal)))
    return sorted(found, key=lambda lapse: lapse.overdue * (GOAL_WEIGHT if lapse.fit else 1), reverse=True)


def lapsed(ctx: Ctx, contacts: list[Contact] | None = None) -> list[CheckIn]:
    return [lapse for lapse in scheduled(ctx, contacts) if lapse.due <= ctx.now]


def why_now(contact: Contact, last: datetime, fit: str | None, ctx: Ctx) -> str:
    """One line on why this person, now: "met at PyCon, 94 days ago, you noted: hires data engineers"."""
    met_on = datetime.fromisoformat(contact.met_on)
    parts = [f"met {met_place(contact.met_at)}" if contact.met_at else ""]
    if contact.met_on_unknown and last <= met_on:
        parts.append(f"imported {ago(met_on, ctx.now, ctx.tz)}")
    elif last <= met_on:
        parts.append(ago(met_on, ctx.now, ctx.tz) if parts[0] else f"met {ago(met_on, ctx.now, ctx.tz)}")
    else:
        parts.append(f"last in touch {ago(last, ctx.now, ctx.tz)}")
    if contact.notes:
        parts.append(f"you noted: {shorten(contact.notes[-1].text, 90)}")
    reason = ", ".join(part for part in parts if part)
    goal = purpose(ctx.profile)
    return f"{reason}. {fit_reason(contact, fit, goal)}" if fit and goal else reason


def reconnections(ctx: Ctx, contacts: list[Contact], events: list[dict]) -> list[datetime]:
    """When the user revived a cooled relationship: a note or check-in once its check-in had come due.

    Derived from the event log (`events`, every event, with every contact), so every path that logs contact
    counts, whatever command it came from. Imported people have no reminders, but the first message to one is
    a reconnect, and so is reaching out again after their kind's default rhythm.
    """
    by_id = {contact.id: contact for contact in contacts}
    timeline: dict[str, list[tuple[datetime, str]]] = {}
    for event in events:
        if event.get("type") in INTERACTIONS and event.get("contact") in by_id:
            timeline.setdefault(event["contact"], []).append((datetime.fromisoformat(event["at"]), event["type"]))
    found = []
    for contact_id, moments in timeline.items():
        contact = by_id[contact_id]
        days = (rhythm_for(contact, ctx.profile) or default_rhythm(contact)).days
        previous = datetime.fromisoformat(contact.met_on)
        first_since_import = contact.source == IMPORTED
        for moment, kind in sorted(moments):
            if kind != "followup" and (first_since_import or moment >= check_in_on(previous, days, ctx)):
                found.append(moment)
            previous, first_since_import = max(previous, moment), False
    return sorted(found)


def checkin_actions(contact: Contact) -> tuple[Action, ...]:
    ref = f"id:{contact.id}"
    return (Action("Draft a check-in", f"reconnect {ref}", "primary"), Action("Mark as in touch", f"done {ref}"))


def _parse_days(match: re.Match[str]) -> int | None:
    """Days for a period, 0 for off, None for back to the default."""
    word = (match.group("word") or "").casefold()
    if word in ("default", "reset", "auto"):
        return None
    if word:
        return _WORD_DAYS[word]
    days = int(match.group("n")) * _UNIT_DAYS[(match.group("unit") or "d")[0].casefold()]
    if not 1 <= days <= MAX_DAYS:
        asked = shorten(match.group(0)[match.end("who"):].strip(), 30)
        raise UserError(f"“{asked}” is out of range: pick a rhythm between 1 day and {MAX_DAYS // 365} years, "
                        f"like `every {shorten(match.group('who'), 40)} 60 days`.")
    return days


def _every_days(days: int) -> str:
    return f"every {days} days" if days else "off"


def _say_rhythm(rhythm: Rhythm | None) -> str:
    return f"every {rhythm.days} days ({rhythm.why})" if rhythm else "no keep-in-touch reminders"


def _overview(ctx: Ctx) -> Reply:
    defaults = ", ".join(f"{kind} {days}" for kind, days in DEFAULT_DAYS.items())
    lines = [f"By default I suggest checking in every so many days: {defaults}. Imported contacts have no rhythm "
             "until you give them one."]
    by_tag = ctx.profile.get(TAG_RHYTHMS) or {}
    if by_tag:
        lines.append("Your tags: " + ", ".join(f"#{tag} {_every_days(days)}" for tag, days in sorted(by_tag.items())))
    own = [c for c in all_contacts(ctx) if c.rhythm_days is not None]
    if own:
        lines.append("Set by you: " + ", ".join(f"{c.name} {_every_days(c.rhythm_days)}" for c in own[:10])
                     + (" …" if len(own) > 10 else ""))
    lines.append("Change one with `every Priya 30 days`, `every #mentors 60 days`, `every Tom off` or `every Tom default`.")
    return Reply(title="Keep-in-touch rhythms", body="\n".join(lines))


def _status(ctx: Ctx, contact: Contact) -> Reply:
    rhythm = rhythm_for(contact, ctx.profile)
    last = last_contact(contact)
    line = f"{contact.name}: {_say_rhythm(rhythm)}. Last in touch: {last_in_touch(contact, ctx)}."
    if rhythm and _waiting_on_followup(contact, ctx):
        line += " The keep-in-touch clock starts once you've followed up."
    elif rhythm:
        line += f" Next check-in {say_day(check_in_on(last, rhythm.days, ctx), ctx.now, ctx.tz)}."
    return Reply(body=f"{line}\nChange it with `every {contact.name} 30 days` or `every {contact.name} off`.")


def _set_tag(ctx: Ctx, tag: str, days: int | None) -> Reply:
    by_tag = dict(ctx.profile.get(TAG_RHYTHMS) or {})
    if days is None:
        by_tag.pop(tag, None)
    else:
        by_tag[tag] = days
    ctx.profile[TAG_RHYTHMS] = by_tag
    ctx.save_profile()
    tagged = [c for c in all_contacts(ctx) if tag in c.tags]
    who = f"Everyone tagged #{tag} ({plural(len(tagged), 'person', 'people')})" if tagged else (
        f"Nobody is tagged #{tag} yet; as you tag people, they")
    if days is None:
        what = "goes back to their own or default rhythm" if tagged else "will use their own or default rhythm"
    elif days == 0:
        what = "gets no keep-in-touch reminders" if tagged else "will get no keep-in-touch reminders"
    else:
        what = f"gets a check-in reminder every {days} days" if tagged else f"will get a check-in reminder every {days} days"
    return Reply(body=f"{who} {what}, unless you've set a rhythm for someone directly.")


def _set_contact(ctx: Ctx, contact: Contact, days: int | None) -> Reply:
    if days is None:
        contact.unset("rhythm_days")
    else:
        contact.rhythm_days = days
    save_contact(ctx, contact)
    rhythm = rhythm_for(contact, ctx.profile)
    if rhythm is None:
        return Reply(body=f"OK, no keep-in-touch reminders for {contact.name}.")
    last = last_contact(contact)
    due = check_in_on(last, rhythm.days, ctx)
    if _waiting_on_followup(contact, ctx):
        return Reply(body=f"{contact.name}: {_say_rhythm(rhythm)}. The clock starts once you've done the first "
                          "follow-up, and counts from your last real contact, not from my reminders.")
    since = (f"your last real contact ({say_day(last, ctx.now, ctx.tz)})" if not never_in_touch(contact)
             else f"{say_day(last, ctx.now, ctx.tz, bare=True)}, as nothing is logged since the import")
    lines = [f"{contact.name}: {_say_rhythm(rhythm)}, counted from {since}, not from my reminders."]
    if due <= ctx.now:
        lines.append(f"That makes a check-in due now: `reconnect {contact.name}` drafts one.")
    else:
        lines.append(f"Next check-in {say_day(due, ctx.now, ctx.tz)}.")
    return Reply(body=" ".join(lines), actions=checkin_actions(contact) if due <= ctx.now else ())


@command(
    "every",
    "every <name or #tag> <n days|weeks|months> | every <name> off | every <name> default",
    "How often to check in with someone (or everyone with a tag). Counted from your last real contact.",
    ("every Priya 30 days", "every #mentors 60 days", "every Tom 3 months", "every Jo off", "every"),
    topic="relationships",
    aliases=("rhythm", "rhythms"),
)
def every(ctx: Ctx, rest: str) -> Reply:
    text = rest.strip()
    if not text:
        return _overview(ctx)
    match = _PERIOD.match(text)
    if match is None:
        if _TAG.match(text):
            raise UserError(f"How often for {text}? For example `every {text} 60 days`.")
        return _status(ctx, resolve(ctx, text, "every"))
    who, period = match.group("who").strip(), text[match.end("who"):].strip()
    days = _parse_days(match)
    tag = _TAG.match(who)
    if tag:
        return _set_tag(ctx, tag.group(1).casefold(), days)
    return _set_contact(ctx, resolve(ctx, who, "every", period), days)


def _morning_after(ctx: Ctx) -> datetime:
    return datetime.combine(ctx.local_now.date() + timedelta(days=1), time(NUDGE_HOUR), ctx.tz)


def _delivered(ctx: Ctx) -> tuple[set[str], int]:
    """Check-in items already delivered for good, and how many check-ins went out on the user's today."""
    today = ctx.local_now.date()
    delivered = {key for key in settled(ctx) if key.startswith("rhythm:")}
    sent_today = sum(1 for key, at in sent_items(ctx).items()
                     if key.startswith("rhythm:") and at.astimezone(ctx.tz).date() == today)
    return delivered, sent_today


def due_checkins(ctx: Ctx) -> list[DueItem]:
    """One nudge per lapse, at most NUDGES_PER_DAY a day; the rest wait for tomorrow, best first.

    The key names the last contact, so the next nudge for this person needs a new real contact first.
    Delivered items stay on offer (the nudge log filters them), so their records are kept, never re-sent.
    Only items going out now get the full reason: the others are rebuilt when their time comes.
    """
    delivered, sent_today = _delivered(ctx)
    room = NUDGES_PER_DAY - sent_today
    items = []
    for lapse in scheduled(ctx):
        key = f"rhythm:{lapse.contact.id}:{lapse.last.isoformat()}"
        at, going_now = lapse.due, False
        if at <= ctx.now and key not in delivered:
            if room > 0:
                going_now = True
            else:
                at = _morning_after(ctx)
            room -= 1
        items.append(DueItem(key, at, partial(_checkin_item, lapse, ctx, going_now), "checkin"))
    return items


def _checkin_item(lapse: CheckIn, ctx: Ctx, with_reason: bool) -> Item:
    text = f"Check in with {lapse.contact.name}"
    if with_reason:
        text += f": {why_now(lapse.contact, lapse.last, lapse.fit, ctx)}"
    return Item(text, checkin_actions(lapse.contact))


FEATURE = Feature("keeping in touch", commands=(every,), questions=(answer_choice,), sources=(due_checkins,))
