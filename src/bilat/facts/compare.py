"""How the values of fact fields compare: countries, dates, persons, titles, numbers.

Every function here takes raw JSON values and never raises. A value of the wrong type
(a number where a date is expected, a string where a list is expected) compares equal to
nothing, so a malformed prediction is scored as wrong instead of crashing the scorer.
"""

from __future__ import annotations

import math
from typing import TypeGuard

from bilat.ingest.document import ISO_DATE
from bilat.text import person_tokens, title_words

TITLE_OVERLAP_THRESHOLD = 0.5
INDICATOR_VALUE_TOLERANCE = 0.05

# --- scalars -------------------------------------------------------------------------------


def same_label(a: object, b: object) -> bool:
    """Enumerated values (kind, level, ...) or exact dates: equal strings, or both null."""
    if a is None and b is None:
        return True
    return isinstance(a, str) and isinstance(b, str) and a == b


def is_number(value: object) -> TypeGuard[int | float]:
    """A finite JSON number (booleans are not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def same_number(a: object, b: object) -> bool:
    """Exactly the same number (``60`` equals ``60.0``)."""
    return is_number(a) and is_number(b) and a == b


def value_within_tolerance(
    gold: object, pred: object, tolerance: float = INDICATOR_VALUE_TOLERANCE
) -> bool:
    """``abs(pred - gold) <= tolerance * abs(gold)``; a zero gold value needs a zero prediction."""
    if not (is_number(gold) and is_number(pred)):
        return False
    return abs(pred - gold) <= tolerance * abs(gold)


# --- dates ---------------------------------------------------------------------------------


def is_iso_date(value: object) -> TypeGuard[str]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    return isinstance(value, str) and ISO_DATE.fullmatch(value) is not None


def same_date_at_coarser_precision(a: object, b: object) -> bool:
    """Dates compared at the coarser of their two precisions, or both null.

    ``2025-05`` vs ``2025-05-05`` compares ``2025-05``; ``2025`` vs ``2025-05-05`` compares
    ``2025``. A null date never equals a real one.
    """
    if a is None and b is None:
        return True
    if not (is_iso_date(a) and is_iso_date(b)):
        return False
    precision = min(len(a), len(b))
    return a[:precision] == b[:precision]


# --- countries and other sets --------------------------------------------------------------


def country_code(value: object) -> str | None:
    """An upper-cased country code, or None for anything that is not a string."""
    return value.strip().upper() if isinstance(value, str) else None


def same_country(a: object, b: object) -> bool:
    """The same country code (case-insensitive), or both null."""
    if a is None and b is None:
        return True
    code_a, code_b = country_code(a), country_code(b)
    return code_a is not None and code_a == code_b


def string_set(value: object, upper: bool = False) -> frozenset[str] | None:
    """A list of strings as a set; null or missing is the empty set; anything else is None."""
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return frozenset(item.strip().upper() if upper else item.strip() for item in value)


def same_string_set(a: object, b: object, upper: bool = False) -> bool:
    """Two well-formed string lists holding the same set of values."""
    set_a, set_b = string_set(a, upper), string_set(b, upper)
    return set_a is not None and set_a == set_b


def same_country_set(a: object, b: object) -> bool:
    """Two country lists with the same codes, in any order and case."""
    return same_string_set(a, b, upper=True)


# --- persons -------------------------------------------------------------------------------


def same_person(a: object, b: object) -> bool:
    """Names sharing a token (``Tokaiev`` ~ ``Kassym-Jomart Tokaïev``), or both null."""
    if a is None and b is None:
        return True
    if not (isinstance(a, str) and isinstance(b, str)):
        return False
    return bool(person_tokens(a) & person_tokens(b))


def person_list(value: object) -> list[str] | None:
    """A list of names; null or missing is the empty list; anything else is None."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return value


def share_a_person(names_a: list[str], names_b: list[str]) -> bool:
    """At least one name of one list matches a name of the other."""
    return any(same_person(a, b) for a in names_a for b in names_b)


def same_people(a: object, b: object) -> bool:
    """Every name on each side matches some name on the other side."""
    names_a, names_b = person_list(a), person_list(b)
    if names_a is None or names_b is None:
        return False
    return all(any(same_person(x, y) for y in names_b) for x in names_a) and all(
        any(same_person(y, x) for x in names_a) for y in names_b
    )


# --- agreement titles ----------------------------------------------------------------------


def titles_overlap(a: object, b: object, threshold: float = TITLE_OVERLAP_THRESHOLD) -> bool:
    """Titles sharing at least half of their content words.

    "Half" is read against the shorter title: ``|A ∩ B| / min(|A|, |B|) >= threshold``, where
    A and B are the content-word sets of :func:`title_words`. So a short title that is wholly
    contained in a longer one matches it. Two empty (or null) titles match; one empty title
    matches nothing; a title that is not a string matches nothing.
    """
    if not (a is None or isinstance(a, str)) or not (b is None or isinstance(b, str)):
        return False
    words_a, words_b = title_words(a or ""), title_words(b or "")
    if not words_a or not words_b:
        return not words_a and not words_b
    return len(words_a & words_b) / min(len(words_a), len(words_b)) >= threshold


def same_title_words(a: object, b: object) -> bool:
    """Titles with exactly the same content words (used to rank candidates, not to match)."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return a is None and b is None
    return title_words(a) == title_words(b)
