"""Goals, weekly targets, progress, streaks in the user's own week, and the chart."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.core.records import Contact
from coaching.core.when import week_start
from coaching.goals.goal import goal_fit, purpose
from coaching.testing import FakeClock, contact, plant, record

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

LA = ZoneInfo("America/Los_Angeles")


def profile(coach: Coach, user: UserRef) -> dict:
    return record(coach, user, "profile", "profile") or {}


def test_goal_sets_purpose_and_targets(coach: Coach, user: UserRef) -> None:
    reply = coach.handle(user, "goal job search, 3 new contacts/week, 5 follow-ups/week")
    assert "Goal: job search" in reply.text
    assert "Each week: 3 new contacts, 5 follow-ups." in reply.text
    assert "recruiters and hiring managers first" in reply.text
    coach.handle(user, "goal 2 reconnects/week")
    coach.handle(user, "goal 2 pitch drills per week")
    saved = profile(coach, user)["goal"]
    assert saved["purpose"] == "job search"
    assert saved["targets"] == {"contacts": 3, "followups": 5, "reconnects": 2, "drills": 2}
    coach.handle(user, "goal 0 follow-ups/week")
    assert profile(coach, user)["goal"]["targets"] == {"contacts": 3, "reconnects": 2, "drills": 2}


def test_purpose_words_are_understood_and_free_text_is_kept(coach: Coach, user: UserRef) -> None:
    for said, expected in (("mentorship", "advice"), ("grow a business", "business"), ("community", "community"),
                           ("land a data role in Berlin", "job search"), ("learn to paint in oils", "advice"),
                           ("meet other parents at school", "meet other parents at school")):
        coach.handle(user, f"goal {said}")
        assert purpose(profile(coach, user)) == expected, said
    assert "Goal: meet other parents at school" in coach.handle(user, "goal").text
    assert "cleared" in coach.handle(user, "goal clear").text
    assert purpose(profile(coach, user)) is None
    assert "What are you networking for?" in coach.handle(user, "goal").text


def test_goal_refuses_silly_targets(coach: Coach, user: UserRef) -> None:
    assert "a lot to keep up" in coach.handle(user, "goal 500 new contacts/week").text
    assert "couldn't read" in coach.handle(user, "goal !!! ???").text
    assert "goal" not in profile(coach, user)


def test_goal_fit_follows_the_purpose() -> None:
    recruiter = Contact.load({"role": "Senior Recruiter", "kind": "professional", "tags": [], "notes": []})
    buyer = Contact.load({"role": "", "kind": "business", "tags": [], "notes": [{"text": "runs buying for FreshMart"}]})
    assert goal_fit(recruiter, "job search") == "recruiter"
    assert goal_fit(recruiter, "advice") == "senior"
    assert goal_fit(buyer, "business") == "business contact"
    assert goal_fit(buyer, "job search") is None
    assert goal_fit(buyer, "find a FreshMart supplier") == "freshmart"
    assert goal_fit(recruiter, None) is None


def test_weeks_start_on_monday_in_the_users_timezone() -> None:
    sunday_night_la = datetime(2025, 11, 17, 7, 30, tzinfo=UTC)  # Sun 16 Nov 23:30 in Los Angeles
    assert week_start(sunday_night_la, LA) == date(2025, 11, 10)
    assert week_start(sunday_night_la, ZoneInfo("UTC")) == date(2025, 11, 17)


def test_streak_counts_weeks_in_the_users_timezone(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "tz America/Los_Angeles")
    coach.handle(user, "goal 1 new contact/week")
    for when, name in ((datetime(2025, 11, 5, 18, 0, tzinfo=UTC), "Ana"),
                       (datetime(2025, 11, 17, 7, 30, tzinfo=UTC), "Ben"),  # Sunday 23:30 local: last week
                       (datetime(2025, 11, 17, 8, 30, tzinfo=UTC), "Cy")):  # Monday 00:30 local: this week
        clock.now = when
        coach.handle(user, f"add {name} Example")
    clock.now = datetime(2025, 11, 19, 18, 0, tzinfo=UTC)
    assert "Streak: 3 weeks in a row" in coach.handle(user, "progress").text

    # A week in progress that has not met its target yet does not break the streak...
    clock.now = datetime(2025, 11, 24, 17, 0, tzinfo=UTC)
    assert "Streak: 3 weeks in a row" in coach.handle(user, "progress").text
    # ...but a whole week without does.
    clock.now = datetime(2025, 12, 1, 17, 0, tzinfo=UTC)
    assert "Streak: none yet" in coach.handle(user, "progress").text


def test_the_same_activity_in_utc_splits_differently(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "goal 1 new contact/week")
    for when, name in ((datetime(2025, 11, 5, 18, 0, tzinfo=UTC), "Ana"),
                       (datetime(2025, 11, 17, 7, 30, tzinfo=UTC), "Ben"),
                       (datetime(2025, 11, 17, 8, 30, tzinfo=UTC), "Cy")):
        clock.now = when
        coach.handle(user, f"add {name} Example")
    clock.now = datetime(2025, 11, 19, 18, 0, tzinfo=UTC)
    text = coach.handle(user, "progress").text
    assert "Streak: 1 week in a row" in text
    assert "Week of 10 Nov: 0 new contacts" in text and "Week of 17 Nov: 2 new contacts ✓" in text


def test_progress_shows_targets_on_time_rate_and_reconnects(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "goal 3 new contacts/week, 2 follow-ups/week, 1 reconnect/week")
    coach.handle(user, "add Priya Shah, met at PyCon yesterday")
    coach.handle(user, "done Priya")  # within 48 hours
    coach.handle(user, "add Tom Ade, met at a meetup 3 days ago")
    coach.handle(user, "done Tom")  # late
    coach.handle(user, "add Jo Kim, met at a meetup 4 days ago")  # never followed up
    coach.handle(user, "add Lee Park, met at a meetup today")  # still inside the 48 hours: not counted
    coach.handle(user, "add Old Friend, met at a dinner party 200 days ago")
    coach.handle(user, "edit Old Friend kind: social")
    assert contact(coach, user, "Old Friend")["followup"] is None  # met long ago: no 24-48 h follow-up, only the rhythm
    coach.handle(user, "note Old Friend caught up on the phone")  # 200 days > 120: a reconnect
    coach.handle(user, "note Priya loved the talk")  # days after meeting: not a reconnect
    reply = coach.handle(user, "progress")
    assert [item.text for item in reply.items] == [
        "New contacts: 5 (target 3) ✓", "Follow-ups: 2 of 2 ✓", "Reconnects: 1 of 1 ✓"]
    assert "On-time follow-ups: 1 of 3 people you met in the last four weeks heard from you within 48 hours (33%)." \
        in reply.text
    assert "Streak: 1 week in a row" in reply.text
    assert reply.attachments == ()
    assert any(action.command == "progress chart" for action in reply.actions)


def test_pitch_attempts_and_micro_drills_count_as_drills(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "goal 2 pitch drills/week")
    coach.handle(user, "pitch I'm Sam, a data engineer. I cut report times by 80% at Acme. I'm looking for a data "
                       "platform role. What is your team working on?")
    assert "Pitch drills: 1 of 2, 1 to go" in coach.handle(user, "progress").text
    plant(coach, user, "drills", {"id": "proof", "box": 1, "quote": "", "due": clock.now.isoformat()})
    coach.handle(user, "drill")  # a micro-drill on the weak spot an earlier pitch filed
    coach.handle(user, "I cut report times by 80% at Acme.")
    assert "Pitch drills: 2 of 2 ✓" in coach.handle(user, "progress").text


def test_progress_chart_is_a_valid_png(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "goal 2 new contacts/week, 1 follow-up/week")
    coach.handle(user, "add Priya Shah, met at PyCon yesterday")
    clock.advance(days=7)
    coach.handle(user, "add Tom Ade, met at a meetup today")
    reply = coach.handle(user, "progress chart")
    [chart] = reply.attachments
    assert chart.mime == "image/png" and chart.filename.endswith(".png")
    assert chart.content.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(chart.content))
    image.verify()
    assert image.format == "PNG" and image.size[0] > 400 and image.size[1] > 200


def test_matplotlib_loads_only_when_a_chart_is_drawn() -> None:
    code = ("import sys; from coaching.core.engine import Coach; "
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_monday_check_in_arrives_once_in_local_time(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "tz Europe/Berlin")
    coach.handle(user, "goal 1 new contact/week")  # Friday 14 Nov
    coach.handle(user, "add Priya Shah, met at PyCon today")
    coach.handle(user, "done Priya")
    before = datetime(2025, 11, 17, 7, 59, tzinfo=UTC)  # 08:59 in Berlin
    assert coach.due_nudges(before) == []
    [nudge] = coach.due_nudges(before + timedelta(minutes=1))
    [line] = [item.text for item in nudge.reply.items]
    assert line == ("Weekly check-in. Last week: 1 of 1 new contact ✓. Streak: 1 week. "
                    "This week, aim for 1 new contact.")
    clock.now = before + timedelta(minutes=1)
    coach.record_intent(nudge)
    coach.mark_sent(nudge)
    assert coach.due_nudges(before + timedelta(days=3)) == []
    later = coach.due_nudges(datetime(2025, 11, 24, 8, 0, tzinfo=UTC))
    assert [item.text for n in later for item in n.reply.items] == [
        "Weekly check-in. Last week: 0 of 1 new contact. Fresh week, fresh start. This week, aim for 1 new contact."]


def test_no_check_in_for_a_week_that_began_before_the_goal(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    clock.now = datetime(2025, 11, 17, 10, 0, tzinfo=UTC)  # Monday, after the 09:00 check-in time
    coach.handle(user, "goal 1 new contact/week")
    assert coach.due_nudges(clock.now + timedelta(hours=1)) == []
    assert coach.store.due_users(datetime(2025, 11, 24, 9, 0, tzinfo=UTC)) == [user]


def test_a_target_it_cannot_count_is_named_not_taken_as_the_purpose(coach: Coach, user: UserRef) -> None:
    reply = coach.handle(user, "goal 3 coffees/week")
    assert "can't count" in reply.text and "new contacts" in reply.text
    exported = coach.handle(user, "export").attachments[0].content.decode()
    assert '"goal"' not in exported, "nothing is stored from a refused goal"


def test_a_monthly_or_daily_pace_is_turned_into_a_weekly_target_not_a_purpose(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "goal advice")
    assert "try `goal 2 contacts/week`" in coach.handle(user, "goal 10 contacts/month").text
    assert "try `goal 14 drills/week`" in coach.handle(user, "goal 2 drills a day").text
    assert "try `goal 1 contacts/week`" in coach.handle(user, "goal 60 contacts a year").text
    assert "try `goal 50 contacts/week` (the most" in coach.handle(user, "goal 10 contacts a day").text
    assert coach.handle(user, "goal").text.startswith("Goal: advice\nChange it any time")


def test_clear_targets_keeps_the_goal(coach: Coach, user: UserRef) -> None:
    coach.handle(user, "goal job search, 3 new contacts/week")
    assert coach.handle(user, "goal clear targets").body == "Weekly targets cleared; your goal stays: job search."
    shown = coach.handle(user, "goal").text
    assert "job search" in shown and "Each week" not in shown
