"""Cleaning what people type, before any command sees it."""

from __future__ import annotations

import re
import unicodedata

MAX_INPUT_CHARS = 4000
MAX_NAME_CHARS = 80

# raw markup, a broadcast, or a handle as a word of its own (`@sam`, `@U123` from a Slack mention), not an email
_MENTION = re.compile(r"<[!@#][^>]*>|@(?:everyone|here|channel)\b|(?<!\S)@\w", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class InputProblem(ValueError):
    """Text that no command can take; the message says why in the user's terms."""


def clean(text: str) -> str:
    """Normalise unicode, drop invisible control characters, trim. Refuse what is far too long."""
    if not isinstance(text, str):
        raise InputProblem("I can only read text.")
    if len(text) > MAX_INPUT_CHARS:
        raise InputProblem(
            f"That message is {len(text):,} characters; I read up to {MAX_INPUT_CHARS:,}. "
            "Split it up, or keep the notes to what you want to remember."
        )
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return text.strip()


def valid_name(name: str) -> str:
    """A contact name: some letters or digits, one line, not a novel."""
    name = " ".join(name.split())
    if not name or not any(ch.isalnum() for ch in name):
        raise InputProblem("I need a name with at least one letter or number, for example `add Priya Shah, met at PyCon`.")
    if _MENTION.search(name):
        raise InputProblem(
            "That looks like a chat mention (such as `@everyone` or `@sam`), not a name. "
            "Type the person's name as you'd write it, for example `add Priya Shah, met at PyCon`."
        )
    if len(name) > MAX_NAME_CHARS:
        raise InputProblem(f"That name is {len(name)} characters long; names can be up to {MAX_NAME_CHARS}.")
    return name


def shorten(text: str, limit: int) -> str:
    """Cut on a word boundary so quoted notes stay readable."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:. ") + "…"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# The first word of a sentence typed as if to a person, never a command: "I had coffee with Tom", "how do I add…"
SENTENCE_STARTS = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "i'll", "we", "we've", "my", "our", "me", "you",
                             "he", "she", "they", "it", "it's", "this", "that", "there", "the", "a", "an", "so", "and",
                             "but", "also", "well", "how", "why", "when", "where", "who", "which", "can",
                             "could", "would", "should", "do", "does", "did", "is", "are", "was", "will", "please"})
SENTENCES = "I work from short commands rather than sentences."


def starts_a_sentence(word: str) -> bool:
    """Whether a first word opens a sentence typed as if to a person, never a command."""
    return word.casefold().strip(" .!?,").replace("’", "'") in SENTENCE_STARTS
