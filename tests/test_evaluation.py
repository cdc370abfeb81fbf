"""The scorer behind `bilat evaluate`: match keys, one-to-one matching, file reading, reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bilat.evaluation import (
    FACT_TYPES,
    MICRO_TYPES,
    LineError,
    TypeScore,
    read_facts,
    render_text,
    score,
)
from bilat.facts.compare import (
    same_date_at_coarser_precision,
    same_person,
    title_words,
    titles_overlap,
)

SEEDS_GOLD = Path("/work/shared/eval/seeds.gold.jsonl")


# --- fact builders: a well-formed fact of each type, with overrides ------------------------


def visit(**fields: Any) -> dict[str, Any]:
    return {
        "doc": "d1",
        "type": "visit",
        "guest": "Tô Lâm",
        "guest_country": "VN",
        "host_country": "KZ",
        "kind": "state",
        "start": "2025-05-05",
        "end": "2025-05-07",
        "status": "done",
        "evidence": "effectue une visite d'État au Kazakhstan",
        **fields,
    }


def meeting(**fields: Any) -> dict[str, Any]:
    return {
        "doc": "d1",
        "type": "meeting",
        "participants": ["Tô Lâm", "Kassym-Jomart Tokaïev"],
        "countries": ["VN", "KZ"],
        "kind": "talks",
        "date": None,
        **fields,
    }


def agreement(**fields: Any) -> dict[str, Any]:
    return {
        "doc": "d1",
        "type": "agreement",
        "title": "accord sur la promotion et la protection des investissements",
        "parties": ["VN", "KZ"],
        "action": "planned",
        "date": None,
        "domains": ["investment"],
        **fields,
    }


def relation(**fields: Any) -> dict[str, Any]:
    return {
        "doc": "d1",
        "type": "relation",
        "countries": ["VN", "KZ"],
        "level": "strategic_partnership",
        "action": "established",
        "date": "2025-05",
        **fields,
    }


def indicator(**fields: Any) -> dict[str, Any]:
    return {
        "doc": "d1",
        "type": "indicator",
        "metric": "trade_volume",
        "value": 1_000_000_000,
        "unit": "USD",
        "period": "2024",
        "countries": ["VN", "KZ"],
        **fields,
    }


def commitment(domains: list[str], doc: str = "d1") -> dict[str, Any]:
    return {
        "doc": doc,
        "type": "commitment",
        "parties": ["VN", "KZ"],
        "modality": "agreed",
        "domains": domains,
        "text": "ont convenu de renforcer la coopération",
    }


def counts(gold: list[dict], pred: list[dict], fact_type: str) -> tuple[int, int, int]:
    result = score(gold, pred).per_type[fact_type]
    return result.tp, result.fp, result.fn


MATCHED = (1, 0, 0)
UNMATCHED = (0, 1, 1)


# --- visit ---------------------------------------------------------------------------------


def test_visit_matches_on_countries_and_start() -> None:
    pred = visit(guest="To Lam", kind="official", end=None, status="announced")
    assert counts([visit()], [pred], "visit") == MATCHED


@pytest.mark.parametrize(
    "change",
    [
        {"host_country": "AZ"},
        {"guest_country": "RU"},
        {"start": "2025-06-05"},
        {"start": None},
        {"host_country": None},
    ],
)
def test_visit_key_mismatch(change: dict[str, Any]) -> None:
    assert counts([visit()], [visit(**change)], "visit") == UNMATCHED


def test_visit_country_codes_are_case_insensitive() -> None:
    assert counts([visit()], [visit(guest_country="vn", host_country="kz")], "visit") == MATCHED


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("2025-05", "2025-05-05", True),  # compared at month precision
        ("2025-05-05", "2025-05", True),
        ("2025", "2025-05-05", True),  # compared at year precision
        ("2025-05-05", "2025-05-05", True),
        ("2025-05-05", "2025-05-06", False),
        ("2025-06", "2025-05-05", False),
        ("2024", "2025-05", False),
        (None, None, True),  # both null
        (None, "2025", False),  # null never equals a date
        ("2025", None, False),
        ("2025-05", "mai 2025", False),  # not ISO
        ("2025", 2025, False),  # wrong type
    ],
)
def test_date_comparison_at_coarser_precision(gold: Any, pred: Any, expected: bool) -> None:
    assert same_date_at_coarser_precision(gold, pred) is expected
    assert counts([visit(start=gold)], [visit(start=pred)], "visit") == (
        MATCHED if expected else UNMATCHED
    )


def test_tour_hosts_decide_between_two_tours() -> None:
    tour = {"host_country": None, "kind": "tour"}
    gold = [visit(**tour, hosts=["KZ", "AZ"])]
    wrong_hosts = visit(**tour, hosts=["RU"])
    right_hosts = visit(**tour, hosts=["az", "kz"])
    result = score(gold, [wrong_hosts, right_hosts])
    matched = [m for m in result.matches if m.status == "matched"]
    assert [m.pred for m in matched] == [right_hosts]


# --- persons -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("To Lam", "Tô Lâm", True),
        ("Tokaiev", "Kassym-Jomart Tokaïev", True),
        ("TOKAÏEV", "kassym-jomart tokaiev", True),
        ("Vo Van Thuong", "Pham Minh Chinh", False),
        ("Tô Lâm", None, False),
        (None, None, True),
        ("Tô Lâm", ["Tô Lâm"], False),
    ],
)
def test_person_matching_ignores_accents_and_case(a: Any, b: Any, expected: bool) -> None:
    assert same_person(a, b) is expected


# --- meeting -------------------------------------------------------------------------------


def test_meeting_matches_on_country_set_and_a_common_participant() -> None:
    pred = meeting(countries=["kz", "VN"], participants=["Tokaiev"], kind="meeting")
    assert counts([meeting()], [pred], "meeting") == MATCHED


def test_meeting_without_common_participant_does_not_match() -> None:
    pred = meeting(participants=["Pham Minh Chinh"])
    assert counts([meeting()], [pred], "meeting") == UNMATCHED


def test_meeting_with_other_countries_does_not_match() -> None:
    assert counts([meeting()], [meeting(countries=["VN", "KZ", "RU"])], "meeting") == UNMATCHED


@pytest.mark.parametrize("empty_side", ["gold", "pred"])
def test_meeting_without_named_participants_is_decided_by_countries(empty_side: str) -> None:
    gold = meeting(participants=[]) if empty_side == "gold" else meeting()
    pred = meeting(participants=[]) if empty_side == "pred" else meeting()
    assert counts([gold], [pred], "meeting") == MATCHED
    assert counts([gold], [{**pred, "countries": ["VN", "AZ"]}], "meeting") == UNMATCHED


# --- agreement -----------------------------------------------------------------------------


def test_title_words_fold_accents_stop_words_and_plurals() -> None:
    assert title_words("Accords sur la Protection des Investissements") == {
        "accord",
        "protection",
        "investissement",
    }
    assert title_words("coopération commerciale") == title_words("Cooperations commerciales")


def test_agreement_matches_on_parties_action_and_similar_title() -> None:
    pred = agreement(
        title="Accord de protection des investissements",
        parties=["KZ", "VN"],
        date="2025-05",
        domains=[],
    )
    assert counts([agreement()], [pred], "agreement") == MATCHED


@pytest.mark.parametrize(
    "change",
    [
        {"title": "accord sur le transfèrement des personnes condamnées"},
        {"action": "signed"},
        {"parties": ["VN", "AZ"]},
        {"title": ""},
    ],
)
def test_agreement_key_mismatch(change: dict[str, Any]) -> None:
    assert counts([agreement()], [agreement(**change)], "agreement") == UNMATCHED


def test_title_overlap_is_measured_against_the_shorter_title() -> None:
    # {accord, visa} vs {accord, exemption, visa, citoyen, ...}: 2 of 2 shared words.
    assert titles_overlap("accord sur les visas", "accord d'exemption de visa pour les citoyens")
    # {accord, visa} vs {accord, transferement, personne, condamne}: 1 of 2 is enough.
    assert titles_overlap("accord sur les visas", "accord sur le transfèrement des personnes")
    # {accord, exemption, visa} vs {accord, transferement, personne, condamne}: 1 of 3 is not.
    assert not titles_overlap(
        "accord d'exemption de visa", "accord sur le transfèrement des personnes condamnées"
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("", "", True),
        (None, "", True),
        ("", "accord", False),
        (None, "accord", False),
        ("accord", 3, False),
    ],
)
def test_empty_titles(a: Any, b: Any, expected: bool) -> None:
    assert titles_overlap(a, b) is expected


# --- relation ------------------------------------------------------------------------------


def test_relation_matches_on_countries_level_and_action() -> None:
    assert counts([relation()], [relation(countries=["KZ", "VN"], date=None)], "relation") == (
        MATCHED
    )


@pytest.mark.parametrize(
    "change",
    [
        {"level": "comprehensive_strategic_partnership"},
        {"action": "reaffirmed"},
        {"countries": ["VN", "AZ"]},
    ],
)
def test_relation_key_mismatch(change: dict[str, Any]) -> None:
    assert counts([relation()], [relation(**change)], "relation") == UNMATCHED


# --- indicator -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1_000_000_000, 1_050_000_000, 950_000_000, 1.0e9])
def test_indicator_value_within_five_percent_matches(value: float) -> None:
    assert counts([indicator()], [indicator(value=value, unit=None)], "indicator") == MATCHED


@pytest.mark.parametrize("value", [1_051_000_000, 900_000_000, "1000000000", None, True])
def test_indicator_value_outside_tolerance_or_malformed_does_not_match(value: Any) -> None:
    assert counts([indicator()], [indicator(value=value)], "indicator") == UNMATCHED


def test_indicator_zero_matches_only_zero_and_metric_must_agree() -> None:
    assert counts([indicator(value=0)], [indicator(value=0)], "indicator") == MATCHED
    assert counts([indicator(value=0)], [indicator(value=1)], "indicator") == UNMATCHED
    assert counts([indicator()], [indicator(metric="investment")], "indicator") == UNMATCHED


# --- one-to-one matching -------------------------------------------------------------------


def test_two_identical_predictions_for_one_gold_fact() -> None:
    assert counts([visit()], [visit(), visit()], "visit") == (1, 1, 0)


def test_greedy_matching_prefers_better_slot_agreement() -> None:
    gold = [visit(kind="state", status="done", end="2025-05-07")]
    poor = visit(kind="working", status="announced", end=None)
    good = visit(kind="state", status="done", end="2025-05-07")
    result = score(gold, [poor, good])
    by_status = {m.status: m for m in result.matches}
    assert by_status["matched"].pred is good
    assert by_status["spurious"].pred is poor


def test_greedy_matching_by_slot_agreement_finds_more_pairs() -> None:
    # Gold 1 (start 2025-05) could take either prediction; gold 2 only the first. Taking pairs
    # in input order would give gold 1 the first prediction and leave gold 2 unmatched.
    gold = [visit(start="2025-05", kind="state"), visit(start="2025-05-07", kind="working")]
    pred = [visit(start="2025-05-07", kind="working"), visit(start="2025-05-05", kind="state")]
    assert counts(gold, pred, "visit") == (2, 0, 0)


def test_facts_match_only_within_their_document() -> None:
    assert counts([visit(doc="d1")], [visit(doc="d2")], "visit") == UNMATCHED


def test_only_gold_docs_leaves_out_unannotated_documents() -> None:
    pred = [visit(doc="d1"), visit(doc="unannotated")]
    assert score([visit()], pred).per_type["visit"].fp == 1
    assert score([visit()], pred, only_gold_docs=True).per_type["visit"].fp == 0


def test_micro_average_adds_up_the_five_types_but_not_commitments() -> None:
    gold = [visit(), meeting(), relation(), commitment(["trade"])]
    pred = [visit(), meeting(countries=["VN", "AZ"]), indicator(), commitment(["energy"])]
    result = score(gold, pred)
    # visit matched; meeting fp + fn; relation fn; indicator fp; commitments left out.
    assert (result.micro.tp, result.micro.fp, result.micro.fn) == (1, 2, 2)
    assert result.micro.f1 == pytest.approx(1 / 3)


# --- commitments ---------------------------------------------------------------------------


def test_commitment_domains_are_scored_per_document() -> None:
    gold = [
        commitment(["trade"], doc="a"),
        commitment(["trade", "energy"], doc="a"),
        commitment(["defence"], doc="b"),
    ]
    pred = [
        commitment(["trade", "culture"], doc="a"),
        commitment(["trade"], doc="b"),  # right domain, wrong document
        commitment(["sport"], doc="c"),  # a document without gold commitments
    ]
    result = score(gold, pred)
    domains = result.commitment_domains
    # a: tp trade, fn energy, fp culture; b: fn defence, fp trade; c: fp sport.
    assert (domains.tp, domains.fp, domains.fn) == (1, 3, 2)
    assert result.per_type["commitment"] == domains
    by_doc = {d.doc: d for d in result.commitment_by_doc}
    assert by_doc["a"].missed == {"energy"} and by_doc["a"].spurious == {"culture"}


# --- robustness ----------------------------------------------------------------------------


def test_malformed_predictions_never_crash_the_scorer() -> None:
    junk: list[Any] = [
        visit(guest_country=["VN"], host_country=3, start={"y": 2025}, guest=7, hosts="KZ"),
        meeting(countries="VN KZ", participants="Tô Lâm", date=2025),
        agreement(title=["accord"], parties=None, action=1, domains="trade"),
        relation(countries=[1, 2], level=None),
        indicator(value=float("nan"), countries={"VN": 1}),
        commitment("trade"),  # type: ignore[arg-type]
        {"type": "visit"},
        {"doc": "d1"},
        {"doc": ["d1"], "type": "visit"},
        {"doc": "d1", "type": ["visit"]},
        "not a fact",
        None,
        42,
    ]
    gold = [visit(), meeting(), agreement(), relation(), indicator(), commitment(["trade"])]
    result = score(gold, junk)
    assert result.micro.tp == 0 and result.micro.fn == 5
    assert result.commitment_domains.tp == 0
    json.dumps(result.to_dict(include_matches=True))
    render_text(result, verbose=True)


# --- reading files -------------------------------------------------------------------------


def test_malformed_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps(visit()),  # 1 good
        '{"doc": "d1", "type": "visit",',  # 2 bad JSON
        "",  # 3 blank, ignored
        json.dumps({"doc": "d1", "guest": "Tô Lâm"}),  # 4 missing type
        json.dumps({"doc": "d1", "type": "summit"}),  # 5 unknown type
        json.dumps([visit()]),  # 6 not an object
        json.dumps({"type": "relation", "countries": ["VN", "KZ"]}),  # 7 missing doc
        json.dumps(visit(start=2025)),  # 8 key field of the wrong type
        json.dumps(meeting(), ensure_ascii=False),  # 9 good
    ]
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    facts_file = read_facts(path)

    assert [error.line for error in facts_file.errors] == [2, 4, 5, 6, 7, 8]
    assert all(error.path == str(path) for error in facts_file.errors)
    assert str(facts_file.errors[0]).startswith(f"{path}:2: invalid JSON")
    messages = [error.message for error in facts_file.errors]
    assert "missing 'type'" in messages[1]
    assert '"summit"' in messages[2]
    assert "not a JSON object" in messages[3]
    assert "missing 'doc'" in messages[4]
    assert "'start'" in messages[5]
    assert [fact["type"] for fact in facts_file.facts] == ["visit", "meeting"]
    result = score([visit(), meeting()], facts_file.facts)
    assert result.micro.tp == 2 and result.micro.fp == 0


def test_line_error_renders_as_path_line_message() -> None:
    assert str(LineError("pred.jsonl", 3, "invalid JSON")) == "pred.jsonl:3: invalid JSON"


def test_undecodable_line_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_bytes(
        "\ufeff".encode()
        + json.dumps(visit()).encode()
        + b"\n\xff\xfe{}\n"
        + json.dumps(relation()).encode()
        + b"\r\n"
    )
    facts_file = read_facts(path)
    assert [fact["type"] for fact in facts_file.facts] == ["visit", "relation"]
    assert [(error.line, "UTF-8" in error.message) for error in facts_file.errors] == [(2, True)]


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_facts(tmp_path / "absent.jsonl")


# --- the real gold -------------------------------------------------------------------------


def test_gold_scored_against_itself_is_perfect() -> None:
    if not SEEDS_GOLD.exists():
        pytest.skip(f"gold file {SEEDS_GOLD} not present")
    gold = read_facts(SEEDS_GOLD)
    assert gold.errors == []
    result = score(gold.facts, gold.facts)
    for fact_type in FACT_TYPES:
        type_score = result.per_type[fact_type]
        assert type_score.tp > 0, fact_type
        assert (type_score.fp, type_score.fn, type_score.f1) == (0, 0, 1.0), fact_type
    assert result.micro.f1 == 1.0


# --- scores and report ---------------------------------------------------------------------


def test_type_score_ratios() -> None:
    partial = TypeScore(tp=2, fp=1, fn=3)
    assert partial.precision == pytest.approx(2 / 3)
    assert partial.recall == pytest.approx(2 / 5)
    assert partial.f1 == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    assert TypeScore().f1 == 1.0  # nothing to find, nothing claimed
    assert TypeScore(fp=2).precision == 0.0 and TypeScore(fp=2).f1 == 0.0
    assert TypeScore(fn=2).recall == 0.0 and TypeScore(fn=2).precision == 0.0


def test_to_dict_is_json_serialisable() -> None:
    result = score([visit(), commitment(["trade"])], [visit(kind="other"), indicator()])
    plain = json.loads(json.dumps(result.to_dict()))
    assert set(plain["per_type"]) == set(FACT_TYPES)
    assert plain["per_type"]["visit"] == {
        "tp": 1,
        "fp": 0,
        "fn": 0,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert plain["micro"]["fp"] == 1
    assert plain["commitment_domains"]["fn"] == 1
    assert "matches" not in plain

    detailed = json.loads(json.dumps(result.to_dict(include_matches=True)))
    statuses = sorted((m["type"], m["status"]) for m in detailed["matches"])
    assert statuses == [("indicator", "spurious"), ("visit", "matched")]
    assert detailed["commitment_by_doc"][0]["missed"] == ["trade"]


def test_render_text_has_a_row_per_type_and_the_summary_lines() -> None:
    result = score([visit(), relation()], [visit(), relation(level="other")])
    lines = render_text(result).splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in lines if line.strip()}
    for fact_type in MICRO_TYPES:
        assert fact_type in rows
    assert rows["visit"] == ["1", "0", "0", "1.000", "1.000", "1.000"]
    assert rows["relation"] == ["0", "1", "1", "0.000", "0.000", "0.000"]
    assert rows["micro"] == ["1", "1", "1", "0.500", "0.500", "0.500"]
    assert any(line.startswith("commitment domains") for line in lines)
    assert "d1" not in render_text(result)


def test_verbose_report_lists_misses_and_spurious_facts_by_document() -> None:
    gold = [
        relation(evidence="ont élevé leurs relations au niveau de partenariat stratégique"),
        commitment(["trade", "energy"]),
    ]
    pred = [relation(level="other"), commitment(["trade"])]
    text = render_text(score(gold, pred), verbose=True)
    assert "d1" in text
    assert "missed    relation   VN+KZ strategic_partnership established" in text
    assert "spurious  relation   VN+KZ other established" in text
    assert "evidence: ont élevé leurs relations" in text
    assert "commitment domains: missed energy" in text
