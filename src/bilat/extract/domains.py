"""Domains of cooperation (FORMAT.md's fixed vocabulary) named in a stretch of text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from bilat.kb.model import KnowledgeBase
from bilat.text import fold


@dataclass(frozen=True)
class DomainLexicon:
    # One alternation of every phrase, longest first; an empty tuple of domains marks a stop
    # phrase (no domain, hides its words from the lemma lists).
    phrase_pattern: re.Pattern[str]
    phrases: dict[str, tuple[str, ...]]
    lemmas: dict[str, str]


def _build(kb: KnowledgeBase) -> DomainLexicon:
    spec = kb.lexicon.domains
    phrases: dict[str, list[str]] = {fold(p): [] for p in spec.stop_phrases}
    lemmas: dict[str, str] = {}
    for domain, entry in spec.domains.items():
        for phrase in entry.phrases:
            phrases.setdefault(fold(phrase), []).append(domain)
        for lemma in entry.lemmas:
            lemmas.setdefault(fold(lemma), domain)
    ordered = sorted(phrases, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")
    return DomainLexicon(pattern, {p: tuple(d) for p, d in phrases.items()}, lemmas)


def domains_of(span: Span, kb: KnowledgeBase) -> list[str]:
    """Domains in ``span``, in order of first appearance, each once."""
    lexicon: DomainLexicon = kb.compiled("domains", _build)
    text = fold(span.text)
    found: dict[str, int] = {}
    masked = list(text)
    for match in lexicon.phrase_pattern.finditer(text):
        for domain in lexicon.phrases[match.group(0)]:
            found.setdefault(domain, match.start())
        masked[match.start() : match.end()] = "\0" * (match.end() - match.start())
    offset = span.start_char
    for token in span:
        start = token.idx - offset
        if "\0" in masked[start : start + len(token.text)]:
            continue
        named = lexicon.lemmas.get(fold(token.lemma_)) or lexicon.lemmas.get(fold(token.text))
        if named:
            found.setdefault(named, start)
    return sorted(found, key=found.__getitem__)
