"""Relations: the level of a relationship, set up or raised, or restated."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from spacy.tokens import Span

from bilat.extract.base import Fact
from bilat.extract.context import ArticleContext
from bilat.extract.dates import month_of
from bilat.kb.model import KnowledgeBase, fold

FACT_TYPE = "relation"
ANNIVERSARY = re.compile(r"\b(\d{1,3})\s*(?:e|eme|er)\s+anniversaire\b")


def _level_patterns(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], str]]:
    levels = kb.lexicons["relations"]["levels"]
    ordered = sorted(levels.items(), key=lambda item: len(item[0]), reverse=True)
    return [(re.compile(rf"\b{re.escape(fold(p))}\b"), str(level)) for p, level in ordered]


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex["relations"]
    patterns = ctx.kb.compiled("relation_levels", _level_patterns)
    establish = {fold(w) for w in lex["establish_words"]}
    counting = {fold(w) for w in lex["count_words"]}
    seen: set[tuple[frozenset[str], str, str]] = set()
    for sent in ctx.sentences:
        text = ctx.folded_sentence(sent)
        taken: list[tuple[int, int]] = []
        for pattern, level in patterns:
            for match in pattern.finditer(text):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                taken.append((match.start(), match.end()))
                span = sent.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is None:
                    continue
                before = {fold(t.lemma_) for t in ctx.doc[sent.start : span.start]}
                before |= {fold(t.text) for t in ctx.doc[sent.start : span.start]}
                if before & counting:
                    continue
                action = "established" if before & establish else "reaffirmed"
                if level == "partnership" and action != "established":
                    continue
                for countries in _country_pairs(ctx, sent):
                    key = (frozenset(countries), level, action)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield Fact(
                        FACT_TYPE,
                        {
                            "countries": countries,
                            "level": level,
                            "action": action,
                            "date": _date(ctx, sent, span) if action == "established" else None,
                        },
                        ctx.evidence(sent),
                    )


def _country_pairs(ctx: ArticleContext, sent: Span) -> list[list[str]]:
    """The pairs the sentence speaks of: its subject country with each other country named."""
    named = [
        m.value
        for m in ctx.in_span(sent.start, sent.end, {"COUNTRY"})
        if m.value in ctx.kb.countries
    ]
    named = list(dict.fromkeys(named))
    if len(named) >= 2:
        anchor = named[0]
        return [[anchor, other] for other in named[1:]]
    if len(named) == 1:
        anchor = ctx.pair[0] if ctx.pair and ctx.pair[0] != named[0] else ctx.other_than(named[0])
        if anchor is None or (_multilateral(ctx) and not ctx.refers_to_pair(sent)):
            return []
        return [[anchor, named[0]]]
    if len(ctx.pair) == 2 and (ctx.refers_to_pair(sent) or not _multilateral(ctx)):
        return [list(ctx.pair)]
    return []


def _multilateral(ctx: ArticleContext) -> bool:
    """An article about more than one pair (a tour): a level without its countries is unsure."""
    counts = Counter(m.value for m in ctx.mentions if m.kind == "COUNTRY" and m.value in ctx.kb.countries)
    return sum(1 for n in counts.values() if n >= 2) >= 3


def _date(ctx: ArticleContext, sent: Span, level: Span) -> str | None:
    dates = ctx.dates_in(sent)
    after = [d for d in dates if d.start >= level.end_char]
    if after and after[0].start - level.end_char < 40:
        return after[0].value
    if dates:
        return dates[0].value
    # "le 60e anniversaire de l'établissement des relations diplomatiques" in a 2023 article.
    anniversary = ANNIVERSARY.search(ctx.folded_sentence(sent), 0, level.start_char - sent.start_char)
    if anniversary and ctx.info.date:
        return str(int(ctx.info.date[:4]) - int(anniversary.group(1)))
    return month_of(ctx.info.date)
