"""Crash safety: ingest killed (SIGKILL) at random moments leaves a sound store, and the next
run resumes where it stopped, ending with the facts and events of an uninterrupted ingest."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from conftest import bilat_process

from bilat.kb import load_kb
from bilat.store import Store, schema
from bilat.store.integrity import check_store
from bilat.synthetic import feed, write_jsonl

KILLS = 20
ARTICLES = 600  # more than the kills let through: every run has work left


def write_corpus(folder: Path) -> tuple[Path, int]:
    """Synthetic articles in JSONL files of 25 (a tenth of them other news), and how many
    distinct documents they are (two short articles of other news may read the same)."""
    documents = [a.document for a in feed(load_kb("fr"), ARTICLES, off_topic=0.1, seed=3)]
    write_jsonl(documents, folder, per_file=25)
    return folder, len({d.text for d in documents})


def run_ingest(corpus: Path, url: str) -> subprocess.Popen[bytes]:
    # its own process group: the kill reaches any child too
    return bilat_process("ingest", str(corpus), "-j", "1", url=url, start_new_session=True)


def snapshot(url: str) -> dict[str, Any]:
    """Facts by document and events, with no row ids (they may differ after a crash)."""
    d, f, e, ef = schema.documents, schema.facts, schema.events, schema.event_facts
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        facts: dict[str, list] = {}
        for name, kind, data, start, end in conn.execute(
            sa.select(d.c.name, f.c.type, f.c.data, f.c.span_start, f.c.span_end)
            .join(f, f.c.doc_id == d.c.id)
            .order_by(d.c.name, f.c.span_start, f.c.type, f.c.id)
        ):
            facts.setdefault(name, []).append((kind, json.dumps(data, sort_keys=True), start, end))
        documents = set(conn.execute(sa.select(d.c.name)).scalars())
        members: dict[int, list] = {}
        for event_id, name, start, role in conn.execute(
            sa.select(ef.c.event_id, d.c.name, f.c.span_start, ef.c.role)
            .join(f, f.c.id == ef.c.fact_id)
            .join(d, d.c.id == f.c.doc_id)
        ):
            members.setdefault(event_id, []).append((name, start, role))
        events = sorted(
            (kind, key, json.dumps(data, sort_keys=True), sorted(members.get(event_id, [])))
            for event_id, kind, key, data in conn.execute(
                sa.select(e.c.id, e.c.type, e.c.key, e.c.data)
            )
        )
    engine.dispose()
    return {"documents": documents, "facts": facts, "events": events}


def wait_for_documents(url: str, count: int, process: subprocess.Popen[bytes]) -> None:
    """Until the store holds ``count`` documents or the ingest has ended (a minute at most)."""
    engine = sa.create_engine(url)
    deadline = time.monotonic() + 60
    with engine.connect() as conn:
        while process.poll() is None and time.monotonic() < deadline:
            stored = conn.execute(sa.select(sa.func.count()).select_from(schema.documents))
            if stored.scalar_one() >= count:
                break
            conn.rollback()  # a fresh snapshot next time
            time.sleep(0.05)
    engine.dispose()


def test_killed_ingests_resume_to_the_uninterrupted_result(tmp_path: Path, store_url: str) -> None:
    killed_url, whole_url = store_url, f"sqlite:///{tmp_path / 'whole.db'}"
    corpus, distinct = write_corpus(tmp_path / "corpus")

    started = time.monotonic()
    whole = run_ingest(corpus, whole_url)
    assert whole.wait(timeout=600) == 0
    duration = time.monotonic() - started
    expected = snapshot(whole_url)
    assert len(expected["documents"]) == distinct

    Store(killed_url).close()  # the schema exists before the first kill, as after any run
    rng = random.Random(20)
    stored_before = 0
    interrupted = midway = 0  # kills of a running ingest; of one that had stored part
    for kill in range(KILLS):
        process = run_ingest(corpus, killed_url)
        if kill % 2:  # early: start-up, reading, model load, first batches
            time.sleep(rng.uniform(0.2, min(duration, 4.0)))
        else:  # while it writes: once this run has stored a batch, within the next ones
            wait_for_documents(killed_url, stored_before + 1, process)
            time.sleep(rng.uniform(0.0, 0.4))
        interrupted += process.poll() is None
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        engine = sa.create_engine(killed_url)
        report = check_store(engine)
        engine.dispose()
        assert report.ok, report.problems
        state = snapshot(killed_url)
        for name in state["documents"]:  # each document is stored whole, or not at all
            assert state["facts"].get(name) == expected["facts"].get(name), name
        assert len(state["documents"]) >= stored_before  # nothing stored is ever lost
        midway += stored_before < len(state["documents"]) < distinct
        stored_before = len(state["documents"])
    assert interrupted >= KILLS // 2 and midway >= 1, (interrupted, midway)

    resumed = run_ingest(corpus, killed_url)
    assert resumed.wait(timeout=600) == 0
    assert snapshot(killed_url) == expected
