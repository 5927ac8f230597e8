"""Follow-ups at the right time: raised at due, at overdue and once more, then handed to keep-in-touch.

A meeting long ago is a reconnect, an import is not contact, and a merged duplicate is not a new contact.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.testing import START, FakeClock, contact, say, send_file

DAY, HOUR = timedelta(days=1), timedelta(hours=1)


def run_sweeps(coach: Coach, clock: FakeClock, days: int, actions: dict[datetime, str] | None = None,
               user: UserRef | None = None) -> dict[str, list[datetime]]:
    """Sweep every hour as the scheduler does, delivering each nudge; who was mentioned, and when."""
    mentioned: dict[str, list[datetime]] = {}
    end = clock.now + days * DAY
    while clock.now < end:
        for nudge in coach.due_nudges(clock.now):
            assert coach.record_intent(nudge)
            coach.mark_sent(nudge)
            for item in nudge.reply.items:
                for name in ("Ann Lee", "Bo Chen", "Cy Dee"):
                    if name in item.text:
                        mentioned.setdefault(name, []).append(clock.now)
        if actions and clock.now in actions:
            say(coach, user, actions[clock.now])
        clock.advance(HOUR)
    return mentioned


def test_an_open_follow_up_comes_back_at_due_overdue_and_a_last_call_then_rests(
        coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "goal 3 new contacts/week")
    say(coach, user, "add Ann Lee, met at PyCon")  # Friday 14 Nov, 10:00
    say(coach, user, "add Bo Chen, met at a meetup yesterday")  # Thursday 10:00 local: due now
    say(coach, user, "add Cy Dee, met at a dinner")
    answered = {START + DAY + 2 * HOUR: "done Cy"}
    mentioned = run_sweeps(coach, clock, 16, answered, user)
    monday, next_monday = datetime(2025, 11, 17, 9, tzinfo=START.tzinfo), datetime(2025, 11, 24, 9, tzinfo=START.tzinfo)
    assert mentioned["Ann Lee"] == [START + DAY, START + 2 * DAY, monday, START + 5 * DAY]
    assert mentioned["Bo Chen"] == [START, START + DAY, monday, START + 4 * DAY]
    assert mentioned["Cy Dee"] == [START + DAY], "followed up: never raised again"
    assert next_monday not in mentioned["Ann Lee"], "handed to keep-in-touch: the check-in no longer lists them"


def test_the_monday_check_in_lists_who_still_waits(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "goal 2 follow-ups/week")
    say(coach, user, "add Ann Lee, met at PyCon")
    say(coach, user, "add Bo Chen, met at a meetup")
    clock.now = datetime(2025, 11, 17, 9, tzinfo=START.tzinfo)
    texts = [item.text for nudge in coach.due_nudges(clock.now) for item in nudge.reply.items]
    weekly = next(text for text in texts if text.startswith("Weekly check-in"))
    assert "Still waiting for your follow-up: Ann Lee, Bo Chen." in weekly


def test_after_the_last_call_they_move_to_keep_in_touch(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Ann Lee, met at PyCon")
    clock.advance(days=5)
    [nudge] = coach.due_nudges(clock.now)
    assert nudge.reply.items[0].text == ("Last call for Ann Lee, met at PyCon: a short note still lands well. If it "
                                         "isn't the moment, I'll stop asking after Friday and keep them on your "
                                         "keep-in-touch list.")
    clock.advance(days=2)
    assert "all caught up" in say(coach, user, "followups").text
    assert "moved them to your keep-in-touch list" in say(coach, user, "show Ann").text
    assert "Next check-in on 12 Feb" in say(coach, user, "every Ann").text
    assert "Followed up with Ann Lee. Late is far better than never." in say(coach, user, "done Ann").text


def test_a_snooze_starts_the_reminders_afresh(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    say(coach, user, "add Ann Lee, met at PyCon")
    clock.advance(days=6)
    say(coach, user, "snooze Ann 3 days")
    mentioned = run_sweeps(coach, clock, 12)
    assert mentioned["Ann Lee"] == [START + 9 * DAY, START + 10 * DAY, START + 13 * DAY]


# a meeting long ago is a reconnect


@pytest.mark.parametrize("when", ["last year", "two years ago", "in March", "on 2 Nov", "8 days ago"])
def test_a_meeting_long_ago_is_a_reconnect_not_a_follow_up(coach: Coach, user: UserRef, when: str) -> None:
    reply = say(coach, user, f"add Ann Lee, met at PyCon {when}")
    assert "48 hours" not in reply.text
    assert "a friendly check-in fits better than a thank-you. `reconnect Ann Lee` drafts one." in reply.text
    assert reply.actions[0].label == "Draft a check-in"
    assert "all caught up" in say(coach, user, "followups").text
    if when not in ("on 2 Nov", "8 days ago"):  # months back: past any keep-in-touch rhythm
        assert say(coach, user, "reconnect").items[0].text.startswith("Ann Lee: met at PyCon")
    drafted = say(coach, user, reply.actions[0].command)
    assert drafted.title == "Check in with Ann Lee" and "Thanks for the chat" not in drafted.text


@pytest.mark.parametrize("when", ["3 days ago", "6 days ago", "yesterday"])
def test_a_recent_meeting_is_still_a_follow_up(coach: Coach, user: UserRef, when: str) -> None:
    say(coach, user, f"add Ann Lee, met at PyCon {when}")
    assert "Ann Lee" in say(coach, user, "followups").text


def test_moving_the_meeting_back_a_year_ends_the_follow_up(coach: Coach, user: UserRef) -> None:
    say(coach, user, "add Ann Lee, met at PyCon")
    say(coach, user, "edit Ann when: last year")
    assert contact(coach, user, "Ann Lee")["followup"] is None
    assert "all caught up" in say(coach, user, "followups").text


# an import is not contact; a merged duplicate is not new


def import_people(coach: Coach, user: UserRef, csv: str) -> None:
    assert "new contact" in send_file(coach, user, "people.csv", csv.encode()).text
    assert say(coach, user, "yes").text.startswith("Imported")


def test_imported_people_were_never_in_touch(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    import_people(coach, user, "name,company,connected on\nAnn Lee,Acme,\nBo Chen,Globex,2024-03-02\n")
    assert "Last in touch: nothing logged yet (imported today)" in say(coach, user, "show Ann").text
    assert "Last in touch: nothing logged yet (imported today)" in say(coach, user, "show Bo").text
    assert "counted from today, as nothing is logged since the import" in say(coach, user, "every Ann 30 days").text
    assert "counted from 2 Mar 2024, as nothing is logged since the import" in say(coach, user, "every Bo 60 days").text
    assert "Last in touch: nothing logged yet (imported today)" in say(coach, user, "every Ann").text
    clock.advance(days=2)
    say(coach, user, "note Ann had coffee")
    assert "Last in touch: today" in say(coach, user, "show Ann").text


def test_a_merged_duplicate_is_not_a_new_contact(coach: Coach, user: UserRef) -> None:
    import_people(coach, user, "name,company\nPriya Shah,Acme\n")
    say(coach, user, "add Priya Shah, met at PyCon")
    assert "Merged" in say(coach, user, "yes").text
    assert "This week so far: 0 new contacts" in say(coach, user, "progress").text
    say(coach, user, "add Tom Ade, met at PyCon")
    assert "This week so far: 1 new contact" in say(coach, user, "progress").text
