"""Commitments: what the parties agreed, pledged, intended or proposed, with its domains."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span

from bilat.extract.context import ArticleContext
from bilat.extract.domains import domains_of
from bilat.facts.base import Fact
from bilat.kb.model import KnowledgeBase
from bilat.text import fold

FACT_TYPE = "commitment"


def _modality_pattern(kb: KnowledgeBase) -> tuple[re.Pattern[str], list[str]]:
    """One alternation of every trigger phrase; group n is the n-th modality's phrase."""
    lex = kb.lexicon.commitments
    # Between the words of a phrase, one adverb may stand ("se sont également engagés").
    adverbs = "|".join(
        [r"\w+" + re.escape(fold(lex.adverb_suffix)), *(re.escape(fold(w)) for w in lex.adverbs)]
    )
    gap = rf"\s+(?:(?:{adverbs})\s+)?"
    alternatives: list[str] = []
    modalities: list[str] = []
    for modality, phrases in lex.modalities.items():
        for phrase in phrases:
            alternatives.append("(" + gap.join(map(re.escape, fold(phrase).split())) + ")")
            modalities.append(str(modality))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return pattern, modalities


def extract(ctx: ArticleContext) -> Iterator[Fact]:
    lex = ctx.lex.commitments
    pattern, modalities = ctx.kb.compiled("commitment_modalities", _modality_pattern)
    needs_subject = {fold(w) for w in lex.needs_party_subject}
    that = "|".join(re.escape(fold(w)) for w in lex.statement_complementisers)
    statements = [re.compile(rf"{re.escape(fold(w))}\s+(?:{that})") for w in lex.statement_verbs]
    ordinals = {fold(w) for w in lex.list_ordinals}
    announces_list = ctx.kb.compiled("commitment_lists", _list_announcement)
    list_modality: str | None = None
    in_list_item = False
    previous_end = 0
    for sent in ctx.sentences:
        text = ctx.folded_sentence(sent)
        new_paragraph = "\n" in ctx.text[max(0, previous_end - 3) : sent.start_char + 1]
        previous_end = sent.end_char
        found = _first_modality(text, pattern, modalities, statements)
        if found and fold(found[2]) in needs_subject and not _party_before(ctx, sent, found[0]):
            found = None
        if list_modality and _opens_with_ordinal(text, ordinals):
            in_list_item = True
        elif new_paragraph:
            in_list_item = False
        if found is None and in_list_item and list_modality:
            found = (0, list_modality, "")
        if found is None:
            continue
        start, modality, phrase = found
        if announces_list.search(text):
            list_modality = modality
        clause = sent.char_span(start, len(sent.text), alignment_mode="expand") or sent
        domains = domains_of(clause, ctx.kb) or ["politics"]
        yield Fact(
            FACT_TYPE,
            {
                "parties": _parties(ctx, sent, start),
                "modality": modality,
                "domains": domains,
                "text": clause.text.strip(),
            },
            ctx.evidence(sent, clause.start, clause.end),
        )


def _list_announcement(kb: KnowledgeBase) -> re.Pattern[str]:
    """'deux axes', 'trois propositions': a sentence announcing the items that follow."""
    lex = kb.lexicon.commitments
    counts = "|".join(re.escape(fold(w)) for w in lex.list_counts)
    nouns = "|".join(re.escape(fold(w)) for w in lex.list_nouns)
    return re.compile(rf"\b(?:{counts})\s+(?:{nouns})\b")


def _first_modality(
    text: str, pattern: re.Pattern[str], modalities: list[str], statements: list[re.Pattern[str]]
) -> tuple[int, str, str] | None:
    match = pattern.search(text)
    if match is None or match.lastindex is None:
        return None
    # "ont convenu que la coopération contribue": a statement, not an undertaking.
    if any(p.match(text, match.start()) for p in statements):
        return None
    return match.start(), modalities[match.lastindex - 1], match.group(0)


def _party_before(ctx: ArticleContext, sent: Span, start: int) -> bool:
    head = sent.char_span(0, start, alignment_mode="contract")
    if head is None or len(head) == 0:
        return False
    return ctx.refers_to_pair(head) or bool(
        ctx.in_span(head.start, head.end, {"COUNTRY", "DEMONYM"})
    )


def _opens_with_ordinal(text: str, ordinals: set[str]) -> bool:
    words = re.findall(r"\w+", text[:40])
    return any(w in ordinals for w in words[:3])


def _parties(ctx: ArticleContext, sent: Span, start: int) -> list[str]:
    """The countries taking the commitment: the subject's, else the article's pair."""
    head = sent.char_span(0, start, alignment_mode="contract")
    if head is not None and len(head) and not ctx.refers_to_pair(head):
        named = [
            m.value
            for m in ctx.in_span(head.start, head.end, {"COUNTRY"})
            if m.value in ctx.kb.countries
        ]
        if named:
            return list(dict.fromkeys(named))
    return list(ctx.pair)
