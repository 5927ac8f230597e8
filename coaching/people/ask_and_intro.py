"""Leverage and give: find who can help with a need, ask them well, and introduce people to each other.

Matching is explainable on purpose: every suggestion says which field matched and on which
words, so the user can judge it (and the draft can say "I thought of you because ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from coaching.core.model import Item, Reply
from coaching.core.records import Contact
from coaching.core.registry import Ctx, Feature, UserError, command
from coaching.core.text import shorten
from coaching.people.contacts import sent_actions
from coaching.people.drafts import (
    as_someone,
    ask_draft,
    greeting_name,
    intro_message,
    intro_reasons,
    intro_request,
    is_want,
    public,
    recalled,
    wants,
    works_as,
)
from coaching.people.meaning import Term, terms
from coaching.people.names import answer_choice, candidates, describe, names_someone, resolve
from coaching.people.places import introduced, is_location, met_place
from coaching.people.records import all_contacts
from coaching.people.voice import statement

MAX_SUGGESTIONS = 5
FUZZY_WORD = 85  # rapidfuzz ratio for a near-miss word ("logistcs" ~ "logistics")
FUZZY_MIN_LEN = 5  # shorter words must match exactly: "data" is not "date"
SAME_IDEA = 90.0  # a synonym or abbreviation ("VC" for "angel investor") counts a little less than the same word
CLOSE_ENOUGH = 0.5  # a suggestion scores at least this share of the best one: one loose word is not a match
WEIGHTS = {"role": 1.0, "company": 1.0, "tag": 0.9, "notes": 0.85, "met at": 0.6}
_REQUEST_SHAPES = (
    (re.compile(r"^(?:(?:anyone|someone|somebody)\s+)?(?:who\s+)?knows?\s+(?:a\s+lot\s+)?about\s+(?P<x>.+)$", re.I),
     "someone who knows about {x}"),
    (re.compile(r"^(?:(?:anyone|someone|somebody)\s+)?(?:who\s+)?knows?\s+(?P<x>.+)$", re.I), "someone who knows {x}"),
    (re.compile(r"^(?:(?:anyone|someone|somebody)\s+)?who\s+can\s+(?:introduce|intro|connect)\s+me\s+(?:to|with)\s+"
                r"(?P<x>.+)$", re.I), "an introduction to {x}"),
    (re.compile(r"^(?:anyone|anybody|someone|somebody)\s+into\s+(?P<x>.+)$", re.I), "someone who's into {x}"),
    (re.compile(r"^(?:(?:anyone|someone|somebody)\s+)?who\s+(?P<x>.+)$", re.I), "someone who {x}"),
    (re.compile(r"^(?:for\s+)?(?:an?\s+)?intro(?:duction)?s?\s+to\s+(?P<x>.+)$", re.I), "an introduction to {x}"),
    (re.compile(r"^(?:anyone|anybody|someone|somebody)\s+(?P<x>.+)$", re.I), "someone {x}"),
    (re.compile(r"^(?:for\s+)?(?P<x>.+)$", re.I), "{x}"),
)


@dataclass(frozen=True)
class Match:
    contact: Contact
    score: float
    hits: tuple[tuple[str, tuple[str, ...]], ...]  # (field, the contact's words that matched)
    best_field: str
    best_text: str

    def why(self) -> str:
        """What matched, field by field; where you met is said as `show` says it ("met: on LinkedIn")."""
        return "; ".join(f"met: {met_place(self.contact.met_at)}" if field == "met at" else
                         f"{field}: {', '.join(words)}" for field, words in self.hits)


def keywords(text: str) -> list[str]:
    """The words of a request that say what is needed: no stop words, phrases kept whole."""
    return [term.word for term in terms(text)]


def fields(contact: Contact) -> list[tuple[str, str]]:
    """What may be matched on: role, company, tags, notes (not what they want, nor the user's to-dos), where you met."""
    found = [("role", contact.role), ("company", contact.company),
             *(("tag", tag) for tag in contact.tags),
             *(("notes", public(note.text)) for note in contact.notes if not is_want(note.text)),
             ("met at", contact.met_at)]
    return [(field, text) for field, text in found if text.strip()]


def term_score(wanted: Term, term: Term) -> float:
    """100 for the same stem, a little less for the same idea, the fuzzy ratio for a close long word, else 0."""
    if wanted.stem == term.stem:
        return 100.0
    if wanted.concepts & term.concepts:
        return SAME_IDEA
    if min(len(wanted.word), len(term.word)) < FUZZY_MIN_LEN or " " in wanted.word + term.word:
        return 0.0
    score = fuzz.ratio(wanted.word, term.word)
    return score if score >= FUZZY_WORD else 0.0


def match(contact: Contact, need: str, wanted: list[Term]) -> Match | None:
    """How well a contact fits a need: share of the need's terms found (weighted by field), plus phrase likeness."""
    best = {term.stem: 0.0 for term in wanted}
    hits: dict[str, list[str]] = {}
    field_scores: dict[tuple[str, str], float] = {}
    for field, text in fields(contact):
        found = terms(text)
        for key in wanted:
            top, hit = max(((term_score(key, term), term.word) for term in found), default=(0.0, ""))
            if not top:
                continue
            hits.setdefault(field, [])
            if hit not in hits[field]:
                hits[field].append(hit)
            weighted = top * WEIGHTS[field]
            best[key.stem] = max(best[key.stem], weighted)
            field_scores[(field, text)] = field_scores.get((field, text), 0.0) + weighted
    if not field_scores:
        return None
    coverage = sum(best.values()) / (100 * len(wanted))
    phrase = max(fuzz.token_set_ratio(need, text) * WEIGHTS[field] for field, text in field_scores)
    best_field, best_text = max(field_scores, key=field_scores.__getitem__)
    return Match(contact, round(80 * coverage + 0.2 * phrase, 1), tuple((f, tuple(w)) for f, w in hits.items()),
                 best_field, best_text)


def rank(contacts: list[Contact], need: str, limit: int = MAX_SUGGESTIONS) -> list[Match]:
    """Contacts who fit the need, best first; ties go to whoever you were in touch with more recently."""
    wanted = terms(need)
    if not wanted:
        return []
    found = [found for contact in contacts if (found := match(contact, need, wanted))]
    found.sort(key=lambda m: m.contact.last_contact, reverse=True)
    found.sort(key=lambda m: m.score, reverse=True)
    return [one for one in found if one.score >= CLOSE_ENOUGH * found[0].score][:limit]


def request_phrase(need: str) -> str:
    """Turn "who knows grocery buyers" into "someone who knows grocery buyers" for the draft."""
    need = need.strip().rstrip("?.!")
    for pattern, shape in _REQUEST_SHAPES:
        found = pattern.match(need)
        if found:
            return shape.format(x=found.group("x"))
    return need


def because(found: Match) -> str:
    """Why you thought of them, as a sentence, from the field that matched best; never a guess at grammar."""
    contact, field, text = found.contact, found.best_field, found.best_text
    role = contact.role  # a role typed as a verb ("does ML infra") is said as one
    works = (statement(role) or f"you're {as_someone(works_as(contact))}") if role or contact.company else None
    reason = None
    if field == "notes":
        reason = recalled(text)
    elif field == "met at":
        reason = f"we met {met_place(text)}"
    reason = reason or works
    return f"I thought of you because {reason}." if reason else "You were the first person who came to mind."


@command(
    "ask",
    "ask <what you need>",
    "Find who in your network could help, with why each one matched, and a specific request you can send.",
    ("ask who knows grocery buyers", "ask advice on pricing a consulting offer", "ask intro to a Rust team lead"),
    topic="relationships",
    aliases=("leverage",),
)
def ask(ctx: Ctx, rest: str) -> Reply:
    need = rest.strip()
    if not keywords(need):
        raise UserError("What do you need? Be specific, for example `ask who knows grocery buyers`.")
    contacts = all_contacts(ctx)
    found = rank(contacts, need)
    seekers = _after_the_same(contacts, need)
    if not found:
        return Reply(body=f"Nobody in your notes matches “{shorten(need, 80)}” yet. Try a broader word, or record "
                          f"what people do as you learn it: `note Sam runs buying at FreshMart`." + seekers)
    request = request_phrase(need)
    items = []
    for place, one in enumerate(found, 1):
        contact = one.contact
        give = wants(contact)
        lines = [f"{place}. {describe(contact)}: matched {one.why()}",
                 f"Draft: {ask_draft(contact, request, because(one))}"]
        if give:
            after = f"would like {give}" if give.casefold().startswith("to ") else f"is after {give}"
            lines.append(f"Give first: {greeting_name(contact)} {after}. Anything you can offer?")
        items.append(Item("\n".join(lines), sent_actions(contact)))
    return Reply(title=f"Who could help with “{shorten(need, 80)}”",
                 body="Best matches first. Ask one or two people, not everyone at once." + seekers, items=tuple(items))


def _after_the_same(contacts: list[Contact], need: str) -> str:
    """People whose notes say they want the same thing: not helpers, but worth comparing notes with."""
    wanted = {term.stem for term in terms(need)}
    enough = max(1, round(0.6 * len(wanted)))  # one shared word ("data") is not the same need
    same = [c.name for c in contacts
            if (goal := wants(c)) and len(wanted & {term.stem for term in terms(goal)}) >= enough]
    if not same:
        return ""
    return f"\n{', '.join(same[:3])} {'is' if len(same) == 1 else 'are'} looking for this too: worth comparing notes."


def _split_pair(ctx: Ctx, text: str) -> tuple[Contact, Contact]:
    """`Priya Shah to Tom`: try each " to " as the cut, keeping the first where both sides name someone."""
    words = text.split()
    cuts = [(" ".join(words[:at]), " ".join(words[at + 1:])) for at in range(1, len(words) - 1)
            if words[at].casefold() in ("to", "and", "with")]
    if not cuts:
        raise UserError("Whom should I introduce? For example `intro Priya to Tom`.")
    contacts = all_contacts(ctx)
    left, right = next(((a, b) for a, b in cuts if names_someone(contacts, a) and names_someone(contacts, b)),
                       next(((a, b) for a, b in cuts if candidates(contacts, a) and candidates(contacts, b)), cuts[0]))
    first = resolve(ctx, left, "intro", f"to {right}", contacts=contacts)
    second = resolve(ctx, right, "intro", before=f"id:{first.id} to", contacts=contacts)
    if first.id == second.id:
        raise UserError("That's the same person twice. Introduce two different people, like `intro Priya to Tom`.")
    return first, second


def common_ground(first: Contact, second: Contact) -> tuple[str, str, str]:
    """Why these two should meet, said to the first, to the second, and to both."""
    for asker, helper in ((first, second), (second, first)):
        need = wants(asker)
        if need and rank([helper], need, 1):
            to_asker, to_helper, to_both = intro_reasons(asker, helper, need)
            return (to_asker, to_helper, to_both) if asker is first else (to_helper, to_asker, to_both)
    if first.met_at and first.met_at.casefold() == second.met_at.casefold():
        who, _ = introduced(first.met_at)
        both = f"You both know {who}." if who else f"You were both {met_place(first.met_at)}."
        if who or is_location(first.met_at):
            return both, both, both
    shared = sorted(set(first.tags) & set(second.tags))
    if shared:
        both = f"You're both in my notes under #{shared[0]}, and I think you'd get a lot from a chat."
        return both, both, both
    return ("I think you'd enjoy swapping notes.",) * 3


@command(
    "intro",
    "intro <name> to <name>",
    "Draft a double opt-in introduction: ask each person first, then introduce them once both say yes.",
    ("intro Priya to Tom",),
    topic="relationships",
    aliases=("introduce",),
)
def intro(ctx: Ctx, rest: str) -> Reply:
    first, second = _split_pair(ctx, rest.strip())
    to_first, to_second, to_both = common_ground(first, second)
    items = (
        Item(f"1. Ask {first.name}: {intro_request(first, second, to_first)}"),
        Item(f"2. Ask {second.name}: {intro_request(second, first, to_second)}"),
        Item(f"3. Once both say yes, one message to both: {intro_message(first, second, to_both)}"),
    )
    return Reply(title=f"Introducing {first.name} and {second.name}",
                 body="Ask each person first, so nobody gets an introduction they didn't want.", items=items)


FEATURE = Feature("asking for help", commands=(ask, intro), questions=(answer_choice,))
