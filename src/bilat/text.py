"""Text helpers shared by every layer: folding, name tokens, title words and light stems.

Two folds, for two jobs:

- :func:`fold` keeps the length (one character per character), so offsets found in folded
  text are offsets in the original; lexicons and the knowledge base match through it.
- :func:`ascii_fold` decomposes everything NFKD can and spells out the letters it cannot
  (``œ`` -> ``oe``); names and titles are compared through it, by the merging rules and the
  scorer alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml

LETTER_RUNS = re.compile(r"[^\W\d_]+")
# Spaces and every hyphen or dash a name may be written with.
_NAME_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
_NAME_PUNCTUATION = ".,;:()'\u2019\""
# Letters that NFKD does not decompose into a base letter plus a combining mark.
_UNDECOMPOSABLE_LETTERS = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
    }
)


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char == "’":
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    lowered = base.lower()
    return lowered if len(lowered) == 1 else (char.lower() if len(char.lower()) == 1 else char)


def fold(text: str) -> str:
    """Case- and accent-insensitive form, one character per character ('Tô Lâm' -> 'to lam').

    Folding keeps the length, so offsets found in folded text are offsets in the original.
    """
    return "".join(map(_fold_char, text))


def ascii_fold(text: str) -> str:
    """Lower-case and strip accents, spelling out ligatures: ``"Tô Lâm"`` -> ``"to lam"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def person_tokens(name: str) -> frozenset[str]:
    """Accent- and case-free name tokens, split on spaces and hyphens."""
    tokens = (token.strip(_NAME_PUNCTUATION) for token in _NAME_SEPARATORS.split(ascii_fold(name)))
    return frozenset(token for token in tokens if token)


def light_stem(word: str) -> str:
    """Fold plural and feminine endings so that simple inflections compare equal.

    ``investissements`` -> ``investissement``, ``commerciales`` -> ``commercial``,
    ``internationaux`` -> ``international``. Applied to both sides, so over-stemming a word
    (``pays`` -> ``pay``) is harmless.
    """
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=8)
def stop_words(language: str | None = None) -> frozenset[str]:
    """Accent-free function words dropped before comparing titles and clauses:
    ``grammar.stop_words`` of ``language``'s pack, or of every pack when None (titles are
    compared whatever language they were reported in). Read here from the files: this module
    sits below bilat.kb, which checks the same key when it loads a pack."""
    data = resources.files("bilat") / "kb" / "data"
    languages = [language] if language else sorted(e.name for e in data.iterdir() if e.is_dir())
    found: set[str] = set()
    for code in languages:
        path = data / code / "lexicon" / "grammar.yaml"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            words = (yaml.safe_load(handle) or {}).get("stop_words")
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{code}/lexicon/grammar.yaml: stop_words is not a list of words")
        found.update(words)
    return frozenset(found)


def title_words(title: str) -> frozenset[str]:
    """The content words of a title: folded, stop words dropped, lightly stemmed."""
    words = LETTER_RUNS.findall(ascii_fold(title))
    stops = stop_words()
    return frozenset(light_stem(word) for word in words if word not in stops)
