"""`help` and `help <command>`, written from the coach's own registry so it never drifts."""

from __future__ import annotations

from coaching.core.model import Reply
from coaching.core.registry import Command, Ctx, Feature, command

TOPIC_TITLES = {
    "contacts": "People",
    "followups": "Follow-ups",
    "relationships": "Keeping in touch",
    "pitch": "Your pitch",
    "goals": "Goals",
    "settings": "Settings",
    "data": "Your data",
    "community": "Community",
    "general": "More",
}


@command("help", "help [command]", "What I can do, or how one command works.", ("help", "help add"),
         aliases=("?", "commands"))
def show_help(ctx: Ctx, rest: str) -> Reply:
    wanted = rest.strip().casefold()
    if wanted:
        cmd = ctx.registry.resolve(wanted)[0] or _named_by_first_word(ctx, wanted)
        if cmd is None:
            return Reply(body=f"There's no command called “{rest}”. `help` lists them all.")
        lines = [cmd.summary, f"Usage: `{cmd.usage}`"]
        lines += [f"Example: `{example}`" for example in cmd.examples]
        if cmd.aliases:
            lines.append("Also works as: " + ", ".join(f"`{alias}`" for alias in cmd.aliases))
        return Reply(title=cmd.name, body="\n".join(lines))
    sections = []
    for topic, title in TOPIC_TITLES.items():
        cmds = [cmd for cmd in ctx.registry.order if cmd.topic == topic]
        if cmds:
            sections.append(f"{title}: " + ", ".join(f"`{cmd.name}`" for cmd in cmds))
    body = (
        "I help you turn meeting people into relationships: capture them the day you meet, follow up within "
        "48 hours, keep in touch, and practise your pitch.\n" + "\n".join(sections) +
        "\nStart with `add Priya Shah, met at PyCon yesterday, works on ML infra`. `help <command>` for details."
    )
    return Reply(title="Networking coach", body=body)


def _named_by_first_word(ctx: Ctx, wanted: str) -> Command | None:
    """`help forget` is about `forget me`: the one command whose name starts with that word."""
    found = {cmd for word, cmd in ctx.registry.commands.items() if word.split()[0] == wanted}
    return found.pop() if len(found) == 1 else None


FEATURE = Feature("help", commands=(show_help,))
