"""Drills, history and prep with the second pitch rubric, next to attempts stored under the first."""

from __future__ import annotations

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.pitch import RUBRIC_VERSION
from coaching.testing import FakeClock, plant, records

STRONG = (
    "I'm a data engineer at Acme. Last year I cut our nightly reporting time from six hours to forty minutes, "
    "which let the sales team see numbers before their morning calls. I'm looking for a platform engineering "
    "role on a team that ships every week. What is your team working on right now?"
)
OLD = {"id": "old1", "text": "I'm a nurse. I like people. Thanks.", "scenario": "general", "total": 97,
       "at": "2025-01-05T10:00:00+00:00", "step": "",
       "criteria": {"length": [12, 12], "who you are": [10, 10], "fillers": [12, 12]}}


def due_later(coach: Coach, user: UserRef, *, but: str) -> None:
    """Every filed drill but one waits for years, so `drill` brings that one."""
    plant(coach, user, "drills", *(drill | {"due": "2099-01-01T00:00:00+00:00"} if drill["id"] != but else drill
                                   for drill in records(coach, user, "drills")))


def test_new_attempts_record_the_rubric_and_old_ones_are_marked(coach: Coach, user: UserRef) -> None:
    plant(coach, user, "pitches", dict(OLD))
    coach.handle(user, f"pitch {STRONG}")
    new = next(a for a in records(coach, user, "pitches") if a["id"] != "old1")
    assert new["rubric"] == RUBRIC_VERSION
    history = coach.handle(user, "pitch history")
    old_line = next(i.text for i in history.items if "I like people" in i.text)
    new_line = next(i.text for i in history.items if "data engineer" in i.text)
    assert "97/100 (old scoring)" in old_line and "(old scoring)" not in new_line
    assert "came from the earlier rubric" in history.text
    assert f"Best: {new['total']}/100." in history.text, "an inflated old score does not win"
    best = coach.handle(user, "pitch best")
    assert best.body == STRONG and "(old scoring)" not in best.title


def test_only_old_attempts_still_show_and_are_marked(coach: Coach, user: UserRef) -> None:
    plant(coach, user, "pitches", dict(OLD))
    assert "Best: 97/100 (old scoring)" in coach.handle(user, "pitch history").text
    assert "(old scoring)" in coach.handle(user, "pitch best").title
    assert "Your best pitch so far" in coach.handle(user, "prep the founders meetup").text


def test_a_pitch_that_says_nothing_files_no_polish_drills(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "pitch Hi, I'm Kim. I do sales, mostly.")
    filed = {d["id"] for d in records(coach, user, "drills")}
    assert {"proof", "ask"} <= filed
    assert not filed & {"fillers", "jargon", "sentences", "repetition", "respect"}, "nothing there to polish"


def test_a_micro_drill_is_judged_on_its_own_criterion(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "pitch Um, I just kind of do data stuff, basically. I think I maybe helped a bit. Sorry!")
    due_later(coach, user, but="fillers")
    assert "Micro-drill: fillers" in coach.handle(user, "drill").text
    passed = coach.handle(user, "I build data pipelines for clinics.").text
    assert "That's it: fillers 8/8" in passed, "a hedge-free sentence passes, though it is no whole pitch"


def test_coherence_and_respect_have_micro_drills(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "pitch I'm Vince, I run a cloud cost agency. We cut AWS bills by 40% for 30 clients. Your "
                       "vendor is clearly clueless. Could we book a call next week?")
    due_later(coach, user, but="respect")
    prompt = coach.handle(user, "drill").text
    assert "Micro-drill: respect" in prompt and "clueless" in prompt


def test_a_length_drill_at_a_party_wants_a_party_length(coach: Coach, user: UserRef) -> None:
    plant(coach, user, "drills", {"id": "length", "box": 1, "quote": "", "scenario": "social",
                                  "due": "2025-01-01T00:00:00+00:00"})
    assert "a few lines is plenty" in coach.handle(user, "drill").text
    hook = ("I'm Theo, I teach ten-year-olds to code with cardboard robots. This term one of them built a robot "
            "that waters the class plant. What keeps you busy?")
    assert "That's it: length" in coach.handle(user, hook).text


def test_a_pitch_that_gets_a_drilled_part_fully_right_retires_its_drill(coach: Coach, user: UserRef) -> None:
    no_close = STRONG.removesuffix(" What is your team working on right now?")
    coach.handle(user, f"pitch {no_close}")
    assert "close" in {drill["id"] for drill in records(coach, user, "drills")}
    coach.handle(user, f"pitch {STRONG}")
    assert "close" not in {drill["id"] for drill in records(coach, user, "drills")}
    assert coach.handle(user, "drill").text.startswith("Nothing to drill")
