"""One data-access layer for reading: the Python API's reading methods on a store of the
example corpus, the `bilat search` and `bilat pairs` commands over them, and the rule that
only ``bilat.store`` speaks SQL (no reader imports SQLAlchemy or the tables)."""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from bilat.api import Bilat
from bilat.cli.main import app
from bilat.errors import BilatError

SRC = Path(__file__).resolve().parent.parent / "src" / "bilat"
runner = CliRunner()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('reads') / 'reads.db'}"


@pytest.fixture(scope="module")
def api(url: str) -> Bilat:
    bilat = Bilat(url)
    report = bilat.ingest([str(EXAMPLES)])
    assert report.new >= 14, report.summary()
    return bilat


# ----------------------------------------------------------------------------- events
def test_latest_events_are_the_latest_of_all_events(api: Bilat) -> None:
    every = api.events()
    dated = sorted((e for e in every if e.get("start")), key=lambda e: e["start"], reverse=True)
    assert len(dated) > 15
    assert api.latest_events(15) == dated[:15]
    assert api.latest_events(1) == dated[:1]
    assert api.latest_events(10_000) == dated  # undated events are never among the latest
    with pytest.raises(BilatError, match="E030"):
        api.latest_events(0)


def test_pairs_are_counted_from_the_events_most_covered_first(api: Bilat) -> None:
    pairs = api.pairs(500)
    assert pairs, "the example corpus links countries"
    assert [p["events"] for p in pairs] == sorted((p["events"] for p in pairs), reverse=True)
    for row in pairs[:5]:
        a, b = row["pair"]
        assert a < b and all(row["names"])
        assert row["events"] == len(api.events(pair=[a, b]))
    assert api.pairs(2, offset=1) == pairs[1:3]
    with pytest.raises(BilatError, match="E030"):
        api.pairs(0)
    with pytest.raises(BilatError, match="E030"):
        api.pairs(5, offset=-1)


# ----------------------------------------------------------------------------- documents, facts
def test_documents_page_newest_first_with_their_total(api: Bilat) -> None:
    counts = api.counts()
    every = api.documents(limit=500)
    assert every["total"] == counts["documents"] == len(every["items"])
    dates = [d["date"] or "" for d in every["items"]]
    assert dates == sorted(dates, reverse=True)
    page = api.documents(limit=3, offset=2)
    assert page["items"] == every["items"][2:5] and page["total"] == every["total"]
    name = every["items"][0]["name"]
    found = api.documents(q=name)
    assert name in [d["name"] for d in found["items"]] and found["total"] >= 1
    assert api.documents(q="%")["total"] == 0  # LIKE wildcards are taken literally


def test_one_document_with_its_sentences_and_facts(api: Bilat) -> None:
    facts = api.facts()
    doc_id = facts[0]["doc_id"]
    document = api.document(doc_id)
    assert document is not None and document["id"] == doc_id and document["text"]
    spans = document["sentences"]
    assert spans and all(0 <= s < e <= len(document["text"]) for s, e in spans)
    assert [f["id"] for f in document["facts"]] == [f["id"] for f in facts if f["doc_id"] == doc_id]
    for fact in document["facts"]:
        assert document["text"][fact["span"][0] : fact["span"][1]]
    assert api.document("no-such-document") is None


def test_facts_and_counts_agree(api: Bilat) -> None:
    facts = api.facts()
    counts = api.counts()
    assert {t: n for t, n in counts.items() if t != "documents"} == Counter(
        f["type"] for f in facts
    )
    visits = api.facts(["FR", "IN"], "visit")
    assert visits and all(f["type"] == "visit" for f in visits)
    assert api.facts(["FR", "IN"], "visit", limit=1, offset=1) == visits[1:2]
    with pytest.raises(BilatError, match="E033"):
        api.facts(fact_type="parade")


# ----------------------------------------------------------------------------- search, persons
def test_search_finds_sentences_persons_and_the_country(api: Bilat) -> None:
    result = api.search("Modi")
    assert result["query"] == "Modi" and result["facts"] and result["persons"]
    assert all("Modi" in f["sentence"] for f in result["facts"])
    assert all(set(f) == {"id", "type", "sentence", "doc", "doc_date"} for f in result["facts"])
    assert len(api.search("Modi", limit=1)["facts"]) == 1
    assert api.search("Inde")["country"] == {"code": "IN", "name": api.kb.country_name("IN")}
    assert api.search("%_") == {"query": "%_", "facts": [], "persons": [], "country": None}
    with pytest.raises(BilatError, match="E030"):
        api.search("   ")
    with pytest.raises(BilatError, match="E030"):
        api.search("Modi", limit=0)


def test_persons_and_entities(api: Bilat) -> None:
    found = api.persons("modi")
    assert found and all(set(p) == {"id", "name", "country"} for p in found)
    person = api.entity("Modi")
    assert person is not None and person["id"] in [p["id"] for p in found]
    assert api.persons("modi", limit=1, offset=len(found)) == []
    entities = {e["id"]: e for e in api.entities()}
    assert person["aliases"] == entities[person["id"]]["aliases"]
    assert person["offices"] == entities[person["id"]]["offices"]
    with pytest.raises(BilatError, match="E030"):
        api.persons("")


# ----------------------------------------------------------------------------- the CLI
def test_bilat_search_and_pairs_on_the_command_line(api: Bilat, url: str) -> None:
    result = runner.invoke(app, ["search", "Modi", "--limit", "3", "--format", "json", "--db", url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == api.search("Modi", 3)
    table = runner.invoke(app, ["search", "Modi", "--db", url])
    assert table.exit_code == 0 and "facts" in table.output and "persons" in table.output
    blank = runner.invoke(app, ["search", "  ", "--db", url])
    assert blank.exit_code == 2 and "E030" in blank.output

    result = runner.invoke(app, ["pairs", "--limit", "4", "--format", "json", "--db", url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == api.pairs(4)
    table = runner.invoke(app, ["pairs", "--db", url])
    first = api.pairs(1)[0]
    assert table.exit_code == 0 and "–".join(first["pair"]) in table.output


# ----------------------------------------------------------------------------- the layers
READERS = [
    *sorted((SRC / "query").rglob("*.py")),
    *sorted((SRC / "web").rglob("*.py")),
    *sorted((SRC / "export").rglob("*.py")),
    *sorted((SRC / "cli").rglob("*.py")),
    SRC / "api.py",
]


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (imports inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", READERS, ids=lambda p: str(p.relative_to(SRC)))
def test_readers_ask_the_store_and_never_the_tables(path: Path) -> None:
    forbidden = {
        name
        for name in _imports(path)
        if name == "sqlalchemy"
        or name.startswith("sqlalchemy.")
        or name == "bilat.store.schema"
        or name.startswith("bilat.store.schema.")
    }
    assert not forbidden, f"{path.relative_to(SRC)} imports {sorted(forbidden)}"


def test_the_store_imports_no_stage_above_it() -> None:
    above = ("query", "resolve", "engine", "api", "web", "cli", "export", "evaluation", "extract")
    for path in sorted((SRC / "store" / "repos").rglob("*.py")):
        for name in _imports(path):
            assert not any(
                name == f"bilat.{stage}" or name.startswith(f"bilat.{stage}.") for stage in above
            ), f"{path.relative_to(SRC)} imports {name}"
