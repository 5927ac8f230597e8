"""The README's "Adding a command" example runs as written: a feature added to the coach's own, its command
answering and its nudge coming on the day, so the example can't drift from the code it shows."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from bot.app import open_coach
from coaching.core.model import UserRef
from coaching.features import FEATURES
from coaching.testing import Chat, FakeClock, records

README = Path(__file__).parent.parent / "README.md"


def readme_module(tmp_path: Path) -> ModuleType:
    """The first Python block under "### Adding a command", written out and imported as a module."""
    section = README.read_text(encoding="utf-8").split("### Adding a command", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code, "the README's \"Adding a command\" section has no Python example"
    path = tmp_path / "birthdays.py"
    path.write_text(code.group(1), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("readme_birthdays", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_feature_works_added_to_the_coach(tmp_path: Path, clock: FakeClock, user: UserRef) -> None:
    birthdays = readme_module(tmp_path)
    coach = open_coach(tmp_path / "data", clock=clock, features=(*FEATURES, birthdays.FEATURE))
    try:
        chat = Chat(coach, user)
        chat.say("add Priya Shah, met at PyCon yesterday")
        chat.say("done Priya")  # her follow-up is closed, so the nudge on the day is the birthday alone
        assert chat.say("birthday Priya 20 November").text == "Noted: Priya's birthday is on Thursday."
        [kept] = records(coach, user, birthdays.BIRTHDAYS)
        assert (kept["id"], kept["on"]) == (chat.contact("Priya Shah")["id"], "2025-11-20")

        def birthday_lines() -> list[str]:
            return [item.text for nudge in coach.due_nudges(clock.now) for item in nudge.reply.items
                    if any(key.startswith("birthday:") for key in nudge.item_keys)]

        clock.advance(days=5)  # 19 November
        assert birthday_lines() == []
        clock.advance(days=1)  # the day itself, in the morning
        assert birthday_lines() == ["It's Priya's birthday today."]
        assert "birthday" in chat.say("help").text
    finally:
        coach.close()
