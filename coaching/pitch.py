"""Deterministic, explainable elevator-pitch scorer.

Every point lost is tied to words the person can see and change, so the coach can say
exactly what to fix. Pure standard library: no models, no downloads, same answer every time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

WPM = 140  # middle of the 130-160 words-per-minute range people speak at
IDEAL_WORDS = (65, 160)  # about 30-60 seconds across that speaking range
ONLINE_LIMIT = 300  # LinkedIn connection-note limit, in characters
ANALYSED_CHARS = 5_000  # a pitch is never this long; the cap keeps huge input fast
EARLY_WORDS = 35  # roughly the first 15 seconds spoken
SPOKEN_SENTENCE = 22  # "about 20 words", with a little slack so a strong pitch is not nitpicked
WRITTEN_SENTENCE = 25  # a reader can hold a little more than a listener
STRONG_TOTAL = 85

SCENARIOS: dict[str, str] = {
    "general": "someone you have just met, anywhere",
    "recruiter": "a recruiter at a job fair",
    "client": "a potential client at a mixer",
    "conference": "a peer at a conference",
    "online": "a LinkedIn note or DM: written, at most 300 characters",
    "social": "a friend of a friend at a party",
}
_ALIASES = {"investor": "client", "linkedin": "online", "dm": "online", "note": "online", "peer": "conference",
            "party": "social", "friend": "social", "mixer": "client", "customer": "client", "fair": "recruiter",
            "interview": "recruiter"}


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric: what it scored and, when short of full marks, the words to blame."""

    name: str
    points: int
    max_points: int
    advice: str = ""
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PitchScore:
    """The whole verdict; `fixes` is the advice worth acting on first, `strengths` what to keep."""

    total: int
    criteria: tuple[Criterion, ...]
    words: int
    seconds: float
    scenario: str
    fixes: tuple[str, ...]
    strengths: tuple[str, ...]


@dataclass(frozen=True)
class _Doc:
    """The analysed text, split once so every criterion reads the same pieces."""

    text: str
    words: tuple[str, ...]
    sentences: tuple[str, ...]
    early_end: int  # character offset where the first EARLY_WORDS words end
    scenario: str  # the name asked for ("investor" stays "investor")
    listener: str  # the SCENARIOS key that decides the rules
    truncated: bool
    chars: int
    total_words: int


def _rx(pattern: str) -> re.Pattern[str]:
    """Phrase patterns are written in lower case and run on lower-cased text: re.IGNORECASE is ~4x slower."""
    return re.compile(pattern)


_WORD = re.compile(r"[^\W_]+(?:['\-.,][^\W_]+)*")
_SPACES = re.compile(r"[^\S\n]+")  # phrases like "kind of" match however they were spaced
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_SLACK_LINK = re.compile(r"<[^|<>\s]{1,300}\|([^<>]{0,300})>")
_MARKUP = re.compile(r"<[@#!][^<>\s]{0,80}>|<https?://[^<>\s]{0,300}>|https?://\S+")

_ROLE = re.compile(
    r"\b(?:i'm|i am)\s+(?:(?-i:[A-Z][a-z]+),\s+)?(?:(?:currently|now|also|basically|actually|just|really"
    r"|kind of|sort of)\s+)?(?:a|an|the)\s+(?!bit\b|little\b|lot\b)\w"
    r"|\b(?:i|we)\s+(?:work|help|run|lead|build|design|teach|manage|write|coach|own|make|create|develop"
    r"|study|research|advise|consult|support|sell|train|organi[sz]e|founded|co-founded|started"
    r"|speciali[sz]e)\b"
    r"|\b(?:i'm|i am)\s+(?:working|building|leading|running|studying|training|teaching|finishing"
    r"|launching|starting)\b"
    r"|\b(?:co-?founder|founder|ceo|cto|owner)\s+(?:of|at)\b"
    r"|\bmy (?:job|role|work) is\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r",\s+(?:and|but|so|which|where|because)\b|[.;:!?](?:\s|$)|\n", re.IGNORECASE)
_NAME = re.compile(r"\b(?:I'm|I am|[Mm]y name is|[Mm]y name's)\s+[A-Z][a-z]+")

_NUMBER = _rx(
    r"[$£€]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|thousand))?\b"
    r"|\b\d[\d,.]*(?:\s?(?:%|percent\b|x\b|k\b|million\b|billion\b|thousand\b|hundred\b))?"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|third"
    r"|quarter|double[ds]?|triple[ds]?|halved|tenfold)\b"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_OUTCOME = _rx(
    r"\b(?:shipped|cut|cuts|grew|grown|launched|saved|saving|reduced|increased|raised|won|published"
    r"|doubled|tripled|halved|delivered|closed|scaled|automated|boosted|lifted|lowered|dropped"
    r"|improved|built|rebuilt|created|founded|co-founded|sold|signed|landed|trained|mentored|hired"
    r"|led|earned|generated|migrated|redesigned|rewrote|placed|found|freed|helped|served|used by"
    r"|went from)\b"
)
_VAGUE_CLAIM = _rx(
    r"\b(?:a lot of|lots of|tons of|many|various|several|numerous|different things|here and there"
    r"|proven track record|big plans)\b"
)

_ASK = _rx(
    r"\b(?:i'm|i am|we're|we are)\s+(?:\w+\s+)?(?:looking (?:for|to)|hoping (?:to|for)|seeking"
    r"|searching for|keen to|interested in|raising|exploring)\b"
    r"|\b(?:i'd|i would|we'd|we would|would) (?:love|like|welcome|appreciate|be glad|be happy)\b"
    r"|\b(?:i'm|i am|we're|we are) (?:happy|glad) to\b"
    r"|\b(?:could|would|can|will|shall) (?:you|we|i)\b"
    r"|\bintroduce me\b|\bintroductions? to\b|\bintro to\b"
    r"|\bhiring\?|\b(?:are|is|you're|you are)\b[^.?!\n]{0,30}\bhiring\b"
    r"|\bopen to\b|\bdo you know (?:anyone|someone|who|if)\b|\blet's\b"
    r"|\bany (?:advice|tips|pointers)\b|\bwho (?:should|could) i\b|\bmy goal is\b"
)
_VAGUE_ASK = _rx(
    r"\b(?:open to (?:new )?opportunities|open to anything|any opportunities|new opportunities"
    r"|(?:if )?anything (?:that )?comes up|let me know if (?:you hear of )?anything|if you hear of anything"
    r"|keep me in mind|something new|something interesting|whatever (?:comes|works)|see what happens)\b"
)
_KEYS_RECRUITER = (
    r"roles?|positions?|openings?|interviews?|team|jobs?|internships?|hiring|hire|vacanc(?:y|ies)"
    r"|referrals?|resume|cv|apply|application"
)
_KEYS_CLIENT = (
    r"call|pilot|demo|meeting|trial|project|proposal|quote|review|audit|workshop|coffee|chat"
    r"|session|consultation|estimate|introduc\w*|intro|partners?|partnership|orders?|contract"
)
_KEYS_CONFERENCE = (
    r"swap notes|compare notes|collaborat\w*|talk|paper|coffee|chat|stay in touch|keep in touch"
    r"|connect|exchange ideas|work together|feedback|lunch|demo|introduc\w*|intro"
)
_KEYS = {
    "recruiter": _rx(rf"\b(?:{_KEYS_RECRUITER})\b"),
    "client": _rx(rf"\b(?:{_KEYS_CLIENT})\b"),
    "investor": _rx(
        rf"\b(?:{_KEYS_CLIENT}|funding|fund|raise|raising|round|seed|pre-seed|series [a-c]|invest"
        r"|investment|investors?|deck|cheque|check size|term sheet)\b"
    ),
    "conference": _rx(rf"\b(?:{_KEYS_CONFERENCE})\b"),
    "online": _rx(
        r"\b(?:call|chat|coffee|advice|questions?|intro|introduc\w*|minutes?|referral|feedback|roles?"
        r"|connect|meet)\b"
    ),
    "general": _rx(
        rf"\b(?:{_KEYS_RECRUITER}|{_KEYS_CLIENT}|{_KEYS_CONFERENCE}|advice|mentor\w*|hand)\b"
    ),
}
_ASK_HINT = {
    "recruiter": 'Name the role and ask about the team, e.g. "I\'m looking for a backend role. Is your team '
    'hiring?"',
    "client": 'Ask for one next step, e.g. "Could we book 20 minutes next week to see if a pilot fits?"',
    "investor": 'Say what you are raising and ask for a meeting, e.g. "We\'re raising a $1M seed round. '
    'Could I send you the deck and book a call?"',
    "conference": 'Ask for one thing, e.g. "I\'d love to swap notes with anyone who has tried this."',
    "online": 'Make it one small, specific request, e.g. "Could I ask you two questions in a 15-minute call?"',
    "social": 'Keep it light: a question like "What keeps you busy these days?" is plenty.',
    "general": 'Ask for one specific thing, e.g. "I\'m looking for introductions to clinic managers. Do you '
    'know anyone?"',
}
_CLOSE_EXAMPLE = {
    "recruiter": '"Is your team hiring for that?"',
    "client": '"Would a short call next week work for you?"',
    "investor": '"Do you invest at this stage?"',
    "conference": '"What are you working on?"',
    "online": '"Would you be open to a 15-minute call?"',
    "social": '"How do you know the host?"',
    "general": '"What brings you here?"',
}
_QUESTION_START = _rx(
    r"^\W*(?:would|could|can|do|does|did|are|is|what|how|who|which|where|when|why|shall|may)\b(?!')"
)

_FILLER = _rx(
    r"\b(?:just|actually|kind of|sort of|i think|i guess|maybe|sorry|basically|literally|um+|uh+|erm"
    r"|a bit|hopefully|honestly|to be honest|i mean|i feel like|perhaps|probably"
    r"|(?:like|you know)(?=,)|(?:was|i'm|it's) like)\b|,\s*(?:like|you know)\b"
)
_JARGON = _rx(
    r"\bsynerg\w*|\bleverag(?:ed|ing)\b|\bleverage(?=\s+(?:the|our|my|your|their|its|this|that|these"
    r"|those|a|an|ai|data|\w{3,}s)\b)|\b(?:to|we|i|you|they|can|will|and)\s+leverage\b"
    r"|\bdisrupt\w*|\bparadigms?\b|\bholistic\b|\bbest[- ]in[- ]class\b|\bbest[- ]of[- ]breed\b"
    r"|\brock ?stars?\b|\bninjas?\b|\bthought[- ]leader(?:s|ship)?\b|\bgame[- ]chang\w+"
    r"|\bmov(?:e|es|ing) the needle\b|\bcircle back\b|\bvalue[- ]add\w*|\bcutting[- ]edge\b"
    r"|\bbleeding[- ]edge\b|\bworld[- ]class\b|\bpassionate about\b|\bgrowth hack\w*|\becosystems?\b"
    r"|\bnext[- ]gen\w*|\blow[- ]hanging fruit\b|\bdeep[- ]dive\b|\bseamless\w*|\brobust\b"
    r"|\binnovative\b|\bresults[- ]driven\b|\bempower\w*|\bbandwidth\b|\bideate\b|\bactionable insights\b"
)
_SELF_PRAISE = _rx(
    r"\b(?:i'm|i am|we're|we are)\s+(?:\w+\s+)?the (?:best|greatest)\b|\bbest in the (?:business|world"
    r"|industry|field)\b|\bamazing\b|\bincredible\b|\bawesome\b|\bexperts?\b|\bgurus?\b|\bgenius\b"
    r"|\bbrilliant\b|\bexceptional\b|\boutstanding\b|\bsuperstar\b|\blegendary\b|\bunmatched\b"
    r"|\bunparalleled\b|\bsecond to none\b|\btop[- ]notch\b|\bhighly skilled\b|\bextremely talented\b"
    r"|\bnatural leader\b|\bvisionary\b|\b(?:i'm|i am) (?:great|excellent|perfect) at\b|\bi excel\b"
)
_YOU = _rx(r"\b(?:you|your|you're|yours|you've|you'd|you'll|yourself)\b")

# Only words longer than three letters are counted for repetition, so only those are listed.
_STOPWORDS = frozenset(
    (
        "about", "above", "after", "again", "also", "because", "been", "before", "being", "could", "does",
        "doing", "don't", "down", "during", "each", "even", "every", "from", "have", "having", "here",
        "hers", "into", "it's", "just", "like", "more", "most", "much", "only", "other", "ours", "over",
        "really", "same", "some", "such", "than", "that", "that's", "their", "theirs", "them", "then",
        "there", "these", "they", "this", "those", "through", "under", "until", "very", "we're", "we've",
        "were", "what", "when", "where", "which", "while", "whom", "will", "with", "would", "you're",
        "your", "yours", "hello", "thanks", "thank", "i've", "i'll",
    )
)


def _quote_list(quotes: tuple[str, ...], limit: int = 5) -> str:
    shown = ", ".join(f'"{q}"' for q in quotes[:limit])
    return shown + (" and more" if len(quotes) > limit else "")


def _unique(found: list[str]) -> tuple[str, ...]:
    """Distinct quotes in first-seen order, compared without case or spacing."""
    seen: dict[str, str] = {}
    for item in found:
        seen.setdefault(" ".join(item.lower().split()), " ".join(item.split()))
    return tuple(seen.values())


def _hits(pattern: re.Pattern[str], text: str) -> list[str]:
    """Matches found in lower case, quoted as the person wrote them."""
    return [text[m.start() : m.end()].strip(" ,") for m in pattern.finditer(text.lower())]


def _phrase(text: str, start: int = 0, words: int = 8) -> str:
    """The person's words from `start` to the end of the sentence, cut at `words` with a "…"."""
    clause = re.split(r"[.!?](?:\s|$)|\n", text[start : start + 300], maxsplit=1)[0].split()
    return " ".join(clause[:words]) + ("…" if len(clause) > words else "")


def _opening(sentence: str, words: int = 6) -> str:
    return " ".join(sentence.split()[:words]) + "…"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _seconds(words: int) -> float:
    return round(words * 60 / WPM, 1)


@dataclass(frozen=True)
class _Result:
    """A check's finding. `evidence` is the person's own words that earned full marks."""

    points: int
    advice: str = ""
    quotes: tuple[str, ...] = ()
    evidence: str = ""


def _length(doc: _Doc, top: int) -> _Result:
    if doc.listener == "online":
        if doc.chars > ONLINE_LIMIT:
            cut = doc.chars - ONLINE_LIMIT
            return _Result(
                0,
                f"LinkedIn notes stop at {ONLINE_LIMIT} characters and this is {doc.chars:,}: cut at "
                f"least {_count(cut, 'character')}. Keep who you are, one result and the ask.{_read_note(doc)}",
            )
        points = round(top * min(1.0, max(0.0, (doc.chars - 40) / 80)))
        if points == top:
            return _Result(top, evidence=f"It fits the limit at {doc.chars} characters.")
        return _Result(
            points,
            f"At {doc.chars} characters this note is thin; you have room (up to {ONLINE_LIMIT}) for one "
            "result and a specific ask.",
        )
    words, low, high = doc.total_words, *IDEAL_WORDS
    spoken = f"At about {_seconds(words):.0f} seconds spoken ({_count(words, 'word')})"
    if words < low:
        verdict = "is a little short" if words >= 45 else "is over before it lands"
        return _Result(
            min(top - 1, round(top * max(0.0, (words - 20) / (low - 20)))),
            f"{spoken} this {verdict}. Give one more detail about your result or what you are looking "
            f"for; aim for 30-60 seconds, roughly {low}-{high} words.{_read_note(doc)}",
        )
    if words > high:
        return _Result(
            min(top - 1, round(top * max(0.0, 1 - (words - high) / (high / 2)))),
            f"{spoken} this runs long. Trim to 30-60 seconds, roughly {low}-{high} words: who you are, "
            f"one result, your ask.{_read_note(doc)}",
        )
    return _Result(top, evidence=f"A good length: about {_seconds(words):.0f} seconds spoken.")


def _read_note(doc: _Doc) -> str:
    return f" (I only read the first {ANALYSED_CHARS:,} characters.)" if doc.truncated else ""


def _who(doc: _Doc, top: int) -> _Result:
    role = _ROLE.search(doc.text)
    if role and role.start() < doc.early_end:
        said = _phrase(doc.text, role.start())
        claim = " ".join(_CLAUSE_END.split(doc.text[role.start() : role.start() + 200], maxsplit=1)[0].split()[:8])
        muddle = _unique(_hits(_JARGON, claim) + _hits(_FILLER, claim))
        if muddle:
            return _Result(
                top // 2,
                f'Say what you do plainly, without {_quote_list(muddle)}: "{said}" is the line they will '
                "remember you by.",
                muddle,
            )
        return _Result(top, evidence=f'You say who you are straight away: "{said}".')
    if role:
        late = _phrase(doc.text, role.start())
        return _Result(
            top // 2,
            f'You only say what you do at "{late}", well into the pitch. Move it to your first sentence '
            "so they know who is talking.",
            (late,),
        )
    name = _NAME.search(doc.text)
    if name and name.start() < doc.early_end:
        said = name.group(0)
        return _Result(
            top - 4,
            f'"{said}" gives your name; add what you do in the same breath, e.g. "{said}, I help clinics '
            'cut wait times."',
            (said,),
        )
    return _Result(
        0,
        'Open with who you are and what you do, e.g. "I\'m Sam, I help clinics cut wait times." People '
        "decide in the first few seconds whether to keep listening.",
    )


def _proof(doc: _Doc, top: int) -> _Result:
    numbers: list[str] = []
    outcomes: list[str] = []
    for sentence in doc.sentences:
        found = [
            " ".join(sentence[m.start() : m.end() + 30].split()[:2]).rstrip(".,;:!?")
            for m in _NUMBER.finditer(sentence.lower())
            if not _YEAR.fullmatch(m.group(0))
        ]
        outcome = _OUTCOME.search(sentence.lower())
        if outcome and found:
            return _Result(top, evidence=f'A concrete result: "{_phrase(sentence, outcome.start(), 12)}".')
        numbers += found
        if outcome:
            outcomes.append(_phrase(sentence, outcome.start()))
    if numbers and outcomes:
        return _Result(
            top - 2,
            f'Tie the number to the result: say "{numbers[0]}" in the same sentence as "{outcomes[0]}" so '
            "they hear one clear win.",
            (numbers[0], outcomes[0]),
        )
    if outcomes:
        return _Result(
            top * 7 // 12,
            f'"{outcomes[0]}" is a good start; add a number that shows its size (time saved, money, '
            "people helped).",
            (outcomes[0],),
        )
    if numbers:
        return _Result(
            top // 2,
            f'"{numbers[0]}" is not a result yet. Say what you changed, e.g. "cut onboarding from 3 weeks '
            'to 4 days".',
            (numbers[0],),
        )
    vague = _unique(_hits(_VAGUE_CLAIM, doc.text))
    swap = f"Swap vague claims like {_quote_list(vague)} for" if vague else "Add"
    return _Result(
        0,
        f'{swap} one concrete result with a number, e.g. "cut onboarding from 3 weeks to 4 days". One '
        "real result is worth more than any adjective.",
        vague,
    )


def _ask_phrase(sentence: str) -> str:
    found = _ASK.search(sentence.lower())
    return _phrase(sentence, found.start() if found else 0, 12)


def _ask(doc: _Doc, top: int) -> _Result:
    hint = _ASK_HINT[doc.scenario]
    questions = [s for s in doc.sentences if s.rstrip().endswith("?")]
    asking = [s for s in doc.sentences if _ASK.search(s.lower())]
    if doc.listener == "social":
        if asking:
            return _Result(top, evidence=f'An easy way in: "{_ask_phrase(asking[0])}".')
        if questions:
            return _Result(top)
        return _Result(top - 6, f"Give them a way into the conversation. {hint}")
    keys = _KEYS[doc.scenario]
    specific = [s for s in asking + questions if keys.search(s.lower())]
    if specific:
        return _Result(top, evidence=f'A clear ask: "{_ask_phrase(specific[0])}".')
    vague = _unique(_hits(_VAGUE_ASK, doc.text))
    if vague:
        return _Result(
            top - 8,
            f"Asking for {_quote_list(vague)} leaves them guessing how to help. {hint}",
            vague,
        )
    if asking:
        said = _unique(_hits(_ASK, asking[0]))[:1]
        return _Result(
            top - 5,
            f"{_quote_list(said)} starts an ask; now make it concrete. {hint}",
            said,
        )
    return _Result(0, f"Say what you are looking for, or they can't help you. {hint}")


def _close(doc: _Doc, top: int) -> _Result:
    def is_question(sentence: str) -> bool:
        return sentence.rstrip().endswith("?") or bool(_QUESTION_START.search(sentence.lower()))

    last = [s.strip() for s in doc.sentences[-2:] if is_question(s)]
    if last:
        return _Result(top, evidence=f'You hand them the turn: "{_phrase(last[-1], words=14)}"')
    earlier = [_phrase(s, words=14) for s in doc.sentences if is_question(s)]
    if earlier:
        return _Result(
            top // 2,
            f'Move your question ("{earlier[-1]}") to the very end, so they know it is their turn.',
            (earlier[-1],),
        )
    return _Result(0, f"End with a question that hands them the turn, e.g. {_CLOSE_EXAMPLE[doc.scenario]}")


def _fillers(doc: _Doc, top: int) -> _Result:
    found = _hits(_FILLER, doc.text)
    if not found:
        return _Result(top)
    quotes = _unique(found)
    return _Result(
        max(0, top - 2 * len(found)),
        f"Cut the hedges {_quote_list(quotes)}: they make your work sound smaller than it is. Say it "
        'plainly: "I cut deploy time in half", not "I think I kind of cut it a bit".',
        quotes,
    )


def _jargon(doc: _Doc, top: int) -> _Result:
    found = _hits(_JARGON, doc.text)
    if not found:
        return _Result(top)
    social = doc.listener == "social"
    quotes = _unique(found)
    return _Result(
        max(0, top - (4 if social else 3) * len(found)),
        f"Swap the buzzwords {_quote_list(quotes)} for plain words: who you help and what changes for "
        "them." + (" Off duty, plain talk matters even more." if social else ""),
        quotes,
    )


def _sentences(doc: _Doc, top: int) -> _Result:
    limit = WRITTEN_SENTENCE if doc.listener == "online" else SPOKEN_SENTENCE
    sized = [(s, len(_WORD.findall(s))) for s in doc.sentences]
    long = [(s, n) for s, n in sized if n > limit]
    if not long:
        return _Result(top)
    first, count = long[0]
    more = f" and {len(long) - 1} more" if len(long) > 1 else ""
    return _Result(
        max(0, top - sum(1 if n <= limit * 1.25 else 2 if n <= limit * 1.75 else 3 for _, n in long)),
        f'Break up "{_opening(first)}" ({count} words){more}: keep each sentence under {limit} words, '
        "one idea per breath.",
        tuple(_opening(s) for s, _ in long),
    )


def _stem(word: str) -> str:
    word = word.lower().removesuffix("'s")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _repetition(doc: _Doc, top: int) -> _Result:
    content = [w for w in doc.words if len(w) > 3 and w.lower() not in _STOPWORDS and not w[0].isdigit()]
    stemmed = [(_stem(w), w) for w in content]
    counts = Counter(stem for stem, _ in stemmed)
    spelled = dict(reversed(stemmed))  # each stem quoted as first written
    threshold = max(3, -(-len(doc.words) // 40))
    repeated = [(spelled[stem], n) for stem, n in counts.most_common() if n >= threshold]
    if not repeated:
        return _Result(top)
    said = ", ".join(f'"{w}" {n} times' for w, n in repeated[:3])
    return _Result(
        max(0, top - sum(n - threshold + 1 for _, n in repeated)),
        f"You say {said}. Say it once and let the details carry the rest.",
        tuple(w for w, _ in repeated),
    )


def _focus(doc: _Doc, top: int) -> _Result:
    found = _hits(_SELF_PRAISE, doc.text)
    talks_to_them = bool(_YOU.search(doc.text.lower()))
    lost = 3 * len(found) + (0 if talks_to_them else 4)
    if not lost:
        return _Result(top)
    praise = _unique(found)
    parts = []
    if praise:
        parts.append(
            f"Let your results speak instead of labels like {_quote_list(praise)}; say what you did and "
            "let them decide it is impressive."
        )
    if not talks_to_them:
        parts.append('Bring them in: one line with "you" or "your" turns a speech into a conversation.')
    return _Result(max(0, top - lost), " ".join(parts), praise)


_RUBRIC: tuple[tuple[str, Callable[[_Doc, int], _Result], int], ...] = (
    ("length", _length, 12),
    ("who you are", _who, 10),
    ("proof", _proof, 12),
    ("ask", _ask, 12),
    ("close", _close, 6),
    ("fillers", _fillers, 12),
    ("jargon", _jargon, 12),
    ("sentences", _sentences, 6),
    ("repetition", _repetition, 6),
    ("listener focus", _focus, 12),
)
_STRENGTH_ORDER = ("proof", "ask", "who you are", "close", "length")


SCENARIO_WORDS = tuple(_ALIASES)
_OWN_ADVICE = (*SCENARIOS, "investor")  # names with advice of their own; other words take their listener's


def describe_scenario(scenario: str | None) -> str:
    """Who the listener is, for any scenario name or word `score_pitch` accepts."""
    return SCENARIOS[_resolve(scenario)[1]]


def _resolve(scenario: str | None) -> tuple[str, str]:
    name = (scenario or "").strip().lower() or "general"
    listener = _ALIASES.get(name, name)
    if listener not in SCENARIOS:
        valid = ", ".join([*SCENARIOS, *_ALIASES])
        raise ValueError(f"Unknown scenario {scenario!r}. Choose one of: {valid}.")
    return (name if name in _OWN_ADVICE else listener), listener


def _document(text: str, name: str, listener: str) -> _Doc:
    truncated = len(text) > ANALYSED_CHARS
    clean = text[:ANALYSED_CHARS].replace("\u2019", "'").replace("\u2018", "'")
    clean = _SPACES.sub(" ", _MARKUP.sub(" ", _SLACK_LINK.sub(r"\1", clean)))
    if len(clean.lower()) != len(clean):  # a few letters grow when lower-cased; keep spans aligned
        clean = clean.lower()
    words = tuple(_WORD.findall(clean))
    early = 0
    for match in islice(_WORD.finditer(clean), EARLY_WORDS):
        early = match.end()
    return _Doc(
        text=clean,
        words=words,
        sentences=tuple(s for s in _SENTENCE_BREAK.split(clean) if _WORD.search(s)),
        early_end=early,
        scenario=name,
        listener=listener,
        truncated=truncated,
        chars=len(text.strip()),
        total_words=len(_WORD.findall(text)) if truncated else len(words),
    )


def _empty(name: str) -> PitchScore:
    advice = (
        "Write your pitch first: who you are, one result with a number, what you are looking for, and a "
        "question for them. Thirty to sixty seconds is plenty."
    )
    criteria = tuple(Criterion(label, 0, top, advice) for label, _, top in _RUBRIC)
    return PitchScore(0, criteria, 0, 0.0, name, (advice,), ())


def score_pitch(text: str, scenario: str | None = None) -> PitchScore:
    """Score a pitch out of 100 for the listener named by `scenario`, explaining every lost point.

    Raises ValueError only for an unknown scenario; any text at all gets a score.
    """
    name, listener = _resolve(scenario)
    doc = _document(text, name, listener)
    if not doc.words:
        return _empty(name)
    results = {label: (check(doc, top), top) for label, check, top in _RUBRIC}
    criteria = tuple(Criterion(label, r.points, top, r.advice, r.quotes) for label, (r, top) in results.items())
    total = sum(c.points for c in criteria)
    # Most points lost first; then the larger share lost; then rubric order (sorted() is stable).
    ranked = sorted(
        (c for c in criteria if c.points < c.max_points),
        key=lambda c: (c.points - c.max_points, c.points / c.max_points),
    )
    strong = total >= STRONG_TOTAL and all(2 * c.points >= c.max_points for c in criteria)
    fixes = tuple(c.advice for c in ranked)[: 1 if strong else 3]
    strengths = [results[label][0].evidence for label in _STRENGTH_ORDER if results[label][0].evidence]
    if not results["fillers"][0].quotes and not results["jargon"][0].quotes:
        strengths.append("Plain, confident words: no hedges or buzzwords.")
    return PitchScore(
        total, criteria, doc.total_words, _seconds(doc.total_words), name, fixes, tuple(strengths[:3])
    )
