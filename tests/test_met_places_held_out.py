"""The held-out rows of test_met_places.py: `add` lines the place rule was not written from."""

from __future__ import annotations

import pytest

from coaching.testing import Chat
from tests.test_met_places import chat, check

__all__ = ["chat"]

HELD_OUT = [
    ("add Ben Ode, met in Lisbon 3 days ago", "in Lisbon", "Met: in Lisbon, on", "professional"),
    ("add Ben Ode, met through Kofi Mensah yesterday", "through Kofi Mensah", "Met: through Kofi Mensah, yesterday",
     "professional"),
    ("add Ben Ode, introduced via Dana yesterday", "via Dana", "Met: via Dana, yesterday", "professional"),
    ("add Ben Ode, met over drinks yesterday", "over drinks", "Met: over drinks, yesterday", "professional"),
    ("add Ben Ode, met during the PyData sprint yesterday", "during the PyData sprint",
     "Met: during the PyData sprint, yesterday", "professional"),
    ("add Ben Ode, met online, works on compilers", "online", "Met: online, today", "digital"),
    ("add Ben Ode, met on the bus to FOSDEM yesterday", "on the bus to FOSDEM", "Met: on the bus to FOSDEM, yesterday",
     "professional"),
    ("add Ben Ode, met via the Python Discord yesterday", "the Python Discord",
     "Met: on the Python Discord, yesterday", "digital"),
    ("add Ben Ode, met in the queue at the Berlin Go meetup yesterday", "in the queue at the Berlin Go meetup",
     "Met: in the queue at the Berlin Go meetup, yesterday", "professional"),
    ("add Ben Ode, introduced by Sam at PyCon yesterday", "through Sam at PyCon", "Met: through Sam at PyCon, yesterday",
     "professional"),
    ("add Ben Ode, met at Kofi's barbecue yesterday", "Kofi's barbecue", "Met: at Kofi's barbecue, yesterday",
     "social"),
]


@pytest.mark.parametrize(("typed", "stored", "shown", "kind"), HELD_OUT)
def test_held_out_add_lines_keep_the_words_that_say_how_you_met(chat: Chat, typed: str, stored: str, shown: str,
                                                                 kind: str) -> None:
    check(chat, typed, stored, shown, kind)
