"""Finding the contact a person means: exact, then by first name, then fuzzy. Never a guess.

An ambiguous name gets a short numbered choice; answering with the number replays
the command for the chosen contact.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from coaching.commands import REGISTRY, Ask, Ctx, UserError, split_verb
from coaching.conversation import drop, on_pending
from coaching.model import Action, Item, Reply
from coaching.text import MAX_NAME_CHARS

CONTACTS = "contacts"
FUZZY_CUTOFF = 72
CLEAR_LEAD = 8
MAX_CHOICES = 5
FUZZY_CHARS = 2 * MAX_NAME_CHARS


def first_name(contact: dict) -> str:
    return contact["name"].split()[0]


def describe(contact: dict) -> str:
    bits = [contact.get("role"), contact.get("company"), contact.get("met_at")]
    extra = ", ".join(bit for bit in bits if bit)
    return f"{contact['name']} ({extra})" if extra else contact["name"]


def candidates(contacts: list[dict], wanted: str) -> list[dict]:
    """Contacts that `wanted` could mean, best first; one entry means it is clear."""
    target = " ".join(wanted.split()).casefold()
    if not target:
        return []
    if target.startswith("id:"):
        return [c for c in contacts if c["id"] == target[3:]]
    exact = [c for c in contacts if c["name"].casefold() == target]
    first = [c for c in contacts if c["name"].casefold().split()[0] == target and c not in exact]
    if exact or first:  # “Priya” could be the Priya you saved by first name or Priya Shah: ask
        return exact + first
    starts = [c for c in contacts if c["name"].casefold().startswith(target)]
    if starts:
        return starts
    names = {c["id"]: c["name"].casefold() for c in contacts}
    target = target[:FUZZY_CHARS]  # fuzzy scoring costs length times length; no name is longer than this
    scored = process.extract(target, names, scorer=_name_score, score_cutoff=FUZZY_CUTOFF, limit=MAX_CHOICES)
    if not scored:
        return []
    by_id = {c["id"]: c for c in contacts}
    if len(scored) == 1 or scored[0][1] - scored[1][1] >= CLEAR_LEAD:
        return [by_id[scored[0][2]]]
    return [by_id[key] for _, _, key in scored]


def _name_score(wanted: str, name: str, **kwargs: object) -> float:
    """People mostly type a first name, so a typo in it ("Prya") counts as much as one in the full name."""
    cutoff = kwargs.get("score_cutoff") or 0
    return max(fuzz.WRatio(wanted, name, score_cutoff=cutoff), fuzz.ratio(wanted, name.split()[0], score_cutoff=cutoff))


def split_target(contacts: list[dict], text: str) -> tuple[str, str]:
    """Split `<name> <more text>` where the name may be several words: the part before a comma if it names
    someone (`Tom, ran a marathon`), else the longest prefix that does (`Priya had coffee, she is hiring`)."""
    head, comma, tail = text.partition(",")
    if comma and _exactish(contacts, head.strip()) and candidates(contacts, head):  # the cheap test first
        return head.strip(), tail.strip()
    words = text.split()
    for size in range(min(len(words), 4), 0, -1):
        prefix = " ".join(words[:size])
        if (size == 1 or _exactish(contacts, prefix)) and candidates(contacts, prefix):
            return prefix, " ".join(words[size:])
    if comma:
        return head.strip(), tail.strip()
    return (words[0], " ".join(words[1:])) if words else ("", "")


def _exactish(contacts: list[dict], head: str) -> bool:
    wanted = head.casefold()
    return any(c["name"].casefold().startswith(wanted) or c["id"] == wanted.removeprefix("id:") for c in contacts)


def resolve(ctx: Ctx, wanted: str, verb: str, rest: str = "") -> dict:
    """The one contact meant by `wanted`, or a UserError that asks or explains."""
    if wanted.strip().casefold().startswith("id:"):  # a button press: one lookup, not a scan
        found_by_id = ctx.data.get(CONTACTS, wanted.strip()[3:].casefold())
        if found_by_id is not None:
            return found_by_id
    contacts = ctx.data.all(CONTACTS)
    if not wanted.strip():
        raise UserError(f"Who do you mean? For example `{verb} Priya`.")
    found = candidates(contacts, wanted)
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(f"I don't have anyone called “{wanted}”. `contacts` lists everyone you've added.")
    options = found[:MAX_CHOICES]
    items = tuple(
        Item(text=f"{n}. {describe(c)}", actions=(Action(f"{n}", str(n)),)) for n, c in enumerate(options, 1)
    )
    reply = Reply(body=f"More than one person matches “{wanted}”. Which one? Reply with the number.", items=items)
    raise Ask(reply, "choice", verb=verb, rest=rest, options=[c["id"] for c in options])


@on_pending("choice")
def answer_choice(ctx: Ctx, state: dict, text: str) -> Reply | None:
    """“2” after a numbered choice replays the original command for the second person."""
    answer = text.strip().rstrip(".")
    options = state["options"]
    if answer.isdigit():
        if not 1 <= int(answer) <= len(options):
            return Reply(body=f"Pick a number from 1 to {len(options)}, or say `cancel`.")
        chosen = options[int(answer) - 1]
    else:
        offered = [c for c in ctx.data.all(CONTACTS) if c["id"] in options]
        named = [c for c in offered if c["name"].casefold() == answer.casefold()] or candidates(offered, answer)
        if split_verb(answer)[0] in REGISTRY:  # “show priya” is a new command unless it is someone's name
            named = [c for c in named if answer.casefold() in (c["name"].casefold(), first_name(c).casefold())]
        if len(named) != 1:
            return None
        chosen = named[0]["id"]
    drop(ctx)
    return REGISTRY[state["verb"]].handler(ctx, f"id:{chosen} {state['rest']}".strip())
