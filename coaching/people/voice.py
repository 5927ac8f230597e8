"""Reading a note the user wrote about someone, so a draft can say it back to them, or know not to.

Notes are written about the person ("she hires data engineers", "her team uses Kafka") or as
fragments ("interested in our ML infra work"); a draft speaks to them ("you hire", "your team").
Each part of a note is sorted into one kind (what they work on, want, hire for; a topic; a promise
or to-do of the user's; a private remark; a link; or a plain statement about them) and turned round
only where the grammar is sure. Anything that can't be turned round safely is left out: a draft
that says less is better than one the user has to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coaching.core.records import Note

_URL = re.compile(r"https?://\S+")
_CONTEXT = re.compile(r"^(?:met|meeting|introduced|coffee|chat|call|lunch|dinner|drinks|at|from|via)\b", re.I)
_PRIVATE = re.compile(
    r"\b(?:owes?|owed|divorc\w*|sick|ill|illness|cancer|hospital\w*|died|passed away|funeral|griev\w*|grief|"
    r"laid off|fired|redundan\w*|pregnan\w*|therap\w*|rehab|debts?|broke up|break-?up|seem(?:s|ed)|"
    r"prefers?|stressed|drunk|rude|annoying|gossip\w*|salary|diagnos\w*|rough patch|hard time|tough time|"
    r"struggl\w*|burn(?:ed|t)? ?out|death|bereave\w*|sad|upset|anxious|anxiety|depress\w*|unemployed|"
    r"miscarriage|surgery|injur\w*|accident|sick leave|lonely)\b", re.I)
# A statement with a "no" or a low mood in it ("knows nobody here yet", "tired of meetings") is not something
# you "enjoyed hearing".
_NEGATIVE = re.compile(r"\b(?:no|not|nobody|nothing|never|none|neither|nor|\w+n't|hardly|without|tired|worried|"
                       r"frustrated|bored|annoyed|angry|nervous|scared|afraid|unhappy|exhausted|overwhelmed|fed up|hates?|hated|"
                       r"hating|dislikes?|disliked|can't stand|cannot stand)\b",
                       re.I)
_TODO = re.compile(
    r"^(?:send|ping|email|e-mail|call|text|follow|ask|remind|intro|introduce|check|share|invite|book|schedule|"
    r"chase|reply|write|buy|get|look|find|connect|message|dm|thank|congratulate|todo|to-do|remember|note|"
    r"need to|must|should|don't|do not|i need|i should|i must|note to self)\b", re.I)
_QUOTE = re.compile(r"[\"“”«»]|(?:^|\s)'|'(?:\s|$)")

_SUBJECT = {"she": "you", "he": "you", "they": "you"}
_CONTRACTED = {"she's": "you're", "he's": "you're", "they're": "you're", "she'll": "you'll", "he'll": "you'll",
               "they'll": "you'll", "she'd": "you'd", "he'd": "you'd", "they'd": "you'd", "they've": "you've",
               "she’s": "you're", "he’s": "you're", "they’re": "you're"}
_OBJECT = {"him": "you", "them": "you", "himself": "yourself", "herself": "yourself", "themselves": "yourself",
           "themself": "yourself", "hers": "yours", "theirs": "yours", "his": "your", "their": "your"}
# After "her", these words show it is the object ("ping her about"), not the owner ("her team").
_AFTER_OBJECT = frozenset({
    "the", "a", "an", "my", "our", "this", "that", "these", "those", "some", "any", "about", "to", "for", "with",
    "on", "in", "at", "from", "up", "back", "out", "and", "or", "over", "when", "if", "as", "after", "before",
    "next", "tomorrow", "today", "soon", "later", "again", "know", "re", "regarding", "by", "into", "once", "one",
})
_TIMES = frozenset({"week", "month", "year", "time", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday", "quarter", "spring", "summer", "autumn", "fall", "winter", ""})
_IRREGULAR = {"has": "have", "does": "do", "goes": "go", "was": "were", "is": "are", "doesn't": "don't",
              "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't"}
_NOT_VERBS = frozenset({"is", "always", "sometimes", "perhaps", "nowadays", "afterwards", "besides", "sales", "news",
                        "analytics", "logistics", "operations", "ops", "jobs", "events", "kids", "this", "thus",
                        "its", "ids", "vibes", "stats", "ups"})
_ADVERBS = frozenset({"just", "really", "also", "still", "always", "often", "usually", "never", "already", "recently",
                      "only", "mostly", "sometimes", "now", "currently"})
# "-ed" words that describe someone ("interested in"), so "she interested" and "interested in" take "you're".
_STATES = frozenset({"interested", "based", "focused", "excited", "involved", "located", "obsessed", "invested",
                     "passionate", "keen", "into", "new", "fond", "curious", "open", "experienced", "qualified",
                     "certified", "settled", "retired", "married", "engaged", "responsible", "active", "available"})
_PAST = frozenset({"went", "had", "did", "made", "took", "got", "left", "built", "ran", "sold", "grew", "began",
                   "became", "spent", "won", "lost", "wrote", "gave", "came", "taught", "led", "bought", "set",
                   "quit", "joined", "moved", "started", "founded", "raised", "launched", "finished"})
# After "she's", these mean "she has" ("she's got", "she's worked"); anything else ("she's tired") is "she is".
_PARTICIPLES = frozenset({"got", "been", "had", "done", "made", "seen", "gone", "built", "written", "taken", "become",
                          "run", "led", "grown", "known", "won", "given", "worked", "lived", "started", "joined",
                          "moved", "launched", "raised", "founded", "published", "studied", "travelled", "traveled",
                          "visited", "used", "tried", "spent", "left", "sold"})
# Verbs that don't take "-ing" ("she is knowing Python"): said back, they would read wrong, so they are left out.
_STATIVE = re.compile(r"\byou're (?:knowing|having|owning|liking|wanting|needing|understanding|believing|seeming)\b")
_MODALS = {"would": "you'd", "will": "you'll", "can": "you can", "could": "you could"}
_BARE = frozenset({"work", "live", "do", "go", "make", "have", "want", "need", "like", "study", "teach", "run",
                   "build", "love", "know", "hire", "use"})

_WANTS = re.compile(r"^(?:(?:she|he|they)(?:'s|'re|\s+is|\s+are)?\s+)?(?:wants?|is looking for|are looking for|"
                    r"looking for|needs?|(?P<hope>hopes?|hoping|would love|'d love)|asked (?:me )?for)\s+(?P<what>.+)$",
                    re.I)
_WORKS_ON = re.compile(r"^(?:(?:she|he|they)(?:'s|'re|\s+is|\s+are)?\s+)?(?:works?|working)\s+on\s+(?P<what>.+)$",
                       re.I)
_HIRES = re.compile(r"^(?:(?:she|he|they)(?:'s|'re|\s+is|\s+are)?\s+)?(?:hiring|hires|recruiting|recruits)\s+"
                    r"(?P<what>.+)$", re.I)
_TOPIC = re.compile(r"^(?:we\s+)?(?:talked|chatted|spoke|discussed)\s+(?:about\s+)?(?P<what>.+)$", re.I)
_TOLD_ABOUT = re.compile(r"^(?:(?:she|he|they)\s+)?told me about\s+(?P<what>.+)$", re.I)
_ASKED_ABOUT = re.compile(r"^(?:(?:she|he|they)\s+)?asked (?:me\s+)?about\s+(?P<what>.+)$", re.I)
_REPORTED = re.compile(r"^(?:(?:she|he|they)\s+)?(?:said|mentioned|told me|says|mentions)\s+(?:that\s+)?(?P<what>.+)$",
                       re.I)
_TOUCH = re.compile(
    r"^(?:(?:she|he|they)\s+)?(?:said|told me|asked me)\s+to\s+(?:ping|email|message|call|text|contact|dm|"
    r"reach out to|get in touch with|follow up with)\s+(?:her|him|them)(?:\s+(?:about|re|regarding|on)\s+(?P<what>.+))?$",
    re.I)
_SEND = re.compile(
    r"^(?:(?:i|she|he|they)\s+)?(?:(?:promised|offered|said|asked me|told me|need|have)\s+(?:i'd\s+|to\s+)?)?"
    r"(?:send|share|forward|email)\s+(?:her|him|them)\s+(?P<what>.+)$", re.I)
_ASKED_IF = re.compile(r"^(?:(?:she|he|they)\s+)?asked (?:if|whether|us|me)\b", re.I)
_ASKED_ME = re.compile(r"^(?:(?:she|he|they)\s+)?asked me to\s+(?P<what>.+)$", re.I)
_PROMISED = re.compile(r"^(?:i\s+)?promised to\s+(?P<what>.+)$", re.I)
_FIRST_PERSON = re.compile(r"^(?:i|i'm|i've|we|we're|my|our|me)\b", re.I)
_PLURAL_OK = frozenset({"news", "analytics", "class", "process", "address", "access", "business", "status", "bus",
                        "series", "thesis", "canvas", "bonus", "campus", "corpus", "syllabus"})


@dataclass(frozen=True)
class Part:
    """One part of a note, sorted: `kind` says what it is, `said` is it in words to the person (or '')."""

    kind: str  # works, wants, asks, hires, touch, topic, told, asked, promise, link, about, todo, private, skip
    said: str
    raw: str
    clause: str = ""  # the whole part as a statement to them ("you hire data engineers"), where it makes one


def _you_form(verb: str) -> str:
    """The verb that goes with "you": "hires" -> "hire", "watches" -> "watch", "studies" -> "study"."""
    lower = verb.casefold()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower in _NOT_VERBS or not lower.endswith("s") or lower.endswith(("ss", "us")):
        return verb
    if lower.endswith("ies") and len(lower) > 4:
        return verb[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1]


def _bare(word: str) -> str:
    return word.casefold().strip(".,;:!?")


def to_you(text: str) -> str:
    """Every "she/he/they" in a phrase turned to "you", with verbs and possessives to match; other words kept."""
    words = text.split()
    out: list[str] = []
    agree = False  # the next verb follows a subject pronoun, so it takes the "you" form
    for at, word in enumerate(words):
        bare, tail = _bare(word), word[len(word.rstrip(".,;:!?")):]
        following = _bare(words[at + 1]) if at + 1 < len(words) else ""
        if bare in _SUBJECT:
            if following in _STATES or (following.endswith("ing") and len(following) > 4):
                out.append("you're" + tail)  # "she interested in", "she looking for": the missing "is"
                continue
            out.append("you" + tail)
            agree = not tail
            continue
        if bare in _CONTRACTED and bare.endswith("s") and following in _PARTICIPLES:
            out.append("you've" + tail)  # "she's got", "he's worked": has, not is
        elif bare in _CONTRACTED:
            out.append(_CONTRACTED[bare] + tail)
        elif bare == "her":
            after_next = _bare(words[at + 2]) if at + 2 < len(words) else ""
            owner = following and not tail and (following not in _AFTER_OBJECT or (
                following == "next" and after_next not in _TIMES))
            out.append(("your" if owner else "you") + tail)
        elif bare in _OBJECT:
            out.append(("yours" if bare == "his" and (tail or not following) else _OBJECT[bare]) + tail)
        elif agree and bare in _ADVERBS:
            out.append(word)
            continue
        elif agree:
            out.append(_you_form(word))
        else:
            out.append(word)
        agree = False
    said = " ".join(out)
    return re.sub(r"\byou (?:are|is)\b", "you're", said)


def _clause(text: str) -> str | None:
    """A statement about them as a clause spoken to them ("you run a design studio"), or None if unsure."""
    words = text.split()
    head = _bare(words[0])
    if head in _SUBJECT or head in _CONTRACTED or head in ("her", "his", "their"):
        said = to_you(text)
    elif head in ("is", "are"):
        said = "you're " + to_you(" ".join(words[1:]))
    elif head in _MODALS:
        said = f"{_MODALS[head]} {to_you(' '.join(words[1:]))}"
    elif head in _IRREGULAR or head in _PAST:
        said = f"you {_IRREGULAR.get(head, head)} {to_you(' '.join(words[1:]))}"
    elif head in _STATES or (head.endswith("ing") and len(head) > 4):
        said = f"you're {head} {to_you(' '.join(words[1:]))}"
    elif head not in _NOT_VERBS and len(head) > 3 and head.endswith("s") and _you_form(head) != head:
        said = f"you {_you_form(head)} {to_you(' '.join(words[1:]))}"
    else:
        return None
    said = said.strip()
    said = said[0].lower() + said[1:]
    stuck = re.search(r"\byou(?:'re| were) (\w+)", said)
    if stuck and stuck.group(1) in _BARE:  # "she is work in fintech": no safe way to say it back
        return None
    if _STATIVE.search(said) or re.search(r"\byou \w+ you\b", said):  # "she told she will call": neither
        return None
    return said


def _predicate(clause: str) -> str:
    """"you want Go experience" -> "want Go experience"; "you're based in Oslo" -> "are based in Oslo"."""
    if clause.startswith("you're "):
        return "are " + clause[len("you're "):]
    return clause.removeprefix("you ")


def here_is(what: str) -> str:
    """"Here's the deck" or "Here are the slides": the verb agrees with the thing's head noun."""
    head = re.split(r"\s+(?:from|of|to|for|about|on|in|with|i|we)\s+", what.strip(), maxsplit=1)[0].split()[-1].casefold()
    many = head.endswith("s") and not head.endswith("ss") and head not in _PLURAL_OK
    verb = "Here are" if many else "Here's"
    return f"{verb} {what}"


def sort(text: str) -> Part:
    """What one part of a note is, and how to say it to the person if it can be said."""
    text = text.strip().rstrip(".").strip()
    if not text:
        return Part("skip", "", text)
    if _URL.search(text):
        return Part("link", _URL.search(text).group(0), text)
    if _PRIVATE.search(text):
        return Part("private", "", text)
    if _QUOTE.search(text) or ":" in text:
        return Part("skip", "", text)
    if found := _TOUCH.match(text):
        about = f" about {to_you(found.group('what'))}" if found.group("what") else ""
        return Part("touch", f"You said to get in touch{about}, so here I am.", text)
    if found := _SEND.match(text):
        return Part("promise", f"{here_is(to_you(found.group('what')))}, as promised.", text)
    if found := _ASKED_ME.match(text):
        return Part("promise", f"Happy to {to_you(found.group('what'))}, as you asked.", text)
    if found := _PROMISED.match(text):
        return Part("promise", f"As promised, I'll {to_you(found.group('what'))}.", text)
    if found := _ASKED_ABOUT.match(text):
        return Part("asked", f"You asked about {to_you(found.group('what'))}; happy to go through it whenever suits you.",
                    text)
    if found := _TOPIC.match(text):
        return Part("topic", f"I enjoyed our chat about {to_you(found.group('what'))}.", text)
    if found := _TOLD_ABOUT.match(text):
        return Part("told", f"I enjoyed hearing about {to_you(found.group('what'))}.", text)
    if found := _WORKS_ON.match(text):
        return Part("works", to_you(found.group("what")), text, statement(text) or "")
    if found := _HIRES.match(text):
        return Part("hires", to_you(found.group("what")), text, statement(text) or "")
    if found := _WANTS.match(re.sub(r"^(she|he|they)'d\b", r"\1 would", text, flags=re.I)):
        what = found.group("what")
        if re.search(r"\b(?:our|my|me|us|we)\b", what, re.I):  # something of the user's: the user's to give
            return Part("asks", f"you'd like {to_you(what)}", text, statement(text) or "")
        said = statement(text) or ("" if found.group("hope") else f"you're after {to_you(what)}")
        return Part("wants", said, text, said) if said else Part("skip", "", text)
    if _ASKED_IF.match(text) or _TODO.match(text) or _FIRST_PERSON.match(text):
        return Part("todo", "", text)
    if _CONTEXT.match(text):
        return Part("skip", "", text)
    said = statement(text)
    return Part("about", said, text, said) if said and not _NEGATIVE.search(said) else Part("skip", "", text)


def statement(text: str) -> str | None:
    """A note as a statement to the person ("said she's moving to Oslo" -> "you're moving to Oslo"), or None."""
    text = text.strip().rstrip(".")
    reported = _REPORTED.match(text)
    return _clause(reported.group("what") if reported else text) if text else None


def wanted(note: str) -> str | None:
    """What a note says they are looking for, in the user's words ("intros to data teams"), or None."""
    found = _WANTS.match(note.strip().rstrip("."))
    return found.group("what") if found and not found.group("hope") else None


def parts(note: str) -> list[Part]:
    """A note split into its parts: at semicolons, and at commas when every piece is a part of its own."""
    found: list[Part] = []
    for segment in note.split(";"):
        pieces = [piece.strip() for piece in segment.split(",")]
        sorted_pieces = [sort(piece) for piece in pieces] if len(pieces) > 1 else []
        if sorted_pieces and all(piece.kind != "skip" for piece in sorted_pieces):
            found.extend(_joined(sorted_pieces))
        else:
            found.append(sort(segment))
    return found


def _joined(pieces: list[Part]) -> list[Part]:
    """"hiring for payments, wants Go experience": what follows a hiring note, or a statement after a statement,
    rides along with "and" ("you're hiring for payments and want Go experience")."""
    out: list[Part] = []
    for piece in pieces:
        extra = _predicate(piece.said if piece.kind == "about" else _clause(piece.raw) or "")
        joinable = out and ((out[-1].kind == "hires" and piece.kind in ("about", "wants"))
                            or (out[-1].kind == "about" and piece.kind == "about"))
        if joinable and piece.said.startswith("you") and extra:
            last = out[-1]
            clause = f"{last.clause} and {extra}" if last.clause else ""
            out[-1] = Part(last.kind, f"{last.said} and {extra}", f"{last.raw}, {piece.raw}", clause)
        else:
            out.append(piece)
    return out


def read_notes(notes: list[Note]) -> list[Part]:
    """All parts of someone's notes, oldest first. Notes typed together (`add Lee, hiring for payments, wants Go
    experience` stores two) are read together, so what a hiring note goes on to say stays with it."""
    found: list[Part] = []
    for at, note in enumerate(notes):
        mine = parts(note.text)
        together = at and notes[at - 1].at == note.at and found and found[-1].kind == "hires"
        if together and mine and mine[0].kind == "wants":
            found[-1:] = _joined([found[-1], mine.pop(0)])
        found.extend(mine)
    return found


def is_shareable(part: Part) -> bool:
    """What both sides of an introduction would want said: what they work on, want or hire for, nothing private."""
    return part.kind in ("works", "wants", "hires")
