"""The real-article set's tooling: the cache checked against the manifest, gold offsets turned
into the cached text they point at, and the committed manifest and gold kept consistent."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bilat.evaluation.real import (
    GOLD,
    MANIFEST,
    Article,
    check_cache,
    corpus_file,
    gold_facts,
    read_manifest,
)

TEXT = "Le ministre tunisien a reçu son homologue japonais à Tunis le 3 mars.\nSuite."


def article(text: str, **changes: str) -> Article:
    data = text.encode("utf-8")
    fields = {
        "id": "own_001",
        "split": "dev",
        "url": "https://example.org/a",
        "date": "2024-03",
        "outlet": "example.org",
        "pair": "JP-TN",
        "query": "ministre reçu homologue",
        "sha256": hashlib.sha256(data).hexdigest(),
        "length": len(text),
    }
    return Article(**{**fields, **changes})  # type: ignore[arg-type]


def test_the_cache_is_checked_against_hash_and_length(tmp_path: Path) -> None:
    entry = article(TEXT)
    assert check_cache([entry], tmp_path).missing == [entry]
    (tmp_path / "own_001.txt").write_text(TEXT, encoding="utf-8")
    assert check_cache([entry], tmp_path).present == [entry]
    (tmp_path / "own_001.txt").write_text(TEXT + " ", encoding="utf-8")
    assert check_cache([entry], tmp_path).changed == [entry]


def test_gold_offsets_become_the_cached_text(tmp_path: Path) -> None:
    entry = article(TEXT)
    (tmp_path / "own_001.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    end = TEXT.index("\n")
    line = {"doc": "own_001", "type": "meeting", "countries": ["JP", "TN"], "evidence": [0, end]}
    other = {"doc": "not_cached", "type": "meeting", "evidence": [0, 5]}
    gold.write_text(json.dumps(line) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    (fact,) = gold_facts([entry], tmp_path, gold)
    assert fact["evidence"] == TEXT[:end]


def test_an_article_without_a_date_line_gets_the_manifest_date() -> None:
    entry = article(TEXT)
    assert corpus_file(entry, TEXT).startswith(" date 2024-03\nLe ministre")
    dated = " date 2024-03-05\n" + TEXT
    assert corpus_file(entry, dated) == dated


@pytest.mark.skipif(not MANIFEST.exists(), reason="no real-article manifest yet")
def test_the_committed_manifest_and_gold_agree() -> None:
    articles = read_manifest()
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids))
    assert {a.split for a in articles} <= {"dev", "locked"}
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        fact = json.loads(line)
        assert fact["doc"] in ids, fact["doc"]
        # never the article's words: offsets only
        for name in ("evidence", "text"):
            if name in fact:
                start, end = fact[name]
                length = next(a.length for a in articles if a.id == fact["doc"])
                assert 0 <= start < end <= length, (fact["doc"], name)
