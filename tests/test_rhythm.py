"""Keep-in-touch rhythms: counted from the last real contact, never from the last reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from coaching.core.engine import Coach
from coaching.core.model import Nudge, UserRef
from coaching.core.records import Contact
from coaching.people.keep_in_touch import DEFAULT_DAYS, NUDGES_PER_DAY, rhythm_for
from coaching.testing import FakeClock

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL


def rhythm_nudges(coach: Coach, now: datetime) -> list[Nudge]:
    return [n for n in coach.due_nudges(now) if any(key.startswith("rhythm:") for key in n.item_keys)]


def checkin_lines(nudges: list[Nudge]) -> list[str]:
    return [item.text for nudge in nudges for item in nudge.reply.items if item.text.startswith("Check in with")]


def add_and_follow_up(coach: Coach, user: UserRef, text: str) -> None:
    """A contact whose first follow-up is done, so only the keep-in-touch rhythm is left."""
    coach.handle(user, f"add {text}")
    coach.handle(user, f"done {text.split(',')[0]}")


def test_a_sent_reminder_does_not_restart_the_clock_but_a_real_contact_does(
        coach: Coach, user: UserRef, clock: FakeClock) -> None:
    add_and_follow_up(coach, user, "Priya Shah, met at PyCon 3 days ago, she hires data engineers")
    assert "Next check-in on 14 Dec" in coach.handle(user, "every Priya 30 days").text

    clock.now = datetime(2025, 12, 14, 8, 59, tzinfo=UTC)
    assert rhythm_nudges(coach, clock.now) == []
    clock.now = datetime(2025, 12, 14, 9, 0, tzinfo=UTC)
    first = rhythm_nudges(coach, clock.now)
    assert checkin_lines(first) == [
        "Check in with Priya Shah: met at PyCon, last in touch 30 days ago, you noted: she hires data engineers"]
    coach.mark_sent(first[0])

    # Thirty days after the reminder is not a new check-in date: nothing real has happened since.
    clock.advance(days=31)
    assert rhythm_nudges(coach, clock.now) == []
    listed = coach.handle(user, "reconnect")
    assert "Priya Shah: met at PyCon, last in touch 61 days ago" in listed.text

    coach.handle(user, "note Priya had coffee, she moved to Berlin")  # 14 Jan 09:00: real contact
    assert "Next check-in on 13 Feb" in coach.handle(user, "every Priya").text
    assert "Everyone's warm" in coach.handle(user, "reconnect").text
    assert rhythm_nudges(coach, datetime(2026, 2, 13, 8, 0, tzinfo=UTC)) == []
    again = rhythm_nudges(coach, datetime(2026, 2, 13, 9, 0, tzinfo=UTC))
    assert checkin_lines(again) == ["Check in with Priya Shah: met at PyCon, last in touch 30 days ago, "
                                    "you noted: had coffee, she moved to Berlin"]
    assert again[0].item_keys != first[0].item_keys


def test_marking_a_drafted_check_in_as_sent_resets_the_rhythm(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    add_and_follow_up(coach, user, "Tom Ade, CTO at Acme, met at a meetup yesterday")
    coach.handle(user, "every Tom 2 weeks")
    clock.advance(days=20)
    draft = coach.handle(user, "reconnect Tom")
    sent = next(action for action in draft.actions if action.label == "Mark as sent")
    coach.handle(user, sent.command)
    assert rhythm_nudges(coach, clock.now) == []
    assert "Next check-in on 18 Dec" in coach.handle(user, "every Tom").text


def test_defaults_by_kind_tags_own_rhythm_and_imports() -> None:
    chat = Contact(kind="business", source="chat", tags=["mentors", "pycon"])
    assert rhythm_for(Contact(kind="social", source="chat"), {}).days == DEFAULT_DAYS["social"] == 120
    assert rhythm_for(Contact(kind="digital", source="chat"), {}).days == 180
    assert rhythm_for(chat, {}).days == 60
    assert rhythm_for(Contact(kind="professional", source="import"), {}) is None
    tags = {"tag_rhythms": {"mentors": 45, "pycon": 30}}
    assert rhythm_for(chat, tags).days == 30 and rhythm_for(chat, tags).why == "#pycon"
    assert rhythm_for(replace(chat, source="import"), tags).days == 30
    assert rhythm_for(replace(chat, rhythm_days=10), tags).days == 10
    assert rhythm_for(replace(chat, rhythm_days=0), tags) is None
    assert rhythm_for(chat, {"tag_rhythms": {"mentors": 0, "pycon": 30}}).days == 30
    assert rhythm_for(chat, {"tag_rhythms": {"mentors": 0}}) is None


def test_tag_rhythm_covers_people_tagged_later(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    reply = coach.handle(user, "every #mentors 60 days")
    assert "Nobody is tagged #mentors yet" in reply.text
    add_and_follow_up(coach, user, "Ada Lovelace, met at a dinner party yesterday #mentors")
    assert "every 60 days (#mentors)" in coach.handle(user, "every Ada").text
    coach.handle(user, "every #mentors default")
    assert "every 120 days (the default for social contacts)" in coach.handle(user, "every Ada").text


def test_no_rhythm_nudge_while_the_first_follow_up_is_open(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    coach.handle(user, "add Jo Kim, met at PyCon 3 days ago")
    set_it = coach.handle(user, "every Jo 30 days").text
    assert "clock starts once you've done the first follow-up" in set_it and "(on Tuesday)" not in set_it
    keys = [key for nudge in coach.due_nudges(clock.now) for key in nudge.item_keys]
    assert keys and not any(key.startswith("rhythm:") for key in keys)
    assert "starts once you've followed up" in coach.handle(user, "every Jo").text


def test_at_most_a_few_rhythm_nudges_a_day(coach: Coach, user: UserRef, clock: FakeClock) -> None:
    names = ["Ana", "Ben", "Cy", "Dee", "Eve"]
    for name in names:
        add_and_follow_up(coach, user, f"{name} Example, met at a meetup 3 days ago")
        coach.handle(user, f"every {name} 7 days")
    clock.advance(days=10)
    first = rhythm_nudges(coach, clock.now)
    assert len(checkin_lines(first)) == NUDGES_PER_DAY
    coach.mark_sent(first[0])
    assert rhythm_nudges(coach, clock.now + timedelta(hours=3)) == []
    tomorrow = datetime(2025, 11, 25, 9, 0, tzinfo=UTC)
    rest = rhythm_nudges(coach, tomorrow)
    assert len(checkin_lines(rest)) == len(names) - NUDGES_PER_DAY
    assert not set(checkin_lines(rest)) & set(checkin_lines(first))


def test_every_explains_mistakes(coach: Coach, user: UserRef) -> None:
    add_and_follow_up(coach, user, "Priya Shah, met at PyCon yesterday")
    assert "between 1 day and 2 years" in coach.handle(user, "every Priya 5 years").text
    assert "between 1 day and 2 years" in coach.handle(user, "every Priya 0 days").text
    assert "don't have anyone called" in coach.handle(user, "every Nobody 30 days").text
    assert "How often for #mentors" in coach.handle(user, "every #mentors").text
    assert "every 45 days (you set it)" in coach.handle(user, "every Priya 45").text
    assert "no keep-in-touch reminders for Priya Shah" in coach.handle(user, "every Priya off").text
    assert "every 90 days (the default for professional contacts)" in coach.handle(user, "every Priya default").text
    overview = coach.handle(user, "every").text
    assert "professional 90, business 60, social 120, digital 180" in overview
