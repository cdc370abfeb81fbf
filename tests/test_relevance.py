"""Skipping what cannot yield a fact: the light pass's plan, and facts unchanged by it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import EXAMPLES

from bilat.engine import Processor, ingest
from bilat.ingest import Document, iter_documents
from bilat.nlp.pipeline import light_doc
from bilat.settings import Settings
from bilat.store import schema
from bilat.store.store import Store

# A visit report with a paragraph of other news in its middle (as a press digest runs them).
DIPLOMATIC = (
    "Le président sénégalais, Bassirou Diomaye Faye, a effectué le 12 mars 2025 une visite "
    "officielle à Rabat. Il s'est entretenu avec le chef du gouvernement marocain, Aziz Akhannouch."
)
OTHER_NEWS = [
    "De fortes pluies tomberont dès demain sur tout le littoral.",
    "Les températures resteront douces pour la saison.",
]
AFTER = (
    "Les deux parties ont convenu de :\n"
    "- renforcer la coopération dans le domaine de l'agriculture ;\n"
    "- développer les liaisons maritimes entre leurs ports."
)
MIXED = DIPLOMATIC + "\n\n" + " ".join(OTHER_NEWS) + "\n\n" + AFTER + "\n"
SPORT = (
    "Le club de la ville a remporté dimanche son quatrième succès d'affilée.\n\n"
    "L'entraîneur a salué l'engagement de ses joueurs malgré une pelouse glissante."
)


def document(name: str, text: str) -> Document:
    return Document(name=name, source=f"test/{name}", text=text, date="2025-03-12")


@pytest.fixture(scope="module")
def full_parse(processor: Processor) -> Processor:
    return processor.with_settings(replace(processor.settings, skip_irrelevant=False))


def records(processor: Processor, documents: list[Document]) -> list[tuple]:
    return [
        (
            p.document.name,
            f.type,
            repr(sorted(f.fields.items())),
            f.evidence.start,
            f.evidence.end,
            f.evidence.sentence,
        )
        for p in processor.process(documents)
        for f in p.facts
    ]


def test_the_plan_skips_other_news_and_keeps_list_items(processor: Processor) -> None:
    plan = processor.relevance.plan(light_doc(processor.nlp, MIXED))
    skipped = [MIXED[s.start : s.end].strip() for s in plan.segments if not s.keep]
    assert skipped == OTHER_NEWS
    kept = " ".join(MIXED[s.start : s.end] for s in plan.segments if s.keep)
    assert "renforcer la coopération" in kept and "liaisons maritimes" in kept
    blanked = plan.blanked(MIXED)
    assert len(blanked) == len(MIXED) and blanked.count("\n") == MIXED.count("\n")
    assert "pluies" not in blanked and "Akhannouch" in blanked


def test_an_article_naming_no_country_is_not_parsed(processor: Processor) -> None:
    plan = processor.relevance.plan(light_doc(processor.nlp, SPORT))
    assert plan.parse_nothing
    (processed,) = processor.process([document("sport", SPORT)])
    assert processed.facts == []
    stored = [SPORT[s.start : s.end].strip() for s in processed.sentences]
    assert stored == [line for line in SPORT.split("\n") if line]


def test_light_sentences_do_not_split_abbreviations_or_list_numbers(processor: Processor) -> None:
    text = "M. Dupont est arrivé à Dakar. 1. Renforcer la coopération. Il pleuvait. Fin"
    plan = processor.relevance.plan(light_doc(processor.nlp, text))
    segments = [text[s.start : s.end].strip() for s in plan.segments]
    assert segments == [
        "M. Dupont est arrivé à Dakar.",
        "1. Renforcer la coopération.",
        "Il pleuvait.",
        "Fin",
    ]


def test_skipping_changes_no_fact_of_a_mixed_article(
    processor: Processor, full_parse: Processor
) -> None:
    mixed = [document("mixed", MIXED)]
    skipped = records(processor, mixed)
    assert skipped == records(full_parse, mixed)
    assert {"visit", "meeting", "commitment"} <= {r[1] for r in skipped}


def test_stored_sentences_cover_the_article_once(processor: Processor) -> None:
    (processed,) = processor.process([document("mixed", MIXED)])
    spans = processed.sentences
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    texts = [MIXED[s.start : s.end].strip() for s in spans]
    assert OTHER_NEWS[0] in texts and OTHER_NEWS[1] in texts
    covered = " ".join(MIXED[s.start : s.end] for s in spans)
    assert covered.split() == MIXED.split()
    for fact in processed.facts:  # every fact lies in a stored sentence
        assert any(s.start <= fact.evidence.start and fact.evidence.end <= s.end for s in spans)


def test_skipping_changes_no_fact_of_the_example_corpus(
    processor: Processor, full_parse: Processor, base_settings: Settings
) -> None:
    documents = [
        d for d in iter_documents([str(EXAMPLES)], base_settings) if isinstance(d, Document)
    ]
    assert len(documents) >= 10
    assert records(processor, documents) == records(full_parse, documents)


def test_an_unparsed_article_is_stored_with_its_sentences(
    tmp_path: Path, processor: Processor
) -> None:
    (tmp_path / "sport.txt").write_text(SPORT, encoding="utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'bilat.db'}")
    store = Store(settings.db_url)
    report = ingest([str(tmp_path / "sport.txt")], settings, store, processor=processor)
    assert report.new == 1 and sum(report.facts.values()) == 0
    with store.engine.connect() as conn:
        spans = conn.execute(sa.select(schema.sentences.c.start, schema.sentences.c.end)).all()
    assert [SPORT[a:b].strip() for a, b in spans] == [line for line in SPORT.split("\n") if line]
