"""Deterministic, explainable elevator-pitch scorer (rubric version 2).

Substance comes first: who you are, a result that matters to this listener, and a clear ask earn
most of the points, and the polish points (no hedges, no buzzwords, a good length…) count only in
proportion to that substance, so saying nothing politely scores low. A pitch whose parts don't
hang together, that insults the listener, or a LinkedIn note too long to send is held down however
well it ticks the other boxes. Every point lost is tied to words the person can see and change.
Pure standard library: no models, no downloads, same answer every time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

RUBRIC_VERSION = 2  # stored with each attempt, so history can tell older scores apart
WPM = 140  # middle of the 130-160 words-per-minute range people speak at
IDEAL_WORDS = (65, 160)  # about 30-60 seconds across that speaking range: the usual full pitch
ONLINE_LIMIT = 300  # LinkedIn connection-note limit, in characters
OVER_LIMIT_CAP = 55  # a note that can't be sent is not a good note, however good its words (35 at 800+)
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
# Words that suit the listener: a punchy party hook is short on purpose; a spoken pitch otherwise
# runs up to a minute. Below the lower figure a pitch can't hold a who, a result and an ask.
_SPOKEN_WORDS = {"social": (12, 90)}
_DEFAULT_WORDS = (25, IDEAL_WORDS[1])


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
    # Each criterion judged on its own, before substance scaling and caps: what a micro-drill practises.
    own: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class _Doc:
    """The analysed text, split once so every criterion reads the same pieces."""

    text: str
    lower: str
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
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")
# Who or where, not something said: a link, an `@name` or `#channel` mention, or one as Discord writes it
# (`<@123>`, `<#123>`: that surface passes text on as typed). Slack's markup is plain text before it gets here.
_NOT_SAID = re.compile(r"https?://\S+|<[@#][^<>\s]{0,80}>|(?<!\S)[@#][^\W\d_][\w.\-]*")

# --- who you are -------------------------------------------------------------------------------
_JOB = (
    r"\w{3,}(?:er|or|ist|ian|ant|ent|ect|eon|ef|ager|yst|ate|ive|ee)s?|nurse|physio|founder|co-founder|ceo|cto"
    r"|owner|chef|coach|tutor|medic|pilot|vet|cook|buyer|clerk|head|lead|student|graduate|intern|specialist"
    r"|photographer|realtor|agent|mechanic|medic|scientist|teacher"
)
_ROLE = _rx(
    rf"\b(?:i'm|i am|im)\s+(?:\w+,\s+)?(?:(?:currently|now|also|basically|actually|just|really|kind of|sort of"
    rf"|a|an|the|one of the|[\w-]+,?)\s+){{0,4}}(?:{_JOB})\b"
    r"|\b(?:i|we)\s+(?:work (?:as|in|on|at|with|for)|help|run|lead|build|design|teach|manage|write|coach|own"
    r"|make|create|develop|study|research|advise|consult|support|sell|train|organi[sz]e|founded|co-founded"
    r"|started|speciali[sz]e|grow|plan|shoot|fix|rewire|audit|rework|do|turn|keep|translate|install|repair"
    r"|built|launched|created|designed|ran|taught)\b"
    r"|\b(?:i'm|i am) (?:working|building|leading|running|studying|training|teaching|finishing"
    r"|launching|starting)\b"
    r"|\b(?:co-?founder|founder|ceo|cto|owner)\s+(?:of|at)\b"
    r"|\bmy (?:job|role|work) is\b|\bas an? \w+|\bi'm in charge of\b|\bi (?:look after|am in charge of)\b"
    r"|\b(?:i'm|i am|i've been|i have been|i was|we're|we are) (?:a|an) (?!bit\b|little\b|lot\b|big fan\b|fan\b)\w+"
    r"|\b(?:i'm|i am)\s+\w+,\s+(?:a|an|the)\s+\w+|\bi'm the (?:person|guy|woman|man|one) who\b"
    r"|\b(?:i|we) (?!am\b|was\b|think|guess|just|really|like|love|hope|want|have|had|did|do\b|can|will|would"
    r"|found|won|grew|got|ran|made|built|sold|led|took|brought|beat|went|came|wrote|taught|kept|spent|saw|met)"
    r"[a-z]{3,}(?<!ed) (?:\w+ )?[a-z]{4,}"
    r"|\bi (?:have|own|run) (?:a|an|my) (?:\w+ ){0,2}(?:company|business"
    r"|shop|studio|practice|firm|agency|bakery|restaurant|farm|caf[eé]|salon|clinic)\b"
)
_NAMED_ROLE = re.compile(rf"^\W*(?:(?:Hi|Hey|Hello)\W+)?[A-Z][a-z]+,\s+(?:an? )?(?:[\w-]+\s+){{0,2}}(?:{_JOB})\b")
# Words that say nothing about what someone does: "I do sales", "I help companies with their business".
_GENERIC = frozenset((
    "i", "i'm", "im", "am", "a", "an", "the", "we", "we're", "are", "my", "is", "as", "at", "for", "of", "in", "on",
    "with", "and", "to", "who", "that", "do", "work", "help", "build", "just", "really", "basically", "kind", "sort",
    "sales", "tech", "it", "software", "stuff", "things", "thing", "business", "consultant", "freelancer",
    "graduate", "entrepreneur", "startup", "marketing", "computers", "companies", "company", "people", "you",
    "your", "their", "everyone", "data", "lot", "lots", "different", "various", "projects", "areas", "bit",
    "everything", "solutions", "services", "clients", "customers", "industry", "field", "space", "world",
    "professional", "person", "guy", "small", "big", "currently", "now", "also", "actually", "been", "have",
    "experience", "here", "there", "across", "many", "stuff", "mostly", "mainly", "general", "kinds", "all",
    "grow", "succeed", "better", "best", "results", "great",
))
_NAME = re.compile(r"\b(?:I'm|I am|[Mm]y name is|[Mm]y name's)\s+[A-Z][a-z]+")
_STORY = _rx(
    r"\b\w+ed\b|\b(?:was|were|had|did|got|made|built|couldn't|didn't|picture|imagine|every year|when|last"
    r"|ago)\b|\?"
)

# --- proof -------------------------------------------------------------------------------------
_NUMBER = _rx(
    r"[$£€]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion|thousand))?\b"
    r"|\b\d[\d,.]*(?:\s?(?:%|percent\b|x\b|k\b|million\b|billion\b|thousand\b|hundred\b))?"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|third"
    r"|quarter|fifth|double[ds]?|triple[ds]?|halved|tenfold)\b"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SPAN = _rx(r"^[\w-]*\s+(?:years?|months?)\b")
_SINCE = _rx(r"\b(?:for|since|with|over)\s+(?:the (?:better|best) part of\s+|nearly\s+|almost\s+|about\s+)?$")
_TENURE = _rx(r"^\s*(?:years?|months?)(?:\s+(?:of|at|with|in|as|experience|now|doing|on)\b|\s*[.,;]|\s*$)")
_OUTCOME = _rx(
    r"\b(?:shipped|cut|cuts|grew|grown|growing|launched|saved|saving|save|reduced|increased|raised|won"
    r"|published|doubled|tripled|halved|delivered|closed|scaled|automated|boosted|lifted|lowered|dropped"
    r"|improved|rebuilt|created|sold|signed|landed|trained|mentored|hired|earned|generated|migrated"
    r"|redesigned|rewrote|placed|found|freed|fell|rose|went (?:from|down|up)|passed|finished|finishing"
    r"|beat|moved|got the keys|used by|now use|use us|uses it|pay us|paying|profitable|sold out"
    r"|waiting list|went down|came down|brought|protected|supplied|fixed|helped|turned|started|replaced"
    r"|introduced|led|built|made|set up|shoot|deliver|keeps?|translated|rewired|did|get|got|reduce|increase|improve"
    r"|serves?|served|instead of|down from|up from|down to|(?:takes?|buys?|orders?|uses?) (?:my|our)"
    r"|go down|went down|lower|grow|raise|cut down|brought down|dropped to)\b"
    r"|\b(?:mrr|arr|revenue|churn|retention|in \d+ (?:stores|shops|schools|hospitals|buildings|homes|countries))\b"
)
_SIZED = _rx(r"\bfrom\b[^.?!]{1,30}\bto\b|\binstead of\b|%|\bpercent\b|[$£€]|\b\d+x\b|\b(?:half|third|fifth|quarter"
             r"|doubled|tripled|halved|tenfold|zero|not one|not a single|none|first time|mrr|arr)\b")
_MONEY_ASK = _rx(r"\b(?:invest\w*|raising|valuation|round|seed)\b")
_OWNED = _rx(r"\b(?:i|we|we're|we've|i've|my|our|us|me)\b")
_DONE = _rx(r"\b\w+ed\b|\bnow\b|\b\w+er than\b|\b(?:faster|cheaper|easier|won|grew|rose|fell|got|ran|made|built"
            r"|sold|led|took|brought|beat|went|came|wrote|taught|found|kept)\b")
# "I rebranded a distillery": something done, size unknown
_DID = _rx(r"\b(?:i|we)\s+(?!am\b|was\b|were\b|are\b)(?:\w+\s+)?\w+ed\b")
_CHANGE = _rx(r"\bfrom\s+\$?([\d,.]+)\s*(?:%|k|percent)?\s+to\s+\$?([\d,.]+)")
_VIVID = _rx(
    r"\b(?:for the first time|first time|not one|not a single|without a single|no rework|zero|none at all"
    r"|sold out|waiting list|got the keys|every one of them|every week|every month|again|now (?:use|uses"
    r"|come|have|has|buy|pay|sees?|gets?|runs?|takes?|opens?|reads?|walks?|sleeps?|lives?|stays?)|paying|half"
    r"|a third|a fifth|doubled|halved|nobody had|sell all|every day)\b|\bwent from\b[^.?!]{3,60}\bto\b"
)
_TRACTION = _rx(
    r"\b(?:mrr|arr|revenue|paying|pay us|customers?|users?|orders?|sales|stores?|pilots?|signed|contracts?"
    r"|listeners|readers|members|downloads|visitors|patients|students|volunteers|donors|covers|downloads"
    r"|growing|growth|profitable|churn|retention|subscribers?|clients?|homes|firms|districts|schools|farms?"
    r"|families|tonnes|pouches|a (?:week|month)|month on month)\b"
)
_NO_TRACTION = _rx(
    r"\b(?:(?:don't|do not|doesn't) have (?:a |any )?(?:product|users|customers|revenue)|no (?:product|users"
    r"|customers|revenue)(?: yet)?|pre-revenue|beta with \d+ friends|(?:friends|family) testing)\b"
)
_OFF_WORK = _rx(
    r"\bmy (?:grocery|groceries|instagram|cats?|dogs?|plants?|weight|holiday|car|tesla|house)\b"
    r"|\bi (?:ran|have|drive|own|won)\b[^.?!]{0,40}\b(?:marathon|quiz|cats?|dogs?|plants?|tesla|car)\b"
    r"|\b(?:my|our) (?:\w+ )?followers\b"
)
_THEIR_NUMBERS = _rx(
    r"\b(?:you|your \w+)\s+(?:\w+\s+)?(?:ate|saved|cut|grew|lost|made|won|increased|reduced|ran|sold|rose)"
    r"\b[^.?!]{0,40}?(?:\d|%)"
)
# Broad lines of work, to notice a result that belongs to another one than the person named.
_FIELDS = {
    field: _rx(rf"\b(?:{words})\b")
    for field, words in {
        "software": r"software|apps?|code|coding|servers?|uptime|api|deploys?|python|java|kotlin|backend|frontend"
        r"|databases?|cloud|aws|saas|websites?|devops|latency|ci|scripts",
        "food": r"food|chefs?|pastry|bakery|caf[eé]s?|restaurants?|kitchens?|menus?|dish(?:es)?|cook\w*|salad"
        r"|herbs|cheese|deli|bistro|catering|brewer(?:y|ies)|grain|cocktails|bar|dairy|grocer\w*",
        "health": r"nurses?|nursing|patients?|hospitals?|clinics?|clinical|icu|doctors?|medic\w*|antibiotics"
        r"|sepsis|hearing|audiolog\w*|physio\w*|therap\w*|dementia|care|asthma|pharmac\w*|prescriptions"
        r"|drugs?|triage|surg\w*|hearts?|dental|vets?|veterinar\w*",
        "money": r"tax(?:es)?|accountants?|accounting|bookkeep\w*|books|vat|payroll|invoices?|banks?|banking"
        r"|loans?|budgets?|forecasts?|insurance|claims|fundrais\w*|donors?",
        "building": r"buildings?|houses?|construction|builders?|electric\w*|rewir\w*|plumb\w*|carpent\w*"
        r"|ramps?|architects?|housing|bridges?|drainage|stormwater|concrete|weld\w*|piping|fabrication"
        r"|renovations?|elevators?",
        "teaching": r"teach\w*|students?|schools?|classrooms?|lessons?|pupils|exams?|courses?|tutor\w*"
        r"|curriculum",
        "transport": r"bus(?:es)?|routes?|vans?|fleet|trucks?|railways?|signalling|logistics|warehouses?"
        r"|deliver(?:y|ies)|airlines?|pilots|flights?|drivers?",
        "farming": r"farms?|farmers?|crops?|soil|agronom\w*|fields|calves|salmon|harvest|orchards?",
    }.items()
}
_VAGUE_CLAIM = _rx(
    r"\b(?:a lot of|lots of|tons of|many|various|several|numerous|different things|here and there"
    r"|proven track record|big plans|seem to like|really growing)\b"
)

# --- ask and close -----------------------------------------------------------------------------
_REQUEST = _rx(
    r"\b(?:i'm|i am|we're|we are|i|we)\s+(?:\w+\s+){0,3}(?:looking (?:for|to|at)|hoping (?:to|for)|seeking"
    r"|searching for|keen to|after|raising|exploring|ready for|search|look for|want to|need)\b"
    r"|^\W*(?:send|call|email|text|message|ping|drop|give) me\b|\b(?:contact|call|email|message) (?:me|us)\b"
    r"|\b(?:i'd|i would|we'd|we would|would) (?:love|like|welcome|appreciate|be glad|be happy|be grateful)\b"
    r"|\b(?:i'm|i am|we're|we are) (?:happy|glad) to\b|\bi like to (?:learn|meet|talk|ask|know|hear)\b"
    r"|\blet's\b|\bplease\b|\bintroduce me\b|\bintros? to\b|\bintroductions? to\b|\bmy goal is\b"
    r"|\bi could\b|\bif you're\b[^.?!]{0,40}\bi'd\b|\blet me know\b|\bwould be great (?:to|if)\b|^\W*happy to\b"
)
_QUESTION_START = _rx(
    r"^\W*(?:would|could|can|do|does|did|are|is|was|what|how|who|which|where|when|why|shall|should|may|got"
    r"|want|any|anyone|fancy)\b(?!')"
)
_TO_THEM = _rx(r"\b(?:you|your|yours|we|us|our|i|me|my|anyone|anything|someone|any)\b")
_NEXT_STEP = _rx(
    r"\b(?:roles?|jobs?|positions?|openings?|vacanc\w+|hiring|hire|recruit\w*|team|intros?|introduc\w*"
    r"|know (?:anyone|any|someone|somebody|a|of)|meet|call|chat|coffee|talk|minutes?|demo|sample|pilot|trial|deck"
    r"|numbers|invest\w*|fund\w*|round|seed|look at|review|send|set (?:\w+ )?up|book|drop|leave|partner\w*"
    r"|collaborat\w*|visit|network|contact|hand|questions?|connect|details|swap|compare|notes|advice"
    r"|feedback|refer\w*|put you down|order|quote|proposal|session|lunch|break|walk through|show|see|share"
    r"|apply|resume|cv|portfolio|local|shop|need\w*|help|mentors?|recommend\w*|fit|work together|work with"
    r"|anything in|guest|speak"
    r"|sit down|cards?|e-?mail|heads-up|get in touch|reach out|buy you|hear (?:how|what|about)"
    r"|learn (?:how|from|about)|clients?|brands?|planners?|therapists?|associations?|builders?|farmers?|agronomists?"
    r"|directors?|engineers?|anyone)\b"
)
_VAGUE_ASK = _rx(
    r"\b(?:open to (?:new )?opportunities|open to anything|open to ideas|any opportunities|new opportunities"
    r"|(?:if )?anything (?:that )?comes up|let me know if (?:you (?:hear of |need )?)?anything|if you hear of"
    r" anything|keep me in mind|something new|something interesting|whatever (?:comes|works)|see what happens"
    r"|let's connect|(?:would be great|love) to connect|can we talk|are you interested|hoping to maybe find"
    r"|add you to my (?:professional )?network|connect with you|looking for something"
    r" something)\b"
)
_WHEN = _rx(
    r"\b(?:next|this|coming) (?:week|month|spring|summer|autumn|fall|winter|year|quarter|term)\b|\b(?:mon|tues|wednes"
    r"|thurs|fri|satur|sun)day\b|\d|\b(?:minutes?|hours?|today|tomorrow|tonight|coffee|lunch|break|after the"
    r"|two|three|one|a few|a couple|quick|short|brief|sample|deck|numbers|resume|cv|details|card)\b"
)
_MEETING = _rx(r"\b(?:call|chat|coffee|meet\w*|talk|demo|session|lunch|visit|sit down)\b")
_ASK_LIST = _rx(r"(?:\ban? \w+,\s*){3,}")
_SOCIAL_QUESTION = _rx(r"\b(?:you|your|yours|anyone)\b")

# --- listener focus and respect ----------------------------------------------------------------
_SELF_PRAISE = _rx(
    r"\b(?:i'm|i am|we're|we are)\s+(?:\w+\s+)?the (?:best|greatest)\b|\bbest in the (?:business|world"
    r"|industry|field)\b|\bone of the best\b|\bamazing\b|\bincredible\b|\bawesome\b|\bexperts?\b|\bgurus?\b"
    r"|\bgenius\b|\bbrilliant\b|\bexceptional\b|\boutstanding\b|\bsuperstar\b|\blegend(?:ary)?\b"
    r"|\bunmatched\b|\bunparalleled\b|\bsecond to none\b|\btop[- ]notch\b|\bhighly skilled\b"
    r"|\bextremely talented\b|\bnatural leader\b|\ba natural\b|\bvisionary\b"
    r"|\b(?:i'm|i am) (?:great|excellent|perfect) at\b|\bi excel\b|\baward-winning\b"
)
_HUMBLE_BRAG = _rx(
    r"\bembarrassing how\b|\btoo good at\b|\bcan't help being\b|\bi must be\b|\beveryone says i'm\b"
    r"|\bpeople keep telling me how\b|\bso humbled\b|\bget headhunted\b|\bfinally be appreciated\b"
    r"|\btop performer everywhere\b|\bi drive a \w+\b"
)
_HARD_SELL = _rx(
    r"\byou need to (?:sign|buy|decide|act|book)\b|\bcan't afford not to\b|\bsign up today\b|\bdecide now\b"
    r"|\boffer ends\b|\bact now\b|\bevery day you wait\b|\byou'd be crazy\b|\bdon't miss\b|\blimited time\b"
    r"|\bput you down for\b|\bonly today\b|\bbefore it's (?:too late|gone)\b"
)
# Contempt aimed at people: "rubbish" alone may be a waste firm's trade, "your team is rubbish" is not.
_INSULT = _rx(
    r"\b(?:you|are|is|were|was|like|look|looks|seem|seems|sound|sounds|most|all|of|your|such)\s+(?:\w+\s+){0,2}?"
    r"(?P<word>clueless|useless|idiots?|idiotic|stupid|incompetent|amateurs?|amateurish|pointless|dinosaurs?"
    r"|pathetic|garbage|rubbish|morons?|dumb|a joke|hopeless|lazy)\b"
    r"|(?P<phrase>\bwasting my time|\bthe mess you've made|\bno offence,? but|\bwhat do you even do)\b"
)
_YOU = _rx(r"\b(?:you|your|you're|yours|you've|you'd|you'll|yourself)\b")

# --- polish ------------------------------------------------------------------------------------
_FILLER = _rx(
    r"\b(?:just|actually|(?<!that )(?<!this )(?<!what )(?<!any )(?:kind|sort) of|i think|i guess|i suppose|maybe"
    r"|sorry|basically|literally|um+|uh+|erm|a bit(?! of)|hopefully|honestly|to be honest|i mean|i feel like"
    r"|perhaps|probably|possibly|a little"
    r"|(?:like|you know)(?=,)|(?:was|i'm|it's) like)\b|,\s*(?:like|you know)\b"
)
_POLITE = frozenset(("maybe", "perhaps", "possibly", "just", "a bit", "a little"))
_JARGON = _rx(
    r"\bsynerg\w*|\bleverag(?:ed|ing)\b|\bleverage(?=\s+(?:the|our|my|your|their|its|this|that|these"
    r"|those|a|an|ai|data|\w{3,}s)\b)|\b(?:to|we|i|you|they|can|will|and)\s+leverage\b"
    r"|\bdisrupt\w*|\bparadigms?\b|\bholistic\b|\bbest[- ]in[- ]class\b|\bbest[- ]of[- ]breed\b"
    r"|\brock ?stars?\b|\bninjas?\b|\bthought[- ]leader(?:s|ship)?\b|\bgame[- ]chang\w+"
    r"|\bmov(?:e|es|ing) the needle\b|\bcircle back\b|\bvalue[- ]add\w*|\bcutting[- ]edge\b"
    r"|\bbleeding[- ]edge\b|\bworld[- ]class\b|\bpassionate about\b|\bgrowth hack\w*|\becosystems?\b"
    r"|\bnext[- ]gen\w*|\blow[- ]hanging fruit\b|\bdeep[- ]dive\b|\bseamless\w*|\brobust\b"
    r"|\binnovative\b|\binnovation\b|\bresults[- ]driven\b|\bempower\w*|\bbandwidth\b|\bideate\b"
    r"|\bactionable insights\b|\bweb3\b"
)

# Only words longer than three letters are counted for repetition and links, so only those are listed.
_STOPWORDS = frozenset(
    (
        "about", "above", "after", "again", "also", "because", "been", "before", "being", "could", "does",
        "doing", "don't", "down", "during", "each", "even", "every", "from", "have", "having", "here",
        "hers", "into", "it's", "just", "like", "more", "most", "much", "only", "other", "ours", "over",
        "really", "same", "some", "such", "than", "that", "that's", "their", "theirs", "them", "then",
        "there", "these", "they", "this", "those", "through", "under", "until", "very", "we're", "we've",
        "were", "what", "when", "where", "which", "while", "whom", "will", "with", "would", "you're",
        "your", "yours", "hello", "thanks", "thank", "i've", "i'll", "i'm", "i'd", "last", "year", "years",
        "month", "months", "week", "weeks", "anyone", "love", "looking", "know", "next", "time", "work",
        "working", "team", "people", "make", "made", "want", "help", "think", "first", "well", "great",
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


def _stems(sentence: str) -> set[str]:
    """Content words cut to five letters, so "nurses" and "nurse" count once."""
    return {w.lower()[:5] for w in _WORD.findall(sentence) if len(w) > 3 and w.lower() not in _STOPWORDS
            and not w[0].isdigit()}


@dataclass(frozen=True)
class _Result:
    """A check's finding. `share` is the fraction of the criterion earned; `evidence` is the person's own
    words that earned it, for the strengths line."""

    share: float
    advice: str = ""
    quotes: tuple[str, ...] = ()
    evidence: str = ""
    ceiling: float | None = None  # a flaw that caps the total on its own, whatever its depth


# --- substance ---------------------------------------------------------------------------------


def _role_claim(doc: _Doc) -> tuple[re.Match[str] | None, str]:
    role = _ROLE.search(doc.lower) or _NAMED_ROLE.search(doc.text)
    if not role:
        return None, ""
    clause = re.split(r"[.;:!?](?:\s|$)|\n", doc.lower[role.start() :], maxsplit=1)[0]
    return role, clause


def _who(doc: _Doc) -> _Result:
    role, clause = _role_claim(doc)
    if role:
        said = _phrase(doc.text, role.start())
        words_before = len(_WORD.findall(doc.text[: role.start()]))
        opening = doc.sentences[0].lower() if doc.sentences else ""
        story = role.start() >= len(doc.sentences[0]) and bool(_STORY.search(opening))
        named = _WORD.findall(doc.text[role.start() : role.start() + len(clause)])
        if all(w.lower() in _GENERIC or w[0].isdigit() or (w[:1].isupper() and w[1:].islower()) for w in named):
            return _Result(
                0.5,
                f'"{said}" could be anyone. Say what you do and for whom, e.g. "I do sales for dental '
                'suppliers in the north-west."',
                (said,),
            )
        muddle = _unique(_hits(_JARGON, clause[:80]) + _hits(_FILLER, clause[:80]))
        if muddle:
            return _Result(0.5, f'Say what you do plainly, without {_quote_list(muddle)}: "{said}" is the line they will '
                           "remember you by.", muddle)
        if role.start() < doc.early_end or (story and words_before <= 0.6 * len(doc.words)):
            how = "after a story that earns their attention" if story else "straight away"
            return _Result(1.0, evidence=f'You say who you are {how}: "{said}".')
        return _Result(
            0.6,
            f'You only say what you do at "{said}", well into the pitch. Move it to your first sentence '
            "so they know who is talking.",
            (said,),
        )
    name = _NAME.search(doc.text)
    if name and name.start() < doc.early_end:
        said = name.group(0)
        return _Result(
            0.25,
            f'"{said}" gives your name; add what you do in the same breath, e.g. "{said}, I help clinics '
            'cut wait times."',
            (said,),
        )
    return _Result(
        0.0,
        'Say who you are and what you do, e.g. "I\'m Sam, I help clinics cut wait times." People decide in '
        "the first few seconds whether to keep listening.",
    )


@dataclass(frozen=True)
class _Claim:
    """A sentence offered as a result, with what it is worth as proof (0-1) and why it is worth less."""

    share: float
    sentence: str
    start: int  # where the claim starts in the sentence
    issue: str = ""  # why it is worth less than a real result


def _significant(sentence: str) -> bool:
    """A "from A to B" change of under a tenth is a rounding error, not a result."""
    change = _CHANGE.search(sentence)
    if not change:
        return True
    try:
        a, b = (float(n.replace(",", "").rstrip(".")) for n in change.groups())
    except ValueError:
        return True
    return abs(a - b) >= 0.1 * max(a, b, 1e-9)


@lru_cache(maxsize=8)
def _claims(doc: _Doc) -> tuple[_Claim, ...]:
    """Every sentence that says something happened because of the speaker's work, with its worth.
    Cached: proof and coherence both read them."""
    found = []
    for sentence in doc.sentences:
        lower = sentence.lower()
        outcome = _OUTCOME.search(lower) or _VIVID.search(lower) or _DID.search(lower)
        numbers = [m for m in _NUMBER.finditer(lower)
                   if not _YEAR.fullmatch(m.group(0)) and not _TENURE.match(lower[m.end() :])
                   and not (_SPAN.match(lower[m.end() :]) and _SINCE.search(lower[max(0, m.start() - 30) : m.start()]))]
        vivid = _VIVID.search(lower)
        if not outcome and not (numbers and _TRACTION.search(lower)):
            if numbers:
                found.append(_Claim(0.2, sentence, numbers[0].start(), "no result"))
            continue
        start = outcome.start() if outcome else numbers[0].start()
        said = lower.replace(outcome.group(0), " ", 1) if outcome else lower
        content = len({w for w in _stems(said) if not _NUMBER.fullmatch(w)}) + bool(_TRACTION.search(lower))
        if _THEIR_NUMBERS.search(lower):
            found.append(_Claim(0.0, sentence, start, "theirs"))
        elif _OFF_WORK.search(lower):
            found.append(_Claim(0.1, sentence, start, "off work"))
        elif not _significant(lower):
            found.append(_Claim(0.15, sentence, start, "small"))
        elif (numbers and content >= 1) or (vivid and content >= 2):
            found.append(_Claim(1.0, sentence, start))
        elif content >= 2 and _DONE.search(lower):
            found.append(_Claim(0.3 if _VAGUE_CLAIM.search(lower) else 0.6, sentence, start, "no size"))
        elif numbers:
            found.append(_Claim(0.2, sentence, start, "no result" if content else "measures nothing"))
    return tuple(found)


def _ownership(claim: _Claim) -> tuple[float, bool, bool]:
    """Rank results by worth, then one with a size, then one the speaker owns ("we", "my") over a fact
    about the world."""
    lower = claim.sentence.lower()
    return claim.share, bool(_SIZED.search(lower)), bool(_OWNED.search(lower))


def _proof(doc: _Doc) -> _Result:
    claims = _claims(doc)
    best = max(claims, key=_ownership, default=None)
    investor = doc.scenario == "investor"
    if best and investor and _NO_TRACTION.search(doc.lower):
        quote = _hits(_NO_TRACTION, doc.text)[0]
        return _Result(0.1, f'"{quote}": to an investor that is the whole story. Come back with one sign people '
                       "want it: paying customers, a signed pilot, a waiting list.", (quote,))
    if best and best.share >= 0.9:
        said = _phrase(best.sentence, best.start, 12)
        if investor and not _TRACTION.search(best.sentence.lower()):
            return _Result(0.5, f'"{said}" is a result, but an investor wants traction: paying customers, revenue, '
                           "growth a month.", (said,))
        sized = _SIZED.search(best.sentence.lower()) or sum(c.share >= 0.9 for c in claims) > 1
        if not sized:
            return _Result(0.85, f'"{said}" is a real result; give it a before and after ("from 6 hours to 20 '
                           'minutes") or a share ("a third fewer") so they feel its size.', (said,))
        return _Result(best.share, evidence=f'A concrete result: "{said}".')
    if best and best.issue in ("theirs", "off work", "small"):
        said = _phrase(best.sentence, best.start, 10)
        why = {
            "theirs": "is about them, not your work",
            "off work": "is about your life, not your work",
            "small": "is too small a change to count as a result",
        }[best.issue]
        return _Result(
            best.share,
            f'"{said}" {why}. Give one result of the work you named that matters to this listener, e.g. '
            '"cut onboarding from 3 weeks to 4 days".',
            (said,),
        )
    if best and best.issue == "no size":
        said = _phrase(best.sentence, best.start)
        return _Result(best.share, f'"{said}" is a good start; show its size: time saved, money, people '
                       "helped, or what they can do now that they couldn't before.", (said,))
    if best:
        said = _phrase(best.sentence, best.start, 4)
        return _Result(best.share, f'"{said}" is a number, not a result. Say what changed because of your work, '
                       'e.g. "cut onboarding from 3 weeks to 4 days".', (said,))
    vague = _unique(_hits(_VAGUE_CLAIM, doc.text))
    swap = f"Swap vague claims like {_quote_list(vague)} for" if vague else "Add"
    return _Result(
        0.0,
        f'{swap} one concrete result of your work: a number ("cut onboarding from 3 weeks to 4 days") or a '
        "vivid outcome (\"a patient walked the stairs again\"). One real result beats any adjective.",
        vague,
    )


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


def _is_question(sentence: str) -> bool:
    """Ends with "?", or reads as one and was left unpunctuated ("Could we talk next week")."""
    lower = sentence.lower().rstrip()
    if lower.endswith("?"):
        return True
    return not lower.endswith((".", "!", "…")) and bool(_QUESTION_START.search(lower) and _TO_THEM.search(lower))


def _asks(doc: _Doc) -> list[str]:
    """Sentences that ask the listener for something: a request, or a question about a next step."""
    def asks(sentence: str) -> bool:
        lower = sentence.lower()
        return bool(_REQUEST.search(lower) or (_is_question(sentence) and _TO_THEM.search(lower)
                                               and _NEXT_STEP.search(lower)))

    return [s for s in doc.sentences if asks(s)]


def _ask(doc: _Doc) -> _Result:
    hint = _ASK_HINT[doc.scenario]
    asking = _asks(doc)
    if doc.listener == "social":
        friendly = asking + [s for s in doc.sentences if _is_question(s) and _SOCIAL_QUESTION.search(s.lower())]
        if friendly:
            return _Result(1.0, evidence=f'An easy way in: "{_phrase(friendly[-1], words=12)}".')
        return _Result(0.0, f"Give them a way into the conversation. {hint}")
    vague = _unique(_hits(_VAGUE_ASK, doc.text))
    specific = [s for s in asking if _NEXT_STEP.search(s.lower()) and not _VAGUE_ASK.search(s.lower())]
    if specific:
        if _ASK_LIST.search(specific[0].lower()):
            said = _phrase(specific[0], words=10)
            return _Result(0.3, f'"{said}" asks for everything at once. Pick the one next step that fits. {hint}',
                           (said,))
        said = _phrase(specific[0], words=12)
        if any(_MEETING.search(s.lower()) for s in specific) and not any(_WHEN.search(s.lower()) for s in specific):
            return _Result(0.85, f'"{said}" is a clear ask; add when or how much, e.g. "20 minutes next week", so '
                           "saying yes is easy.", (said,))
        return _Result(1.0, evidence=f'A clear ask: "{said}".')
    if vague:
        return _Result(0.3, f"Asking for {_quote_list(vague)} leaves them guessing how to help. {hint}", vague)
    if asking:
        said = _phrase(asking[0], words=8)
        return _Result(0.6, f'"{said}" starts an ask; now make it concrete. {hint}', (said,))
    return _Result(0.0, f"Say what you are looking for, or they can't help you. {hint}")


@lru_cache(maxsize=256)
def _fields(sentence: str) -> frozenset[str]:
    lower = sentence.lower()
    return frozenset(field for field, words in _FIELDS.items() if words.search(lower))


def _stray_result(doc: _Doc) -> str:
    """A result of the speaker's that plainly belongs to another line of work than the rest of the pitch."""
    claims = [c for c in _claims(doc) if c.share > 0 and _OWNED.search(c.sentence.lower())
              and not _REQUEST.search(c.sentence.lower())]
    said = {c.sentence for c in claims}
    context = set().union(*(_fields(s) for s in doc.sentences if s not in said))
    for claim in claims:
        result = _fields(claim.sentence)
        if context and result and not context & result:
            return claim.sentence
    return ""


def _coherence_issues(doc: _Doc, proof: _Result) -> list[tuple[float, str, str]]:
    """What breaks the thread: (cost as a share, what to say, the words to quote)."""
    issues: list[tuple[float, str, str]] = []
    theirs = [_phrase(doc.text, m.start()) for m in _THEIR_NUMBERS.finditer(doc.lower)]
    if theirs:
        issues.append((0.8, "results that belong to nobody you named", theirs[0]))
    fragments = [s.strip() for s in doc.sentences if len(_WORD.findall(s)) <= 2 and not s.rstrip().endswith("?")
                 and not re.match(r"^\W*(?:thanks|thank you|cheers|hi|hello|hey|anyway)\b", s.lower())]
    if len(fragments) >= 2:
        issues.append((0.35 * len(fragments), "loose fragments", fragments[0]))
    off_work = [_phrase(doc.text, m.start()) for m in _OFF_WORK.finditer(doc.lower)]
    if off_work:
        issues.append((0.8, "a result from your private life, not your work", off_work[0]))
    empty = [c.sentence for c in _claims(doc) if c.issue == "measures nothing"]
    if empty:
        issues.append((0.5, "a number that measures nothing", empty[0]))
    loose = [m.group(0) for m in _NUMBER.finditer(doc.lower) if not _YEAR.fullmatch(m.group(0))]
    if len(loose) >= 5 and proof.share < 0.5:
        issues.append((0.5, "numbers that measure nothing", _hits(_NUMBER, doc.text)[0]))
    stray = _stray_result(doc)
    if stray:
        issues.append((0.8, "a result from another field than the work you named", stray))
    money = _MONEY_ASK.search(doc.lower)
    if doc.scenario == "investor" and proof.share < 0.5 and money:
        issues.append((0.5, "an ask for money that nothing in the pitch backs up", _phrase(doc.text, money.start())))
    return issues


def _coherence(doc: _Doc, proof: _Result) -> _Result:
    issues = _coherence_issues(doc, proof)
    if not issues:
        return _Result(1.0)
    cost = min(1.0, sum(c for c, _, _ in issues))
    worst = max(issues, key=lambda i: i[0])
    quote = _opening(worst[2], 8) if len(worst[2].split()) > 8 else worst[2].strip(" .")
    return _Result(
        1.0 - cost,
        f'The parts don\'t hang together: "{quote}" ({worst[1]}). Tell one story: who you are, what you did '
        "in that work, and what you want next because of it.",
        (quote,),
    )


# --- the rest ----------------------------------------------------------------------------------


def _length(doc: _Doc) -> _Result:
    if doc.listener == "online":
        if doc.chars > ONLINE_LIMIT:
            cut = doc.chars - ONLINE_LIMIT
            return _Result(
                0.0,
                f"This can't be sent: LinkedIn notes stop at {ONLINE_LIMIT} characters and this is {doc.chars:,}. "
                f"Cut at least {_count(cut, 'character')}. Keep who you are, one result and the ask.{_read_note(doc)}",
                ceiling=OVER_LIMIT_CAP - 20 * min(1.0, cut / 500),
            )
        share = min(1.0, max(0.0, (doc.chars - 40) / 80))
        if share == 1.0:
            return _Result(1.0, evidence=f"It fits the limit at {doc.chars} characters.")
        return _Result(share, f"At {doc.chars} characters this note is thin; you have room (up to {ONLINE_LIMIT}) "
                       "for one result and a specific ask.")
    words = doc.total_words
    low, high = _SPOKEN_WORDS.get(doc.listener, _DEFAULT_WORDS)
    spoken = f"At about {_seconds(words):.0f} seconds spoken ({_count(words, 'word')})"
    if words < low:
        return _Result(
            min(0.9, max(0.0, (words - 5) / (low - 5))),
            f"{spoken} this is over before it lands. Give one more detail about your result or what you are "
            f"looking for.{_read_note(doc)}",
        )
    if words > high:
        share = min(0.9, max(0.0, 1 - (words - high) / (high * 0.4)))
        return _Result(
            share,
            f"{spoken} this runs long. Trim to under a minute, about {high} words at most: who you are, one "
            f"result, your ask.{_read_note(doc)}",
            ceiling=100 - (1 - share) * _LONG_DEPTH,
        )
    return _Result(1.0, evidence=f"A good length for this listener: about {_seconds(words):.0f} seconds spoken.")


def _read_note(doc: _Doc) -> str:
    return f" (I only read the first {ANALYSED_CHARS:,} characters.)" if doc.truncated else ""


def _focus(doc: _Doc) -> _Result:
    praise = _unique(_hits(_SELF_PRAISE, doc.text))
    brag = _unique(_hits(_HUMBLE_BRAG, doc.text))
    sell = _unique(_hits(_HARD_SELL, doc.text))
    brings_them_in = bool(_YOU.search(doc.lower)) or any(_is_question(s) for s in doc.sentences)
    lost = 0.3 * len(sell) + 0.25 * len(brag) + 0.2 * len(praise) + (0 if brings_them_in else 0.3)
    if not lost:
        return _Result(1.0)
    parts = []
    if sell:
        parts.append(f"Hard sell: {_quote_list(sell)} pushes them away. Offer one easy next step and let them "
                     "choose it.")
    if brag:
        parts.append(f"Humble-brag: {_quote_list(brag)} is about you, not them. Drop it and let a result speak.")
    if praise:
        parts.append(f"Let your results speak instead of labels like {_quote_list(praise)}; say what you did and "
                     "let them decide it is impressive.")
    if not brings_them_in:
        parts.append("Bring them in: a question about them turns a speech into a conversation.")
    return _Result(max(0.0, 1 - lost), " ".join(parts), sell + brag + praise)


def _respect(doc: _Doc) -> _Result:
    found = _unique([doc.text[m.start(m.lastgroup or 0) : m.end(m.lastgroup or 0)] for m in _INSULT.finditer(doc.lower)])
    if not found:
        return _Result(1.0)
    return _Result(
        0.0,
        f"{_quote_list(found)} insults the person you want help from, and it is all they will remember. Take it "
        "out: say what you do better, not what they do badly.",
        found,
    )


def _close(doc: _Doc) -> _Result:
    last = [s.strip() for s in doc.sentences[-2:] if _is_question(s)]
    if last:
        return _Result(1.0, evidence=f'You hand them the turn: "{_phrase(last[-1], words=14).rstrip("…")}?"')
    earlier = [_phrase(s, words=14) for s in doc.sentences if _is_question(s)]
    if earlier:
        return _Result(0.5, f'Move your question ("{earlier[-1]}") to the very end, so they know it is their turn.',
                       (earlier[-1],))
    return _Result(0.0, f"End with a question that hands them the turn, e.g. {_CLOSE_EXAMPLE[doc.scenario]}")


def _fillers(doc: _Doc) -> _Result:
    # "You have maybe five minutes?" is politeness, not a hedge: softeners in a question are left alone.
    found = [hit for s in doc.sentences for hit in _hits(_FILLER, s)
             if not (_is_question(s) and hit.lower() in _POLITE)]
    if not found:
        return _Result(1.0)
    quotes = _unique(found)
    return _Result(
        max(0.0, 1 - 0.15 * len(found)),
        f"Cut the hedges {_quote_list(quotes)}: they make your work sound smaller than it is. Say it "
        'plainly: "I cut deploy time in half", not "I think I kind of cut it a bit".',
        quotes,
    )


def _jargon(doc: _Doc) -> _Result:
    found = _hits(_JARGON, doc.text)
    if not found:
        return _Result(1.0)
    social = doc.listener == "social"
    quotes = _unique(found)
    return _Result(
        max(0.0, 1 - (0.15 if social else 0.1) * len(found)),
        f"Swap the buzzwords {_quote_list(quotes)} for plain words: who you help and what changes for "
        "them." + (" Off duty, plain talk matters even more." if social else ""),
        quotes,
    )


def _sentences(doc: _Doc) -> _Result:
    limit = WRITTEN_SENTENCE if doc.listener == "online" else SPOKEN_SENTENCE
    sized = [(s, len(_WORD.findall(s))) for s in doc.sentences]
    long = [(s, n) for s, n in sized if n > 1.2 * limit]  # a sentence a few words over is still easy to say
    if not long:
        return _Result(1.0)
    first, count = long[0]
    more = f" and {len(long) - 1} more" if len(long) > 1 else ""
    return _Result(
        max(0.0, 1 - sum(max(0.0, n - 1.2 * limit) / (1.5 * limit) for _, n in long)),
        f'Break up "{_opening(first)}" ({count} words){more}: keep each sentence under {limit} words, '
        "one idea per breath.",
        tuple(_opening(s) for s, _ in long),
    )


def _stem(word: str) -> str:
    word = word.lower().removesuffix("'s")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _repetition(doc: _Doc) -> _Result:
    content = [w for w in doc.words if len(w) > 3 and w.lower() not in _STOPWORDS and not w[0].isdigit()]
    stemmed = [(_stem(w), w) for w in content]
    counts = Counter(stem for stem, _ in stemmed)
    spelled = dict(reversed(stemmed))  # each stem quoted as first written
    threshold = max(4, -(-len(doc.words) // 40))
    repeated = [(spelled[stem], n) for stem, n in counts.most_common() if n >= threshold]
    if not repeated:
        return _Result(1.0)
    said = ", ".join(f'"{w}" {n} times' for w, n in repeated[:3])
    return _Result(
        max(0.0, 1 - 0.2 * sum(n - threshold + 1 for _, n in repeated)),
        f"You say {said}. Say it once and let the details carry the rest.",
        tuple(w for w, _ in repeated),
    )


# name, check, points. The first three are the substance; the others count in proportion to it.
_SUBSTANCE: tuple[tuple[str, Callable[[_Doc], _Result], int], ...] = (
    ("who you are", _who, 12),
    ("proof", _proof, 14),
    ("ask", _ask, 12),
)
_POLISH: tuple[tuple[str, Callable[[_Doc], _Result], int], ...] = (
    ("length", _length, 6),
    ("listener focus", _focus, 8),
    ("respect", _respect, 10),
    ("close", _close, 4),
    ("fillers", _fillers, 8),
    ("jargon", _jargon, 8),
    ("sentences", _sentences, 5),
    ("repetition", _repetition, 5),
)
_COHERENCE_POINTS = 8
CRITERIA = (*(n for n, _, _ in _SUBSTANCE), "coherence", *(n for n, _, _ in _POLISH))
_SUBSTANCE_WEIGHT = {"who you are": 0.25, "proof": 0.45, "ask": 0.3}
# How low one criterion alone holds the total when it fails completely: a pitch is only as good as its
# worst flaw, so an insult or a note that can't be sent can't be rescued by the rest.
_DEPTH = {"who you are": 30, "proof": 45, "ask": 50, "coherence": 80, "length": 70, "listener focus": 55,
          "respect": 80, "close": 25, "fillers": 55, "jargon": 65, "sentences": 40, "repetition": 50}
_INVESTOR_PROOF_DEPTH = 55  # to an investor, traction is the pitch
_LONG_DEPTH = 60  # "length" above is for a pitch too short to hold a who, a result and an ask; a long one
# loses them by degrees, by how far over it runs
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
    clean = _SPACES.sub(" ", _NOT_SAID.sub(" ", clean))
    if len(clean.lower()) != len(clean):  # a few letters grow when lower-cased; keep spans aligned
        clean = clean.lower()
    words = tuple(_WORD.findall(clean))
    early = 0
    for match in islice(_WORD.finditer(clean), EARLY_WORDS):
        early = match.end()
    return _Doc(
        text=clean,
        lower=clean.lower(),
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
        "Write your pitch first: who you are, one result of your work, what you are looking for, and a "
        "question for them. Thirty to sixty seconds is plenty."
    )
    tops = [top for _, _, top in _SUBSTANCE] + [_COHERENCE_POINTS] + [top for _, _, top in _POLISH]
    criteria = tuple(Criterion(label, 0, top, advice) for label, top in zip(CRITERIA, tops, strict=True))
    return PitchScore(0, criteria, 0, 0.0, name, (advice,), (), criteria)


def _criterion(name: str, result: _Result, top: int, scale: float, held_back: str) -> Criterion:
    """Points for a finding, scaled by what holds it back; lost points are always explained."""
    points = round(top * result.share * scale)
    if points == top:  # a flaw too small to cost a point is not worth a word
        return Criterion(name, points, top)
    advice = result.advice or held_back
    return Criterion(name, points, top, advice, result.quotes if advice == result.advice else ())


def _limit(found: dict[str, _Result], scenario: str) -> tuple[float, str]:
    """The ceiling the worst flaw puts on the total, and which criterion sets it."""
    def ceiling(label: str) -> float:
        if found[label].ceiling is not None:
            return found[label].ceiling
        depth = _INVESTOR_PROOF_DEPTH if label == "proof" and scenario == "investor" else _DEPTH[label]
        return 100 - (1 - found[label].share) * depth

    worst = min(CRITERIA, key=ceiling)
    return ceiling(worst), worst


def _cap(criteria: list[Criterion], cap: float, blocker: str) -> list[Criterion]:
    """Hold the total at or under `cap` by giving the flaw that sets it a bigger share of the 100 points.

    Every other line keeps its proportion (a full line stays full), and the flaw's own line shows what it
    costs: "fillers 0/55" says plainly that the hedges are what hold this pitch down.
    """
    flaw = next(c for c in criteria if c.name == blocker)
    others = [c for c in criteria if c.name != blocker]
    earned = sum(c.points for c in others)
    if earned + flaw.points <= cap or not flaw.advice:  # a flaw too small to name holds nothing back
        return criteria
    k = max(0.0, cap - flaw.points) / earned
    scaled = {}
    for c in others:
        top = max(int(c.max_points * k), 0 if c.points == c.max_points else 1)  # rounded down: the total stays under the cap
        points = top if c.points == c.max_points else min(int(c.points * k), top - 1)
        scaled[c.name] = replace(c, points=points, max_points=top)
    top = 100 - sum(c.max_points for c in scaled.values())
    note = f" This alone holds the pitch to {int(cap)} at most."
    return [scaled.get(c.name) or replace(c, max_points=top, advice=c.advice + note) for c in criteria]


def score_pitch(text: str, scenario: str | None = None) -> PitchScore:
    """Score a pitch out of 100 for the listener named by `scenario`, explaining every lost point.

    Raises ValueError only for an unknown scenario; any text at all gets a score.
    """
    name, listener = _resolve(scenario)
    doc = _document(text, name, listener)
    if not doc.words:
        return _empty(name)
    found = {label: check(doc) for label, check, _ in _SUBSTANCE}
    if found["ask"].share and found["proof"].share < 0.3 and found["who you are"].share < 0.6:
        found["ask"] = _Result(found["ask"].share / 2, "An ask with nothing behind it is easy to refuse: say what you do "
                               "and one result first, so they know why to say yes.")
    found["coherence"] = _coherence(doc, found["proof"])
    found |= {label: check(doc) for label, check, _ in _POLISH}
    substance = sum(_SUBSTANCE_WEIGHT[label] * found[label].share for label in _SUBSTANCE_WEIGHT)
    held_back = (
        f"These points count in proportion to what the pitch says ({round(substance * 100)}% so far): they fill "
        "up as you add who you are, a real result and a clear ask."
    )
    tops = {label: top for label, _, top in (*_SUBSTANCE, *_POLISH)} | {"coherence": _COHERENCE_POINTS}
    criteria = [
        _criterion(label, found[label], tops[label], 1.0 if label in _SUBSTANCE_WEIGHT else substance, held_back)
        for label in CRITERIA
    ]
    cap, blocker = _limit(found, name)
    binding = cap < sum(c.points for c in criteria) and bool(next(c for c in criteria if c.name == blocker).advice)
    criteria = _cap(criteria, cap, blocker)
    over = listener == "online" and doc.chars > ONLINE_LIMIT
    first = ("length",) if over else (blocker,) if binding else ()  # a note that can't be sent is said first
    total = sum(c.points for c in criteria)
    # The deciding flaw first; then what fixing each would win on its own; then rubric order.
    ranked = sorted(
        (c for c in criteria if c.points < c.max_points),
        key=lambda c: (c.name not in first, (found[c.name].share - 1) * tops[c.name], c.points - c.max_points),
    )
    strong = total >= STRONG_TOTAL and all(2 * c.points >= c.max_points for c in criteria)
    advice = [c.advice for c in ranked if c.advice != held_back] or [c.advice for c in ranked]
    fixes = tuple(dict.fromkeys(advice))[: 1 if strong else 3]
    # Nothing is praised in a pitch held down by an insult or by parts that don't hang together.
    sunk = binding and blocker in ("respect", "coherence")
    strengths = [] if sunk else [found[label].evidence for label in _STRENGTH_ORDER if found[label].evidence]
    if not found["fillers"].quotes and not found["jargon"].quotes and substance >= 0.8 and not sunk:
        strengths.append("Plain, confident words: no hedges or buzzwords.")
    own = tuple(_criterion(label, found[label], tops[label], 1.0, "") for label in CRITERIA)
    return PitchScore(
        total, tuple(criteria), doc.total_words, _seconds(doc.total_words), name, fixes, tuple(strengths[:3]), own
    )
