"""What a new user trips over in a first session: how edits are confirmed, which field names `edit` takes,
where you met said right for a place and a platform, counts past a target, a sentence typed as if to a person,
a `no` to a merge, a micro-drill answer too short, a snooze after the meeting date is fixed."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app import open_coach
from coaching.core.engine import Coach
from coaching.core.model import UserRef
from coaching.goals.goal import FEATURE as GOALS
from coaching.people.contacts import EDITABLE
from coaching.people.places import met_place
from coaching.testing import Chat, FakeClock

WEAK = "Um, I just kind of do data stuff, basically I leverage synergies and I am passionate about disruption."
PITCH = "I build data tools for ML teams so they ship their models faster"


@pytest.fixture
def chat(coach: Coach, user: UserRef) -> Chat:
    return Chat(coach, user)


@pytest.mark.parametrize(("change", "said"), [
    ("name: Thomas O'Brien", "Updated Thomas O'Brien: renamed from Tom Ade."),
    ("name: Tom Ade", "Updated Tom Ade: name unchanged."),
    ("nickname: Tommy", "Updated Tom Ade: nickname Tommy."),
    ("company: Acme", "Updated Tom Ade: company Acme."),
    ("role: CTO", "Updated Tom Ade: role CTO."),
    ("email: tom@acme.com", "Updated Tom Ade: email tom@acme.com."),
    ("link: github.com/tomade", "Updated Tom Ade: link github.com/tomade."),
    ("phone: +44 20 7946 0958", "Updated Tom Ade: phone +44 20 7946 0958."),
    ("where: JSConf", "Updated Tom Ade: met at JSConf."),
    ("where: LinkedIn", "Updated Tom Ade: met on LinkedIn."),
    ("where:", "Updated Tom Ade: where you met cleared."),
    ("when: 12 Nov", "Updated Tom Ade: met on Wednesday."),
    ("kind: social", "Updated Tom Ade: kind social."),
    ("tags: climbing", "Updated Tom Ade: tags #climbing."),
    ("notes: runs the platform team", "Updated Tom Ade: notes replaced."),
    ("company:", "Updated Tom Ade: company cleared."),
])
def test_each_edit_says_what_changed_in_plain_words(chat: Chat, change: str, said: str) -> None:
    chat.say("add Tom Ade, met at PyCon")
    assert chat.say(f"edit Tom {change}").body.startswith(said)


def test_a_rename_is_not_echoed_twice(chat: Chat) -> None:
    chat.say("add Tom Ade, met at PyCon")
    body = chat.say("edit tom name: Thomas O'Brien").body
    assert body.count("Thomas O'Brien") == 2, body  # the record it updated, and `show Thomas O'Brien`
    assert "renamed from Tom Ade" in body


def test_edit_takes_every_field_name_show_prints(chat: Chat) -> None:
    chat.say("add Tom Ade, met at PyCon")
    chat.say("edit Tom nickname: Tommy, email: tom@acme.com, url: github.com/tomade, phone: +44 20 7946 0958, "
             "tags: climbing")
    shown = chat.say("show Tom").body
    labels = {line.split(":")[0].casefold() for line in shown.splitlines()}
    fields = {"kind", "nickname", "email", "link", "phone", "tags"}
    assert fields <= labels, shown
    values = {"kind": "social", "nickname": "Tee", "email": "t@ade.io", "link": "ade.io", "phone": "+1 555 123 4567",
              "tags": "friends"}
    for label in fields:
        assert chat.say(f"edit Tom {label.capitalize()}: {values[label]}").body.startswith("Updated Tom Ade:"), label
    tom = chat.contact("Tom Ade")
    assert (tom["kind"], tom["nickname"], tom["email"], tom["url"], tom["phone"], tom["tags"]) == (
        "social", "Tee", "t@ade.io", "ade.io", "+1 555 123 4567", ["friends"])


@pytest.mark.parametrize(("alias", "key", "value"), [
    ("url", "url", "github.com/tomade"), ("website", "url", "tomade.dev"), ("title", "role", "CTO"),
    ("met at", "met_at", "JSConf"), ("e-mail", "email", "tom@acme.com"), ("mobile", "phone", "+44 20 7946 0958"),
])
def test_edit_takes_the_usual_other_names_of_a_field(chat: Chat, alias: str, key: str, value: str) -> None:
    chat.say("add Tom Ade, met at PyCon")
    chat.say(f"edit Tom {alias}: {value}")
    assert chat.contact("Tom Ade")[key] == value


@pytest.mark.parametrize("typed", ["edit Tom foo: 1", "edit Tom favourite colour: blue", "edit Tom foo: 1, company: x"])
def test_an_unknown_field_is_named_with_the_fields_edit_takes(chat: Chat, typed: str) -> None:
    chat.say("add Tom Ade, met at PyCon")
    before = chat.contacts()
    body = chat.say(typed).body
    assert body.startswith("I can't change “"), body
    assert all(field in body for field in (*EDITABLE, "url", "title")), body
    assert chat.contacts() == before


@pytest.mark.parametrize(("typed", "fields"), [("edit Tom met: at JSConf yesterday", ("where:", "when:")),
                                               ("edit Tom works: CTO at Acme", ("role:", "company:"))])
def test_a_line_of_show_that_holds_two_fields_names_both(chat: Chat, typed: str, fields: tuple[str, str]) -> None:
    chat.say("add Tom Ade, met at PyCon")
    body = chat.say(typed).body
    assert "is two fields" in body and all(f"`{field}`" in body for field in fields), body


def test_a_link_in_an_edit_is_not_a_field(chat: Chat) -> None:
    chat.say("add Tom Ade, met at PyCon")
    chat.say("edit Tom link: https://github.com/tomade")
    assert chat.contact("Tom Ade")["url"] == "https://github.com/tomade"
    assert "Tell me what to change" in chat.say("edit Tom https://github.com/tomade").body


@pytest.mark.parametrize(("where", "said"), [
    ("PyCon", "at PyCon"), ("the climbing gym", "at the climbing gym"), ("LinkedIn", "on LinkedIn"),
    ("linkedin", "on LinkedIn"), ("a Slack community", "on a Slack community"), ("via Anna", "via Anna"),
    ("Zoom", "on Zoom"), ("", ""),
])
def test_met_place_says_at_a_place_and_on_a_platform(where: str, said: str) -> None:
    assert met_place(where) == said


@pytest.mark.parametrize(("typed", "place"), [("met at PyCon", "at PyCon"), ("met on LinkedIn", "on LinkedIn")])
def test_where_you_met_reads_the_same_in_every_reply(chat: Chat, clock: FakeClock, typed: str, place: str) -> None:
    added = chat.say(f"add Jo Kim, {typed} yesterday, hiring data engineers").body
    assert f"Met: {place}, yesterday" in added
    assert f"Met: {place}, yesterday" in chat.say("show Jo").body
    assert f"Jo Kim, met {place}: due" in chat.say("followups").text
    assert f"met {place}, yesterday" in chat.say("reconnect Jo").text
    clock.advance(days=1)
    chat.say("add Jo Kim, met at the office today")
    assert f"(first met on Thursday {place})" in chat.say("yes").body
    wrong = "at LinkedIn" if place == "on LinkedIn" else "on PyCon"
    every = " ".join(chat.say(typed).text for typed in ("show Jo", "followups", "reconnect Jo", "draft Jo"))
    assert wrong not in every


def test_prep_for_an_online_event_says_met_on_it(chat: Chat) -> None:
    assert "`add <name>, met on LinkedIn Live, <one detail>`" in chat.say("prep LinkedIn Live").text
    assert "`add <name>, met at PyCon 2026, <one detail>`" in chat.say("prep PyCon 2026").text


def test_a_count_past_its_target_reads_as_a_count(coach: Coach, chat: Chat, clock: FakeClock) -> None:
    chat.say("goal 1 pitch drill/week, 3 follow-ups/week")
    clock.advance(days=3)  # Monday 17 Nov: the goal was set the week before
    chat.say(f"pitch {PITCH}")
    chat.say(f"pitch {PITCH} and cheaper")
    assert [item.text for item in chat.say("progress").items] == [
        "Follow-ups: 0 of 3, 3 to go", "Pitch drills: 2 (target 1) ✓"]
    checkins = [item.text for nudge in coach.due_nudges(clock.now + timedelta(weeks=1)) for item in nudge.reply.items
                if item.text.startswith("Weekly check-in")]
    assert checkins == ["Weekly check-in. Last week: 0 of 3 follow-ups, 2 pitch drills (target 1) ✓. "
                        "Fresh week, fresh start. This week, aim for 3 follow-ups, 1 pitch drill."]


def test_progress_without_targets_suggests_them_once(chat: Chat) -> None:
    text = chat.say("progress").text
    assert text.count("`goal 3 new contacts/week`") == 1, text
    assert "Streak" not in text
    chat.say("goal 1 new contact/week")
    assert "Streak: none yet" in chat.say("progress").text


@pytest.mark.parametrize("typed", ["I had coffee with Tom", "I", "I’m not sure what to do", "so what now",
                                   "how do I add someone", "we should talk"])
def test_a_sentence_is_pointed_to_add_and_note(chat: Chat, typed: str) -> None:
    body = chat.say(typed).body
    assert "`add Priya Shah" in body and "`note Priya" in body and "`help`" in body, body
    assert "Did you mean" not in body


@pytest.mark.parametrize("typed", ["ab", "ad", "x", "tom is great", "sup"])
def test_a_short_unknown_word_is_not_guessed_at(chat: Chat, typed: str) -> None:
    body = chat.say(typed).body
    assert body.startswith("I don't know “") and "Did you mean" not in body, body


@pytest.mark.parametrize(("typed", "meant"), [("shwo Tom", "show"), ("snoze Tom", "snooze"), ("edt Tom", "edit"),
                                              ("progess", "progress")])
def test_a_typo_of_a_command_is_still_caught(chat: Chat, typed: str, meant: str) -> None:
    assert f"Did you mean `{meant}`?" in chat.say(typed).body


def test_a_sentence_names_only_the_commands_a_coach_has(tmp_path: Path, clock: FakeClock, user: UserRef) -> None:
    coach = open_coach(tmp_path, clock=clock, features=(GOALS,))
    body = Chat(coach, user).say("I met Priya yesterday at PyCon").body
    assert "`add" not in body and "`note" not in body and "`help`" in body
    coach.close()


def test_no_to_a_merge_keeps_both_and_says_so(chat: Chat) -> None:
    chat.say("add Priya Shah, met at PyCon")
    chat.say("add Priya Shah, met at a wedding")
    assert chat.say("no").body == "OK, I'll keep them as two separate people."
    assert sorted(c["met_at"] for c in chat.contacts()) == ["PyCon", "a wedding"]
    chat.say("remove id:" + chat.contacts()[0]["id"])
    assert chat.say("no").body == "OK, nothing changed."


def test_a_micro_drill_answer_too_short_is_asked_for_again(chat: Chat) -> None:
    chat.say(f"pitch {WEAK}")
    prompt = chat.say("drill").body.split("\n")[0]
    body = chat.say("I do things").body
    assert "Type your pitch" not in body and "too short" in body and prompt in body, body
    assert "Not yet" in chat.say("I basically just kind of sort of do things, actually.").text, "the drill waited"


def test_a_pitch_too_short_still_asks_for_the_pitch(chat: Chat) -> None:
    chat.say("pitch")
    assert "Type your pitch as you'd say it" in chat.say("Just data stuff").body


def followup(chat: Chat, name: str) -> dict | None:
    return chat.contact(name).get("followup")


def test_a_snooze_survives_fixing_when_you_met(chat: Chat, clock: FakeClock) -> None:
    chat.say("add Tom Ade, met at PyCon 3 days ago")  # Tuesday; overdue since Thursday
    chat.say("snooze Tom monday 9am")
    snoozed = followup(chat, "Tom Ade")
    chat.say("edit Tom when: 4 days ago")
    assert followup(chat, "Tom Ade") == snoozed, "the follow-up the user pushed back stays pushed back"
    assert chat.say("followups").body == "1 coming up."
    assert "Follow-up: due on Monday at 09:00" in chat.say("show Tom").body
    chat.say("edit Tom when: 20 days ago")
    assert followup(chat, "Tom Ade") is None, "met too long ago: no thank-you is owed, so no snooze either"


def test_a_snooze_moves_later_when_the_meeting_turns_out_later(chat: Chat, clock: FakeClock) -> None:
    chat.say("add Tom Ade, met at PyCon 3 days ago")
    chat.say("snooze Tom 2 hours")
    chat.say("edit Tom when: today")
    due = datetime.fromisoformat(followup(chat, "Tom Ade")["due"])
    assert due == clock.now + timedelta(hours=24), "not due before a day after meeting"


def test_an_edit_of_when_moves_a_follow_up_nobody_snoozed(chat: Chat, clock: FakeClock) -> None:
    chat.say("add Tom Ade, met at PyCon")
    chat.say("edit Tom when: yesterday")
    assert "Follow-up: due today" in chat.say("show Tom").body


def test_a_meeting_moved_from_long_ago_to_recent_is_owed_a_follow_up(chat: Chat) -> None:
    chat.say("add Nora Quinn, met at PyCon 3 months ago")
    assert "Follow-up" not in chat.say("show Nora").body
    assert chat.say("edit Nora when: yesterday").text.startswith("Updated Nora Quinn: met yesterday; follow-up due today")
    assert "Follow-up: due today" in chat.say("show Nora").body
    assert "Nora Quinn" in chat.say("followups").text


def test_an_imported_contact_moved_to_recent_gets_no_follow_up(chat: Chat) -> None:
    chat.send_file("people.csv", b"Name,Company\nLi Wei,Acme\n")
    chat.say("yes")
    assert "follow-up" not in chat.say("edit Li when: yesterday").text
    assert "Follow-up" not in chat.say("show Li").body
