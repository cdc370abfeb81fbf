"""Indicators: trade, investment, counts, anniversaries, flights; measured values and targets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span

from bilat.extract.context import ArticleContext
from bilat.extract.numbers import Quantity, find_quantities
from bilat.facts.base import Fact
from bilat.kb.lexicon import IndicatorsLexicon
from bilat.kb.model import KnowledgeBase
from bilat.text import fold

FACT_TYPE = "indicator"
# How far (characters) a metric's words may stand from its number.
METRIC_WINDOW = 90
# Money within this many characters of a metric's words is that metric ("le volume du
# commerce … a augmenté de 21 % …, atteignant 2,7 milliards de dollars").
MONEY_WINDOW = 160
# Counted things: the noun must follow the number ("une soixantaine d'accords", "12 vols"),
# at most one word between ("36 nouveaux accords"), and the number must be a count.
COUNT_METRICS = {"agreements_signed", "flights", "other"}
# How far (characters) before "au nombre de N" its noun may stand.
COUNT_BEFORE = 40
# What may stand between a count and its noun: a link word, and one adjective.
COUNT_GAP = re.compile(r"\s*(?:de\s+|d')?(?:\w+\s+)?$")
# How many sentences without a sum a figure may refer back over ("… 176 millions de
# dollars. C'est trop peu. Nous voulons atteindre les 500 millions").
REFER_REACH = 1
# Counts of bilateral things below this are "the two of them", not a figure.
MIN_COUNT = 3
# Metrics in money: a bare "300 milliards" after a sum in dollars is in dollars too.
MONEY_METRICS = {"trade_volume", "investment"}
# A scale this large with no unit and no noun after it is money ("atteindre 300 milliards").
MONEY_SCALE = 1_000_000


def _metric_patterns(kb: KnowledgeBase) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every metric phrase, longest first, and phrase -> metric."""
    metrics = kb.lexicon.indicators.metrics
    phrases = {fold(w): str(m) for m, words in metrics.items() for w in words}
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b"), phrases


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex.indicators
    patterns = ctx.kb.compiled("indicator_metrics", _metric_patterns)
    last_metric: str | None = None  # "… ont atteint 2 milliards. Ils veulent les porter à 5"
    quiet = 0  # sentences since the last one with a sum
    currency: str | None = None  # the last currency the article wrote
    seen: set[tuple[object, ...]] = set()  # one fact for a figure the article repeats
    breakdown = _breakdown_pattern(lex)
    for sent in ctx.sentences:
        text = ctx.folded_sentence(sent)
        previous: Quantity | None = None
        metric_here: str | None = None
        sums = False
        counted = False  # a count of documents told, so "dont 1 …" is its breakdown
        for quantity in find_quantities(text, ctx.kb, folded=True):
            if previous is not None and _converted(text, previous, quantity):
                continue  # "85 milliards de dollars (environ 79 milliards d'euros)"
            after_previous = text[previous.end if previous else 0 : quantity.start]
            previous = quantity
            bare = False
            if quantity.unit not in {"count", "years"}:
                currency, sums = quantity.unit, True
            elif _bare_money(sent, text, quantity) and currency is not None:
                quantity, bare, sums = replace(quantity, unit=currency), True, True
            if counted and quantity.unit == "count" and breakdown.search(after_previous):
                continue  # "36 documents, dont 1 intergouvernemental"
            if quantity.ordinal or quantity.unit == "years":
                fact = _anniversary(ctx, sent, text, quantity, lex)
            else:
                fact = _measure(ctx, sent, text, quantity, patterns, lex)
                refers = fact is not None and fact.fields["metric"] == "other" and last_metric
                if fact is not None and refers and (bare or _refers_back(text, quantity, lex)):
                    fact.fields["metric"] = last_metric  # "… atteindre les 500 millions"
            if fact is None:
                continue
            counted = counted or fact.fields["metric"] == "agreements_signed"
            metric_here = metric_here or (
                str(fact.fields["metric"]) if fact.fields["metric"] in MONEY_METRICS else None
            )
            key = (fact.fields["metric"], fact.fields["value"], fact.fields["unit"])
            if key in seen:
                continue
            seen.add(key)
            yield fact
        # A sum told refers back over one sentence without figures at most.
        quiet = 0 if sums else quiet + 1
        if sums or quiet > REFER_REACH:
            last_metric = metric_here


def _breakdown_pattern(lex: IndicatorsLexicon) -> re.Pattern[str]:
    words = "|".join(re.escape(fold(w)) for w in lex.breakdown_words)
    return re.compile(rf"\b(?:{words})\b")


def _bare_money(sent: Span, text: str, quantity: Quantity) -> bool:
    """'pourraient dépasser 40 milliards l'an prochain': a large scaled figure with no unit and
    no counted noun after it ('un milliard de doses' counts doses)."""
    if quantity.unit != "count" or not quantity.scaled or quantity.value < MONEY_SCALE:
        return False
    link = re.match(r"\s*(?:de\s+|d')(?=\w)", text[quantity.end :])
    if link is None:
        return True
    at = sent.start_char + quantity.end + link.end()
    noun = next((t for t in sent if t.idx >= at), None)
    return noun is None or noun.pos_ not in {"NOUN", "PROPN"}


def _converted(text: str, before: Quantity, quantity: Quantity) -> bool:
    between = text[before.end : quantity.start]
    return "(" in between and len(between) < 20 and before.unit not in {"count", "years"}


def _refers_back(text: str, quantity: Quantity, lex: IndicatorsLexicon) -> bool:
    """'le porter à 10 milliards', 'les porter à': a pronoun for the figure told before."""
    before = text[max(0, quantity.start - 40) : quantity.start]
    verbs = "(?:" + "|".join(lex.goal_verbs) + r")\w*"
    pronouns = "|".join(map(re.escape, lex.goal_object_pronouns))
    determiners = "|".join(map(re.escape, lex.goal_determiners))
    to = "(?:" + "|".join(map(re.escape, lex.goal_prepositions)) + ")"
    pronoun = rf"\b(?:{pronouns})\s*{verbs}\s+{to}\s*$"
    demonstrative = rf"\b{verbs}\s+(?:{determiners})\s+\w+\s+{to}\s*$"
    return bool(re.search(pronoun, before) or re.search(demonstrative, before))


def _anniversary(
    ctx: ArticleContext, sent: Span, text: str, quantity: Quantity, lex: IndicatorsLexicon
) -> Fact | None:
    following = text[quantity.end : quantity.end + 90]
    if quantity.ordinal:
        nouns = "|".join(re.escape(fold(w)) for w in lex.anniversary_nouns)
    else:  # "30 ans de relations diplomatiques"
        nouns = "|".join(re.escape(fold(w)).replace(r"\ ", r"\s+") for w in lex.years_of)
    if not re.match(rf"\s*(?:{nouns})(?!\w)", following):
        return None
    subject = following.split(",")[0]
    if not any(re.search(rf"\b{re.escape(fold(w))}\b", subject) for w in lex.anniversary_subjects):
        return None
    dates = [d for d in ctx.dates_in(sent) if d.start >= sent.start_char + quantity.end]
    period = dates[0].until if dates and dates[0].until and len(dates[0].until) == 4 else None
    period = period or (ctx.info.date[:4] if ctx.info.date else None)
    return _fact(ctx, sent, quantity, "anniversary", "years", period, target=False)


def _measure(
    ctx: ArticleContext,
    sent: Span,
    text: str,
    quantity: Quantity,
    patterns: tuple[re.Pattern[str], dict[str, str]],
    lex: IndicatorsLexicon,
) -> Fact | None:
    metric = _metric(text, quantity, patterns, lex)
    if metric is None:
        if quantity.unit in {"count", "years"}:
            return None
        metric = "other"
    if metric in MONEY_METRICS and quantity.unit in {"count", "years"}:
        return None
    if metric in COUNT_METRICS and quantity.unit == "count" and _vague(text, quantity, lex):
        return None  # "des dizaines de projets", "des milliers d'étudiants": no figure
    if metric == "other" and quantity.unit == "count" and quantity.value < MIN_COUNT:
        return None  # "les deux projets", "deux sommets": the pair's two, rarely a figure
    if metric == "agreements_signed" and not any(
        re.search(rf"\b{re.escape(fold(w))}", text) for w in lex.signing_stems
    ):
        return None
    target = any(re.search(rf"\b{re.escape(fold(w))}\b", text) for w in lex.target_words)
    years = [d for d in ctx.dates_in(sent) if len(d.value) == 4 or len(d.value) == 7]
    years = [
        d
        for d in years
        if not (d.start - sent.start_char <= quantity.start < d.end - sent.start_char)
    ]
    period = years[0].value if years else (ctx.info.date[:7] if ctx.info.date else None)
    unit = quantity.unit if quantity.unit != "count" or metric != "other" else "count"
    return _fact(
        ctx,
        sent,
        quantity,
        metric,
        unit,
        period,
        target=target and metric != "strategic_partners_count",
    )


def _vague(text: str, quantity: Quantity, lex: IndicatorsLexicon) -> bool:
    """A plural of a round number ('des dizaines de', 'plusieurs centaines de')."""
    word = text[quantity.start : quantity.end].split()[-1]
    return word in {fold(w) for w in lex.vague_counts}


def _metric(
    text: str,
    quantity: Quantity,
    patterns: tuple[re.Pattern[str], dict[str, str]],
    lex: IndicatorsLexicon,
) -> str | None:
    """The metric named nearest the number; counts need their noun right after it, or just
    before a phrase of counting ('au nombre de')."""
    before = text[max(0, quantity.start - 30) : quantity.start]
    counted_after = any(re.search(rf"\b{re.escape(fold(w))}\s*$", before) for w in lex.count_after)
    best: tuple[int, str] | None = None
    pattern, phrases = patterns
    for match in pattern.finditer(text):  # one pass over the sentence for every phrase
        metric = phrases[match.group(0)]
        if metric in COUNT_METRICS:
            if quantity.unit != "count":
                continue
            if match.start() < quantity.end:
                # "les accords, au nombre de 19": the noun before, the number told after.
                if not (counted_after and quantity.start - match.end() <= COUNT_BEFORE):
                    continue
            elif not COUNT_GAP.match(text[quantity.end : match.start()]):
                continue
        distance = (
            quantity.start - match.end()
            if match.end() <= quantity.start
            else match.start() - quantity.end
        )
        window = METRIC_WINDOW if quantity.unit in {"count", "years"} else MONEY_WINDOW
        if 0 <= distance <= window and (best is None or distance < best[0]):
            best = (distance, metric)
    return best[1] if best else None


def _fact(
    ctx: ArticleContext,
    sent: Span,
    quantity: Quantity,
    metric: str,
    unit: str,
    period: str | None,
    target: bool,
) -> Fact:
    named = [
        m.value
        for m in ctx.in_span(sent.start, sent.end, {"COUNTRY"})
        if m.value in ctx.kb.countries
    ]
    named = list(dict.fromkeys(named))
    if metric == "strategic_partners_count" and named:
        countries = named[:1]
    elif len(named) == 2:
        countries = named
    else:
        countries = list(ctx.pair)
    value = int(quantity.value) if float(quantity.value).is_integer() else quantity.value
    fields: dict[str, object] = {
        "metric": metric,
        "value": value,
        "unit": unit,
        "period": period,
        "countries": countries,
    }
    if target:
        fields["target"] = True
    if quantity.approximate:
        fields["approximate"] = True
    start = sent.start_char + quantity.start
    span = ctx.doc.char_span(start, sent.start_char + quantity.end, alignment_mode="expand")
    return Fact(
        FACT_TYPE,
        fields,
        ctx.evidence(sent, span.start if span else None, span.end if span else None),
    )
