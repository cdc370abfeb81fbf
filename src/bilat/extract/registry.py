"""The registry of extractors: one module per fact type, run in FACT_TYPES order.

Adding a fact type is adding a module with an ``extract(ctx)`` function and listing it here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from bilat.extract import agreements, commitments, indicators, meetings, relations, visits
from bilat.extract.base import FACT_TYPES, Fact
from bilat.extract.context import ArticleContext, DocumentInfo
from bilat.kb.model import KnowledgeBase

Extractor = Callable[[ArticleContext], Iterator[Fact]]

EXTRACTORS: dict[str, Extractor] = {
    "visit": visits.extract,
    "meeting": meetings.extract,
    "agreement": agreements.extract,
    "relation": relations.extract,
    "indicator": indicators.extract,
    "commitment": commitments.extract,
}


@dataclass
class Extraction:
    """What one article yields: its facts and the persons it names."""

    facts: list[Fact]
    persons: list[dict[str, Any]] = field(default_factory=list)


def extract_document(doc: Doc, info: DocumentInfo, kb: KnowledgeBase) -> Extraction:
    """Every fact of one parsed article, in the order of FACT_TYPES, and its persons."""
    ctx = ArticleContext(doc, info, kb)
    facts: list[Fact] = []
    for fact_type in FACT_TYPES:
        facts.extend(EXTRACTORS[fact_type](ctx))
    return Extraction(facts, ctx.person_records())


def extract_facts(doc: Doc, info: DocumentInfo, kb: KnowledgeBase) -> list[Fact]:
    """Every fact of one parsed article, in the order of FACT_TYPES."""
    return extract_document(doc, info, kb).facts
