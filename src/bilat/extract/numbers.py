"""Numbers written in figures or words: '325 millions', 'près d'un milliard', 'une soixantaine'."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bilat.kb.model import KnowledgeBase
from bilat.text import fold


@dataclass(frozen=True)
class Quantity:
    start: int  # character offsets in the text searched
    end: int
    value: float
    unit: str  # currency code, "count" or "years"
    ordinal: bool = False
    scaled: bool = False  # written with a scale word ("300 milliards")
    approximate: bool = False  # "près d'un milliard", "une dizaine", "plus de 170"


@dataclass(frozen=True)
class NumberLexicon:
    """The numbers lexicon folded and compiled: the patterns' shape is here, their words are
    the pack's."""

    pattern: re.Pattern[str]
    words: dict[str, int]
    approximations: dict[str, int]
    scales: dict[str, int]
    currencies: dict[str, str]
    scales_after_number: frozenset[str]
    articles: frozenset[str]
    scale: re.Pattern[str]  # a scale word after a number, through "de"
    half: re.Pattern[str]  # "et demi"
    currency: re.Pattern[str]
    after_article: re.Pattern[str]  # a scale that makes "un" a number
    years: re.Pattern[str]
    approximate: re.Pattern[str]  # "près de", "environ" right before a number


def _alt(items: Iterable[str]) -> str:
    """Longest first, so that the longer of two words sharing a start wins."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


def _build(kb: KnowledgeBase) -> NumberLexicon:
    spec = kb.lexicon.numbers
    words = {fold(k): v for k, v in spec.words.items()}
    approx = {fold(k): v for k, v in spec.approximations.items()}
    scales = {fold(k): v for k, v in spec.scales.items()}
    currencies = {fold(k): v for k, v in spec.currencies.items()}
    articles = [fold(w) for w in spec.articles]
    # "de " before a word, "d'" glued to it.
    links = "|".join(
        re.escape(fold(w)) + ("" if w.endswith(("'", "’")) else r"\s+") for w in spec.scale_links
    )
    # Currencies that are not one word ("$", "francs cfa") are tried before any word.
    signs = _alt(c for c in currencies if not re.fullmatch(r"\w+", c))
    halves = _alt(fold(w) for w in spec.halves).replace(r"\ ", r"\s+")
    pattern = re.compile(
        rf"(?<!\w)(?P<num>\d+(?:[  .]\d{{3}})*(?:,\d+)?"
        rf"|(?:{_alt(words)})(?:[- ](?:{_alt(words)}))*\b)"
        rf"(?P<ord>(?:{_alt(spec.ordinal_suffixes)})\b)?"
        rf"|(?<!\w)(?:(?:{_alt(articles)})\s+)?(?P<approx>{_alt(approx)})\b",
        re.IGNORECASE,
    )
    return NumberLexicon(
        pattern=pattern,
        words=words,
        approximations=approx,
        scales=scales,
        currencies=currencies,
        scales_after_number=frozenset(fold(w) for w in spec.scales_after_number),
        articles=frozenset(articles),
        scale=re.compile(rf"\s*(?:{links})?(\w+)"),
        half=re.compile(rf"\s+(?:{halves})\b"),
        currency=re.compile(
            rf"\s*(?:{links})?({signs}|\w+)" if signs else rf"\s*(?:{links})?(\w+)"
        ),
        after_article=re.compile(rf"\s*(?:{_alt(fold(w) for w in spec.scales_after_article)})"),
        years=re.compile(rf"\s*(?:{_alt(fold(w) for w in spec.year_units)})\b"),
        approximate=re.compile(
            rf"\b(?:{_alt(fold(w) for w in spec.approximate_before)})\s*$".replace(r"\ ", r"\s+")
        ),
    )


def find_quantities(text: str, kb: KnowledgeBase, folded: bool = False) -> list[Quantity]:
    """Numbers with their scale and unit, read left to right in ``text`` (folded here unless
    the caller says it already is; folding keeps offsets)."""
    lexicon: NumberLexicon = kb.compiled("numbers", _build)
    folded_text = text if folded else fold(text)
    return _find(folded_text, lexicon)


def _find(folded: str, lexicon: NumberLexicon) -> list[Quantity]:
    found: list[Quantity] = []
    for match in lexicon.pattern.finditer(folded):
        if match.group("approx"):
            value: float = lexicon.approximations[match.group("approx").lower()]
        else:
            raw = match.group("num")
            if not re.search(r"\d", raw) and not _word_number_context(folded, match, lexicon):
                continue
            parsed = _parse_number(raw, lexicon)
            if parsed is None:
                continue
            value = parsed
        if re.fullmatch(r"(?:1[89]|20)\d{2}", match.group(0)) and not match.group("ord"):
            continue  # a year, not a quantity
        end = match.end()
        rest = folded[end:]
        scaled = False
        scale = lexicon.scale.match(rest)
        if (
            scale
            and scale.group(1) in lexicon.scales
            and (scale.group(1) not in lexicon.scales_after_number or match.group("num"))
        ):
            value *= lexicon.scales[scale.group(1)]
            scaled = True
            end += scale.end()
            rest = folded[end:]
            half = lexicon.half.match(rest)
            if half:  # "un milliard et demi"
                value *= 1.5
                end += half.end()
                rest = folded[end:]
        if not math.isfinite(value):
            continue  # hundreds of digits: not a figure anyone reported
        unit = "count"
        currency = lexicon.currency.match(rest)
        if currency and currency.group(1) in lexicon.currencies:
            unit = lexicon.currencies[currency.group(1)]
            end += currency.end()
        elif lexicon.years.match(rest):
            unit = "years"
        approximate = bool(match.group("approx")) or bool(
            lexicon.approximate.search(folded, max(0, match.start() - 30), match.start())
        )
        found.append(
            Quantity(
                match.start(),
                end,
                value,
                unit,
                ordinal=bool(match.group("ord")),
                scaled=scaled,
                approximate=approximate,
            )
        )
    return found


def _word_number_context(text: str, match: re.Match[str], lexicon: NumberLexicon) -> bool:
    """'un'/'une' are articles unless a scale follows ('un milliard')."""
    word = match.group("num").lower()
    if word not in lexicon.articles:
        return True
    return bool(lexicon.after_article.match(text[match.end() :]))


def _parse_number(raw: str, lexicon: NumberLexicon) -> float | None:
    raw = raw.lower()
    if re.search(r"\d", raw):
        cleaned = re.sub(r"[  .](?=\d{3}\b)", "", raw).replace(",", ".")
        try:
            return float(cleaned)
        except ValueError:
            return None
    total = 0
    current = 0
    for word in re.split(r"[- ]", raw):
        value = lexicon.words.get(word)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += value
    return float(total + current)
