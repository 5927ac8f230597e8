"""`forget me`: have everything the coach holds about you deleted, for good, after one confirmation."""

from __future__ import annotations

from coaching.core.conversation import expect
from coaching.core.model import Action, Reply
from coaching.core.registry import Ctx, Feature, command, on_confirm
from coaching.core.text import plural
from coaching.people.records import all_contacts


@command(
    "forget me",
    "forget me",
    "Delete everything I have about you, for good (asks first).",
    ("forget me",),
    topic="data",
)
def forget_me(ctx: Ctx, rest: str) -> Reply:
    count = len(all_contacts(ctx))
    expect(ctx, "confirm", action="forget")
    return Reply(
        body=f"This deletes all your data: {plural(count, 'contact')}, notes, goals, pitch attempts and settings. "
        "It can't be undone. Reply `yes` to delete everything, or `no` to keep it.",
        actions=(Action("Yes, delete everything", "yes", "danger"), Action("Keep my data", "no")),
    )


@on_confirm("forget")
def confirm_forget(ctx: Ctx, state: dict) -> Reply:
    ctx.forget = True
    chat = {"slack": "Slack", "discord": "Discord"}.get(ctx.user.platform)
    kept = (f"Export files I sent you in {chat} stay there" if chat else "Export files I saved for you stay in their folder")
    return Reply(body="Done. I've deleted everything I had about you. If you come back, you'll start fresh. "
                 f"{kept} until you delete them.")


FEATURE = Feature("forget me", commands=(forget_me,), confirms=(confirm_forget,))
