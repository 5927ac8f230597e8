"""Everything the coach can do, as the features a `Coach` is built from.

The order here is the order `help` lists commands in. A new capability is one module that
defines a `Feature`, plus one line below.
"""

from __future__ import annotations

from coaching import community, today
from coaching.core import help, settings
from coaching.core.registry import Feature
from coaching.data import export, forget, importing
from coaching.goals import goal, progress
from coaching.people import ask_and_intro, contacts, followups, keep_in_touch, prep, reconnect
from coaching.pitch import practice

FEATURES: tuple[Feature, ...] = (
    contacts.FEATURE,
    settings.FEATURE,
    followups.FEATURE,
    goal.FEATURE,
    keep_in_touch.FEATURE,
    progress.FEATURE,
    community.FEATURE,
    importing.FEATURE,
    export.FEATURE,
    forget.FEATURE,
    practice.FEATURE,
    help.FEATURE,
    ask_and_intro.FEATURE,
    prep.FEATURE,
    reconnect.FEATURE,
    today.FEATURE,
)
