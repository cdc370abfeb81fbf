"""A fact type added from outside bilat (tests/toy_types/embassy.py and its lexicon, nothing
else) flows through extraction, the store, the events, the dossier and the exports."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bilat.api import Bilat
from bilat.export.tables import export_store
from bilat.facts import fact_type, type_names, unregister

# Two reports of one opening, and nothing else a shipped type would read: no visit, no
# agreement, no figure; the toy's own words are the article's only trigger.
FIRST = (
    " date 2024-09-13\n"
    "Le Kenya et la Corée du Sud ont salué l'ouverture d'une ambassade du Kenya à Séoul, "
    "le 12 septembre 2024.\n"
)
SECOND = (
    " date 2024-09-20\n"
    "Nairobi a ouvert une ambassade en Corée du Sud la semaine dernière : le Kenya n'y avait "
    "auparavant qu'un consulat honoraire.\n"
)


@pytest.fixture
def toy() -> Iterator[None]:
    module = importlib.import_module("toy_types.embassy")
    importlib.reload(module)  # registers the type again if an earlier test took it out
    yield
    unregister("embassy")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "t1_embassy.txt").write_text(FIRST, encoding="utf-8")
    (folder / "t2_embassy.txt").write_text(SECOND, encoding="utf-8")
    return folder


def test_without_the_toy_nothing_is_read(corpus: Path, tmp_path: Path) -> None:
    assert "embassy" not in type_names()
    with Bilat(f"sqlite:///{tmp_path / 'plain.db'}") as api:
        api.ingest([str(corpus)])
        assert api.facts() == []


def test_the_toy_type_flows_from_extraction_to_exports(
    toy: None, corpus: Path, tmp_path: Path
) -> None:
    assert type_names()[-1] == "embassy"
    with Bilat(f"sqlite:///{tmp_path / 'toy.db'}") as api:
        report = api.ingest([str(corpus)])
        assert report.new == 2, report.summary()
        # extracted and stored, with the country index
        facts = api.facts(pair=["KE", "KR"], fact_type="embassy")
        assert [(f["doc"], f["countries"]) for f in facts] == [
            ("t1_embassy", ["KE", "KR"]),
            ("t2_embassy", ["KE", "KR"]),
        ]
        assert facts[0]["date"] == "2024-09-12"
        # one event, both sources, merged by the toy's own rule
        (event,) = api.events(pair=["Kenya", "Corée du Sud"], types=["embassy"], explain=True)
        assert event["sources"] == ["t1_embassy", "t2_embassy"]
        assert event["start"] == "2024-09-12"
        assert "same month" in event["members"][1]["reason"]
        # in the dossier's timeline, in the toy's own words, with its citations
        dossier = api.dossier("KE", "KR")
        (line,) = [e for e in dossier["timeline"] if e["type"] == "embassy"]
        assert fact_type("embassy").describe(line) == "2024-09-12: embassy opened (KE+KR)"
        assert len(line["cite"]) == 2
        # and in the exports
        output = tmp_path / "events.jsonl"
        export_store(api, "events", "jsonl", output)
        exported = [json.loads(row) for row in output.read_text(encoding="utf-8").splitlines()]
        assert [e["type"] for e in exported] == ["embassy"]
