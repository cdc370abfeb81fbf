"""The CLI: every command has --help, extract writes FORMAT.md facts, errors are one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FRENCH_ARTICLE
from typer.testing import CliRunner

from bilat.cli.main import app
from bilat.evaluation.facts_io import read_facts
from bilat.store import Store

runner = CliRunner()
COMMANDS = ["ingest", "extract", "evaluate", "facts", "bench"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_extract_writes_valid_facts_jsonl(tmp_path: Path) -> None:
    article = tmp_path / "007_abcdef.txt"
    article.write_text(FRENCH_ARTICLE, encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    parsed = read_facts(out)
    assert parsed.errors == []
    assert parsed.facts and {f["doc"] for f in parsed.facts} == {"007_abcdef"}
    for fact in parsed.facts:
        assert fact["evidence"] and fact["evidence"] in article.read_text(encoding="utf-8")
    # No store was needed: nothing was written next to the article but the output.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["007_abcdef.txt", "facts.jsonl"]


def test_evaluate_json_and_text(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    fact = {
        "doc": "d",
        "type": "relation",
        "countries": ["VN", "KZ"],
        "level": "strategic_partnership",
        "action": "established",
        "date": "2025-05",
        "evidence": "x",
    }
    gold.write_text(json.dumps(fact) + "\n", encoding="utf-8")
    pred.write_text(json.dumps(fact) + "\n{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), str(pred), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["per_type"]["relation"]["f1"] == 1.0
    assert "pred.jsonl:2" in result.stderr
    text = runner.invoke(app, ["evaluate", str(gold), str(pred)])
    assert "relation" in text.stdout


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["evaluate", str(tmp_path / "nope.jsonl"), str(tmp_path / "x.jsonl")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "nope.jsonl" in result.stderr and "Traceback" not in result.output


def test_facts_filters_and_formats(tmp_path: Path) -> None:
    db = str(tmp_path / "f.db")
    article = tmp_path / "a.txt"
    article.write_text(FRENCH_ARTICLE, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(article), "--db", db, "-q"]).exit_code == 0
    everything = json.loads(runner.invoke(app, ["facts", "--db", db, "--format", "json"]).stdout)
    assert everything and all("evidence" in f and "span" in f for f in everything)
    commitments = json.loads(
        runner.invoke(app, ["facts", "--db", db, "--type", "commitment", "--format", "json"]).stdout
    )
    assert commitments and all(f["type"] == "commitment" for f in commitments)
    csv_out = runner.invoke(app, ["facts", "--db", db, "--format", "csv"]).stdout
    assert csv_out.splitlines()[0].startswith("id,doc,doc_id,type")
    assert len(csv_out.splitlines()) == len(everything) + 1
    table = runner.invoke(app, ["facts", "--db", db]).stdout
    assert f"{len(everything)} facts" in table


def empty_store(tmp_path: Path) -> str:
    """An empty store: read commands never create one."""
    path = tmp_path / "e.db"
    Store(f"sqlite:///{path}").close()
    return str(path)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--pair", "VN", "Atlantis"], "Atlantis"),
        (["--type", "party"], "party"),
        (["--since", "May 2025"], "May 2025"),
        (["--since", "2025-13-01"], "2025-13-01"),
        (["--format", "xml"], "xml"),
    ],
)
def test_facts_bad_parameters(tmp_path: Path, args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["facts", "--db", empty_store(tmp_path), *args])
    assert result.exit_code == 2
    assert needle in result.output and "Traceback" not in result.output


def test_pair_accepts_names(tmp_path: Path) -> None:
    result = runner.invoke(app, ["facts", "--db", empty_store(tmp_path), "--pair", "Vietnam", "kz"])
    assert result.exit_code == 0, result.output
