"""Drafting messages from what was recorded: specific, short, and never a template with blanks."""

from __future__ import annotations

import re
import zlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from coaching.core.records import Contact
from coaching.core.when import say_day
from coaching.people.places import CALLS, NETWORKS, introduced, met_place, platform
from coaching.people.voice import Part, is_shareable, parts, read_notes, statement, to_you, wanted

A_WHILE = timedelta(days=30)  # under this since you were last in touch, a check-in doesn't say "it's been a while"
MAX_COMPANY_WORDS = 4  # a longer "company" is a misread sentence, not a name to put in a message
_GO_BETWEEN = re.compile(r"(?:through|via)\s", re.IGNORECASE)
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame", "rev", "fr", "lord",
                     "lady", "capt", "dipl", "ing"})
# Openings after "Hi <name>, ", a few for each kind of contact; the person's name picks one (see _pick).
OPENINGS = {
    "social": ("it was lovely to meet you{place} {when}.", "so nice to meet you{place} {when}.",
               "it was great chatting with you{place} {when}."),
    "business": ("thank you for your time{place} {when}.", "thanks for taking the time to talk{place} {when}.",
                 "good to meet you{place} {when}."),
    "professional": ("thanks for the chat{place} {when}.", "it was good to meet you{place} {when}.",
                     "great talking with you{place} {when}."),
    "digital": ("thanks for the chat{place} {when}.", "good to connect{place} {when}.",
                "great talking with you{place} {when}."),
}
# Closing lines, a few for each kind of contact; which one a draft gets is fixed by the person's name.
NEXT_STEPS = {
    "social": ("Fancy a coffee some time in the next couple of weeks?",
               "Let's do it again soon; coffee's on me next time.",
               "Hope our paths cross again soon, and do shout if you fancy a coffee."),
    "digital": ("Happy to keep the conversation going here, or on a quick call if that's easier.",
                "Let's stay in touch here; I'm always glad to swap notes.",
                "Feel free to message me any time if I can help with anything."),
    "business": ("Would a 20-minute call next week be useful to see if there's a fit?",
                 "Could we find half an hour next week to see whether there's a fit?",
                 "If it's useful, I'm happy to walk you through how we work on a short call."),
    "professional": ("Would you be up for a 20-minute call in the next couple of weeks to keep talking?",
                     "I'd love to keep the conversation going over a coffee or a call, whichever suits you.",
                     "If you're up for it, let's find time for a short call in the next few weeks."),
}
_RECALL = {"works": ("I really enjoyed hearing about your work on {}.",),
           "about": ("I enjoyed hearing that {}.", "It was good to hear that {}.", "Great to hear that {}.")}
_OFFER = {"asks": "You mentioned {}; I'll sort that out this week.",
          "wants": "You mentioned {}; I'll keep an eye out and pass on anything useful.",
          "hires": "You mentioned you're hiring {}; I'll pass it on to anyone who'd be a fit."}


def greeting_name(contact: Contact) -> str:
    """The name a message opens with: the first name, never a bare title ("Dr. Ana Ruiz" -> "Ana", "Dr. Ruiz" stays)."""
    words = contact.name.split()
    rest = list(words)
    while rest and rest[0].casefold().rstrip(".") in _TITLES:
        rest.pop(0)
    if len(rest) == len(words) or len(rest) >= 2:
        return rest[0]
    return contact.name if rest else "there"


def _pick(contact: Contact, options: tuple[str, ...], slot: int) -> str:
    """One of a few phrasings, fixed per person, so one person's drafts read the same each time and different people's
    differ. Each slot (closing 0, opening 1, recall 2) reads its own base-3 digit of the name's checksum."""
    seed = zlib.crc32(" ".join(contact.name.casefold().split()).encode())
    return options[seed // 3**slot % len(options)]


# After sending something you promised, the next step is their view of it.
AFTER_SENDING = {
    "social": "Let me know what you think!",
    "digital": "Let me know what you think; happy to keep talking here.",
    "business": "Let me know what you think; I'm happy to walk you through it on a short call.",
    "professional": "Let me know what you think, and I'm happy to talk it through on a call.",
}


def next_step(contact: Contact, sent: bool = False) -> str:
    """A closing that fits the kind of contact and what the draft did: one of a few per kind, fixed by the name."""
    kind = contact.kind if contact.kind in NEXT_STEPS else "professional"
    return AFTER_SENDING[kind] if sent else _pick(contact, NEXT_STEPS[kind], 0)


def _opening(contact: Contact, now: datetime, tz: ZoneInfo) -> str:
    """Thanks that fit where and how you met: "thanks for connecting on LinkedIn", "lovely to meet you at the gym",
    "great to meet you in Berlin", and who put you in touch. "Thanks for the chat through work" would read wrong,
    so a go-between that is not a person is left out."""
    name, where = greeting_name(contact), contact.met_at.strip()
    when = say_day(datetime.fromisoformat(contact.met_on), now, tz)
    later = "" if when == "today" else f" {when}"
    online = platform(where)
    if online:
        thanks = ("connecting" if online in NETWORKS else "the call" if online in CALLS else "the chat")
        return f"Hi {name}, thanks for {thanks} on {online}{later}."
    who, where = introduced(where)
    place = f" {met_place(where)}" if where and not _GO_BETWEEN.match(where) else ""
    thanks = f" Glad {who} put us in touch." if who else ""
    kind = contact.kind if contact.kind in OPENINGS else "professional"
    if kind == "professional" and when == "today":
        return f"Hi {name}, great to meet you{place} today.{thanks}"
    return f"Hi {name}, " + _pick(contact, OPENINGS[kind], 1).format(place=place, when=when) + thanks


def _takeaway(contact: Contact) -> tuple[str, str, str, str]:
    """From the newest notes first: one line recalling the talk, one offering help, one kept promise, one link."""
    recall = offer = promise = link = ""
    for part in reversed(read_notes(contact.notes)):
        if part.kind in _RECALL and part.said and not recall:
            recall = _pick(contact, _RECALL[part.kind], 2).format(part.said)
        elif part.kind in ("touch", "topic", "told", "asked") and not recall:
            recall = part.said
        elif part.kind in _OFFER and not offer:
            offer = _OFFER[part.kind].format(part.said)
        elif part.kind == "promise" and not promise:
            promise = part.said
        elif part.kind == "link" and not link:
            link = f"Here's the link I mentioned: {part.said}"
    return recall, offer, promise, link


def followup_draft(contact: Contact, now: datetime, tz: ZoneInfo) -> str:
    """Thanks, one takeaway, an offer to help, what you promised, and a next step that suits the kind of contact."""
    recall, offer, promise, link = _takeaway(contact)
    if not recall and contact.company and len(contact.company.split()) <= MAX_COMPANY_WORDS:
        recall = f"I'd love to hear more about your work at {contact.company}."
    if not recall and is_role(contact.role):
        recall = f"I'd love to hear more about your work as {as_someone(contact.role)}."
    sent = promise.startswith("Here")
    parts_ = [_opening(contact, now, tz), recall, offer, promise, link, next_step(contact, sent)]
    return " ".join(part for part in parts_ if part)


def _ask_about(part: Part) -> str | None:
    """A question about something they told you, for a check-in; None when there is nothing to ask."""
    if part.kind == "works":
        return f"How is the work on {part.said} going?"
    if part.kind == "wants":
        return f"Last time we spoke, you mentioned {part.said}. Did it work out? Happy to help if not."
    if part.kind in ("about", "hires") and part.clause and not part.clause.startswith("you'd"):
        return f"Last time we spoke, you mentioned {part.clause}. {_how_since(part.clause)}"
    return None


_ONGOING = re.compile(r"^(?:you're \w+ing|your [\w ]+ (?:is|are) \w+ing|you (?:run|write|teach|build|lead|manage|work|"
                      r"study|train|coach|organise|organize|host|make|hire|do|play|volunteer|mentor)s?)\b")
_DONE = re.compile(r"^(?:you|your [\w ]+?) (?:just |recently )?(?:\w+ed|went|had|did|made|took|got|left|built|ran|sold|"
                   r"grew|began|became|won|wrote|gave|came|led|bought|quit)\b")


def _how_since(clause: str) -> str:
    """The question that fits what they told you: an ongoing thing, a thing that happened, or just them."""
    if _ONGOING.match(clause):
        return "How is that going?"
    if _DONE.match(clause):
        return "How have things been since?"
    return "How are things with you?"


def checkin_draft(contact: Contact, now: datetime, tz: ZoneInfo) -> str:
    """A keep-in-touch note: ask about something they mentioned, with no ask of your own."""
    name = greeting_name(contact)
    last = contact.last_contact
    if last and now - datetime.fromisoformat(last) < A_WHILE and not contact.reconnect_queue:
        opener = f"Hi {name}, hope your week is going well."
    else:
        opener = f"Hi {name}, it's been a while, and you came to mind."
    asked = (_ask_about(part) for part in reversed(read_notes(contact.notes)))
    middle = next((question for question in asked if question), None)
    if not middle and contact.company and len(contact.company.split()) <= MAX_COMPANY_WORDS:
        middle = f"How are things at {contact.company}?"
    return f"{opener} {middle or 'What are you working on these days?'} No agenda on my side, just catching up."


_ROLE_TEXT = """
investor engineer founder cofounder co-founder recruiter designer manager lead director consultant developer researcher
scientist analyst partner advisor adviser mentor coach teacher lecturer professor writer editor journalist reporter
lawyer attorney counsel solicitor accountant bookkeeper doctor gp nurse clinician chef photographer translator producer
organiser organizer owner ceo cto cfo coo ciso pm vp head agent buyer marketer architect trainer host potter barista
pilot dentist pharmacist freelancer contractor student intern officer specialist expert
"""
_ROLE_NOUNS = frozenset(_ROLE_TEXT.split())


def is_role(text: str) -> bool:
    """A job title as people write them ("Head of Buying", "recruiter at Acme"), not a misread word ("been")."""
    return bool(text) and (text[0].isupper() or bool({w.casefold().strip(".,") for w in text.split()} & _ROLE_NOUNS))


def as_you(description: str) -> str | None:
    """A role or a note that describes someone, said to them: "you're an angel investor in fintech",
    "you do ML infra at a bank"; None when it is neither a description nor a statement."""
    said = statement(description)
    if said:
        return said
    first = description.split(",")[0].strip()
    head, _, rest = first.partition(" ")
    if head[1:].islower():  # "Angel investor" is typed with a capital, not a title: "an angel investor"
        first = f"{head.lower()} {rest}".strip()
    words = {word.casefold().strip(".") for word in first.split()}
    return f"you're {as_someone(first)}" if words & _ROLE_NOUNS else None


def recalled(note: str) -> str | None:
    """Why a note brought someone to mind, said to them: "you mentioned that you hire data engineers"."""
    for part in parts(note):
        if part.kind in ("about", "hires") and part.clause:
            return f"you mentioned that {part.clause}"
        if part.kind == "works":
            return f"you mentioned your work on {part.said}"
        if part.kind == "skip" and (described := as_you(part.raw)):
            return described
    return None


def is_want(note: str) -> bool:
    """A note about what they are looking for, not about what they know or do."""
    return wanted(note) is not None


def wants(contact: Contact) -> str | None:
    """What they said they are looking for, in their words, if a note records it."""
    return next((found for note in reversed(contact.notes) if (found := wanted(note.text))), None)


def public(note: str) -> str:
    """The parts of a note that may be said to someone or matched on: no to-dos, promises or private remarks."""
    return "; ".join(part.raw for part in parts(note) if part.kind not in ("todo", "private", "promise", "link"))


def works_as(contact: Contact) -> str:
    """"CTO at Acme", "at Acme", "CTO", or nothing."""
    role, company = contact.role, contact.company
    if role and company:
        return f"{role} at {company}"
    return role or (f"at {company}" if company else "")


_TITLES_ALONE = frozenset({"ceo", "cto", "cfo", "coo", "cio", "ciso", "cmo", "cpo", "vp", "svp", "evp", "head", "chief",
                           "president", "chair", "director", "dean"})


def as_someone(about: str) -> str:
    """"recruiter at Acme" -> "a recruiter at Acme", "SRE" -> "an SRE"; titles that stand alone ("CTO", "Head of
    Sales", "head of talent") and "at Acme" stay as they are."""
    first = about.split()[0] if about.split() else ""
    if not first or about.startswith("at ") or first.casefold() in _TITLES_ALONE:
        return about
    if first.isupper() and len(first) > 1:  # an acronym is read letter by letter: "an SRE", "a GP"
        return f"{'an' if first[0] in 'AEFHILMNORSX' else 'a'} {about}"
    return f"{'an' if first[0].casefold() in 'aeiou' else 'a'} {about}"


def _third_person(part: Part) -> str:
    """A shareable part as said about them to someone else: "hires data engineers", without "she"."""
    return re.sub(r"^(?:she|he|they)(?:'s|'re|\s+is|\s+are)?\s+", "", part.raw, flags=re.IGNORECASE)


_GOALS = {"job search": "your job search", "advice": "your search for advice", "business": "your business goal",
          "community": "your aim to build a community"}


def fit_reason(contact: Contact, fit: str, goal: str) -> str:
    """Why someone fits the user's goal, as a sentence: "Ken is head of talent at Monzo, which fits your job search."

    `fit` is the word that matched (see coaching.goals.goal.goal_fit); the sentence says where it was found.
    """
    name, aim = greeting_name(contact), _GOALS.get(goal, f"your goal ({goal})")
    role = contact.role
    tags = [tag for tag in contact.tags if fit in tag.casefold()]
    notes = [note.text.strip().rstrip(".") for note in contact.notes if fit in note.text.casefold()]
    if fit == f"{contact.kind} contact":
        return f"{name} is a {fit}, which fits {aim}."
    if fit in role.casefold():
        return f"{name} is {as_someone(works_as(contact))}, which fits {aim}."
    if tags:
        return f"You tagged {name} #{tags[0]}, which fits {aim}."
    if notes:
        return f"You noted “{notes[-1]}”, which fits {aim}."
    return f"{name} fits {aim}."


def facts(contact: Contact, limit: int = 2) -> str:
    """What both sides of an introduction would want shared: role, company, what they work on, want or hire for.

    Never the user's to-dos, promises or personal remarks: only parts of notes that say what someone does or seeks.
    """
    shared = [_third_person(part) for note in contact.notes for part in parts(note.text)
              if is_shareable(part)]
    found = [works_as(contact), *shared[-limit:]]
    return "; ".join(fact for fact in found if fact)


def ask_draft(contact: Contact, request: str, because: str) -> str:
    """A specific request: what you need, why them (a sentence), and an easy way to say no."""
    return (f"Hi {greeting_name(contact)}, I'm hoping you can help with something specific: I'm looking for {request}. "
            f"{because} If anyone comes to mind, an introduction would mean a lot. "
            "And if not, no worries at all, I know you're busy.")


def intro_request(to: Contact, other: Contact, why: str) -> str:
    """The first half of a double opt-in: ask one side before sharing anyone's details."""
    about = facts(other)
    return (f"Hi {greeting_name(to)}, I'd like to introduce you to {other.name}"
            + (f" ({about})" if about else "") + f". {why} Would you be open to an introduction? "
            "If the timing isn't right, just say so, no problem at all.")


def intro_reasons(asker: Contact, helper: Contact, need: str) -> tuple[str, str, str]:
    """Why to introduce someone who is after something to someone who can help: said to each, then to both."""
    about = works_as(helper)
    can_help = f"{greeting_name(helper)} is {as_someone(about)}" if about else f"{greeting_name(helper)} knows that world"
    return (f"You mentioned you're after {to_you(need)}, and {can_help}.",
            f"{greeting_name(asker)} is looking for {need}, and I thought of you straight away.",
            f"{greeting_name(asker)} is looking for {need}, and {can_help}.")


def intro_message(first: Contact, second: Contact, common: str) -> str:
    """The introduction itself, sent once both have said yes."""
    def meet(person: Contact, other: Contact) -> str:
        about = facts(person, limit=1)
        return f"{greeting_name(other)}, meet {person.name}" + (f": {about}." if about else ".")

    return (f"{meet(second, first)} {meet(first, second)} {common} "
            "I'll let you two take it from here.").replace("  ", " ")
