"""The networking coach's engine: every coaching rule, no platform code.

The public surface is re-exported here; everything else lives in the capability packages
(`core`, `people`, `pitch`, `goals`, `data`) and may move between releases.
"""

from coaching.core.engine import Coach
from coaching.core.incoming import Incoming, Upload
from coaching.core.model import Action, Attachment, Item, Nudge, Reply, UserRef
from coaching.core.registry import Feature

__all__ = ["Action", "Attachment", "Coach", "Feature", "Incoming", "Item", "Nudge", "Reply", "Upload", "UserRef"]
