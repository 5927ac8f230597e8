"""Pitch drills end to end through the coach: drill, score, ladder, history, Leitner micro-drills."""

from __future__ import annotations

from datetime import timedelta

from coaching.pitch import score_pitch
from coaching.testing import records

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

STRONG = (
    "I'm a data engineer at Acme. Last year I cut our nightly reporting time from six hours to forty minutes, "
    "which let the sales team see numbers before their morning calls. I'm looking for a platform engineering "
    "role on a team that ships every week. What is your team working on right now?"
)
WEAK = "Um, I just kind of do data stuff, basically I leverage synergies and I am passionate about disruption."


def test_pitch_starts_a_drill_and_the_next_message_is_the_attempt(coach, user):
    started = coach.handle(user, "pitch")
    assert "Send it as your next message" in started.text
    scored = coach.handle(user, STRONG)
    assert "Score:" in scored.text and "/100" in scored.text
    assert "What works" in scored.text
    history = coach.handle(user, "pitch history")
    assert "1 attempt." in history.text


def test_goal_picks_the_scenario(coach, user):
    coach.handle(user, "goal job search")
    assert "a recruiter at a job fair" in coach.handle(user, "pitch").text


def test_cancel_ends_a_drill_without_scoring(coach, user):
    coach.handle(user, "pitch")
    assert "cancelled" in coach.handle(user, "cancel").text
    assert "No pitch attempts yet" in coach.handle(user, "pitch history").text


def test_a_command_during_a_drill_runs_as_a_command(coach, user):
    coach.handle(user, "pitch")
    assert "No contacts yet" in coach.handle(user, "contacts").text
    assert "No pitch attempts yet" in coach.handle(user, "pitch history").text


def test_drill_times_out(coach, user, clock):
    coach.handle(user, "pitch")
    clock.advance(hours=2)
    reply = coach.handle(user, STRONG)
    assert "Score:" not in reply.text


def test_direct_scoring_with_a_scenario_and_bad_scenario(coach, user):
    reply = coach.handle(user, f"pitch online: {STRONG} Happy to send you the write-up of how we did it, too.")
    assert "(online)" in reply.text
    assert "300" in reply.text
    too_short = coach.handle(user, "pitch hi")
    assert "too short" in too_short.text


def test_flawed_pitch_says_what_to_fix_and_history_tracks_best_and_trend(coach, user, clock):
    weak = coach.handle(user, f"pitch {WEAK}")
    assert "Fix first" in weak.text
    clock.advance(minutes=5)
    coach.handle(user, f"pitch {STRONG}")
    history = coach.handle(user, "pitch history").text
    assert "2 attempts" in history and "up from" in history
    best = coach.handle(user, "pitch best").text
    assert "six hours to forty minutes" in best


def test_compression_ladder_checks_proof_and_ask_survive(coach, user):
    coach.handle(user, f"pitch {STRONG}")
    ask = coach.handle(user, "pitch shorter").text
    assert "about" in ask and "words" in ask
    kept = coach.handle(user, "I'm a data engineer who cut reporting from six hours to forty minutes. "
                              "I'm looking for a platform role. What is your team building?").text
    assert "proof survived" in kept and "ask survived" in kept
    assert "one-sentence" in kept
    assert "aim for 65-160 words" not in kept and "over before it lands" not in kept, "short is the point here"
    coach.handle(user, "pitch shorter")
    lost = coach.handle(user, "I'm a data engineer and I like working with data on teams.").text
    assert "proof got lost" in lost and "ladder done" in lost
    assert "as short as a pitch gets" in coach.handle(user, "pitch shorter").text
    history = coach.handle(user, "pitch history").text
    total = score_pitch(STRONG).total
    assert "1 attempt, plus 2 shorter versions" in history and f"Trend: {total} (level from {total})" in history
    assert coach.handle(user, "pitch best").body == STRONG


def test_a_pitch_that_is_already_short_is_not_halved(coach, user):
    coach.handle(user, "pitch I'm a data engineer. I cut reporting time in half. Looking for a platform role.")
    reply = coach.handle(user, "pitch shorter")
    assert "already short (15 words)" in reply.text
    assert "Score:" in coach.handle(user, f"pitch {STRONG}").text, "no attempt was left waiting"


def test_weak_criteria_become_due_micro_drills(coach, user, clock):
    coach.handle(user, f"pitch {WEAK}")
    assert not [n for n in coach.due_nudges(clock.now) if any("Pitch practice" in i.text for i in n.reply.items)]
    clock.advance(days=1, minutes=1)
    due = coach.due_nudges(clock.now)
    drills = [item for nudge in due for item in nudge.reply.items if "Pitch practice" in item.text]
    assert len(records(coach, user, "drills")) > 1, "the weak pitch filed several weak spots"
    assert len(drills) == 1, "but a nudge brings one drill at a time"
    assert any(action.command == "drill" for item in drills for action in item.actions)


def test_micro_drill_pass_moves_up_a_box_and_miss_goes_back(coach, user, clock):
    coach.handle(user, f"pitch {WEAK}")
    start = coach.handle(user, "drill").text
    assert "Micro-drill" in start
    missed = coach.handle(user, "I basically just kind of sort of do things, actually.").text
    assert "Not yet" in missed and "1 day" in missed
    clock.advance(days=1, minutes=1)
    prompt = coach.handle(user, "drill").text
    assert "Micro-drill" in prompt
    passed = coach.handle(user, STRONG).text
    assert "That's it" in passed or "Not yet" in passed
    if "That's it" in passed:
        assert "3 days" in passed


def test_drill_with_nothing_to_practise(coach, user):
    assert "Nothing to drill yet" in coach.handle(user, "drill").text


def test_drill_after_a_pitch_with_no_weak_part_does_not_ask_for_a_pitch(coach, user):
    short_but_sound = "I'm Sam, I build data tools that cut reporting time in half for fintech teams. Who should I meet?"
    assert "Score: " in coach.handle(user, f"pitch {short_but_sound}").text
    answer = coach.handle(user, "drill").text
    assert answer.startswith("Nothing to drill:") and "Score a pitch" not in answer


def test_pitch_events_are_logged_for_progress(coach, user, clock):
    coach.handle(user, f"pitch {STRONG}")
    exported = coach.handle(user, "export").attachments[0].content.decode()
    assert '"type": "pitch"' in exported
    clock.advance(timedelta(days=1))


def test_an_attempt_that_starts_with_a_command_word_is_still_the_attempt(coach, user):
    coach.handle(user, "pitch")
    reply = coach.handle(user, "Ask anyone at Acme: I'm a data engineer who cut reporting time by 40%. "
                               "I'm looking for a platform role. What is your team building?")
    assert "Score:" in reply.text
    assert "No pitch attempts yet" not in coach.handle(user, "pitch history").text


def test_a_scenario_named_in_a_few_words_is_understood(coach, user):
    assert coach.handle(user, f"pitch job fair: {STRONG}").title == "Your pitch (recruiter)"
    assert coach.handle(user, f"pitch LinkedIn note: {STRONG}").title == "Your pitch (online)"
    assert coach.handle(user, f"pitch My plan for today: {STRONG}").title == "Your pitch (general)"
