"""The networking coach's engine: every coaching rule, no platform code."""

from coaching.model import Action, Attachment, Item, Nudge, Reply, UserRef

__all__ = ["Action", "Attachment", "Coach", "Item", "Nudge", "Reply", "UserRef"]


def __getattr__(name: str):
    if name == "Coach":
        from coaching.engine import Coach

        return Coach
    raise AttributeError(name)
