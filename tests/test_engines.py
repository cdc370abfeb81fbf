"""Engines give the same facts, document for document: one process, N processes, Ray."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from bilat.api import Bilat
from bilat.cli.main import app
from bilat.engine import Processor, ingest
from bilat.engine.parallel import ParallelProcessor
from bilat.ingest import Document, iter_documents
from bilat.settings import Settings

runner = CliRunner()


def facts_jsonl(processed: list) -> list[str]:
    return [
        json.dumps(f.to_record(p.document.name), ensure_ascii=False)
        for p in processed
        for f in p.facts
    ]


@pytest.fixture(scope="module")
def local_facts() -> list[str]:
    settings = Settings()
    documents = [d for d in iter_documents([str(EXAMPLES)], settings) if isinstance(d, Document)]
    return facts_jsonl(list(Processor(settings).process(documents)))


def test_two_worker_processes_give_the_same_facts_in_order(local_facts: list[str]) -> None:
    settings = Settings(batch_size=4)  # several tasks, so both workers take part
    documents = [d for d in iter_documents([str(EXAMPLES)], settings) if isinstance(d, Document)]
    with ParallelProcessor(settings, jobs=2) as pool:
        processed = list(pool.process(documents))
    assert [p.document.name for p in processed] == [d.name for d in documents]
    assert facts_jsonl(processed) == local_facts


def test_ray_engine_gives_the_same_facts_jsonl(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    local, ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert runner.invoke(app, ["extract", str(EXAMPLES), "-o", str(local)]).exit_code == 0
    result = runner.invoke(
        app, ["extract", str(EXAMPLES), "-o", str(ray), "--engine", "ray", "-j", "2"]
    )
    assert result.exit_code == 0, result.output
    assert ray.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")
    assert len(local.read_text(encoding="utf-8").splitlines()) > 100


def test_parallel_ingest_stores_what_a_single_process_stores(tmp_path: Path) -> None:
    def stored(jobs: int) -> tuple[dict, list]:
        settings = Settings(db_url=f"sqlite:///{tmp_path / f'j{jobs}.db'}", batch_size=4)
        with Bilat(settings=settings) as api:
            report = ingest([str(EXAMPLES)], settings, api.store, jobs=jobs)
            assert report.new == 14 and report.failed == 0
            events = sorted((e["type"], e["key"], tuple(e["report_sources"])) for e in api.events())
            return api.store.counts(), events

    assert stored(2) == stored(1)


def test_extract_to_parquet_holds_the_same_facts_as_jsonl(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    jsonl, parquet = tmp_path / "facts.jsonl", tmp_path / "facts.parquet"
    assert runner.invoke(app, ["extract", str(EXAMPLES), "-o", str(jsonl)]).exit_code == 0
    assert runner.invoke(app, ["extract", str(EXAMPLES), "-o", str(parquet)]).exit_code == 0
    rows = pq.read_table(parquet).to_pylist()
    rebuilt = [
        {"doc": r["doc"], "type": r["type"], **json.loads(r["data"]), "evidence": r["evidence"]}
        for r in rows
    ]
    expected = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert rebuilt == expected and len(rebuilt) > 100
