"""Merging on articles written for it (tests/data/merging): several articles per event,
announced → held → concluded, conflicting details, look-alike events that must stay apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bilat.api import Bilat
from bilat.evaluation.events import score_merging

DATA = Path(__file__).parent / "data"
GOLD = json.loads((DATA / "merging.gold.json").read_text(encoding="utf-8"))
# Floors, not the figures: measured 1.00 precision and 1.00 recall when this was written.
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.8


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Bilat:
    bilat = Bilat(f"sqlite:///{tmp_path_factory.mktemp('merging') / 'merging.db'}")
    report = bilat.ingest([str(DATA / "merging")])
    assert report.new == 11, report.summary()
    return bilat


def test_merging_precision_and_recall(api: Bilat) -> None:
    events = api.events()
    score = score_merging(GOLD["events"], events)
    assert score.pairs_gold >= 15
    assert score.precision >= PRECISION_FLOOR, score
    assert score.recall >= RECALL_FLOOR, score


def find(api: Bilat, kind: str, key: str) -> list[dict]:
    return [e for e in api.events(types=[kind]) if e["key"] == key]


def test_the_story_of_one_state_visit(api: Bilat) -> None:
    # the state visit itself; a later article's "la première depuis la visite d'État du
    # président" names it in passing, undated (not yet joined to it: a known gap)
    (visit,) = [e for e in find(api, "visit", "CI>MA") if e.get("start")]
    assert visit["report_sources"] == ["m01_annonce", "m02_arrivee", "m03_entretiens", "m04_fin"]
    passing = [e for e in find(api, "visit", "CI>MA") if not e.get("start")]
    assert [(e["report_sources"], e["status"]) for e in passing] in (
        [],
        [(["m05_bourita"], "done")],
    )
    assert visit["status"] == "done" and visit["kind"] == "state"
    assert visit["contradictions"] and visit["contradictions"][0]["field"] == "start"
    # the later working visit in the other direction is another event
    (later,) = find(api, "visit", "MA>CI")
    assert later["report_sources"] == ["m05_bourita", "m06_bilan"]
    # a visit of another pair in the same month stays apart
    (other,) = find(api, "visit", "MY>ID")
    assert other["report_sources"] == ["m07_anwar", "m08_anwar_fin"]


def test_the_agreement_lifecycle_and_the_conflicting_figure(api: Bilat) -> None:
    (visas,) = [
        e for e in api.events(pair=["MA", "CI"], types=["agreement"]) if "visa" in e["title"]
    ]
    steps = [(s["action"], s["date"]) for s in visas["steps"]]
    assert steps == [
        ("planned", None),
        ("signed", "2024-06-11"),
        ("entered_into_force", "2024-11-01"),
    ]
    (trade,) = [
        e
        for e in api.events(pair=["MA", "CI"], types=["indicator"])
        if e["metric"] == "trade_volume"
    ]
    values = [v["value"] for v in trade["contradictions"][0]["values"]]
    assert values == [900_000_000.0, 1_200_000_000.0, 1_250_000_000.0]


def test_two_calls_three_weeks_apart_are_two_events(api: Bilat) -> None:
    calls = find(api, "meeting", "EG|KE")
    assert [(c["date"], c["report_sources"]) for c in calls] == [
        ("2024-03-05", ["m09_appel", "m10_appel_bis"]),
        ("2024-03-26", ["m11_appel_suivant"]),
    ]
    assert all(c["kind"] == "call" for c in calls)


def test_commitments_follow_through(api: Bilat) -> None:
    rows = api.commitments("MA", "CI")
    for gold in GOLD["commitments"]:
        (row,) = [r for r in rows if gold["text"] in r["text"]]
        assert row["status"] == gold["status"], row
        docs = sorted({link.get("doc") for link in row["links"] if link.get("doc")})
        assert docs == gold["fulfilled_by"]
    culture = next(r for r in rows if "Journées culturelles" in r["text"])
    assert culture["days"] is not None and culture["days"] > 0
    assert api.commitments("MA", "CI", status="open")


def test_merging_on_a_corpus_written_apart_from_the_code(tmp_path: Path) -> None:
    """tests/data/events: 15 articles and 35 gold events written by a helper who never saw
    the code. Measured when added: precision 1.00, recall 0.70 (visits 1.00/1.00; meetings
    and agreements lose pairs where one article's fact is not extracted)."""
    gold = json.loads((DATA / "events.gold.json").read_text(encoding="utf-8"))
    with Bilat(f"sqlite:///{tmp_path / 'events.db'}") as api:
        assert api.ingest([str(DATA / "events")]).new == 15
        events = api.events()
    score = score_merging(gold["events"], events)
    assert score.pairs_gold >= 30
    assert score.precision >= 0.9, score
    assert score.recall >= 0.6, score
    visits = score_merging(gold["events"], events, ["visit"])
    assert visits.precision >= 0.9 and visits.recall >= 0.9, visits
