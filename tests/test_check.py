"""`bilat check`: sound after an ingest on either backend, and every kind of damage found."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import FRENCH_ARTICLE
from typer.testing import CliRunner

from bilat.cli.main import app
from bilat.engine import Processor, ingest
from bilat.settings import Settings
from bilat.store import Store, schema
from bilat.store.integrity import check_store

runner = CliRunner()


@pytest.fixture
def stored(tmp_path: Path, store_settings: Settings, processor: Processor) -> str:
    (tmp_path / "a.txt").write_text(FRENCH_ARTICLE, encoding="utf-8")
    with Store(store_settings.db_url) as store:
        report = ingest([str(tmp_path / "a.txt")], store_settings, store, processor)
    assert report.new == 1 and sum(report.facts.values()) >= 3
    return store_settings.db_url


def damage(url: str, statement: sa.Executable) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.execute(statement)
    engine.dispose()


def test_an_ingested_store_is_sound(stored: str) -> None:
    result = runner.invoke(app, ["check", "--db", stored])
    assert result.exit_code == 0, result.output
    assert "store sound" in result.stdout and "1 documents" in result.stdout


def first_fact(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        fact_id = conn.execute(sa.select(sa.func.min(schema.facts.c.id))).scalar_one()
    engine.dispose()
    return fact_id


DAMAGE = {
    "documents without sentences": lambda url: schema.sentences.delete(),
    "facts in events": lambda url: schema.event_facts.delete().where(
        schema.event_facts.c.fact_id == first_fact(url)
    ),
    "fact spans": lambda url: (
        schema.facts.update().where(schema.facts.c.id == first_fact(url)).values(span_end=10**7)
    ),
    "country index": lambda url: schema.fact_countries.delete().where(
        schema.fact_countries.c.fact_id == first_fact(url)
    ),
    "events without reports": lambda url: schema.event_facts.delete(),
    "schema version": lambda url: schema.meta.update().values(value="3"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_reported(stored: str, kind: str) -> None:
    damage(stored, DAMAGE[kind](stored))
    engine = sa.create_engine(stored)  # not through Store: it would upgrade an old schema
    report = check_store(engine)
    engine.dispose()
    assert not report.ok
    assert any(p.startswith(kind) for p in report.problems), report.problems
