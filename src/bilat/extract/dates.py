"""Dates in French text, normalised against the document's date.

``dateparser.search`` drops the start of ranges ("du 5 au 7 mai") and misreads lists of days
("les 12 et 13 juin"), so ranges, lists and partial dates are recognised here with patterns
built from the month lexicon, and each date is completed from the document date only where
the text leaves the year implicit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bilat.kb.model import fold


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text searched
    end: int
    value: str  # ISO date at the text's precision
    until: str | None = None  # end of a range or the last day of a list


@lru_cache(maxsize=4)
def _patterns(months: tuple[str, ...]) -> list[tuple[str, re.Pattern[str]]]:
    month = "(?P<m>" + "|".join(sorted(months, key=len, reverse=True)) + ")"
    month2 = month.replace("?P<m>", "?P<m2>")
    day = r"(?P<d>1er|\d{1,2})"
    day2 = r"(?P<d2>\d{1,2})"
    year = r"(?P<y>(?:1[89]|20)\d{2})"
    year2 = r"(?P<y2>(?:1[89]|20)\d{2})"
    flags = re.IGNORECASE
    return [
        # du 28 février au 2 mars 2024
        ("range2", re.compile(rf"\bdu\s+{day}\s+{month}\s+(?:{year}\s+)?(?:au|-|–)\s+{day2}\s+{month2}(?:\s+{year2})?\b", flags)),
        # du 5 au 7 mai 2025 / les 7 et 8 mai
        ("range", re.compile(rf"\b(?:du|les|des)\s+{day}\s*(?:au|et|-|–)\s*{day2}\s+{month}(?:\s+{year})?\b", flags)),
        ("day", re.compile(rf"\b{day}\s+{month}(?:\s+{year})?\b", flags)),
        ("month", re.compile(rf"\b{month}\s+{year}\b", flags)),
        # (1959-2025), 1992-2025: the first year is the event, the second the anniversary year
        ("years", re.compile(rf"\b{year}\s*[-–]\s*{year2}\b")),
        ("year", re.compile(rf"(?<![\d,.])\b{year}\b(?![\d,.]\d)")),
    ]


def find_dates(text: str, months: dict[str, int], doc_date: str | None) -> list[DateMention]:
    """All dates in ``text``, longest patterns first, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns(tuple(months)):
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            mention = _mention(kind, match, months, doc_date)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _mention(
    kind: str, match: re.Match[str], months: dict[str, int], doc_date: str | None
) -> DateMention | None:
    groups = match.groupdict()
    if kind == "year":
        return DateMention(match.start(), match.end(), groups["y"])
    if kind == "years":
        return DateMention(match.start(), match.end(), groups["y"], until=groups["y2"])
    month = months.get(fold(groups["m"]), months.get(groups["m"].lower()))
    if month is None:
        return None
    year = groups.get("y") or groups.get("y2") or (doc_date[:4] if doc_date else None)
    if kind == "month":
        return DateMention(match.start(), match.end(), f"{year}-{month:02d}")
    if year is None:
        return None
    start = _iso(int(year), month, groups["d"])
    if start is None:
        return None
    if kind == "day":
        return DateMention(match.start(), match.end(), start)
    month2 = months.get(fold(groups["m2"])) if groups.get("m2") else month
    end_year = groups.get("y2") or year
    until = _iso(int(end_year), month2 or month, groups["d2"])
    return DateMention(match.start(), match.end(), start, until=until)


def _iso(year: int, month: int, day_text: str) -> str | None:
    day = 1 if day_text.lower() == "1er" else int(day_text)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def month_of(doc_date: str | None) -> str | None:
    """The document's month (YYYY-MM), the default date of what happened 'on this occasion'."""
    return doc_date[:7] if doc_date else None
