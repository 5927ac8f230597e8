"""Finding the contact a person means. Never a guess: a name that only looks like someone's is a question.

The rule, applied to the typed name and to each contact's names (case, spacing and accents
ignored, a leading title such as "Dr." skipped):

1. Sure: the typed name is the contact's full name, their first or last name (or the first or
   last few words of a longer name: "Mary Jane", "Jane Watson"), or the nickname you gave
   them (`nickname: Bob`); or a close typo of one of those. A close typo is one slip in a name
   of 4 or more letters, keeping its first letter: two neighbouring letters swapped ("Pryia"),
   a key next to the right one ("Priua"), a doubled key ("Tomm") or a letter dropped inside the
   name ("Prya"). Adding or dropping a last letter, or a letter that isn't a neighbouring key,
   too often makes another name (Eric/Erica, Mark/Mary, Maria/Marie): those are only suggestions.
   One person: the command goes ahead. Several: a numbered choice.
2. Suggestion: no one is sure, but the typed name (2 or more letters) starts one of their
   names ("Jo" for Joanna), or (4 or more letters) is one edit away from one of their names
   ("Mark" for Mary), or (3 or more letters) nearly sits inside their full name: rapidfuzz's
   partial_ratio of at least INSIDE_CUTOFF (80), as "eve" in Steve and "ben" in O'Brien. The
   coach asks ("I don't have anyone called “ben”. Did you mean Tom O'Brien?") and nothing is
   stored until the user says yes (or picks a number); `yes` then runs the original command
   for that person. At most MAX_CHOICES suggestions, closest first.
3. Otherwise nobody: the coach says so.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from coaching.core.conversation import YES, drop
from coaching.core.model import Action, Item, Reply
from coaching.core.records import Contact
from coaching.core.registry import Ask, Ctx, UserError, on_pending
from coaching.people.records import all_contacts, contact_by_id

MAX_CHOICES = 5
TYPO_FROM = 4  # letters: below this, one slip makes another name (Tim/Tom, Ana/Ann)
PREFIX_FROM = 2
INSIDE_FROM = 3
INSIDE_CUTOFF = 80  # rapidfuzz partial_ratio: “ben” in “O'Brien” scores 80, “tim” in “Tom Ade” 67
TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"})
_KEY_AT = {key: (row, col) for row, keys in enumerate(("qwertyuiop", "asdfghjkl", "zxcvbnm"))
          for col, key in enumerate(keys)}


def first_name(name: str) -> str:
    return name.split()[0]


def describe(contact: Contact) -> str:
    extra = ", ".join(bit for bit in (contact.role, contact.company, contact.met_at) if bit)
    return f"{contact.name} ({extra})" if extra else contact.name


@dataclass(frozen=True)
class Found:
    """Whom a typed name could mean, best first. `sure`: by name or a close typo; otherwise only look-alikes."""

    people: list[Contact]
    sure: bool


def fold(text: str) -> str:
    """Case, accents and spacing don't tell people apart: "José  Ruiz" and "jose ruiz" are one name."""
    plain = text.casefold()
    if not plain.isascii():
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain) if not unicodedata.combining(ch))
    return " ".join(plain.split())


def name_forms(contact: Contact) -> list[str]:
    """Every way of naming the contact that counts as exact, the full name first: first or last words, nickname."""
    words = fold(contact.name).split()
    forms = [" ".join(words)]
    if len(words) > 1 and words[0].rstrip(".") in TITLES:
        words = words[1:]
    forms += [" ".join(words[:size]) for size in range(1, len(words) + 1)]
    forms += [" ".join(words[-size:]) for size in range(1, len(words))]
    if contact.nickname:
        forms.append(fold(contact.nickname))
    return list(dict.fromkeys(forms))


def _near(a: str, b: str) -> bool:
    """Keys next to each other on a QWERTY keyboard (each row sits about half a key right of the one above)."""
    if a not in _KEY_AT or b not in _KEY_AT:
        return False
    (row_a, col_a), (row_b, col_b) = _KEY_AT[a], _KEY_AT[b]
    if row_a == row_b:
        return abs(col_a - col_b) == 1
    if abs(row_a - row_b) != 1:
        return False
    upper, lower = (col_a, col_b) if row_a < row_b else (col_b, col_a)
    return lower in (upper - 1, upper)


def _dropped_inside(short: str, long: str) -> int | None:
    """Where `long` has one letter more than `short`, if it does; None otherwise."""
    at = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
    return at if short[at:] == long[at + 1:] else None


def is_typo(typed: str, name: str) -> bool:
    """One slip that keeps the name recognisable (see the module docstring); the first letter must be right."""
    if len(typed) < TYPO_FROM or typed == name or typed[0] != name[0]:
        return False
    if len(typed) == len(name):
        diff = [i for i, (a, b) in enumerate(zip(typed, name, strict=True)) if a != b]
        if len(diff) == 1:
            return _near(typed[diff[0]], name[diff[0]])
        return len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == name[diff[1]] and typed[diff[1]] == name[diff[0]]
    if len(typed) == len(name) + 1:  # an extra key: only a doubled one ("Tomm")
        at = _dropped_inside(name, typed)
        return at is not None and typed[at] in (typed[at - 1: at] + typed[at + 1: at + 2])
    if len(typed) + 1 == len(name):  # a letter left out, but not the last: Eric is not Erica
        at = _dropped_inside(typed, name)
        return at is not None and at < len(name) - 1
    return False


def _look_alikes(typed: str, contacts: list[Contact], forms: list[list[str]]) -> list[Contact]:
    """Contacts a name only looks like, closest first (see the module docstring); rapidfuzz scans them all."""
    closeness: dict[int, float] = {}
    if len(typed) >= PREFIX_FROM:
        closeness.update((n, 1) for n, names in enumerate(forms) if any(w.startswith(typed) for f in names for w in f.split()))
    if len(typed) >= TYPO_FROM:
        owners = [n for n, names in enumerate(forms) for _ in names]
        flat = [form for names in forms for form in names]
        for _, distance, at in process.extract(typed, flat, scorer=OSA.distance, score_cutoff=max(1, len(typed) // 5),
                                               limit=None):
            closeness[owners[at]] = min(closeness.get(owners[at], 9), 1 + distance)
    if len(typed) >= INSIDE_FROM:
        full = [names[0] for names in forms]
        for _, score, at in process.extract(typed, full, scorer=fuzz.partial_ratio, score_cutoff=INSIDE_CUTOFF, limit=None):
            closeness[at] = min(closeness.get(at, 9), 1 + (100 - score) / 10)
    return [contacts[n] for n in sorted(closeness, key=lambda n: (closeness[n], n))][:MAX_CHOICES]


def find(contacts: list[Contact], wanted: str) -> Found:
    """Whom `wanted` means, by the rule in the module docstring."""
    typed = fold(wanted)
    if not typed:
        return Found([], True)
    if typed.startswith("id:"):
        return Found([c for c in contacts if c.id == typed[3:]], True)
    forms = [name_forms(c) for c in contacts]
    named = [c for c, names in zip(contacts, forms, strict=True) if typed in names]
    if not named:
        named = [c for c, names in zip(contacts, forms, strict=True) if any(is_typo(typed, form) for form in names)]
    if named:
        return Found(sorted(named, key=lambda c: fold(c.name) != typed), True)
    return Found(_look_alikes(typed, contacts, forms), False)


def candidates(contacts: list[Contact], wanted: str) -> list[Contact]:
    """Everyone `wanted` could mean, best first: the sure ones, else the look-alikes."""
    return find(contacts, wanted).people


def names_someone(contacts: list[Contact], wanted: str) -> bool:
    """`wanted` surely names someone (one person or several), not only a look-alike."""
    found = find(contacts, wanted)
    return found.sure and bool(found.people)


def split_target(contacts: list[Contact], text: str) -> tuple[str, str]:
    """Split `<name> <more text>` where the name may be several words: the part before a comma if it names
    someone (`Tom, ran a marathon`), else the longest prefix that surely does (`Priya Shah had coffee`)."""
    head, comma, tail = text.partition(",")
    if comma and _exactish(contacts, head.strip()) and find(contacts, head).sure:  # the cheap test first
        return head.strip(), tail.strip()
    words = text.split()
    for size in range(min(len(words), 4), 0, -1):
        prefix = " ".join(words[:size]).rstrip(",;:")
        if (size == 1 or _exactish(contacts, prefix)) and (found := find(contacts, prefix)).people and (
                found.sure or size == 1):  # one word is the name anyway, so a look-alike may be asked about
            return prefix, " ".join(words[size:])
    if comma:
        return head.strip(), tail.strip()
    return (words[0], " ".join(words[1:])) if words else ("", "")


def _exactish(contacts: list[Contact], head: str) -> bool:
    wanted = fold(head)
    return any(fold(c.name).startswith(wanted) or wanted in name_forms(c) or c.id == wanted.removeprefix("id:")
               for c in contacts)


def resolve(ctx: Ctx, wanted: str, verb: str, rest: str = "", before: str = "",
            contacts: list[Contact] | None = None) -> Contact:
    """The one contact meant by `wanted`, or a UserError that asks or explains.

    A question replays `<verb> <before> id:<chosen> <rest>` once answered. A command that has already
    read `contacts` (to split the name from the rest) passes them, so they are not read twice.
    """
    if wanted.strip().casefold().startswith("id:"):  # a button press: one lookup, not a scan
        found_by_id = contact_by_id(ctx, wanted.strip()[3:].casefold())
        if found_by_id is not None:
            return found_by_id
        raise UserError("That person isn't in your contacts any more, so I left everything as it was. "
                        "`contacts` lists everyone.")
    if not wanted.strip():
        raise UserError(f"Who do you mean? For example `{verb} Priya`.")
    found = find(all_contacts(ctx) if contacts is None else contacts, wanted)
    if found.sure and len(found.people) == 1:
        return found.people[0]
    if not found.people:
        raise UserError(f"I don't have anyone called “{wanted}”. `contacts` lists everyone you've added.")
    options = found.people[:MAX_CHOICES]
    state = {"verb": verb, "rest": rest, "before": before, "options": [c.id for c in options]}
    if not found.sure and len(options) == 1:
        reply = Reply(body=f"I don't have anyone called “{wanted}”. Did you mean {describe(options[0])}? "
                           "Reply `yes` or `no`.", actions=(Action("Yes", "yes", "primary"), Action("No", "no")))
        raise Ask(reply, "choice", **state)
    items = tuple(
        Item(text=f"{n}. {describe(c)}", actions=(Action(f"{n}", str(n)),)) for n, c in enumerate(options, 1)
    )
    question = (f"More than one person matches “{wanted}”. Which one?" if found.sure
                else f"I don't have anyone called “{wanted}”. Did you mean one of these?")
    raise Ask(Reply(body=f"{question} Reply with the number.", items=items), "choice", **state)


@on_pending("choice")
def answer_choice(ctx: Ctx, state: dict, text: str) -> Reply | None:
    """“2” after a numbered choice (or `yes` to a single suggestion) replays the original command for that person."""
    answer = text.strip().rstrip(".!")
    options = state["options"]
    if len(options) == 1 and answer.casefold() in YES:
        chosen = options[0]
    elif answer.isdigit():
        if not 1 <= int(answer) <= len(options):
            return Reply(body=f"Pick a number from 1 to {len(options)}, or say `cancel`.")
        chosen = options[int(answer) - 1]
    else:
        offered = [c for option in options if (c := contact_by_id(ctx, option)) is not None]  # a few lookups, not a scan
        named = [c for c in offered if fold(c.name) == fold(answer)] or find(offered, answer).people
        if ctx.registry.resolve(answer)[0] is not None:  # “show priya” is a new command unless it is someone's name
            named = [c for c in named if fold(answer) in (fold(c.name), fold(first_name(c.name)))]
        if len(named) != 1:
            return None
        chosen = named[0].id
    drop(ctx)
    replay = " ".join(part for part in (state.get("before", ""), f"id:{chosen}", state["rest"]) if part)
    return ctx.registry.commands[state["verb"]](ctx, replay)
