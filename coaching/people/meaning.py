"""Words that mean the same thing when someone asks their network for help.

`ask who can introduce me to a VC` should find the note "angel investor", and `ask anyone into ML
infrastructure` the notes "ML infra". Three things make that work, each explainable:
- stop words never match: the words a request is wrapped in ("who", "knows", "about", "anyone",
  "advice") say nothing about whom it needs;
- stems: a Snowball stemmer (the `snowballstemmer` package) puts "hiring", "hired" and "hires" together;
- concepts: a short hand-kept list of abbreviations and synonyms that a stemmer cannot know
  ("VC", "venture capital", "angel", "investor"). Each line is one idea; keep lines narrow, since
  everything on a line matches everything else on it.
The list was tuned on part of the labelled set in bench/ask_set.py; the rest is held out (bench/RESULTS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

_STOP_TEXT = """
a about above across after again against all almost also am an and any anybody anyone anything are around as ask
asking at be because been being best both but by can could did do does doing done during each either else even ever
every everyone for from get gets getting give go going good got great had has have having he her here hers him his
how i if in into is it its just know knows knowing like looking lot lots made make many may me might more most much
must my need needs needed new no nobody none not now of off on one only or other others our out over own people
person please really right same see seek seeking she should so some somebody someone something such than that the
their them then there these they thing things this those through to too try trying up us use very want wants was way
we well were what when where which while who whom whose why will with within without would yes yet you your
help helps helping advice advise expertise expert experts intro intros introduce introduction introductions connect
connection contact contacts find finding talk talking chat recommend recommendation tips guidance anybody's
"""
STOPWORDS = frozenset(_STOP_TEXT.split())

# One idea per line: abbreviations, synonyms and phrases that mean it when people ask for help.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "investor": ("vc", "vcs", "venture capital", "venture capitalist", "venture partner", "venture", "ventures",
                 "investor", "angel", "angel investor", "seed fund", "backer", "backed", "cheque", "cheques",
                 "raise money", "funding"),
    "ml": ("ml", "machine learning", "ai", "artificial intelligence", "deep learning", "llm", "llms",
           "large language model", "large language models", "neural network"),
    "infrastructure": ("infra", "infrastructure", "platform engineer", "devops", "sre", "site reliability", "cloud",
                       "kubernetes", "k8s", "terraform"),
    "hiring": ("hiring", "hire", "recruiter", "recruiting", "recruitment", "talent", "headhunter", "job", "jobs",
               "vacancy", "vacancies", "opening", "openings"),
    "design": ("designer", "design", "ux", "ui", "user experience", "usability", "product designer"),
    "product": ("pm", "pms", "product manager", "product management", "head of product", "product owner"),
    "legal": ("lawyer", "attorney", "solicitor", "counsel", "legal", "law", "barrister"),
    "accounting": ("accountant", "accounting", "bookkeeper", "bookkeeping", "tax", "taxes", "cpa"),
    "marketing": ("marketing", "marketer", "growth marketer", "seo", "brand", "advertising", "ads", "campaigns"),
    "sales": ("sales", "account executive", "business development", "bd", "partnerships"),
    "press": ("press", "journalist", "reporter", "media", "pr", "public relations", "coverage"),
    "retail buying": ("grocery", "groceries", "supermarket", "supermarkets", "buyer", "buyers", "buying"),
    "pottery": ("pottery", "ceramics", "ceramic", "potter", "clay", "kiln"),
    "property": ("property", "real estate", "estate agent", "realtor", "rental", "renting", "flat", "apartment",
                 "landlord"),
    "health": ("doctor", "gp", "physician", "clinician", "nurse", "medical", "medicine", "health", "healthcare",
               "medtech"),
    "teaching": ("teacher", "teaching", "teaches", "lecturer", "professor", "tutor", "education"),
    "publishing": ("publishing", "publisher", "literary agent", "editor", "book", "books"),
    "data engineering": ("data engineer", "data engineering", "etl", "pipeline", "pipelines", "airflow", "dbt",
                         "analytics engineer"),
    "mobile": ("mobile", "ios", "android", "swift", "kotlin", "app developer"),
    "frontend": ("frontend", "front-end", "front end", "react", "vue", "typescript", "javascript"),
    "security": ("security", "cybersecurity", "infosec", "appsec", "pentest", "pentests", "penetration testing",
                 "ciso"),
    "founder": ("founder", "founders", "cofounder", "co-founder", "co-founded", "ceo", "entrepreneur"),
    "mentor": ("mentor", "mentors", "mentoring", "coach", "coaching", "advisor", "adviser"),
    "photography": ("photographer", "photography", "photo", "photos", "headshot", "headshots"),
    "translation": ("translator", "translation", "interpreter", "localisation", "localization"),
    "events": ("venue", "event space", "event rooms", "co-working space", "coworking"),
    "climate": ("climate", "carbon", "sustainability", "sustainable", "net zero", "renewable", "cleantech"),
    "music": ("musician", "band", "bass", "bassist", "guitarist", "music producer", "gig"),
    "fitness": ("personal trainer", "fitness", "trainer"),
    "payments": ("payments", "payment", "fintech"),
    "people ops": ("hr", "human resources", "people ops", "people operations", "hr business partner"),
    "logistics": ("logistics", "supply chain", "shipping", "freight"),
    "food": ("chef", "cook", "cooking", "catering", "supper club"),
    "podcast": ("podcast", "podcasts", "podcaster", "podcast host"),
    "coffee": ("coffee", "barista", "roaster", "espresso"),
}


@dataclass(frozen=True)
class Term:
    """A word or phrase as written, its stem, and the ideas it stands for."""

    word: str
    stem: str
    concepts: frozenset[str]


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball stem; cached, since the same few thousand words come back in every search."""
    return _STEMMER.stemWord(word.casefold())


@cache
def _phrases() -> tuple[dict[tuple[str, ...], frozenset[str]], int]:
    """Every concept phrase as a tuple of stems, with the concepts it stands for; and the longest phrase."""
    found: dict[tuple[str, ...], set[str]] = {}
    for concept, phrases in CONCEPTS.items():
        for phrase in phrases:
            found.setdefault(tuple(stem(word) for word in _WORD.findall(phrase)), set()).add(concept)
    return {key: frozenset(value) for key, value in found.items()}, max(len(key) for key in found)


def terms(text: str) -> list[Term]:
    """The words of `text` that carry meaning, longest concept phrases first ("machine learning" is one term)."""
    words = [word.casefold() for word in _WORD.findall(text)]
    stems = [stem(word) for word in words]
    phrases, longest = _phrases()
    found: list[Term] = []
    at = 0
    while at < len(words):
        for size in range(min(longest, len(words) - at), 0, -1):
            key = tuple(stems[at:at + size])
            if key in phrases:
                found.append(Term(" ".join(words[at:at + size]), " ".join(key), phrases[key]))
                at += size
                break
        else:
            word = words[at]
            if word not in STOPWORDS and (len(word) > 2 or word.isdigit()):
                found.append(Term(word, stems[at], frozenset()))
            at += 1
    return list({term.stem: term for term in found}.values())
