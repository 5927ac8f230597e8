"""Personal nudges and channel content, at the engine: fake clock, real TinyDB, no platform."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import open_coach
from coaching.community import CHALLENGES, MIN_MEMBERS, ChannelSchedule
from coaching.core import nudges
from coaching.core.incoming import Incoming
from coaching.core.model import UserRef
from coaching.core.tips import ALL_TIPS
from coaching.testing import FakeClock

ON_EACH_STORE = True  # every test taking `coach` runs on TinyDB and on PostgreSQL

LONDON = ZoneInfo("Europe/London")
DIGEST = ChannelSchedule.from_config("slack", "C1", "0 9 * * mon", "UTC", "digest")
NEW_YORK = ZoneInfo("America/New_York")


def meet_so_due_at(coach, clock: FakeClock, user: UserRef, due: datetime, *names: str) -> None:
    """Add people a day before `due`, so their follow-ups fall due exactly then."""
    clock.now = due.astimezone(UTC) - timedelta(hours=24)
    for name in names:
        coach.handle(user, f"add {name}")


def test_a_due_followup_is_nudged_once_at_due(coach, clock, user):
    coach.handle(user, "add Priya Shah, met at PyCon")
    assert coach.due_nudges(clock.advance(hours=23)) == []
    [nudge] = coach.due_nudges(clock.advance(hours=1))
    assert nudge.user == user
    assert "Priya Shah" in nudge.reply.text
    coach.mark_sent(nudge)
    assert coach.due_nudges(clock.advance(hours=1)) == []
    assert coach.store.due_users(clock.advance(hours=22)) == [], "the next reminder waits for overdue"


def test_several_due_items_become_one_message_with_buttons_each(coach, clock, user):
    for name in ("Priya Shah", "Tom Ade", "Jo Kim"):
        coach.handle(user, f"add {name}")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    assert nudge.reply.title == "3 things for today"
    assert len(nudge.reply.items) == 3
    assert all(any(a.label == "Done" for a in item.actions) for item in nudge.reply.items)
    assert len(nudge.item_keys) == 3


def test_a_long_list_shows_the_first_few_and_keeps_the_rest_for_later(coach, clock, user):
    names = [f"Person {n}" for n in range(nudges.MAX_ITEMS + 2)]
    for name in names:
        coach.handle(user, f"add {name}")
    [first] = coach.due_nudges(clock.advance(hours=24))
    assert len(first.reply.items) == nudges.MAX_ITEMS
    assert "the rest next time" in first.reply.body
    coach.record_intent(first)
    coach.mark_sent(first)
    [second] = coach.due_nudges(clock.advance(minutes=1))
    assert len(second.reply.items) == 2
    assert not set(first.item_keys) & set(second.item_keys)


def test_nudges_off_means_nothing_is_sent_and_the_index_forgets_the_user(coach, clock, user):
    coach.handle(user, "add Priya Shah")
    coach.handle(user, "nudges off")
    assert coach.store.due_users(clock.now + timedelta(days=5)) == []
    assert coach.due_nudges(clock.advance(hours=25)) == []
    coach.handle(user, "nudges on")
    assert len(coach.due_nudges(clock.now)) == 1


def test_a_nudge_due_at_3am_waits_for_the_morning_and_the_index_says_when(coach, clock, user):
    clock.now = datetime(2026, 1, 14, 12, tzinfo=UTC)
    coach.handle(user, "tz Europe/London")
    meet_so_due_at(coach, clock, user, datetime(2026, 1, 15, 3, tzinfo=LONDON), "Priya Shah")
    clock.now = datetime(2026, 1, 15, 3, tzinfo=LONDON)
    assert coach.due_nudges(clock.now) == []
    morning = datetime(2026, 1, 15, 8, tzinfo=LONDON)
    assert coach.store.due_users(morning - timedelta(minutes=1)) == []
    assert coach.store.due_users(morning) == [user]
    assert len(coach.due_nudges(morning)) == 1


def test_quiet_off_lets_a_nudge_through_at_night(coach, clock, user):
    coach.handle(user, "quiet off")
    night = datetime(2026, 1, 15, 3, tzinfo=UTC)
    meet_so_due_at(coach, clock, user, night, "Priya Shah")
    assert len(coach.due_nudges(night)) == 1


@pytest.mark.parametrize(
    ("local", "sent_now"),
    [((20, 59), True), ((21, 0), False), ((2, 0), False), ((7, 59), False), ((8, 0), True)],
)
def test_quiet_hour_boundaries(coach, clock, user, local, sent_now):
    clock.now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    coach.handle(user, "tz America/New_York")
    due = datetime(2026, 6, 10, *local, tzinfo=NEW_YORK)
    meet_so_due_at(coach, clock, user, due, "Priya Shah")
    assert bool(coach.due_nudges(due)) is sent_now
    if not sent_now:
        release = datetime.combine(due.date() + timedelta(days=local[0] >= 21), datetime.min.time(), NEW_YORK)
        release = release.replace(hour=8)
        assert coach.store.due_users(release - timedelta(minutes=1)) == []
        assert len(coach.due_nudges(release)) == 1


@pytest.mark.parametrize(
    ("zone", "day", "release_utc"),
    [
        ("Europe/London", (2026, 3, 29), datetime(2026, 3, 29, 7, tzinfo=UTC)),  # clocks go forward: 08:00 BST
        ("Europe/London", (2026, 10, 25), datetime(2026, 10, 25, 8, tzinfo=UTC)),  # clocks go back: 08:00 GMT
        ("America/New_York", (2026, 3, 8), datetime(2026, 3, 8, 12, tzinfo=UTC)),  # 08:00 EDT
        ("America/New_York", (2026, 11, 1), datetime(2026, 11, 1, 13, tzinfo=UTC)),  # 08:00 EST
    ],
)
def test_quiet_hours_follow_local_wall_clock_across_dst(coach, clock, user, zone, day, release_utc):
    clock.now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    coach.handle(user, f"tz {zone}")
    due = datetime(*day, 3, 30, tzinfo=ZoneInfo(zone))
    meet_so_due_at(coach, clock, user, due, "Priya Shah")
    assert coach.due_nudges(due) == []
    assert coach.store.due_users(release_utc - timedelta(minutes=1)) == []
    [nudge] = coach.due_nudges(release_utc)
    assert release_utc.astimezone(ZoneInfo(zone)).hour == 8
    assert nudge.user == user


@pytest.mark.parametrize(
    ("quiet", "due_utc", "release_utc"),
    [
        # 02:30 doesn't exist in New York on 8 March 2026: the quiet hours end when the clock jumps past it.
        ("22:00-02:30", datetime(2026, 3, 8, 6, tzinfo=UTC), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        # 01:30 happens twice on 1 November 2026: the first one ends the quiet hours.
        ("22:00-01:30", datetime(2026, 11, 1, 4, tzinfo=UTC), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
    ],
)
def test_quiet_hours_ending_in_a_dst_gap_or_overlap(coach, clock, user, quiet, due_utc, release_utc):
    clock.now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    coach.handle(user, "tz America/New_York")
    coach.handle(user, f"quiet {quiet}")
    meet_so_due_at(coach, clock, user, due_utc, "Priya Shah")
    assert coach.due_nudges(due_utc) == []
    assert coach.store.due_users(release_utc - timedelta(minutes=1)) == []
    assert len(coach.due_nudges(release_utc)) == 1


def test_the_daily_cap_holds_the_rest_until_tomorrow(tmp_path, user):
    clock = FakeClock(datetime(2026, 2, 2, 9, tzinfo=UTC))
    coach = open_coach(tmp_path / "capped", clock=clock, daily_cap=2)
    try:
        for hour in (9, 12, 15):
            clock.now = datetime(2026, 2, 2, hour, tzinfo=UTC)
            coach.handle(user, f"add Person {hour}")
        for hour in (9, 12):
            clock.now = datetime(2026, 2, 3, hour, tzinfo=UTC)
            [nudge] = coach.due_nudges(clock.now)
            assert coach.record_intent(nudge)
            coach.mark_sent(nudge)
        clock.now = datetime(2026, 2, 3, 15, tzinfo=UTC)
        assert coach.due_nudges(clock.now) == []
        tomorrow_morning = datetime(2026, 2, 4, 8, tzinfo=UTC)
        assert coach.store.due_users(tomorrow_morning - timedelta(minutes=1)) == []
        [late] = coach.due_nudges(tomorrow_morning)
        assert "Person 15" in late.reply.text
    finally:
        coach.close()


def test_a_failed_send_comes_back_after_a_growing_wait(coach, clock, user):
    coach.handle(user, "add Priya Shah")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    assert coach.record_intent(nudge)
    coach.mark_failed(nudge, retry=True, reason="503")
    assert coach.due_nudges(clock.advance(seconds=59)) == []
    [again] = coach.due_nudges(clock.advance(seconds=1))
    assert again.key == nudge.key
    assert coach.record_intent(again)
    coach.mark_failed(again, retry=True, reason="503")
    assert coach.due_nudges(clock.advance(seconds=119)) == []
    [third] = coach.due_nudges(clock.advance(seconds=1))
    assert coach.record_intent(third)
    coach.mark_sent(third)
    assert coach.due_nudges(clock.advance(hours=12)) == []


def test_a_rate_limit_wait_is_respected(coach, clock, user):
    coach.handle(user, "add Priya Shah")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    coach.record_intent(nudge)
    coach.mark_failed(nudge, retry=True, after=600, reason="429")
    assert coach.due_nudges(clock.advance(minutes=9)) == []
    assert len(coach.due_nudges(clock.advance(minutes=1))) == 1


def test_a_blocked_user_is_not_retried_but_new_items_still_try(coach, clock, user):
    coach.handle(user, "add Priya Shah")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    coach.record_intent(nudge)
    coach.mark_failed(nudge, retry=False, reason="cannot DM this user")
    assert coach.due_nudges(clock.advance(hours=2)) == []
    coach.handle(user, "add Tom Ade")
    [later] = coach.due_nudges(clock.advance(hours=24))
    assert "Tom Ade" in later.reply.text and not set(nudge.item_keys) & set(later.item_keys)


def test_a_send_left_unfinished_is_sent_again_after_its_lease(coach, clock, user):
    """Policy: a record still "sending" means the process died mid-send; once the lease ends, send again."""
    coach.handle(user, "add Priya Shah")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    assert coach.record_intent(nudge)
    assert coach.due_nudges(clock.advance(nudges.SEND_LEASE - timedelta(seconds=1))) == []
    [again] = coach.due_nudges(clock.advance(seconds=1))
    assert again.key == nudge.key


def test_a_nudge_that_keeps_failing_is_given_up(coach, clock, user):
    coach.handle(user, "add Priya Shah")
    clock.advance(hours=24)
    for _ in range(nudges.MAX_ATTEMPTS):
        [nudge] = coach.due_nudges(clock.now)
        assert coach.record_intent(nudge)
        clock.advance(nudges.SEND_LEASE)
    [nudge] = coach.due_nudges(clock.now)
    assert not coach.record_intent(nudge)
    assert coach.due_nudges(clock.advance(hours=12)) == []


def test_a_nudge_recorded_as_sending_holds_its_items_until_the_lease_ends(coach, clock, user):
    """Another sweep sharing the store (another process) must not send what this one is sending."""
    coach.handle(user, "add Priya Shah")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    assert coach.record_intent(nudge)
    assert not coach.record_intent(nudge)
    clock.advance(coach.send_lease)
    assert coach.record_intent(nudge), "the sender died: its lease ran out, so the nudge is taken over"


def test_a_send_stopped_at_shutdown_is_given_back_at_once(coach, clock, user):
    coach.handle(user, "add Priya Shah")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    assert coach.record_intent(nudge)
    coach.release_nudge(nudge)
    [again] = coach.due_nudges(clock.advance(seconds=1))
    assert again.key == nudge.key and coach.record_intent(again)
    coach.mark_sent(again)
    coach.release_nudge(again)
    later = coach.due_nudges(clock.advance(days=1))  # the overdue reminder may come; the sent one never again
    assert all(set(n.item_keys).isdisjoint(again.item_keys) for n in later), "a nudge that went out stays out"


def test_sending_twice_with_the_same_key_is_refused(coach, clock, user):
    coach.handle(user, "add Priya Shah")
    [nudge] = coach.due_nudges(clock.advance(hours=24))
    coach.record_intent(nudge)
    coach.mark_sent(nudge)
    assert not coach.record_intent(nudge)


# Channel content


def slack_channel(kind: str) -> ChannelSchedule:
    return ChannelSchedule.from_config("slack", "C0GENERAL", "0 9 * * mon", "Europe/London", kind)


@pytest.mark.parametrize(("kind", "pool"), [("tip", ALL_TIPS), ("challenge", CHALLENGES)])
def test_rotation_never_repeats_until_everything_was_used(coach, clock, kind, pool):
    schedule = slack_channel(kind)
    posted = []
    for _ in range(2 * len(pool)):
        post = coach.channel_post(schedule)
        coach.mark_posted(post)
        posted.append(post.reply.body)
        clock.advance(days=7)
    first, second = posted[: len(pool)], posted[len(pool):]
    assert sorted(first) == sorted(pool)
    assert sorted(second) == sorted(pool)


def test_digest_counts_only_people_who_opted_in_and_never_names(coach, clock):
    people = [UserRef("slack", "T1", f"U{n}") for n in range(MIN_MEMBERS + 1)]
    for n, person in enumerate(people):
        coach.handle(person, f"add Secret Person{n}, met at Hidden Place, notes: private note")
        coach.handle(person, f"done Secret Person{n}")
        if n:
            coach.handle(person, "digest on")
    reply = coach.channel_post(DIGEST).reply
    assert "About 5 people shared an active week" in reply.text
    assert "added about 5 new people" in reply.text and "followed up with about 5 people" in reply.text
    for word in ("Secret", "Hidden", "private", "U0", "U1"):
        assert word not in reply.text


def test_digest_stays_quiet_until_enough_people_take_part(coach, clock):
    for n in range(MIN_MEMBERS - 1):
        person = UserRef("slack", "T1", f"U{n}")
        coach.handle(person, "add Priya Shah")
        coach.handle(person, "digest on")
    reply = coach.channel_post(ChannelSchedule.from_config("slack", "C1", "0 9 * * mon", "UTC", "digest")).reply
    assert "digest on" in reply.text
    assert "added" not in reply.text


def test_digest_counts_only_people_active_this_week(coach, clock):
    real = UserRef("slack", "T1", "Ureal")
    coach.handle(real, "add Secret Person, met at Hidden Place")
    coach.handle(real, "digest on")
    for n in range(2 * MIN_MEMBERS):
        coach.handle(UserRef("slack", "T1", f"Uempty{n}"), "digest on")
    reply = coach.channel_post(DIGEST).reply
    assert "digest on" in reply.text and "added" not in reply.text


def test_digest_leaves_out_people_whose_activity_is_older_than_a_week(coach, clock):
    people = [UserRef("slack", "T1", f"U{n}") for n in range(MIN_MEMBERS)]
    for person in people:
        coach.handle(person, "digest on")
        coach.handle(person, "add Priya Shah")
    clock.advance(days=8)
    coach.handle(people[0], "add Tom Ade")
    assert "added" not in coach.channel_post(DIGEST).reply.text


@pytest.mark.parametrize(("count", "shown"), [(0, "no new people"), (1, "a few new people"), (4, "a few new people"),
                                               (7, "about 5 new people"), (8, "about 10 new people")])
def test_digest_figures_are_rounded(coach, clock, count, shown):
    people = [UserRef("slack", "T1", f"U{n}") for n in range(MIN_MEMBERS)]
    for person in people:
        coach.handle(person, "digest on")
        coach.handle(person, "pitch I help small clinics cut no-shows in half with text reminders.")
    for n in range(count):
        coach.handle(people[n % len(people)], f"add Person {n}")
    reply = coach.channel_post(DIGEST).reply
    assert f"met and added {shown}" in reply.text


def test_schedule_commands_need_channel_manager_rights(coach, user):
    refused = coach.receive(Incoming(user, "schedule add tip weekly", channel="C1", can_manage=False))
    assert "Only people who can manage this channel" in refused.text
    assert coach.channel_schedules() == []
    added = coach.receive(Incoming(user, "schedule add challenge 0 9 * * mon Europe/London", channel="C1", can_manage=True))
    assert "Scheduled" in added.text
    [schedule] = coach.channel_schedules()
    assert (schedule.kind, schedule.cron, schedule.timezone, schedule.channel) == ("challenge", "0 9 * * mon",
                                                                                    "Europe/London", "C1")
    listed = coach.receive(Incoming(user, "schedule list", channel="C1", can_manage=False))
    assert schedule.id in listed.text and not listed.actions
    assert "No scheduled posts" in coach.receive(Incoming(user, "schedule list", channel="C2", can_manage=True)).text
    assert coach.receive(Incoming(user, f"schedule remove {schedule.id}", channel="C1", can_manage=False)).text.startswith("Only")
    assert "Removed" in coach.receive(Incoming(user, f"schedule remove {schedule.id}", channel="C1", can_manage=True)).text
    assert coach.channel_schedules() == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("schedule add tip 61 9 * * mon", "isn't a schedule I can read"),
        ("schedule add tip */10 * * * *", "more than once an hour"),
        ("schedule add poem weekly", "What should I post"),
        ("schedule add tip weekly Mars/Olympus", "isn't a timezone"),
        ("schedule add tip", "When should it post"),
        ("schedule dance", "schedule list"),
    ],
)
def test_schedule_mistakes_get_a_clear_answer(coach, user, text, problem):
    assert problem in coach.receive(Incoming(user, text, channel="C1", can_manage=True)).text
    assert coach.channel_schedules() == []


def test_schedule_in_a_dm_explains_where_to_use_it(coach, user):
    assert "in the channel" in coach.handle(user, "schedule add tip weekly").text
    assert "Added Priya" in coach.receive(Incoming(user, "add Priya", channel="C1", can_manage=False)).text


def test_one_unreadable_user_file_does_not_stop_the_sweep(clock, data_dir):
    broken, fine = UserRef("slack", "T1", "broken"), UserRef("slack", "T1", "fine")
    first = open_coach(data_dir, clock=clock)
    for who in (broken, fine):
        first.handle(who, "add Priya Shah, met at PyCon")
    first.close()
    next(path for path in (data_dir / "users").rglob("*.json")
         if b"broken" in path.read_bytes()).write_bytes(b"{not json")
    reopened = open_coach(data_dir, clock=clock)
    try:
        due = reopened.due_nudges(clock.advance(hours=25))
        assert [nudge.user for nudge in due] == [fine]
    finally:
        reopened.close()


def test_forget_me_during_a_send_stays_forgotten(coach, clock, user):
    coach.handle(user, "add Priya Shah, met at PyCon")
    [nudge] = coach.due_nudges(clock.advance(hours=25))
    assert coach.record_intent(nudge)
    coach.handle(user, "forget me")
    coach.handle(user, "yes")
    coach.mark_sent(nudge)
    coach.mark_failed(nudge, retry=True)
    assert list(coach.store.users()) == []
    assert not coach.record_intent(nudge)


# At the moment of sending


def test_a_nudge_built_before_nudges_off_is_not_sent(coach, clock, user):
    coach.handle(user, "add Priya Shah, met at PyCon")
    [nudge] = coach.due_nudges(clock.advance(hours=25))
    coach.handle(user, "nudges off")
    assert not coach.record_intent(nudge)
    assert coach.store.due_users(clock.advance(days=3)) == []
    coach.handle(user, "nudges on")
    assert len(coach.due_nudges(clock.now)) == 1


def test_a_nudge_whose_send_was_delayed_into_quiet_hours_waits_for_the_morning(coach, clock, user):
    clock.now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    coach.handle(user, "tz America/New_York")
    due = datetime(2026, 6, 10, 20, 58, tzinfo=NEW_YORK)
    meet_so_due_at(coach, clock, user, due, "Priya Shah")
    [nudge] = coach.due_nudges(due)
    clock.now = due + timedelta(minutes=3)
    assert not coach.record_intent(nudge)
    morning = datetime(2026, 6, 11, 8, tzinfo=NEW_YORK)
    assert coach.store.due_users(morning - timedelta(minutes=1)) == []
    clock.now = morning
    [again] = coach.due_nudges(morning)
    assert again.key == nudge.key and coach.record_intent(again)


def test_a_nudge_about_something_done_meanwhile_is_not_sent(coach, clock, user):
    coach.handle(user, "add Priya Shah, met at PyCon")
    coach.handle(user, "add Tom Ade, met at PyCon")
    [both] = coach.due_nudges(clock.advance(hours=25))
    coach.handle(user, "done Priya")
    assert not coach.record_intent(both)
    [rest] = coach.due_nudges(clock.now)
    assert "Tom Ade" in rest.reply.text and "Priya" not in rest.reply.text
    assert coach.record_intent(rest)


def test_a_retry_waits_for_tomorrow_once_other_messages_reach_the_daily_cap(tmp_path, user):
    clock = FakeClock(datetime(2026, 2, 2, 9, tzinfo=UTC))
    coach = open_coach(tmp_path / "capped", clock=clock, daily_cap=2)
    try:
        for n in range(2 * nudges.MAX_ITEMS + 1):
            coach.handle(user, f"add Person {n}, met at Firm {n}")
        now = clock.advance(hours=25)
        [first] = coach.due_nudges(now)
        assert coach.record_intent(first)
        [retried] = coach.due_nudges(now)
        assert coach.record_intent(retried)
        coach.mark_failed(retried, retry=True)
        [last] = coach.due_nudges(now)
        assert set(last.item_keys).isdisjoint(first.item_keys + retried.item_keys)
        assert coach.record_intent(last)
        coach.mark_sent(first)
        coach.mark_sent(last)
        clock.advance(minutes=5)
        assert not coach.record_intent(retried)
        assert coach.store.due_users(datetime(2026, 2, 3, 23, 59, tzinfo=UTC)) == []
        [tomorrow] = coach.due_nudges(datetime(2026, 2, 4, 8, tzinfo=UTC))
        assert set(tomorrow.item_keys) == set(retried.item_keys)
    finally:
        coach.close()


@pytest.mark.parametrize(
    ("zone", "second_one_fifteen", "release_utc"),
    [
        # Clocks go back at 02:00 BST on 25 October 2026: 01:00-02:00 happens twice, the second time in GMT.
        ("Europe/London", datetime(2026, 10, 25, 1, 15, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
        # Clocks go back at 02:00 EDT on 1 November 2026; the second 01:15 is 01:15 EST.
        ("America/New_York", datetime(2026, 11, 1, 6, 15, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),
    ],
)
def test_quiet_hours_ending_in_the_repeated_hour_end_at_its_second_run(coach, clock, user, zone, second_one_fifteen,
                                                                        release_utc):
    """Quiet until 01:30: something due at the second 01:15 waits for the second 01:30, never for one already past."""
    clock.now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    coach.handle(user, f"tz {zone}")
    coach.handle(user, "quiet 22:00-01:30")
    meet_so_due_at(coach, clock, user, second_one_fifteen, "Priya Shah")
    assert coach.due_nudges(clock.now) == []  # a sweep right after the add works out when it is due
    clock.now = second_one_fifteen
    sent_at = None
    while sent_at is None and clock.now < release_utc + timedelta(hours=1):
        if coach.store.due_users(clock.now):
            nudge = coach.due_nudges(clock.now)
            assert nudge, f"the index said due at {clock.now:%H:%M} UTC but nothing could go"
            sent_at = clock.now
        clock.advance(minutes=1)
    assert sent_at == release_utc
