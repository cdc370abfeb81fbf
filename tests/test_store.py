"""The store: WAL mode, one transaction per document, versioned schema upgraded in place."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from bilat.errors import BilatError
from bilat.facts.base import Evidence, Fact
from bilat.ingest import Document
from bilat.store import Store, schema
from bilat.store.migrations import LATEST, MIGRATIONS, upgrade
from bilat.store.store import SentenceSpan

TEXT = "Le président a reçu son homologue. Les deux pays ont signé un accord."


def sample_fact(start: int = 35) -> Fact:
    evidence = Evidence("Les deux pays ont signé un accord.", 35, 70, start, 70)
    fields = {
        "title": "accord",
        "parties": ["VN", "KZ"],
        "action": "signed",
        "date": "2025-05",
        "domains": [],
    }
    return Fact("agreement", fields, evidence)


def sample_document(text: str = TEXT) -> Document:
    return Document(name="doc1", source="doc1.txt", text=text, date="2025-05", format="corpus")


def test_wal_mode_and_schema_version(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        version = conn.execute(sa.select(schema.meta.c.value)).scalar()
    assert int(version) == LATEST


def test_document_sentences_and_facts_stored_once(store_url: str) -> None:
    store = Store(store_url)
    sentences = [SentenceSpan(0, 34), SentenceSpan(35, 70)]
    assert store.add_document(sample_document(), sentences, [sample_fact()]) is True
    assert store.add_document(sample_document(), sentences, [sample_fact()]) is False
    assert store.counts() == {"documents": 1, "agreement": 1}
    (row,) = store.facts(pair=["KZ", "VN"])
    assert row["doc"] == "doc1" and row["span"] == [35, 70] and row["title"] == "accord"
    assert store.facts(pair=["KZ", "RU"]) == []
    assert store.facts(since="2025-06") == [] and len(store.facts(since="2025")) == 1


def test_failed_transaction_leaves_nothing_behind(store_url: str) -> None:
    store = Store(store_url)
    bad = sample_fact()
    bad.fields["unserialisable"] = object()  # JSON encoding fails inside the transaction
    with pytest.raises(Exception):  # noqa: B017 - any failure will do, what matters is the rollback
        store.add_document(sample_document(), [SentenceSpan(0, 70)], [bad])
    assert store.counts() == {"documents": 0}
    assert store.known_ids([sample_document().id]) == set()


def test_older_store_is_upgraded_in_place_without_loss(store_url: str) -> None:
    url = store_url
    engine = sa.create_engine(url)
    upgrade(engine, url, target=1)  # a store as version 1 of bilat left it
    with engine.begin() as conn:
        conn.execute(
            schema.documents.insert().values(
                id="d1",
                name="old",
                source="old.txt",
                format="corpus",
                text=TEXT,
                ingested_at="2025-01-01",
            )
        )
        conn.execute(
            schema.facts.insert().values(
                id=7,
                doc_id="d1",
                type="relation",
                span_start=0,
                span_end=5,
                evidence="x",
                data={
                    "countries": ["VN", "KZ"],
                    "level": "strategic_partnership",
                    "action": "established",
                },
            )
        )
        assert not sa.inspect(conn).has_table("fact_countries")
    engine.dispose()

    store = Store(url)
    assert store.previous_version == 1
    (row,) = store.facts(pair=["VN", "KZ"])
    assert row["id"] == 7 and row["level"] == "strategic_partnership"
    assert store.counts() == {"documents": 1, "relation": 1}


def test_store_newer_than_bilat_is_refused(store_url: str) -> None:
    url = store_url
    Store(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(schema.meta.update().values(value=str(LATEST + 1)))
    with pytest.raises(BilatError, match="E021"):
        Store(url)


def test_every_migration_is_registered_in_order() -> None:
    assert sorted(MIGRATIONS) == list(range(1, LATEST + 1))
