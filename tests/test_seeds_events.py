"""Issue 4 on the seeds: the May 2025 state visit, the tour's relations, the visa agreement's
lifecycle and the dossier, through the CLI and the Python API."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED
from typer.testing import CliRunner

from bilat.api import Bilat
from bilat.cli.main import app

SEEDS = SHARED / "corpus" / "seeds"
runner = CliRunner()
pytestmark = pytest.mark.skipif(
    not SEEDS.exists(), reason=f"{SEEDS} is absent: the seeds live in ../shared"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", url])
    assert result.exit_code == 0, result.output
    return url


def cli_json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def prefixes(names: list[str]) -> list[str]:
    return sorted(name[:3] for name in names)


def test_the_state_visit_is_one_event_citing_four_articles(db: str) -> None:
    visits = cli_json("events", "--pair", "VN", "KZ", "--type", "visit", "--db", db)
    may = [v for v in visits if v["key"] == "VN>KZ" and (v["start"] or "").startswith("2025-05")]
    assert len(may) == 1
    assert prefixes(may[0]["sources"]) == ["000", "001", "003", "004"]
    assert may[0]["kind"] == "state" and may[0]["start"] == "2025-05-05"
    with Bilat(db) as api:
        same = [
            e
            for e in api.events(pair=["Vietnam", "Kazakhstan"], types=["visit"])
            if e["id"] == may[0]["id"]
        ]
    assert same and same[0]["sources"] == may[0]["sources"]


def test_the_tour_relations_have_their_levels(db: str) -> None:
    result = cli_json("partners", "VN", "--as-of", "2025-06-01", "--db", db)
    levels = {p["country"]: (p["level"], p["action"]) for p in result["partners"]}
    assert levels["KZ"] == ("strategic_partnership", "established")
    assert levels["AZ"] == ("strategic_partnership", "established")
    assert levels["BY"] == ("strategic_partnership", "established")
    assert levels["RU"] == ("comprehensive_strategic_partnership", "reaffirmed")
    assert [s["value"] for s in result["stated_counts"]] == [37]  # beside bilat's own count
    # like with like: the count is of strategic partners or higher, and so is bilat's
    (stated,) = result["stated_counts"]
    assert stated["level"] == "strategic_partnership" and stated["named"] == 4
    top = cli_json("partners", "VN", "--level", "comprehensive_strategic_partnership", "--db", db)
    assert top["count"] == 1 and top["stated_counts"][0]["named"] == 4
    before = cli_json("partners", "VN", "--as-of", "2025-04-30", "--db", db)
    assert {p["country"]: p["level"] for p in before["partners"]}["KZ"] == "diplomatic_relations"


def test_the_visa_exemption_is_one_agreement_with_two_steps(db: str) -> None:
    with Bilat(db) as api:
        agreements = [
            e
            for e in api.events(pair=["VN", "KZ"], types=["agreement"])
            if "visa" in (e["title"] or "")
        ]
    assert len(agreements) == 1
    steps = {s["action"]: (s["date"], prefixes(s["sources"])) for s in agreements[0]["steps"]}
    assert steps["signed"] == ("2023", ["002"])
    assert steps["entered_into_force"] == ("2024-05-25", ["001"])
    assert agreements[0]["status"] == "entered_into_force"


def test_the_dossier_shows_it_all_with_citations(db: str) -> None:
    result = runner.invoke(app, ["dossier", "VN", "KZ", "--db", db])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "**strategic partnership** since 2025-05 [" in text
    assert "state visit of Tô Lâm (VN) to KZ" in text
    assert "signed 2023; entered into force 2024-05-25" in text
    with Bilat(db) as api:
        data = api.dossier("KZ", "VN")
    citations = {c["n"]: c for c in data["citations"]}
    visit = next(
        e for e in data["timeline"] if e["type"] == "visit" and e.get("start") == "2025-05-05"
    )
    assert prefixes([citations[n]["doc"] for n in visit["cite"]]) == ["000", "001", "003", "004"]
    for n in visit["cite"]:  # every citation is a sentence of its article
        assert citations[n]["sentence"] and f"{n}. {citations[n]['doc']}" in text
    html = runner.invoke(app, ["dossier", "VN", "KZ", "--format", "html", "--db", db])
    assert html.exit_code == 0 and '<section aria-labelledby="agreements">' in html.stdout


def test_entities_know_aliases_offices_and_events(db: str) -> None:
    with Bilat(db) as api:
        person = api.entity("Tokaïev")
    assert (
        person is not None
        and person["name"] == "Kassym-Jomart Tokaïev"
        and person["country"] == "KZ"
    )
    assert {o["office"] for o in person["offices"]} == {"president"}
    assert any(e["type"] == "visit" and e["key"] == "KZ>VN" for e in person["events"])
    result = runner.invoke(app, ["entity", "Atlantide Inconnu", "--db", db])
    assert result.exit_code != 0 and "no person 'Atlantide Inconnu'" in result.output


def test_the_dossier_as_of_a_day_tells_nothing_later(db: str) -> None:
    result = cli_json(
        "dossier", "VN", "KZ", "--as-of", "2024-01-01", "--format", "json", "--db", db
    )
    assert isinstance(result, dict)
    assert result["level"]["current"]["level"] == "diplomatic_relations"
    assert result["level"]["current"]["date"] == "1992"
    visits = [e for e in result["timeline"] if e["type"] == "visit"]
    assert [v["start"][:4] for v in visits] == ["1959", "2023"]
    assert [v["status"] for v in visits] == ["done", "done"]
    titles = {e["title"]: status for status, rows in result["agreements"].items() for e in rows}
    visa = [status for title, status in titles.items() if "visa" in title]
    assert visa and set(visa) == {"signed"}  # signed in 2023, in force only on 2024-05-25
    assert result["figures"] == []  # the trade figure of 2024 is not known on 1 January
    dated = [e.get("start") or e.get("date") or "" for e in result["timeline"]]
    dated += [
        s["date"] or "" for rows in result["agreements"].values() for e in rows for s in e["steps"]
    ]
    assert all(value[:4] <= "2023" for value in dated)
    reader = cli_json(
        "dossier", "VN", "KZ", "--known-by", "2024-01-01", "--format", "json", "--db", db
    )
    assert isinstance(reader, dict)
    assert {c["doc_date"][:4] for c in reader["citations"]} == {"2023"}


def test_a_tour_relates_its_guest_to_each_host_never_hosts_to_one_another(db: str) -> None:
    with Bilat(db, readonly=True) as api:
        for a, b in [("AZ", "BY"), ("BY", "RU"), ("AZ", "KZ"), ("KZ", "RU")]:
            assert api.events(pair=[a, b]) == [], (a, b)
        tours = [e for e in api.events(pair=["VN", "BY"], types=["visit"]) if e.get("hosts")]
        assert tours and set(tours[0]["hosts"]) == {"AZ", "BY", "KZ", "RU"}
        pairs = {tuple(p["pair"]) for p in api.pairs()}
    assert ("AZ", "BY") not in pairs and ("KZ", "VN") in pairs


def test_anniversaries_are_history_not_key_figures(db: str) -> None:
    result = cli_json("dossier", "VN", "KZ", "--format", "json", "--db", db)
    assert isinstance(result, dict)
    metrics = [f["metric"] for f in result["figures"]]
    assert "trade_volume" in metrics and "anniversary" not in metrics
    assert sorted(a["value"] for a in result["level"]["anniversaries"]) == [33, 66]
