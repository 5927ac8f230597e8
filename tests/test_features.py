"""A coach understands exactly the features it is built with, in the order given."""

from __future__ import annotations

from pathlib import Path

from bot.app import open_coach
from coaching.core.help import FEATURE as HELP
from coaching.core.model import Reply, UserRef
from coaching.core.registry import Feature, Registry, command
from coaching.features import FEATURES
from coaching.goals.goal import FEATURE as GOALS
from coaching.testing import FakeClock


def test_a_coach_built_with_one_feature_knows_only_its_commands(tmp_path: Path, clock: FakeClock,
                                                                 user: UserRef) -> None:
    coach = open_coach(tmp_path, clock=clock, features=(GOALS,))
    assert "Goal saved" in coach.handle(user, "goal 3 new contacts/week").text
    assert "I don't know “add”" in coach.handle(user, "add Priya Shah, met at PyCon").text
    assert coach.due_nudges(clock.now) == []
    coach.close()


def test_help_lists_commands_in_the_order_features_were_given(tmp_path: Path, clock: FakeClock,
                                                              user: UserRef) -> None:
    @command("wave", "wave", "Say hello.", ("wave",))
    def wave(ctx, rest: str) -> Reply:
        return Reply(body="Hello!")

    @command("bow", "bow", "Say hello formally.", ("bow",))
    def bow(ctx, rest: str) -> Reply:
        return Reply(body="Good day.")

    first = Feature("waving", commands=(wave,))
    second = Feature("bowing", commands=(bow,))
    for order, expected in (((first, second), "`wave`, `bow`"), ((second, first), "`bow`, `wave`")):
        coach = open_coach(tmp_path / expected[1:5], clock=clock, features=(*order, HELP))
        assert f"More: {expected}, `help`" in coach.handle(user, "help").text
        assert coach.handle(user, "wave").body == "Hello!"
        coach.close()


def test_two_features_may_not_claim_one_word() -> None:
    @command("goal", "goal", "Not the real one.")
    def fake_goal(ctx, rest: str) -> Reply:
        return Reply(body="")

    try:
        Registry((GOALS, Feature("impostor", commands=(fake_goal,))))
    except ValueError as problem:
        assert "'goal'" in str(problem)
    else:
        raise AssertionError("a second `goal` was accepted")


def test_a_command_of_several_words_wins_by_the_longest_match() -> None:
    registry = Registry(FEATURES)
    cmd, verb, rest = registry.resolve("Forget me please")
    assert (cmd.name, verb, rest) == ("forget me", "forget me", "please")
    cmd, verb, rest = registry.resolve("forget meeting notes")
    assert (cmd, verb, rest) == (None, "forget", "meeting notes")
    cmd, verb, rest = registry.resolve("show  Priya   Shah")
    assert (cmd.name, rest) == ("show", "Priya   Shah")


def test_a_contacts_name_typed_alone_shows_them(coach, user: UserRef) -> None:
    for text in ("add Priya Shah, met at PyCon", "add Priya Patel, met at the Go meetup", "add Tom O'Brien, met on LinkedIn"):
        coach.handle(user, text)
    assert coach.handle(user, "tom").title == "Tom O'Brien"
    assert coach.handle(user, "Tomm").title == "Tom O'Brien", "a close typo is sure, as it is for `show`"
    assert coach.handle(user, "  priya shah ").title == "Priya Shah"
    choice = coach.handle(user, "Priya")
    assert "More than one person matches" in choice.text
    assert coach.handle(user, "2").title == "Priya Patel"
    for text in ("xy", "zed", "Tom is great to work with", "to", "x" * 3_990):
        assert coach.handle(user, text).text.startswith("I don't know"), text


def test_a_name_alone_with_a_question_mark_or_full_stop_shows_them(coach, user: UserRef) -> None:
    """"maria?" must not be answered "I don't know “maria”" when Maria is a contact."""
    coach.handle(user, "add Maria Lopez, met in Madrid")
    coach.handle(user, "add Sammy Davis Jr., met at the club")
    for text in ("maria?", "Maria!", "Maria Lopez.", "maria ?", "Sammy Davis Jr."):
        assert coach.handle(user, text).title in ("Maria Lopez", "Sammy Davis Jr."), text
    for text in ("zed?", "...", "!?"):
        assert coach.handle(user, text).text.startswith("I don't know"), text


def test_a_name_alone_is_the_contacts_features_own_fallback(tmp_path: Path, clock: FakeClock, user: UserRef) -> None:
    full = open_coach(tmp_path / "full", clock=clock)
    full.handle(user, "add Tom O'Brien, met on LinkedIn")
    assert full.handle(user, "tom").title == "Tom O'Brien"
    full.close()
    goals_only = open_coach(tmp_path / "goals", clock=clock, features=(GOALS,))
    assert goals_only.handle(user, "tom").text.startswith("I don't know “tom”")
    goals_only.close()

    @command("wave", "wave", "Say hello.")
    def wave(ctx, rest: str) -> Reply:
        return Reply(body="Hello!")

    def echo(ctx, text: str) -> Reply | None:
        return Reply(body=f"You said {text}.") if text.startswith("w") else None

    waving = open_coach(tmp_path / "waving", clock=clock, features=(Feature("waving", commands=(wave,), fallbacks=(echo,)),))
    assert waving.handle(user, "wave").body == "Hello!", "a command always comes before a fallback"
    assert waving.handle(user, "wobble").body == "You said wobble."
    assert waving.handle(user, "zzz").text.startswith("I don't know “zzz”")
    waving.close()
