"""The pitch scorer agrees with human judgement, can't be gamed, explains itself, and survives any input."""

from __future__ import annotations

import re
import statistics
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.pitch import CRITERIA, ONLINE_LIMIT, SCENARIOS, WPM, Criterion, PitchScore, score_pitch
from tests.pitch_examples import (
    BEST_LABEL,
    BLIND,
    EXAMPLES,
    HELD_OUT,
    STRONG,
    TUNE,
    WORST_LABEL,
    Example,
    _ranks,
    flaw_is_top_two,
    spearman,
    split_of,
)

LABELLED = EXAMPLES + BLIND
FLAWED = [e for e in LABELLED if e.flaw]


def _criterion(score: PitchScore, name: str) -> Criterion:
    return next(c for c in score.criteria if c.name == name)


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def _example(name: str) -> Example:
    return next(e for e in LABELLED if e.name == name)


def _totals(examples: tuple[Example, ...] | list[Example]) -> list[float]:
    return [float(score_pitch(e.text, e.scenario).total) for e in examples]


# --- the labelled set itself ------------------------------------------------------------------


def test_spearman_helper_handles_ties() -> None:
    assert _ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert spearman([1, 2, 3], [10, 20, 30]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [30, 20, 10]) == pytest.approx(-1.0)


def test_labelled_set_is_big_varied_and_split_by_a_fixed_hash() -> None:
    assert len(EXAMPLES) >= 80
    assert {e.scenario for e in EXAMPLES} == {"investor", *SCENARIOS}
    kinds = Counter(e.kind for e in EXAMPLES)
    assert kinds["gaming"] >= 10 and kinds["empty"] >= 10 and set(kinds) == {"normal", "gaming", "empty"}
    assert all(0 <= e.label <= 100 for e in LABELLED)
    assert {e.flaw for e in FLAWED} <= set(CRITERIA)
    assert all(e.split == split_of(e.name) for e in EXAMPLES), "the split is the hash's, never picked by hand"
    assert 0.25 <= len(HELD_OUT) / len(EXAMPLES) <= 0.4
    assert len({e.name for e in LABELLED}) == len(LABELLED)


# --- agreement with the labels (the figures are in bench/RESULTS.md) ---------------------------


def test_totals_rank_held_out_pitches_like_people_do() -> None:
    assert spearman([e.label for e in HELD_OUT], _totals(HELD_OUT)) >= 0.85


def test_totals_rank_the_tuning_pitches_like_people_do() -> None:
    assert spearman([e.label for e in TUNE], _totals(TUNE)) >= 0.85


def test_worst_and_best_pitches_land_far_apart() -> None:
    worst = [e for e in LABELLED if e.label <= WORST_LABEL]
    best = [e for e in LABELLED if e.label >= BEST_LABEL]
    assert statistics.fmean(_totals(worst)) <= 35
    assert statistics.fmean(_totals(best)) >= 80


@pytest.mark.parametrize("example", [e for e in LABELLED if e.kind == "gaming"], ids=lambda e: e.name)
def test_pitches_written_to_game_the_scorer_score_at_most_50(example: Example) -> None:
    assert score_pitch(example.text, example.scenario).total <= 50


@pytest.mark.parametrize("example", [e for e in LABELLED if e.kind == "empty"], ids=lambda e: e.name)
def test_empty_pitches_score_at_most_35(example: Example) -> None:
    assert score_pitch(example.text, example.scenario).total <= 35


def test_main_flaw_is_among_the_two_costliest_criteria() -> None:
    named = [flaw_is_top_two(score_pitch(e.text, e.scenario).criteria, e.flaw or "") for e in FLAWED]
    assert sum(named) / len(named) >= 0.85


# --- the failures the issue names ---------------------------------------------------------------


def test_saying_nothing_scores_low_and_below_a_real_rambling_pitch() -> None:
    rambling = _example("rambling career story")
    for empty in ("Hi, I'm Kim. I do sales.", "I build software. Hire me."):
        score = score_pitch(empty)
        assert score.total < 30
        assert score.total < score_pitch(rambling.text, rambling.scenario).total
        assert _criterion(score, "fillers").advice.startswith("These points count in proportion")


def test_an_incoherent_pitch_that_ticks_every_box_is_caught() -> None:
    text = ("I'm Dev, a product manager. I cut onboarding from 3 weeks to 4 days for the moon… your dog ate 40% of "
            "the spreadsheets. Could we book a call next week? What are you working on?")
    score = score_pitch(text, "conference")
    assert score.total <= 50
    coherence = _criterion(score, "coherence")
    assert score.fixes[0] == coherence.advice and "your dog ate 40%" in coherence.advice


def test_a_trivial_result_is_no_proof_to_an_investor() -> None:
    text = ("I'm Sam, founder of Orbit. Last month I cut my grocery bill from $400 to $380. We don't have a product "
            "yet. We're raising at a $100M valuation. Could I send you the deck and book a call?")
    score = score_pitch(text, "investor")
    assert score.total <= 35
    assert _criterion(score, "proof").points <= 2


def test_insulting_the_listener_costs_heavily_and_is_named_first() -> None:
    polite = ("I'm Ana, I fix supply chains for retailers. We cut stockouts by 30% for 12 chains last year. Could we "
              "book a call next week to look at yours?")
    rude = polite.replace("Could we", "Your vendor is clearly clueless. Could we")
    kind, insult = score_pitch(polite, "client"), score_pitch(rude, "client")
    assert kind.total >= 85 and insult.total <= 30
    respect = _criterion(insult, "respect")
    assert "clueless" in respect.quotes and insult.fixes[0] == respect.advice


@pytest.mark.parametrize("ask", [
    "Got anything local in fabrication?",
    "Want me to set that up?",
    "Is it possible we talk next week about a role on your team?",
    "You have maybe five minutes after the session?",
])
def test_asks_are_recognised_by_what_they_do(ask: str) -> None:
    text = ("I'm Jo, a welder with ten years in shipyards. Last year my crew finished a ferry hull two weeks early "
            f"and passed inspection first time. {ask}")
    assert _criterion(score_pitch(text), "ask").points >= 10
    assert score_pitch(text).total >= 85


def test_non_native_phrasing_is_not_punished() -> None:
    native = ("I'm Kenji, an embedded engineer in Osaka. Last year our team reduced standby energy by 35%, and it's "
              "now in 2,000 buildings. Do you have five minutes after the session for a few questions?")
    learner = ("My name is Kenji, I am embedded engineer in Osaka. Last year our team reduce the energy of standby "
               "by 35 percent, now it is in 2,000 buildings. You have maybe five minutes after the session for some "
               "questions?")
    assert abs(score_pitch(native, "conference").total - score_pitch(learner, "conference").total) <= 5


def test_good_pitches_that_break_a_textbook_rule_are_not_punished() -> None:
    hook = _example("punchy party hook")
    assert len(hook.text.split()) <= 30
    party = score_pitch(hook.text, hook.scenario)
    assert "seconds" not in _criterion(party, "length").advice and party.total >= 70
    story = score_pitch(_example("grandfather bedtime story audiologist").text, "conference")
    assert _criterion(story, "who you are").points == _criterion(story, "who you are").max_points
    assert _criterion(story, "proof").points >= 0.8 * _criterion(story, "proof").max_points, "a result without digits"
    mrr = score_pitch(_example("saas founder with MRR").text, "investor")
    assert _criterion(mrr, "proof").points == _criterion(mrr, "proof").max_points


def test_humble_brag_and_hard_sell_are_named() -> None:
    brag = _criterion(score_pitch(_example("humble-brag sales manager").text, "recruiter"), "listener focus")
    assert "Humble-brag" in brag.advice and "embarrassing how" in brag.quotes
    sell = _criterion(score_pitch(_example("hard sell to a client").text, "client"), "listener focus")
    assert "Hard sell" in sell.advice and "can't afford not to" in sell.quotes


# --- explanations -----------------------------------------------------------------------------------


@pytest.mark.parametrize("example", LABELLED, ids=lambda e: e.name)
def test_every_criterion_is_explained(example: Example) -> None:
    score = score_pitch(example.text, example.scenario)
    assert [c.name for c in score.criteria] == list(CRITERIA)
    assert sum(c.points for c in score.criteria) == score.total
    assert sum(c.max_points for c in score.criteria) == 100
    for c in score.criteria:
        assert 0 <= c.points <= c.max_points
        assert (c.advice == "") == (c.points == c.max_points), c
        for quote in c.quotes:
            assert quote.rstrip("…").lower() in _flat(example.text)
        if c.quotes:
            assert f'"{c.quotes[0]}"' in c.advice
    for c in score.own:  # what a micro-drill reads: each criterion on its own finding
        assert (c.advice == "") == (c.points == c.max_points), c
    assert 1 <= len(score.fixes) <= 3 or score.total == 100
    assert len(set(score.fixes)) == len(score.fixes)


@pytest.mark.parametrize("example", LABELLED, ids=lambda e: e.name)
def test_a_cap_the_advice_names_is_never_passed(example: Example) -> None:
    """"This alone holds the pitch to 92 at most" must be true of the score shown next to it."""
    score = score_pitch(example.text, example.scenario)
    for c in score.criteria:
        if found := re.search(r"holds the pitch to (\d+) at most", c.advice):
            assert score.total <= int(found[1]), (c.name, score.total)


def test_advice_quotes_the_hedges_and_buzzwords() -> None:
    hedging = _example("hedging engineer")
    fillers = _criterion(score_pitch(hedging.text, hedging.scenario), "fillers")
    assert {"kind of", "I guess", "basically", "sort of", "I think"} <= set(fillers.quotes)
    assert '"kind of"' in fillers.advice

    buzz = _example("buzzword consultant")
    jargon = _criterion(score_pitch(buzz.text, buzz.scenario), "jargon")
    assert {"synergies", "leverage", "best-in-class", "move the needle", "circle back"} <= set(jargon.quotes)
    assert '"cutting-edge"' in jargon.advice

    boast = _example("self-praising sales director")
    focus = _criterion(score_pitch(boast.text, boast.scenario), "listener focus")
    assert {"expert", "genius", "incredible"} <= set(focus.quotes)


def test_like_and_you_know_only_count_as_fillers_when_they_are_fillers() -> None:
    plain = "I'd like to meet you. Do you know anyone hiring? Cities like ours need it."
    assert _criterion(score_pitch(plain), "fillers").quotes == ()
    filler = "It was, like, hard, you know, to ship."
    assert _criterion(score_pitch(filler), "fillers").quotes == ("like", "you know")


def _note(size: int) -> str:
    """A sound LinkedIn note padded to exactly `size` characters."""
    base = (
        "Hi Sam, I'm a UX researcher who led the checkout redesign at Harbor, which lifted conversion 12%. "
        "Could I ask you two questions about your testing setup over a 15-minute call next week?"
    )
    note = base + " " * (size - len(base) - len("Thanks.")) + "Thanks."
    assert len(note) == size
    return note


def test_online_notes_over_the_limit_cannot_score_60_and_say_so_first() -> None:
    for size in (ONLINE_LIMIT + 1, 716, 1_432):
        over = score_pitch(_note(size), "online")
        length = _criterion(over, "length")
        assert over.total < 60
        assert over.fixes[0] == length.advice and "can't be sent" in length.advice
        assert f"{size:,}" in length.advice
    assert score_pitch(_note(1_432), "online").total < score_pitch(_note(ONLINE_LIMIT + 1), "online").total


def test_online_notes_just_under_the_limit_are_not_flagged() -> None:
    under = score_pitch(_note(ONLINE_LIMIT - 1), "online")
    length = _criterion(under, "length")
    assert length.points == length.max_points and length.advice == ""
    assert under.total >= 85


def test_spoken_length_is_estimated_in_seconds() -> None:
    score = score_pitch(STRONG.text, STRONG.scenario)
    assert score.seconds == pytest.approx(score.words * 60 / WPM, abs=0.1)
    rambling = _example("rambling career story")
    advice = _criterion(score_pitch(rambling.text, rambling.scenario), "length").advice
    assert "seconds" in advice and "runs long" in advice


def test_strong_pitch_gets_strengths_and_at_most_one_light_fix() -> None:
    score = score_pitch(STRONG.text, STRONG.scenario)
    assert score.total >= 85
    assert score.strengths
    assert len(score.fixes) <= 1


def test_weak_pitch_gets_fixes_most_valuable_first() -> None:
    vague = _example("vague generalist")
    score = score_pitch(vague.text, vague.scenario)
    assert len(score.fixes) == 3
    assert score.fixes[0] == _criterion(score, "proof").advice


def test_same_input_same_output() -> None:
    for e in LABELLED:
        assert score_pitch(e.text, e.scenario) == score_pitch(e.text, e.scenario)


def test_unknown_scenario_is_rejected_with_the_valid_choices() -> None:
    with pytest.raises(ValueError, match="recruiter") as raised:
        score_pitch(STRONG.text, "wedding")
    assert all(name in str(raised.value) for name in [*SCENARIOS, "investor"])


def test_scenario_names_are_forgiving_and_investor_is_a_client_with_its_own_ask() -> None:
    assert score_pitch("I'm a nurse.", " Recruiter ").scenario == "recruiter"
    assert score_pitch("I'm a nurse.").scenario == "general"
    no_ask = "I'm Leo, I build farm software. We launched in March and signed 40 firms."
    investor = _criterion(score_pitch(no_ask, "investor"), "ask").advice
    client = _criterion(score_pitch(no_ask, "client"), "ask").advice
    assert "raising" in investor and "raising" not in client


def test_jargon_costs_more_at_a_party() -> None:
    text = ("I'm Sam, a consultant for clinics. We leverage synergies across the ecosystem and cut wait times by 30% "
            "at 12 clinics. Could we swap notes over coffee next week?")
    party = _criterion(score_pitch(text, "social"), "jargon")
    conference = _criterion(score_pitch(text, "conference"), "jargon")
    assert party.points / party.max_points < conference.points / conference.max_points


@pytest.mark.parametrize("text", ["", "   \n\t ", "😀🎉", "@U123 #C42", "<@123456789012345678> <#42>"])
def test_empty_pitch_asks_for_a_pitch(text: str) -> None:
    score = score_pitch(text)
    assert score.total == 0 and score.words == 0
    assert "Write your pitch" in score.fixes[0]


def test_huge_input_is_capped_and_says_so() -> None:
    huge = STRONG.text * 300  # about 120 KB; its speed is measured in bench/pitch.py
    score = score_pitch(huge, "conference")
    assert "first 5,000 characters" in _criterion(score, "length").advice


_ANY_SCENARIO = st.sampled_from([None, *SCENARIOS, "investor"])
_HUGE_TEXT = st.text(min_size=1, max_size=40).map(lambda s: s * (110_000 // len(s)))


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(st.text(), _HUGE_TEXT), scenario=_ANY_SCENARIO)
def test_any_text_gets_a_bounded_score(text: str, scenario: str | None) -> None:
    score = score_pitch(text, scenario)
    assert 0 <= score.total <= 100
    assert score.total == sum(c.points for c in score.criteria)
    assert sum(c.max_points for c in score.criteria) == 100
    assert all(0 <= c.points <= c.max_points for c in score.criteria)
    assert len(score.fixes) <= 3


def test_an_ask_with_nothing_behind_it_counts_for_half() -> None:
    hollow = score_pitch("We help companies grow. Contact us today for a free consultation!", "client")
    ask = _criterion(hollow, "ask")
    assert ask.points <= ask.max_points // 2 and "nothing behind it" in ask.advice
    assert hollow.total <= 35


def test_trade_words_are_not_insults() -> None:
    waste = ("I'm Pat, I run a rubbish collection firm for restaurants. We cut their waste bills by 30% last year "
             "by turning useless scraps into compost. Could we look at your bins next week?")
    score = score_pitch(waste, "client")
    assert _criterion(score, "respect").quotes == () and score.total >= 85
    rude = waste.replace("Could we", "Your current firm is rubbish. Could we")
    assert _criterion(score_pitch(rude, "client"), "respect").quotes == ("rubbish",)
