"""`prep <event>`: aim, people to look for, best pitch and its weak point, questions, capture reminder."""

from __future__ import annotations

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.pitch import score_pitch
from coaching.testing import FakeClock, plant

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

STRONG = ("I'm Sam, a data engineer at Acme. Last year I cut our nightly report time from six hours to forty minutes. "
          "I'm looking for a data platform role in Berlin. What is your team working on?")
WEAK = "I just kind of do data stuff, I think."


def test_prep_without_a_pitch_or_goal(coach: Coach, user: UserRef) -> None:
    reply = coach.handle(user, "prep the founders meetup")
    assert reply.title == "Prep for the founders meetup"
    text = reply.text
    assert "Your aim: Meet three new people" in text and "`goal job search`" in text
    assert "nobody in your notes is linked to the founders meetup yet" in text
    assert "No pitch yet. Practise it with `pitch`" in text
    assert "What are you working on that you're excited about?" in text
    assert "capture everyone you meet with `add <name>, met at the founders meetup, <one detail>`" in text
    assert [action.command for action in reply.actions] == ["pitch", "goal"]


def test_prep_uses_goal_people_and_best_pitch(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "goal job search")
    coach.handle(user, "add Priya Shah, recruiter at Acme, met at PyCon 2025 yesterday #pycon")
    coach.handle(user, "add Tom Ade, met at a dinner party yesterday")
    plant(coach, user, "pitches", *({"id": f"p{n}", "text": text, "scenario": "recruiter",
                                     "total": score_pitch(text, "recruiter").total, "at": at}
                                    for n, (text, at) in enumerate(((STRONG, "2025-11-10T10:00:00+00:00"),
                                                                    (WEAK, "2025-11-12T10:00:00+00:00")))))
    reply = coach.handle(user, "prep PyCon 2026")
    text = reply.text
    assert "Your aim: Meet two people who hire for the kind of role you want" in text
    assert "Priya Shah (recruiter, Acme, PyCon 2025): matched tag: pycon; met: at PyCon 2025; " \
           "a fit for your goal (recruiter)" in text
    assert "Tom Ade" not in text
    best = score_pitch(STRONG, "recruiter")
    assert f"Your best pitch so far ({best.total}/100): “{STRONG}”" in text
    weakest = min((c for c in best.criteria if c.points < c.max_points),
                  key=lambda c: (c.points - c.max_points, c.points / c.max_points), default=None)
    if weakest is None:
        assert "Weakest point: none, it scored full marks." in text
    else:
        assert f"Weakest point: {weakest.name} ({weakest.points}/{weakest.max_points}). {weakest.advice}" in text
    assert "What does your team look for in the people it hires?" in text
    assert [action.command for action in reply.actions] == ["pitch"]


def test_prep_needs_an_event(coach: Coach, user: UserRef) -> None:
    assert "Which event?" in coach.handle(user, "prep").text
    assert "Which event?" in coach.handle(user, "prep ???").text
