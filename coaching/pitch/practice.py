"""Pitch drills: practise over chat, see what to fix, and come back to the weakest part on a schedule.

Weak criteria go into Leitner boxes: a miss sends a criterion back to box 1 (practise
tomorrow), a pass moves it up a box (practise less often). Due micro-drills come out of
`Coach.due_nudges` like any other nudge.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from coaching.core.conversation import drop, expect
from coaching.core.model import Action, Item, Reply
from coaching.core.records import PitchAttempt
from coaching.core.registry import Ctx, DueItem, Feature, UserError, command, on_pending
from coaching.core.text import plural, shorten
from coaching.goals.goal import purpose
from coaching.people.records import log_event, new_id
from coaching.pitch.scoring import (
    IDEAL_WORDS,
    RUBRIC_VERSION,
    SCENARIO_WORDS,
    SCENARIOS,
    PitchScore,
    describe_scenario,
    score_pitch,
)

PITCHES = "pitches"
DRILLS = "drills"
ATTEMPT_WAIT = timedelta(minutes=30)
BOX_DAYS = (1, 3, 7, 14, 30)
WEAK_SHARE = 0.6
PASS_SHARE = 0.8
HISTORY_SHOWN = 8
MIN_WORDS = 5
LADDER_FROM = 40  # words: below this a pitch is already about as short as its half would be

SCENARIO_FOR_GOAL = {"job": "recruiter", "business": "client", "client": "client", "advice": "conference",
                     "mentor": "conference", "community": "social"}
ROTATION = ("recruiter", "client", "conference", "online", "social")

MICRO_DRILLS = {
    "length": "Say your whole pitch again in under a minute out loud, about 160 words at most (at a party, a few "
              "lines is plenty).",
    "who you are": "Write just your opening sentence: who you are and what you do, in under 20 words.",
    "proof": "Write one sentence with a concrete result: a number, a named project, or an outcome.",
    "ask": "Write one sentence that says exactly what you're looking for, so the listener knows how to help.",
    "close": "Write a closing question that invites the listener to talk about themselves.",
    "fillers": "Rewrite this without the hedges, and say it like you mean it: “{quote}”",
    "jargon": "Rewrite this in words a friend outside your field would use: “{quote}”",
    "sentences": "Split this into two short spoken sentences: “{quote}”",
    "repetition": "Rewrite this so no word does double duty: “{quote}”",
    "listener focus": "Rewrite this so it's about what you do for people, not how good you are: “{quote}”",
    "coherence": "Write three sentences that tell one story: who you are, one result of that work, and what you "
                 "want next because of it.",
    "respect": "Rewrite this so it says what you do well, not what they do badly: “{quote}”",
}


def goal_scenario(profile: dict) -> str | None:
    """The listener your goal puts in front of you: a recruiter for a job search, a client for business."""
    goal = (purpose(profile) or "").casefold()
    return next((scenario for word, scenario in SCENARIO_FOR_GOAL.items() if word in goal), None)


def _scenario_for(ctx: Ctx) -> str:
    return goal_scenario(ctx.profile) or ROTATION[len(ctx.data.all(PITCHES)) % len(ROTATION)]


def _split_scenario(ctx: Ctx, rest: str) -> tuple[str | None, str]:
    """`pitch recruiter: I'm a …` picks the listener; a plain `pitch I'm a …` uses the one for your goal."""
    head, colon, tail = rest.partition(":")
    words = head.casefold().split()
    if colon and len(words) == 1:  # an unknown single word gets a clear answer from the scorer
        return words[0], tail.strip()
    known = next((word for word in words if word in SCENARIOS or word in SCENARIO_WORDS), None)
    if colon and known and len(words) <= 3:  # “job fair:”, “LinkedIn note:”
        return known, tail.strip()
    return (_scenario_for(ctx) if purpose(ctx.profile) else None), rest


def score_reply(score: PitchScore, title: str) -> Reply:
    lines = [f"Score: {score.total}/100 · {score.words} words · about {round(score.seconds)} seconds spoken"]
    if score.strengths:
        lines.append("What works: " + " ".join(score.strengths))
    if score.fixes:
        lines.append("Fix first:")
        lines += [f"{n}. {fix}" for n, fix in enumerate(score.fixes, 1)]
    lines.append("Breakdown: " + " · ".join(f"{c.name} {c.points}/{c.max_points}" for c in score.criteria))
    return Reply(title=title, body="\n".join(lines),
                 actions=(Action("Try again", "pitch"), Action("Make it shorter", "pitch shorter")))


def _record(ctx: Ctx, text: str, score: PitchScore, step: str = "") -> None:
    attempt = PitchAttempt(id=new_id(), text=text, scenario=score.scenario, total=score.total, at=ctx.now.isoformat(),
                           step=step, rubric=RUBRIC_VERSION,
                           criteria={c.name: [c.points, c.max_points] for c in score.criteria})
    ctx.data.put(PITCHES, attempt.dump())
    log_event(ctx, "pitch", None, total=score.total)
    _file_weak_points(ctx, score, skip=("length",) if step else ())


def _file_weak_points(ctx: Ctx, score: PitchScore, skip: tuple[str, ...] = ()) -> None:
    """Weak criteria join box 1; a criterion already in a box keeps its place until drilled, or until a pitch
    gets it fully right, which retires its drill. A shorter version is short on purpose, so its length is
    skipped. Each criterion is judged on its own finding: hedges are worth drilling, polish points held back
    by a pitch that says little are not."""
    for criterion in score.own:
        if criterion.name in skip:
            continue
        if criterion.points == criterion.max_points:
            ctx.data.delete(DRILLS, criterion.name)
            continue
        if criterion.points >= WEAK_SHARE * criterion.max_points or ctx.data.get(DRILLS, criterion.name):
            continue
        quote = criterion.quotes[0] if criterion.quotes else ""
        ctx.data.put(DRILLS, {"id": criterion.name, "box": 1, "quote": quote, "scenario": score.scenario,
                              "share": round(criterion.points / criterion.max_points, 2),
                              "due": (ctx.now + timedelta(days=BOX_DAYS[0])).isoformat()})


def _score(text: str, scenario: str | None, asked: str = "") -> PitchScore:
    """The score; `asked` is what a drill asked for, said again when the answer is too short to judge."""
    if len(text.split()) < MIN_WORDS:
        raise UserError(f"That's too short to check: at least {MIN_WORDS} words, please. The drill: {asked}" if asked
                        else f"That's too short to score. Type your pitch as you'd say it: at least {MIN_WORDS} words.")
    try:
        return score_pitch(text, scenario)
    except ValueError:
        raise UserError(f"I don't know the scenario “{shorten(scenario or '', 30)}”. Try one of: "
                        f"{', '.join(name for name in SCENARIOS if name != 'general')}, or investor.") from None


@command(
    "pitch",
    "pitch | pitch <your pitch> | pitch <scenario>: <pitch> | pitch history | pitch best | pitch shorter",
    "Practise your elevator pitch. I score it on length, clarity, proof, your ask and more, and say what to fix first.",
    ("pitch", "pitch I'm a data engineer who cut reporting time by 40% at Acme. I'm looking for a platform role. "
     "What is your team working on?", "pitch online: Hi Sam, loved your PyCon talk…", "pitch history",
     "pitch shorter"),
    topic="pitch",
    aliases=("elevator",),
)
def pitch(ctx: Ctx, rest: str) -> Reply:
    word = rest.strip().casefold()
    if word in ("history", "progress"):
        return _history(ctx)
    if word == "best":
        return _best(ctx)
    if word in ("shorter", "shorten"):
        return _shorter(ctx)
    if word in ("cancel", "stop"):
        return Reply(body="There's no drill running. `pitch` starts one.")
    if word in ("", *SCENARIOS, *SCENARIO_WORDS):
        scenario = word or _scenario_for(ctx)
        expect(ctx, "drill", ATTEMPT_WAIT, scenario=scenario, step="")
        return Reply(
            title="Pitch drill",
            body=f"Picture this: {describe_scenario(scenario)}. "
            + ("Write your note (300 characters at most)." if describe_scenario(scenario) == SCENARIOS["online"]
               else "You have 30–60 seconds. Type your pitch as you'd say it.")
            + " Send it as your next message, or `cancel`.",
        )
    scenario, text = _split_scenario(ctx, rest)
    score = _score(text, scenario)
    _record(ctx, text, score)
    return score_reply(score, f"Your pitch ({score.scenario})")


@on_pending("drill", free_text=True, commands=("pitch", "drill"),
            cancelled="Drill cancelled. `pitch` starts a new one whenever you're ready.")
def answer_drill(ctx: Ctx, state: dict, text: str) -> Reply | None:
    drop(ctx)  # the awaited attempt has arrived
    score = _score(text, state["scenario"])
    _record(ctx, text, score, state.get("step", ""))
    if state.get("step"):
        return _ladder_feedback(ctx, state, score)
    return score_reply(score, f"Your pitch ({score.scenario})")


def _attempts(ctx: Ctx) -> list[PitchAttempt]:
    """Every pitch attempt, oldest first."""
    return sorted(map(PitchAttempt.load, ctx.data.all(PITCHES)), key=lambda a: a.at)


def _latest(ctx: Ctx) -> PitchAttempt | None:
    attempts = _attempts(ctx)
    return attempts[-1] if attempts else None


def _shorter(ctx: Ctx) -> Reply:
    """The compression ladder: about half the length, then one sentence, keeping the proof and the ask."""
    latest = _latest(ctx)
    if latest is None:
        raise UserError("Give me a pitch first (`pitch`), then I'll help you tighten it.")
    words = len(latest.text.split())
    if latest.step == "one sentence":
        raise UserError("That was the one-sentence version: as short as a pitch gets. `pitch` for a fresh full one.")
    if not latest.step and words < LADDER_FROM:
        raise UserError(f"Your last pitch is already short ({words} words). Shortening works from a full 30–60 "
                        f"second pitch, about {IDEAL_WORDS[0]}–{IDEAL_WORDS[1]} words: `pitch` to write one.")
    step = "one sentence" if latest.step == "half" else "half"
    target = max(words // 2, 15)
    expect(ctx, "drill", ATTEMPT_WAIT, scenario=latest.scenario, step=step, source=latest.id)
    ask = (f"Now say the same pitch in about {target} words. Keep your proof and your ask." if step == "half"
           else "Now the one-sentence version: who you are, your proof and your ask, in one breath.")
    return Reply(title="Shorter", body=f"{ask} Send it as your next message, or `cancel`.")


def _ladder_feedback(ctx: Ctx, state: dict, score: PitchScore) -> Reply:
    """A shorter version is judged on what it is for: fewer words, with the proof and the ask still in."""
    source = PitchAttempt.load(ctx.data.get(PITCHES, state.get("source", "")) or {})
    kept = {c.name: c.points > 0 for c in score.criteria}
    had = {name: pair[0] > 0 for name, pair in source.criteria.items()}
    notes = []
    for name in ("proof", "ask"):
        if had.get(name) and not kept.get(name):
            notes.append(f"your {name} got lost on the way; put it back")
        elif kept.get(name):
            notes.append(f"your {name} survived")
    words_before = len(source.text.split())
    lines = [f"{words_before} → {score.words} words, about {round(score.seconds)} seconds spoken; "
             + ", ".join(notes) + "."]
    lost = sorted((c for c in score.criteria if c.name != "length" and c.points < c.max_points),
                  key=lambda c: c.points - c.max_points)
    if lost:
        lines.append(f"To tighten next: {lost[0].advice}")
    if state["step"] == "half":
        lines.append("Next: `pitch shorter` for the one-sentence version.")
        actions = (Action("One sentence", "pitch shorter", "primary"), Action("New full pitch", "pitch"))
    else:
        lines.append("That's the ladder done: you can now say it in full, in half the words, or in one breath.")
        actions = (Action("New full pitch", "pitch", "primary"),)
    return Reply(title=f"Shorter version ({state['step']})", body="\n".join(lines), actions=actions)


def _history(ctx: Ctx) -> Reply:
    attempts = _attempts(ctx)
    full = _full_pitches(attempts)
    if not full:
        return Reply(body="No pitch attempts yet. Say `pitch` to start a drill.")
    best = _best_of(attempts)
    trend = " → ".join(str(a.total) for a in full[-HISTORY_SHOWN:])
    first, last = full[0].total, full[-1].total
    direction = "up" if last > first else "down" if last < first else "level"
    items = tuple(
        Item(f"{datetime.fromisoformat(a.at).astimezone(ctx.tz):%d %b}: "
             + (f"shorter version ({a.step}), {len(a.text.split())} words " if a.step
                else f"{a.total}/100{_old(a)} ({a.scenario}) ")
             + f"“{shorten(a.text, 60)}”") for a in reversed(attempts[-HISTORY_SHOWN:])
    )
    shorter = len(attempts) - len(full)
    counted = plural(len(full), "attempt") + (f", plus {plural(shorter, 'shorter version')}" if shorter else "")
    body = f"{counted}. Best: {best.total}/100{_old(best)}. Trend: {trend} ({direction} from {first})."
    if any(_old(a) for a in full):
        body += " Scores marked (old scoring) came from the earlier rubric, which judged wording more than substance."
    return Reply(title="Pitch history", body=body, items=items)


def _old(attempt: PitchAttempt) -> str:
    """Attempts scored by an earlier rubric keep their score, marked so they are not compared blindly."""
    return "" if attempt.rubric == RUBRIC_VERSION else " (old scoring)"


def _current(attempts: list[PitchAttempt]) -> list[PitchAttempt]:
    """The attempts scored by today's rubric, when there are any: an old score is not a fair rival."""
    return [a for a in attempts if not _old(a)] or attempts


def _full_pitches(attempts: list[PitchAttempt]) -> list[PitchAttempt]:
    """Scores compare only between full pitches: a shorter version is short on purpose."""
    return [a for a in attempts if not a.step] or attempts


def _best_of(attempts: list[PitchAttempt]) -> PitchAttempt | None:
    """The highest-scoring full pitch, the latest of equals."""
    return max(_current(_full_pitches(attempts)), key=lambda a: (a.total, a.at), default=None)


def best_pitch(ctx: Ctx) -> PitchAttempt | None:
    """Your highest-scoring full pitch, the latest of equals."""
    return _best_of(list(map(PitchAttempt.load, ctx.data.all(PITCHES))))


def _best(ctx: Ctx) -> Reply:
    best = best_pitch(ctx)
    if best is None:
        return Reply(body="No pitch attempts yet. Say `pitch` to start a drill.")
    return Reply(title=f"Your best pitch so far: {best.total}/100{_old(best)} ({best.scenario})", body=best.text)


def _prompt(drill: dict) -> str:
    template = MICRO_DRILLS.get(drill["id"], "Work on your {name}.")
    quote = drill.get("quote") or ""
    if "{quote}" in template and not quote:
        return f"Rewrite your pitch with your {drill['id']} in mind. Start from your best version (`pitch best`)."
    return template.format(quote=quote, name=drill["id"])


@command("drill", "drill", "A one-minute micro-drill on the weakest part of your pitch.", ("drill",), topic="pitch")
def drill(ctx: Ctx, rest: str) -> Reply:
    chosen = _next_drill(ctx)
    if chosen is None:
        if _latest(ctx) is None:
            return Reply(body="Nothing to drill yet. Score a pitch with `pitch` and I'll line up practice on its weak spots.")
        return Reply(body="Nothing to drill: no part of your pitches so far is weak on its own. Work on the first fix "
                          "from your last score (`pitch` again), or try it on another listener, like `pitch recruiter`.")
    expect(ctx, "microdrill", ATTEMPT_WAIT, criterion=chosen["id"], scenario=chosen.get("scenario"))
    return Reply(title=f"Micro-drill: {chosen['id']}", body=f"{_prompt(chosen)}\nSend it as your next message, or `cancel`.")


@on_pending("microdrill", free_text=True, commands=("pitch", "drill"), cancelled="OK, we'll drill another time.")
def answer_microdrill(ctx: Ctx, state: dict, text: str) -> Reply | None:
    drop(ctx)  # the awaited attempt has arrived
    name = state["criterion"]
    record = ctx.data.get(DRILLS, name) or {"id": name, "box": 1, "quote": ""}
    score = _score(text, state.get("scenario"), _prompt(record))
    criterion = next(c for c in score.own if c.name == name)
    passed = criterion.points >= PASS_SHARE * criterion.max_points
    graduated = passed and record["box"] == len(BOX_DAYS)
    box = min(record["box"] + 1, len(BOX_DAYS)) if passed else 1
    if graduated:
        ctx.data.delete(DRILLS, name)
    else:
        record.update(box=box, due=(ctx.now + timedelta(days=BOX_DAYS[box - 1])).isoformat(), last=ctx.now.isoformat())
        ctx.data.put(DRILLS, record)
    log_event(ctx, "drill", None, criterion=name, passed=passed)
    when = f"in {BOX_DAYS[box - 1]} day{'s' if BOX_DAYS[box - 1] > 1 else ''}"
    if graduated:
        return Reply(body=f"Solid again: {name} {criterion.points}/{criterion.max_points}. "
                          "That one's mastered; no more drills on it.")
    if passed:
        return Reply(body=f"That's it: {name} {criterion.points}/{criterion.max_points}. I'll check it again {when}.")
    return Reply(body=f"Not yet: {name} {criterion.points}/{criterion.max_points}. {criterion.advice} "
                      f"Let's try again {when}.")


def _next_drill(ctx: Ctx) -> dict | None:
    """The most overdue drill, then the lowest box, then the weakest: one thing to practise."""
    return min(ctx.data.all(DRILLS), key=lambda d: (d["due"], d["box"], d.get("share", 0)), default=None)


def due_drills(ctx: Ctx) -> list[DueItem]:
    """One drill at a time: a weak pitch files several, and a day's nudge with seven drills gets none done."""
    d = _next_drill(ctx)
    if d is None:
        return []
    return [DueItem(f"drill:{d['id']}:{d['due']}", datetime.fromisoformat(d["due"]), partial(_drill_item, d), "drill")]


def _drill_item(drill: dict) -> Item:
    return Item(f"Pitch practice ({drill['id']}): {_prompt(drill)}", (Action("Start drill", "drill", "primary"),))


FEATURE = Feature("pitch practice", commands=(pitch, drill), questions=(answer_drill, answer_microdrill), sources=(due_drills,))
