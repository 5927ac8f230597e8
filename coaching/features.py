"""Everything the coach can do, as the features a `Coach` is built from.

The order here is the order `help` lists commands in. A new capability is one module that
defines a `Feature`, plus one line below.
"""

from __future__ import annotations

from coaching import (
    community,
    contact_import,
    contacts,
    data_rights,
    drills,
    followups,
    goals,
    help,
    leverage,
    prep,
    progress,
    reconnect,
    rhythm,
    settings,
    today,
)
from coaching.commands import Feature

FEATURES: tuple[Feature, ...] = (
    contacts.FEATURE,
    settings.FEATURE,
    followups.FEATURE,
    goals.FEATURE,
    rhythm.FEATURE,
    progress.FEATURE,
    community.FEATURE,
    contact_import.FEATURE,
    data_rights.FEATURE,
    drills.FEATURE,
    help.FEATURE,
    leverage.FEATURE,
    prep.FEATURE,
    reconnect.FEATURE,
    today.FEATURE,
)
