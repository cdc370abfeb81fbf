"""Numbers written in figures or words: '325 millions', 'près d'un milliard', 'une soixantaine'."""

from __future__ import annotations

import math
import re
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


@dataclass(frozen=True)
class NumberLexicon:
    pattern: re.Pattern[str]
    words: dict[str, int]
    approximations: dict[str, int]
    scales: dict[str, int]
    currencies: dict[str, str]


def _build(kb: KnowledgeBase) -> NumberLexicon:
    spec = kb.lexicons["numbers"]
    words = {fold(k): int(v) for k, v in spec["words"].items()}
    approx = {fold(k): int(v) for k, v in spec["approximations"].items()}
    scales = {fold(k): int(v) for k, v in spec["scales"].items()}
    currencies = {fold(k): str(v) for k, v in spec["currencies"].items()}

    def alt(items: object) -> str:
        return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))  # type: ignore[arg-type]

    suffixes = alt(spec["ordinal_suffixes"])
    pattern = re.compile(
        rf"(?<!\w)(?P<num>\d+(?:[  .]\d{{3}})*(?:,\d+)?"
        rf"|(?:{alt(words)})(?:[- ](?:{alt(words)}))*\b)"
        rf"(?P<ord>(?:{suffixes})\b)?"
        rf"|(?<!\w)(?:une?\s+)?(?P<approx>{alt(approx)})\b",
        re.IGNORECASE,
    )
    return NumberLexicon(pattern, words, approx, scales, currencies)


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
            if not re.search(r"\d", raw) and not _word_number_context(folded, match):
                continue
            parsed = _parse_number(raw, lexicon)
            if parsed is None:
                continue
            value = parsed
        if re.fullmatch(r"(?:1[89]|20)\d{2}", match.group(0)) and not match.group("ord"):
            continue  # a year, not a quantity
        end = match.end()
        rest = folded[end:]
        scale = re.match(r"\s*(?:de\s+|d')?(\w+)", rest)
        if (
            scale
            and scale.group(1) in lexicon.scales
            and scale.group(1) != "mille"
            or (scale and scale.group(1) == "mille" and match.group("num"))
        ):
            value *= lexicon.scales[scale.group(1)]
            end += scale.end()
            rest = folded[end:]
            half = re.match(r"\s+et\s+demie?\b", rest)
            if half:  # "un milliard et demi"
                value *= 1.5
                end += half.end()
                rest = folded[end:]
        if not math.isfinite(value):
            continue  # hundreds of digits: not a figure anyone reported
        unit = "count"
        currency = re.match(r"\s*(?:de\s+|d')?(francs cfa|\$|€|\w+)", rest)
        if currency and currency.group(1) in lexicon.currencies:
            unit = lexicon.currencies[currency.group(1)]
            end += currency.end()
        elif re.match(r"\s*(?:ans|annees)\b", rest):
            unit = "years"
        found.append(Quantity(match.start(), end, value, unit, ordinal=bool(match.group("ord"))))
    return found


def _word_number_context(text: str, match: re.Match[str]) -> bool:
    """'un'/'une' are articles unless a scale follows ('un milliard')."""
    word = match.group("num").lower()
    if word not in {"un", "une"}:
        return True
    return bool(re.match(r"\s*(?:million|milliard)", text[match.end() :]))


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
