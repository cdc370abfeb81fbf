"""Concurrency: two ingests into one store at once, and the server answering while one writes.

Both run on SQLite (WAL, one writer at a time) and PostgreSQL (an advisory write lock).
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx
import sqlalchemy as sa
from conftest import bilat_process

from bilat.kb import load_kb
from bilat.store import Store, schema
from bilat.store.integrity import check_store
from bilat.synthetic import feed, write_jsonl


def write_parts(folder: Path, articles: int, per_file: int = 20) -> list[Path]:
    made = feed(load_kb("fr"), articles, off_topic=0.0, seed=5)  # distinct texts
    return write_jsonl((a.document for a in made), folder, per_file)


def start(*args: str, url: str) -> subprocess.Popen[bytes]:
    return bilat_process(*args, url=url, stderr=subprocess.PIPE)


def documents_by_name(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(schema.documents.c.name, sa.func.count(schema.facts.c.id))
            .outerjoin(schema.facts, schema.facts.c.doc_id == schema.documents.c.id)
            .group_by(schema.documents.c.name)
        ).all()
    engine.dispose()
    return dict(rows)


def test_two_ingests_at_once_store_each_document_once(tmp_path: Path, store_url: str) -> None:
    parts = write_parts(tmp_path / "corpus", 120)
    first, second = parts[:4], parts[2:]  # two files in common
    Store(store_url).close()
    runs = [
        start("ingest", *map(str, first), "-j", "1", url=store_url),
        start("ingest", *map(str, second), "-j", "1", url=store_url),
    ]
    for run in runs:
        assert run.wait(timeout=600) == 0, run.stderr.read().decode() if run.stderr else ""
    stored = documents_by_name(store_url)
    assert len(stored) == 120  # the union, each once (names are unique in the corpus)
    engine = sa.create_engine(store_url)
    report = check_store(engine)
    with engine.connect() as conn:
        ids = conn.execute(sa.select(sa.func.count(sa.distinct(schema.documents.c.id)))).scalar()
    engine.dispose()
    assert report.ok, report.problems
    assert ids == 120

    alone = f"sqlite:///{tmp_path / 'alone.db'}"
    assert start("ingest", *map(str, parts), "-j", "1", url=alone).wait(timeout=600) == 0
    assert documents_by_name(alone) == stored  # the same facts for every document


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_server_answers_while_an_ingest_writes(tmp_path: Path, store_url: str) -> None:
    parts = write_parts(tmp_path / "corpus", 200)
    Store(store_url).close()
    port = free_port()
    server = start("serve", "--port", str(port), url=store_url)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(200):  # up to 20 s for the server to listen
                try:
                    client.get("/api/pairs")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            ingest = start("ingest", *map(str, parts), "-j", "1", url=store_url)
            statuses: list[int] = []
            seen_documents: list[int] = []
            deadline = time.monotonic() + 600
            while ingest.poll() is None and time.monotonic() < deadline and len(statuses) < 5000:
                for path in ("/api/events?limit=20", "/api/facts?limit=20", "/api/pairs"):
                    statuses.append(client.get(path).status_code)
                documents = client.get("/api/documents?limit=1")
                statuses.append(documents.status_code)
                ok = documents.status_code == 200
                seen_documents.append(documents.json()["total"] if ok else -1)
            assert ingest.wait(timeout=600) == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses and set(statuses) == {200}
    assert seen_documents == sorted(seen_documents)  # readers see the store grow, never shrink
    assert len(documents_by_name(store_url)) == 200
