"""Dates in French text, normalised against the document's date.

``dateparser.search`` drops the start of ranges ("du 5 au 7 mai") and misreads lists of days
("les 12 et 13 juin"), so ranges, lists and partial dates are recognised here with patterns
built from the month lexicon, and each date is completed from the document date only where
the text leaves the year implicit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from bilat.kb.lexicon import DatesLexicon
from bilat.kb.schema import build
from bilat.text import fold


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text searched
    end: int
    value: str  # ISO date at the text's precision
    until: str | None = None  # end of a range or the last day of a list
    ahead: str | None = None  # a weekday's next occurrence, for what is announced ("attendu mardi")


def _alternatives(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words``, in the lexicon's order."""
    return "(?:" + "|".join(map(re.escape, words)) + ")"


def _patterns(lexicon: DatesLexicon) -> list[tuple[str, re.Pattern[str]]]:
    return _compile(
        tuple(lexicon.months),
        lexicon.first_day,
        lexicon.range_openers,
        lexicon.list_openers,
        lexicon.range_words,
        lexicon.list_words,
        lexicon.month_openers,
    )


@lru_cache(maxsize=4)
def _compile(
    months: tuple[str, ...],
    first_day: str,
    range_openers: tuple[str, ...],
    list_openers: tuple[str, ...],
    range_words: tuple[str, ...],
    list_words: tuple[str, ...],
    month_openers: tuple[str, ...],
) -> list[tuple[str, re.Pattern[str]]]:
    """The date patterns: their shape is here, every word in them comes from the lexicon."""
    month = "(?P<m>" + "|".join(sorted(months, key=len, reverse=True)) + ")"
    month2 = month.replace("?P<m>", "?P<m2>")
    day = rf"(?P<d>{re.escape(first_day)}|[0-9]{{1,2}})"
    ranged = _alternatives(range_words)
    ranged_or_listed = _alternatives((*range_words, *list_words))
    opens = _alternatives((*range_openers, *list_openers))
    day2 = r"(?P<d2>[0-9]{1,2})"
    year = r"(?P<y>(?:1[89]|20)[0-9]{2})"
    year2 = r"(?P<y2>(?:1[89]|20)[0-9]{2})"
    flags = re.IGNORECASE
    return [
        # du 28 février au 2 mars 2024
        (
            "range2",
            re.compile(
                rf"\b{_alternatives(range_openers)}\s+{day}\s+{month}\s+(?:{year}\s+)?{ranged}\s+"
                rf"{day2}\s+{month2}(?:\s+{year2})?\b",
                flags,
            ),
        ),
        # du 5 au 7 mai 2025 / les 7 et 8 mai
        (
            "range",
            re.compile(
                rf"\b{opens}\s+{day}\s*{ranged_or_listed}\s*"
                rf"{day2}\s+{month}(?:\s+{year})?\b",
                flags,
            ),
        ),
        ("day", re.compile(rf"\b{day}\s+{month}(?:\s+{year})?(?:\s+(?P<rel>\w+))?\b", flags)),
        ("month", re.compile(rf"\b{month}\s+{year}\b", flags)),
        # en septembre dernier, fin octobre, au mois de mai: the year is the document's
        (
            "month_alone",
            re.compile(
                rf"\b{_alternatives(month_openers)}\s*{month}"
                rf"(?:\s+(?P<rel>\w+))?",
                flags,
            ),
        ),
        # (1959-2025), 1992-2025: the first year is the event, the second the anniversary year
        ("years", re.compile(rf"\b{year}\s*[-–]\s*{year2}\b")),
        ("year", re.compile(rf"(?<![\d,.])\b{year}\b(?![\d,.]\d)")),
    ]


def find_dates(
    text: str, lexicon: DatesLexicon | Mapping[str, Any], doc_date: str | None
) -> list[DateMention]:
    """All dates in ``text``, longest patterns first, without overlaps.

    ``lexicon`` is the dates lexicon (months, weekdays, relative words), typed or as read.
    Dates the text leaves implicit are completed from ``doc_date``: the year of "le 8 mai", the
    day of "mardi" (only when the document's date has a day), the year of "l'an dernier".
    """
    if not isinstance(lexicon, DatesLexicon):  # the file's mapping, as read
        lexicon = build(DatesLexicon, lexicon, "dates lexicon")
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns(lexicon):
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            mention = _mention(kind, match, lexicon, doc_date)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    for mention in _relative(text, lexicon, doc_date):
        if not any(mention.start < e and s < mention.end for s, e in taken):
            found.append(mention)
            taken.append((mention.start, mention.end))
    return sorted(found, key=lambda m: m.start)


@lru_cache(maxsize=4)
def _relative_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(
        re.escape(w).replace("'", "['’]") for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?P<w>{alternatives})(?:\s+(?P<rel>\w+))?(?!\w)", re.IGNORECASE)


def _relative(text: str, lexicon: DatesLexicon, doc_date: str | None) -> list[DateMention]:
    """Weekdays, 'hier', 'l'an dernier': dates relative to the document's date."""
    if not doc_date:
        return []
    words = (*lexicon.weekdays, *lexicon.relative_years)
    pattern = _relative_pattern((*words, *lexicon.relative_days))
    past = {fold(w) for w in lexicon.past_words}
    future = {fold(w) for w in lexicon.future_words}
    day = _parse_day(doc_date)
    found: list[DateMention] = []
    for match in pattern.finditer(text):
        word = fold(match.group("w")).replace("’", "'")
        rel = fold(match.group("rel") or "")
        end = match.end() if rel in past | future else match.end("w")
        try:
            mention = _relative_mention(
                word, rel in future, (match.start(), end), doc_date, day, lexicon
            )
        except (OverflowError, ValueError):  # before year 1 or after 9999: no such date
            continue
        if mention is not None:
            found.append(mention)
    return _join_weekdays(text, found, lexicon)


def _relative_mention(
    word: str,
    ahead_of_date: bool,
    span: tuple[int, int],
    doc_date: str,
    day: date | None,
    lexicon: DatesLexicon,
) -> DateMention | None:
    """The date 'word' names, counted from the document's date (its day, when it has one)."""
    weekdays = lexicon.weekdays
    # The lexicon writes its phrases with accents; ``word`` comes folded ("l'annee derniere").
    years = {fold(k).replace("’", "'"): v for k, v in lexicon.relative_years.items()}
    days = {fold(k).replace("’", "'"): v for k, v in lexicon.relative_days.items()}
    start, end = span
    if word in years:
        return DateMention(start, end, date(int(doc_date[:4]) + years[word], 1, 1).isoformat()[:4])
    if day is not None and word in days:
        return DateMention(start, end, (day + timedelta(days=days[word])).isoformat())
    if day is not None and word in weekdays:
        forward = (weekdays[word] - day.weekday()) % 7
        ahead = (day + timedelta(days=forward)).isoformat()
        # News reports what happened: the latest such day up to the document's date.
        offset = (forward or 7) if ahead_of_date else -((day.weekday() - weekdays[word]) % 7)
        value = (day + timedelta(days=offset)).isoformat()
        return DateMention(start, end, value, ahead=ahead)
    return None


def _join_weekdays(text: str, found: list[DateMention], lexicon: DatesLexicon) -> list[DateMention]:
    """'jeudi et vendredi', 'de lundi à mercredi': one mention from the first day to the last."""
    joined: list[DateMention] = []
    joiner = _weekday_joiner(lexicon.list_words, lexicon.range_words)
    for mention in found:
        if joined and joiner.fullmatch(text[joined[-1].end : mention.start]):
            first = joined[-1]
            if first.ahead and mention.ahead and mention.value >= first.value:
                joined[-1] = DateMention(
                    first.start, mention.end, first.value, until=mention.value, ahead=first.ahead
                )
                continue
        joined.append(mention)
    return joined


@lru_cache(maxsize=4)
def _weekday_joiner(list_words: tuple[str, ...], range_words: tuple[str, ...]) -> re.Pattern[str]:
    """The words between two weekdays of one span, as written and without accents."""
    words = [w for w in (*list_words, *range_words) if w.isalpha()]
    return re.compile(
        r"\s+" + _alternatives(tuple(dict.fromkeys([*words, *map(fold, words)]))) + r"\s+"
    )


def _parse_day(doc_date: str) -> date | None:
    try:
        return date.fromisoformat(doc_date) if len(doc_date) == 10 else None
    except ValueError:
        return None


def _mention(
    kind: str, match: re.Match[str], lexicon: DatesLexicon, doc_date: str | None
) -> DateMention | None:
    months = lexicon.months
    groups = match.groupdict()
    if kind == "year":
        return DateMention(match.start(), match.end(), groups["y"])
    if kind == "years":
        return DateMention(match.start(), match.end(), groups["y"], until=groups["y2"])
    month = months.get(fold(groups["m"]), months.get(groups["m"].lower()))
    if month is None:
        return None
    year = groups.get("y") or groups.get("y2") or (doc_date[:4] if doc_date else None)
    if kind == "month_alone":
        if not doc_date:
            return None
        month_year = _year_of_month(month, groups.get("rel"), lexicon, doc_date)
        end = match.end()
        if fold(groups.get("rel") or "") not in _qualifiers(lexicon):
            end = match.end("m")
        return _month_mention(match.start("m"), end, month_year, month)
    if kind == "month":  # the pattern requires the year
        return _month_mention(match.start(), match.end(), int(groups["y"]), month)
    if year is None:
        return None
    start = _iso(int(year), month, groups["d"], lexicon.first_day)
    if start is None:
        return None
    if kind == "day":
        end = match.end()
        if not groups.get("y") and doc_date:
            rel = groups.get("rel")
            year_of_month = _year_of_month(month, rel, lexicon, doc_date)
            start = _iso(year_of_month, month, groups["d"], lexicon.first_day) or start
        if groups.get("rel") and fold(groups["rel"]) not in _qualifiers(lexicon):
            end = match.end("y") if groups.get("y") else match.end("m")
        return DateMention(match.start(), end, start)
    month2 = months.get(fold(groups["m2"])) if groups.get("m2") else month
    end_year = groups.get("y2") or year
    until = _iso(int(end_year), month2 or month, groups["d2"], lexicon.first_day)
    return DateMention(match.start(), match.end(), start, until=until)


def _month_mention(start: int, end: int, year: int, month: int) -> DateMention | None:
    if not 1 <= year <= 9999:  # "en mai dernier" in an article dated in year 1
        return None
    return DateMention(start, end, f"{year:04d}-{month:02d}")


def _qualifiers(lexicon: DatesLexicon) -> set[str]:
    return {fold(w) for w in (*lexicon.past_words, *lexicon.future_words)}


def _year_of_month(month: int, rel: str | None, lexicon: DatesLexicon, doc_date: str) -> int:
    """'en septembre dernier' in a May article is last year's September."""
    year, doc_month = int(doc_date[:4]), int(doc_date[5:7]) if len(doc_date) >= 7 else None
    word = fold(rel or "")
    if doc_month is None:
        return year
    if word in {fold(w) for w in lexicon.past_words} and month >= doc_month:
        return year - 1 if month > doc_month else year
    if word in {fold(w) for w in lexicon.future_words} and month < doc_month:
        return year + 1
    return year


def _iso(year: int, month: int, day_text: str, first_day: str) -> str | None:
    day = 1 if day_text.lower() == first_day.lower() else int(day_text)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def month_of(doc_date: str | None) -> str | None:
    """The document's month (YYYY-MM), the default date of what happened 'on this occasion'."""
    return doc_date[:7] if doc_date else None
