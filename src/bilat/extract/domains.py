"""Domains of cooperation (FORMAT.md's fixed vocabulary) named in a stretch of text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from bilat.kb.model import KnowledgeBase, fold


@dataclass(frozen=True)
class DomainLexicon:
    # Longest first; an empty tuple marks a stop phrase (no domain, hides its words).
    phrases: list[tuple[re.Pattern[str], tuple[str, ...]]]
    lemmas: dict[str, str]


def _build(kb: KnowledgeBase) -> DomainLexicon:
    spec = kb.lexicons["domains"]
    phrases: dict[str, list[str]] = {fold(p): [] for p in spec.get("stop_phrases", [])}
    lemmas: dict[str, str] = {}
    for domain, entry in spec.items():
        if domain == "stop_phrases":
            continue
        for phrase in entry.get("phrases", []):
            phrases.setdefault(fold(phrase), []).append(domain)
        for lemma in entry.get("lemmas", []):
            lemmas.setdefault(fold(lemma), domain)
    ordered = sorted(phrases.items(), key=lambda item: len(item[0]), reverse=True)
    compiled = [(re.compile(rf"\b{re.escape(p)}\b"), tuple(d)) for p, d in ordered]
    return DomainLexicon(compiled, lemmas)


def domains_of(span: Span, kb: KnowledgeBase) -> list[str]:
    """Domains in ``span``, in order of first appearance, each once."""
    lexicon: DomainLexicon = kb.compiled("domains", _build)
    text = fold(span.text)
    found: dict[str, int] = {}
    masked = list(text)
    for pattern, domains in lexicon.phrases:
        for match in pattern.finditer(text):
            if "\0" in masked[match.start() : match.end()]:
                continue
            for domain in domains:
                found.setdefault(domain, match.start())
            masked[match.start() : match.end()] = "\0" * (match.end() - match.start())
    offset = span.start_char
    for token in span:
        start = token.idx - offset
        if "\0" in masked[start : start + len(token.text)]:
            continue
        domain = lexicon.lemmas.get(fold(token.lemma_)) or lexicon.lemmas.get(fold(token.text))
        if domain:
            found.setdefault(domain, start)
    return sorted(found, key=found.__getitem__)
