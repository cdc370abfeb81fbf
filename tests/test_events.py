"""Events across articles: merging rules, incremental placement in a real store, queries."""

from __future__ import annotations

from typing import Any

import pytest

from bilat.api import Bilat
from bilat.engine import ProcessedDocument
from bilat.engine.runs import store_processed
from bilat.errors import BilatError
from bilat.facts.base import Evidence, Fact
from bilat.ingest.document import Document
from bilat.resolve import rules
from bilat.store.store import SentenceSpan


def record(fact_type: str, doc: str, doc_date: str, **fields: Any) -> dict[str, Any]:
    identity = hash((doc, fact_type, str(fields)))
    return {
        "type": fact_type,
        "id": identity,
        "doc": doc,
        "doc_id": doc,
        "doc_date": doc_date,
        **fields,
    }


def visit(
    doc: str, doc_date: str, start: str | None, status: str = "done", **extra: Any
) -> dict[str, Any]:
    fields = {
        "guest": "Tô Lâm",
        "guest_country": "VN",
        "host_country": "KZ",
        "kind": "state",
        "start": start,
        "end": None,
        "status": status,
    }
    return record("visit", doc, doc_date, **{**fields, **extra})


# ----------------------------------------------------------------------------- rules
def test_reports_of_one_visit_join_and_give_their_reasons() -> None:
    members = [visit("a", "2025-05-05", "2025-05-05", status="ongoing")]
    assert "agrees with" in (rules.joins(visit("b", "2025-05-08", "2025-05"), members) or "")
    announced = visit("c", "2025-04-28", None, status="announced")
    reason = rules.joins(announced, members)
    assert reason and "falls within the visit" in reason


def test_visits_in_different_months_or_by_other_guests_never_merge() -> None:
    members = [visit("a", "2025-05-05", "2025-05-05")]
    assert rules.joins(visit("b", "2025-10-02", "2025-10-01"), members) is None
    assert rules.joins(visit("c", "2025-10-02", None), members) is None  # reported months later
    assert (
        rules.joins(visit("d", "2025-05-05", "2025-05-05", guest="Pham Minh Chinh"), members)
        is None
    )
    assert rules.joins(visit("e", "2025-05-05", "1959"), members) is None  # a historical visit


def test_close_but_different_days_are_one_visit_with_a_contradiction() -> None:
    members = [visit("a", "2024-06-10", "2024-06-10"), visit("b", "2024-06-11", "2024-06-11")]
    assert rules.joins(members[1], members[:1])
    summary = rules.summarise("visit", members)
    assert summary["contradictions"][0]["field"] == "start"
    assert {v["value"] for v in summary["contradictions"][0]["values"]} == {
        "2024-06-10",
        "2024-06-11",
    }


def test_agreement_lifecycle_from_differently_worded_titles() -> None:
    planned = record(
        "agreement",
        "a",
        "2023-08",
        title="accord de suppression des visas pour les passeports ordinaires",
        parties=["KZ", "VN"],
        action="planned",
        date=None,
        domains=["consular"],
    )
    signed = record(
        "agreement",
        "b",
        "2023-08",
        title="exemption de visa pour les titulaires d'un passeport ordinaire",
        parties=["VN", "KZ"],
        action="signed",
        date="2023",
        domains=["consular"],
    )
    force = record(
        "agreement",
        "c",
        "2024-05",
        title="accord d'exemption de visa pour les citoyens titulaires de passeports ordinaires",
        parties=["VN", "KZ"],
        action="entered_into_force",
        date="2024-05-25",
        domains=["consular"],
    )
    assert rules.joins(signed, [planned]) and rules.joins(force, [planned, signed])
    summary = rules.summarise("agreement", [planned, signed, force])
    assert [s["action"] for s in summary["steps"]] == ["planned", "signed", "entered_into_force"]
    assert summary["status"] == "entered_into_force" and summary["sources"] == ["a", "b", "c"]
    bundle = record(
        "agreement",
        "d",
        "2024-05",
        title="accords de coopération",
        parties=["KZ", "VN"],
        action="signed",
        date=None,
    )
    assert rules.joins(bundle, [signed]) is None


def test_figures_that_disagree_beyond_five_percent_are_flagged() -> None:
    base = {"metric": "trade_volume", "unit": "USD", "period": "2023", "countries": ["CI", "MA"]}
    one = record("indicator", "a", "2024-06", value=1_200_000_000, **base)
    close = record("indicator", "b", "2024-06", value=1_250_000_000, **base)
    far = record("indicator", "c", "2024-07", value=900_000_000, **base)
    assert rules.joins(close, [one]) and rules.joins(far, [one, close])
    assert rules.summarise("indicator", [one, close])["contradictions"] == []
    conflict = rules.summarise("indicator", [one, close, far])["contradictions"][0]
    assert conflict["field"] == "value" and len(conflict["values"]) == 3


# ----------------------------------------------------------------------------- store
def fact(kind: str, fields: dict[str, Any], sentence: str) -> Fact:
    return Fact(kind, fields, Evidence(sentence, 0, len(sentence), 0, len(sentence)))


def add(api: Bilat, name: str, date: str, facts: list[Fact]) -> None:
    text = " ".join(f.evidence.sentence for f in facts) + f" ({name})"
    document = Document(name=name, source=name, text=text, date=date)
    stored = store_processed(
        api.store, [ProcessedDocument(document, [SentenceSpan(0, len(text))], facts)]
    )
    assert stored == [True]


def test_incremental_merging_in_the_store(store_url: str) -> None:
    with Bilat(store_url) as api:
        announce = {
            "guest": "Kassym-Jomart Tokaïev",
            "guest_country": "KZ",
            "host_country": "VN",
            "kind": "official",
            "start": None,
            "end": None,
            "status": "announced",
        }
        add(
            api,
            "n1",
            "2023-08-15",
            [
                fact(
                    "visit",
                    announce,
                    "Le président kazakh effectuera une visite officielle au Vietnam.",
                )
            ],
        )
        held = {**announce, "start": "2023-08-20", "end": "2023-08-22", "status": "ongoing"}
        talks = {
            "participants": ["Kassym-Jomart Tokaïev", "Vo Van Thuong"],
            "countries": ["KZ", "VN"],
            "kind": "talks",
            "date": "2023-08-21",
        }
        add(
            api,
            "n2",
            "2023-08-21",
            [
                fact("visit", held, "Le président kazakh effectue une visite."),
                fact("meeting", talks, "Il s'est entretenu avec Vo Van Thuong."),
            ],
        )
        later = {**held, "start": "2024-11-03", "end": "2024-11-04", "status": "done"}
        add(
            api,
            "n3",
            "2024-11-05",
            [fact("visit", later, "Le président kazakh a achevé une visite.")],
        )

        visits = api.events(pair=["KZ", "VN"], types=["visit"], explain=True)
        assert [(v["start"], v["sources"]) for v in visits] == [
            ("2023-08-20", ["n1", "n2"]),
            ("2024-11-03", ["n3"]),
        ]
        first = visits[0]
        # the report supersedes the announcement, and the visit of 2023 is over by now
        assert first["status"] == "done"
        on_the_day = api.events(pair=["KZ", "VN"], types=["visit"], as_of="2023-08-21")
        assert [v["status"] for v in on_the_day] == ["ongoing"]
        reasons = {m["doc"]: m["reason"] for m in first["members"] if m["role"] == "report"}
        assert reasons["n1"] == "first report" and "follows the announcements" in reasons["n2"]
        outcomes = [m for m in first["members"] if m["role"] == "outcome"]
        assert [m["type"] for m in outcomes] == ["meeting"]
        assert [e["id"] for e in api.events(pair=["KZ", "VN"], since="2024-01")] == [
            visits[1]["id"]
        ]
        assert [e["id"] for e in api.events(pair=["KZ", "VN"], until="2023-12")] == [
            first["id"],
            *[e["id"] for e in api.events(pair=["KZ", "VN"], types=["meeting"])],
        ]


def test_rebuilding_events_gives_the_same_events(store_url: str) -> None:
    with Bilat(store_url) as api:
        rel = {
            "countries": ["CI", "MA"],
            "level": "strategic_partnership",
            "action": "established",
            "date": "2024-06",
        }
        add(
            api,
            "r1",
            "2024-06-11",
            [
                fact(
                    "relation",
                    rel,
                    "Ils ont élevé leurs relations au rang de partenariat stratégique.",
                )
            ],
        )
        add(
            api,
            "r2",
            "2024-06-12",
            [fact("relation", {**rel, "date": "2024-06-11"}, "Les relations ont été élevées.")],
        )
        before = [(e["type"], e["key"], e["sources"]) for e in api.events()]
        assert api.resolve() == 2
        assert (
            [(e["type"], e["key"], e["sources"]) for e in api.events()]
            == before
            == [("relation", "CI|MA|strategic_partnership|established", ["r1", "r2"])]
        )
        assert api.partners("MA", as_of="2024-05")["partners"] == []
        assert [p["country"] for p in api.partners("Maroc", as_of="2024-07-01")["partners"]] == [
            "CI"
        ]


def test_bad_parameters_are_one_line_errors(store_url: str) -> None:
    with Bilat(store_url) as api:
        with pytest.raises(BilatError, match="unknown country"):
            api.dossier("VN", "Atlantide")
        with pytest.raises(BilatError, match="invalid date"):
            api.partners("VN", as_of="2025-13-01")
        with pytest.raises(BilatError, match="unknown relation level"):
            api.partners("VN", level="best_friends")
        with pytest.raises(BilatError, match="two different countries"):
            api.commitments("VN", "Vietnam")
