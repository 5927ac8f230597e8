"""Why you are networking and how much each week: the goal that steers the rest of the coaching.

The purpose decides whom the coach puts first (recruiters for a job search, clients for a
business) and the weekly targets are what `progress` and the streak are measured against.
"""

from __future__ import annotations

import re
from functools import cache

from coaching.core.model import Action, Reply
from coaching.core.records import Contact
from coaching.core.registry import Ctx, Feature, UserError, command
from coaching.core.text import InputProblem, plural, shorten

MAX_TARGET = 50
MAX_PURPOSE_CHARS = 120

TARGETS: dict[str, tuple[str, str]] = {
    "contacts": ("new contact", "new contacts"),
    "followups": ("follow-up", "follow-ups"),
    "reconnects": ("reconnect", "reconnects"),
    "drills": ("pitch drill", "pitch drills"),
}

_TARGET = re.compile(
    r"^(?P<n>\d+)\s++(?:new\s+)?(?P<what>contacts?|people|persons?|connections?|follow[- ]?ups?|reconnects?|"
    r"reconnections?|check[- ]?ins?|(?:pitch\s+)?drills?|pitch(?:es)?|pitch\s+practices?)"
    r"\s*(?:(?:/|per|a|each|every)\s*(?:week|wk|w))?\.?$",
    re.IGNORECASE,
)
_LOOKS_LIKE_TARGET = re.compile(
    r"^(?P<n>\d+|one|two|three|four|five)\s++(?P<what>[\w -]*?[\w-])\s*+(?:/|per|a|each|every)\s*"
    r"(?P<unit>week|wk|w|month|mo|day|year)\b", re.IGNORECASE)
_PER_WEEK = {"month": 12 / 52, "mo": 12 / 52, "day": 7, "year": 1 / 52}
_TARGET_WORD = {"contact": "contacts", "people": "contacts", "person": "contacts", "connection": "contacts",
                "follow": "followups", "reconnect": "reconnects", "check": "reconnects", "pitch": "drills",
                "drill": "drills"}

# Words in a free-text goal that show which of the four purposes it is.
PURPOSE_HINTS: dict[str, tuple[str, ...]] = {
    "job search": ("job", "role", "career", "hired", "position", "work as", "new team", "employ"),
    "advice": ("advice", "mentor", "learn", "guidance", "coach", "grow as", "feedback"),
    "business": ("business", "client", "customer", "sales", "sell", "startup", "investor", "partner", "revenue"),
    "community": ("community", "friends", "meet people", "local", "belong", "neighbo", "new city", "social"),
}

# Whom each purpose puts first, matched as word beginnings in role, tags and notes.
FAVOURS: dict[str, tuple[str, ...]] = {
    "job search": ("recruit", "talent", "hiring", "hires", "hire", "manager", "head of", "director", "cto", "vp"),
    "advice": ("mentor", "advis", "coach", "senior", "principal", "staff", "director", "founder", "professor", "vp"),
    "business": ("client", "customer", "buyer", "buying", "purchas", "procurement", "investor", "partner", "owner",
                 "founder", "ceo"),
    "community": ("community", "organiser", "organizer", "volunteer", "meetup", "club", "host", "neighbo", "friend"),
}
FAVOURED_KIND = {"business": "business", "community": "social"}

WHAT_CHANGES = {
    "job search": "I'll put recruiters and hiring managers first when you `reconnect`, and point `prep` at people "
                  "who hire.",
    "advice": "I'll put mentors and people a few steps ahead of you first when you `reconnect`, and suggest "
              "questions worth their time in `prep`.",
    "business": "I'll put clients, buyers and partners first when you `reconnect`, and shape `prep` around real "
                "conversations with prospects.",
    "community": "I'll put organisers and the people you know socially first when you `reconnect`, and suggest "
                 "introductions in `prep`.",
}
_STOP = frozenset({"with", "more", "some", "find", "want", "people", "that", "this", "from", "into", "about"})


def goal_of(profile: dict) -> dict:
    return profile.get("goal") or {}


def purpose(profile: dict) -> str | None:
    """The user's networking purpose: a key of PURPOSE_HINTS, their own words, or None when unset."""
    return goal_of(profile).get("purpose") or None


def targets(profile: dict) -> dict[str, int]:
    """Weekly targets that are switched on, in a fixed order."""
    wanted = goal_of(profile).get("targets") or {}
    return {key: int(wanted[key]) for key in TARGETS if wanted.get(key)}


def say_target(key: str, count: int) -> str:
    one, many = TARGETS[key]
    return plural(count, one, many)


def classify(text: str) -> str:
    """A purpose word for the four known goals, or the person's own words for anything else."""
    lowered = text.casefold()
    if lowered in ("job", "jobs", "job hunt", "job search", "career", "new job"):
        return "job search"
    if lowered in ("advice", "mentorship", "mentor", "mentoring", "advice/mentorship"):
        return "advice"
    if lowered in ("business", "grow a business", "grow my business", "clients", "customers", "sales"):
        return "business"
    if lowered in ("community", "friends"):
        return "community"
    for known, hints in PURPOSE_HINTS.items():
        if any(re.search(rf"\b{re.escape(hint)}", lowered) for hint in hints):
            return known
    return text


@cache
def _favoured(goal: str) -> re.Pattern[str] | None:
    words = FAVOURS.get(goal) or tuple(w for w in re.findall(r"[^\W_]{4,}", goal.casefold()) if w not in _STOP)
    if not words:
        return None
    return re.compile(rf"\b(?:{'|'.join(re.escape(word) for word in words)})[\w-]*", re.IGNORECASE)


def goal_fit(contact: Contact, goal: str | None) -> str | None:
    """The word that makes this contact a good fit for the goal ("recruiter"), or None."""
    if not goal:
        return None
    if contact.kind and contact.kind == FAVOURED_KIND.get(goal):
        return f"{contact.kind} contact"
    pattern = _favoured(goal)
    if pattern is None:
        return None
    fields = [contact.role, " ".join(contact.tags), *(note.text for note in contact.notes)]
    for text in fields:
        found = pattern.search(text)
        if found:
            return found.group(0).casefold()
    return None


def parse_target(part: str) -> tuple[str, int] | None:
    match = _TARGET.match(part.strip())
    if not match:
        return None
    word = match.group("what").casefold().replace("-", " ")
    key = next(value for stem, value in _TARGET_WORD.items() if word.startswith(stem))
    count = int(match.group("n"))
    if count > MAX_TARGET:
        raise InputProblem(f"{count} a week is a lot to keep up. Pick a number you can hit every week, "
                           f"up to {MAX_TARGET}; you can raise it later.")
    return key, count


def _not_countable(looks: re.Match[str]) -> str:
    """Why a count that reads like a target isn't one, and the weekly target that would be."""
    unit = looks["unit"].casefold()
    if unit in _PER_WEEK and looks["n"].isdigit() and parse_target(f"1 {looks['what']}"):
        weekly = min(MAX_TARGET, max(1, round(int(looks["n"]) * _PER_WEEK[unit])))
        return (f"Targets are weekly, so the Monday check-in can keep you on track. For that pace, try "
                f"`goal {weekly} {looks['what'].strip()}/week`"
                + (f" (the most a week I'll track is {MAX_TARGET})." if weekly == MAX_TARGET else "."))
    return (f"I can't count “{looks.string}” yet. Weekly targets can be new contacts, follow-ups, reconnects or "
            "pitch drills, like `goal 3 new contacts/week`.")


def describe_goal(profile: dict) -> str:
    goal = goal_of(profile)
    lines = []
    if purpose(profile):
        said = goal.get("said")
        lines.append(f"Goal: {purpose(profile)}" + (f" (“{said}”)" if said and said != purpose(profile) else ""))
    wanted = targets(profile)
    if wanted:
        lines.append("Each week: " + ", ".join(say_target(key, n) for key, n in wanted.items()) + ".")
    return "\n".join(lines)


GOAL_HELP = (
    "What are you networking for? Say `goal job search`, `goal advice`, `goal business`, `goal community`, or in "
    "your own words. Then set weekly targets, like `goal 3 new contacts/week`, `goal 5 follow-ups/week`, "
    "`goal 2 reconnects/week` or `goal 2 pitch drills/week`."
)


@command(
    "goal",
    "goal <job search|advice|business|community|your words> | goal <n> <contacts|follow-ups|reconnects|pitch drills>/week",
    "Say what you're networking for and set weekly targets. The goal changes whom I suggest first.",
    ("goal job search", "goal 3 new contacts/week", "goal business, 5 follow-ups/week, 2 reconnects/week",
     "goal clear"),
    topic="goals",
    aliases=("goals", "target", "targets"),
)
def goal(ctx: Ctx, rest: str) -> Reply:
    text = rest.strip()
    if not text:
        current = describe_goal(ctx.profile)
        if not current:
            return Reply(body=GOAL_HELP)
        return Reply(body=f"{current}\nChange it any time, e.g. `goal 2 reconnects/week`, or `goal clear`.",
                     actions=(Action("See progress", "progress"),))
    if text.casefold() in ("clear", "off", "none", "reset", "clear all", "clear goal", "clear goals"):
        ctx.profile.pop("goal", None)
        ctx.save_profile()
        return Reply(body="Goal and weekly targets cleared. Set a new one whenever you like: `goal job search`.")
    if text.casefold() in ("clear targets", "clear target", "no targets"):
        ctx.profile["goal"] = {**goal_of(ctx.profile), "targets": {}}
        ctx.save_profile()
        return Reply(body="Weekly targets cleared" + (f"; your goal stays: {ctx.profile['goal']['said']}."
                                                        if ctx.profile["goal"].get("said") else "."))
    found_targets: dict[str, int] = {}
    words: list[str] = []
    try:
        for part in re.split(r"[,;\n]+", text):
            target = parse_target(part)
            if target:
                found_targets[target[0]] = target[1]
            elif looks := _LOOKS_LIKE_TARGET.match(part.strip()):
                raise InputProblem(_not_countable(looks))
            elif part.strip():
                words.append(part.strip())
    except InputProblem as problem:
        raise UserError(str(problem)) from None
    said = shorten(", ".join(words), MAX_PURPOSE_CHARS)
    if said and not any(ch.isalpha() for ch in said):
        raise UserError(f"I couldn't read “{shorten(text, 60)}” as a goal. {GOAL_HELP}")
    current = {"targets": {}, **goal_of(ctx.profile)}
    current["targets"] = {**current["targets"], **found_targets}
    current["targets"] = {key: n for key, n in current["targets"].items() if n}
    if said:
        current.update(purpose=classify(said), said=said)
    current.setdefault("since", ctx.now.isoformat())
    ctx.profile["goal"] = current
    ctx.save_profile()
    lines = [describe_goal(ctx.profile) or "Weekly targets cleared."]
    if said:
        lines.append(WHAT_CHANGES.get(current["purpose"], "I'll favour people whose notes, roles or tags match it "
                                                              "when you `reconnect` or `prep`."))
    if not targets(ctx.profile):
        lines.append("Add a weekly target to build the habit: `goal 3 new contacts/week`.")
    elif not purpose(ctx.profile):
        lines.append("Say what it's all for, and I'll tailor suggestions: `goal job search`.")
    else:
        lines.append("Every Monday I'll tell you how last week went. `progress` shows it any time.")
    return Reply(title="Goal saved.", body="\n".join(lines), actions=(Action("See progress", "progress"),))


FEATURE = Feature("goals", commands=(goal,))
