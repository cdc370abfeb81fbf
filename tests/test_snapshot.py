"""Snapshots of what bilat makes of every corpus it is tested on: the facts JSONL of
``bilat extract`` and the events of a store the corpus was ingested into.

A restructuring must leave them as they are; a change on purpose rewrites them with
``BILAT_SNAPSHOT_UPDATE=1 pytest tests/test_snapshot.py`` and says why in its commit.
The seeds are third-party articles: their snapshot keeps a hash of every value read from
their text (sentences, clauses, titles), never the text.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, SHARED
from typer.testing import CliRunner

from bilat.api import Bilat
from bilat.cli.main import app

DATA = Path(__file__).parent / "data"
SNAPSHOTS = DATA / "snapshots"
CORPORA = {
    "examples": EXAMPLES,
    "seeds": SHARED / "corpus" / "seeds",
    "events": DATA / "events",
    "heldout": DATA / "heldout",
    "heldout2": DATA / "heldout2",
    "heldout3": DATA / "heldout3",
    "merging": DATA / "merging",
}
# Texts of others: only a hash of what was copied from them is kept.
THIRD_PARTY = {"seeds"}
COPIED_FIELDS = {"evidence", "sentence", "text", "title", "doc_title"}
UPDATE = os.environ.get("BILAT_SNAPSHOT_UPDATE") == "1"


def _digest(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _hide_copied(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _digest(v) if k in COPIED_FIELDS and isinstance(v, str) else _hide_copied(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_hide_copied(v) for v in value]
    return value


def extracted_facts(corpus: Path, tmp: Path) -> list[dict[str, Any]]:
    output = tmp / "facts.jsonl"
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(output)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]


def stored_events(corpus: Path, tmp: Path) -> list[dict[str, Any]]:
    with Bilat(f"sqlite:///{tmp / 'snapshot.db'}") as bilat:
        report = bilat.ingest([str(corpus)])
        assert report.ok, report.summary()
        events = bilat.events(explain=True)
    for event in events:
        for member in event.get("members", []):
            member.pop("url", None)  # a file URL would name this machine
    return events


def _compare(name: str, kind: str, found: list[dict[str, Any]]) -> None:
    if name in THIRD_PARTY:
        found = _hide_copied(found)
    path = SNAPSHOTS / f"{name}.{kind}.json"
    text = json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if UPDATE:
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with BILAT_SNAPSHOT_UPDATE=1"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(text) == expected, f"{name} {kind} differ from {path}"


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_facts_and_events_are_as_snapshotted(name: str, tmp_path: Path) -> None:
    corpus = CORPORA[name]
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent")
    _compare(name, "facts", extracted_facts(corpus, tmp_path))
    _compare(name, "events", stored_events(corpus, tmp_path))
