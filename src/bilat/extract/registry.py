"""Extraction of one parsed article: every registered fact type's extractor, in order.

The fact types and their extractors are registered in :mod:`bilat.facts`; this module only
runs them over the article's context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from bilat.extract.context import ArticleContext, DocumentInfo
from bilat.facts import fact_types
from bilat.facts.base import Fact
from bilat.kb.model import KnowledgeBase


@dataclass
class Extraction:
    """What one article yields: its facts and the persons it names."""

    facts: list[Fact]
    persons: list[dict[str, Any]] = field(default_factory=list)


def extract_document(doc: Doc, info: DocumentInfo, kb: KnowledgeBase) -> Extraction:
    """Every fact of one parsed article, type by type in the registry's order, and its
    persons."""
    ctx = ArticleContext(doc, info, kb)
    facts: list[Fact] = []
    for fact_type in fact_types():
        facts.extend(fact_type.extract(ctx))
    return Extraction(facts, ctx.person_records())


def extract_facts(doc: Doc, info: DocumentInfo, kb: KnowledgeBase) -> list[Fact]:
    """Every fact of one parsed article, type by type in the registry's order."""
    return extract_document(doc, info, kb).facts
