"""Prep: a short checklist before an event, so you walk in with an aim instead of a name badge.

Your aim for it, people you already know there, your best pitch and its weakest point,
questions worth asking, and a reminder to capture people the same day.
"""

from __future__ import annotations

from coaching.core.model import Action, Item, Reply
from coaching.core.registry import Ctx, Feature, UserError, command
from coaching.core.text import shorten
from coaching.goals.goal import goal_fit, purpose
from coaching.people.ask_and_intro import keywords, rank
from coaching.people.names import describe
from coaching.people.places import met_place
from coaching.people.records import all_contacts
from coaching.pitch.practice import best_pitch, goal_scenario
from coaching.pitch.scoring import score_pitch

MAX_PEOPLE = 4
EVENT_CHARS = 80

AIM = {
    "job search": "Meet two people who hire for the kind of role you want, and leave with one named next step.",
    "advice": "Find one person a few steps ahead of you and ask them one specific question.",
    "business": "Have three real conversations with possible clients or partners, and book one follow-up call.",
    "community": "Meet two new people, and introduce two people who should know each other.",
}
QUESTIONS = {
    "job search": ("What does your team look for in the people it hires?",
                   "What's the most interesting problem your team is working on right now?"),
    "advice": ("What do you wish you'd known when you were where I am now?",
               "What's one thing you'd do differently if you were starting out today?"),
    "business": ("What's the hardest part of your week right now?",
                 "How do you usually find people to help with that?"),
    "community": ("What brought you here today?", "Who else here should I meet?"),
}
GENERAL_QUESTIONS = ("What are you working on that you're excited about?", "What brought you here today?",
                     "What's been the best part of the event for you so far?")


def aim(goal: str | None) -> str:
    if goal in AIM:
        return AIM[goal]
    if goal:
        return f"With your goal in mind ({goal}): meet three people and learn one thing about each that ties to it."
    return ("Meet three new people and learn one thing about each you can follow up on. "
            "Tell me your goal (`goal job search`) and I'll tailor this.")


def questions(goal: str | None) -> list[str]:
    chosen = list(QUESTIONS.get(goal or "", ()))
    chosen += [q for q in GENERAL_QUESTIONS if q not in chosen]
    return chosen[:3]


def people_to_look_for(ctx: Ctx, event: str) -> list[str]:
    """People your notes tie to this event (met there, tagged for it), with the goal fits marked."""
    goal = purpose(ctx.profile)
    lines = []
    for found in rank(all_contacts(ctx), event, MAX_PEOPLE):
        fit = goal_fit(found.contact, goal)
        lines.append(f"{describe(found.contact)}: matched {found.why()}" + (f"; a fit for your goal ({fit})" if fit else ""))
    return lines


def pitch_lines(ctx: Ctx) -> list[str]:
    """The best pitch so far and the criterion that cost it most points."""
    best = best_pitch(ctx)
    if best is None:
        scenario = goal_scenario(ctx.profile) or "general"
        return [f"No pitch yet. Practise it with `pitch` before you go ({scenario} is a good place to start)."]
    try:
        score = score_pitch(best.text, best.scenario)
    except ValueError:
        score = score_pitch(best.text)
    lines = [f"Your best pitch so far ({score.total}/100): “{shorten(best.text, 240)}”"]
    lost = [c for c in score.criteria if c.points < c.max_points]
    if not lost:
        lines.append("Weakest point: none, it scored full marks. Say it out loud once on the way there.")
        return lines
    weakest = min(lost, key=lambda c: (c.points - c.max_points, c.points / c.max_points))
    lines.append(f"Weakest point: {weakest.name} ({weakest.points}/{weakest.max_points}). {weakest.advice}")
    return lines


@command(
    "prep",
    "prep <event>",
    "A short checklist before an event: your aim, people to look for, your pitch's weak spot, questions to ask.",
    ("prep PyCon 2026", "prep the climate founders meetup on Thursday"),
    topic="relationships",
    aliases=("prepare",),
)
def prep(ctx: Ctx, rest: str) -> Reply:
    event = shorten(rest.strip(), EVENT_CHARS)
    if not keywords(event):
        raise UserError("Which event? For example `prep PyCon 2026` or `prep the founders meetup`.")
    goal = purpose(ctx.profile)
    people = people_to_look_for(ctx, event)
    items = [Item(f"Your aim: {aim(goal)}")]
    if people:
        items.append(Item("People to look for:\n" + "\n".join(f"  {line}" for line in people)))
    else:
        items.append(Item(f"People to look for: nobody in your notes is linked to {event} yet. Look up the speakers "
                          "or attendee list and pick two or three."))
    items.append(Item("\n".join(pitch_lines(ctx))))
    items.append(Item("Questions to ask:\n" + "\n".join(f"  {q}" for q in questions(goal))))
    items.append(Item(f"Same day: capture everyone you meet with `add <name>, met {met_place(event)}, <one detail>`. "
                      "Tomorrow the details blur."))
    actions = (Action("Practise pitch", "pitch"),) + (() if goal else (Action("Set a goal", "goal"),))
    return Reply(title=f"Prep for {event}", body="", items=tuple(items), actions=actions)


FEATURE = Feature("event prep", commands=(prep,))
