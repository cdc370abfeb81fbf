"""The fact-type registry: every type is one module whose fields class describes what its
extractor writes; the scorer, the merging rules and the readers all ask the registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilat.evaluation.facts_io import fact_problem
from bilat.facts import fact_type, fact_types, type_names

SNAPSHOTS = Path(__file__).parent / "data" / "snapshots"
ENVELOPE = {"doc", "type", "evidence"}


def test_the_shipped_types_in_extraction_order() -> None:
    assert type_names() == ("visit", "meeting", "agreement", "relation", "indicator", "commitment")
    assert [t.order for t in fact_types()] == sorted(t.order for t in fact_types())


@pytest.mark.parametrize("corpus", ["examples", "heldout", "heldout2", "heldout3", "events"])
def test_every_extracted_field_is_declared_by_its_type(corpus: str) -> None:
    facts = json.loads((SNAPSHOTS / f"{corpus}.facts.json").read_text(encoding="utf-8"))
    assert facts
    for fact in facts:
        declared = set(fact_type(fact["type"]).field_names())
        assert set(fact) - ENVELOPE <= declared, fact


def test_key_fields_are_declared_and_checked_by_the_reader() -> None:
    for kind in fact_types():
        assert set(kind.key_fields) <= set(kind.field_names()), kind.name
    bad = {"doc": "a", "type": "meeting", "countries": "VN", "participants": []}
    assert fact_problem(bad) == "field 'countries' of a meeting must be a string list, got string"
    bad = {"doc": "a", "type": "indicator", "metric": "trade_volume", "value": "12"}
    assert fact_problem(bad) == "field 'value' of a indicator must be a number, got string"


def test_every_type_describes_a_malformed_fact_without_failing() -> None:
    for kind in fact_types():
        line = kind.describe_fact({"type": kind.name, "countries": 3, "title": None})
        assert isinstance(line, str) and line


def test_an_approximate_figure_says_so_until_a_report_gives_it_exactly() -> None:
    indicator = fact_type("indicator")
    told = {"metric": "trade_volume", "value": 1e9, "unit": "USD", "period": "2023"}
    members = [
        {**told, "countries": ["MA", "SN"], "doc": d, "approximate": True} for d in ("a", "b")
    ]
    about = indicator.summarise(members)
    assert about["approximate"] and "≈ 1 000 000 000 USD" in indicator.describe(about)
    exact = indicator.summarise([*members, {**told, "countries": ["MA", "SN"], "doc": "c"}])
    assert "approximate" not in exact and "≈" not in indicator.describe(exact)
