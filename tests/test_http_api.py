"""The HTTP API over a store built from the example corpus: every endpoint, bad parameters,
the OpenAPI schema, ingest behind a token, headers; and the exports' round trips."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bilat.api import Bilat
from bilat.settings import Settings
from bilat.web.app import create_app

from conftest import EXAMPLES

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(db_url=f"sqlite:///{tmp_path_factory.mktemp('http') / 'http.db'}")
    with Bilat(settings=settings) as api:
        assert api.ingest([str(EXAMPLES)]).new >= 10
    return settings


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_every_read_endpoint_answers(client: TestClient) -> None:
    documents = client.get("/api/documents", params={"limit": 3}).json()
    assert documents["count"] == 3 and documents["total"] >= 14
    doc_id = documents["items"][0]["id"]
    document = client.get(f"/api/documents/{doc_id}").json()
    assert document["text"] and document["sentences"] and document["facts"]
    for fact in document["facts"]:
        assert document["text"][fact["span"][0] : fact["span"][1]]
    facts = client.get("/api/facts", params={"pair": "FR,IN", "type": "visit"}).json()
    assert facts["count"] >= 2 and all(f["type"] == "visit" for f in facts["items"])
    events = client.get("/api/events", params={"pair": "FR,IN", "type": "visit"}).json()["items"]
    assert events and all({"FR", "IN"} == {e["guest_country"], e["host_country"]} for e in events)
    event = client.get(f"/api/events/{events[0]['id']}").json()
    assert event["members"] and event["members"][0]["reason"]
    people = client.get("/api/entities", params={"q": "modi"}).json()["items"]
    assert people and people[0]["name"] == "Narendra Modi"
    assert client.get("/api/entities/Narendra Modi").json()["offices"]
    pairs = client.get("/api/pairs").json()["items"]
    assert ["FR", "IN"] in [p["pair"] for p in pairs]
    assert client.get("/api/pairs/FR/IN").json()["current"]["level"] == "strategic_partnership"
    dossier = client.get("/api/dossier/France/Inde", params={"as_of": "2024-12-31"}).json()
    assert dossier["pair"] == ["FR", "IN"] and dossier["citations"]
    partners = client.get("/api/partners/IN", params={"level": "strategic_partnership"}).json()
    assert "FR" in [p["country"] for p in partners["partners"]]
    commitments = client.get("/api/commitments/FR/IN", params={"status": "open"}).json()
    assert commitments["count"] >= 1 and all(c["status"] == "open" for c in commitments["items"])
    search = client.get("/api/search", params={"q": "Modi"}).json()
    assert search["facts"] and search["persons"]
    network = client.get("/api/network", params={"as_of": "2024"}).json()
    assert {"source": "FR", "target": "IN"}.items() <= next(
        e for e in network["edges"] if e["source"] == "FR"
    ).items()


def test_pagination_pages_through_without_overlap(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 5, "offset": 0}).json()["items"]
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()["items"]
    assert len(first) == len(second) == 5
    assert not {e["id"] for e in first} & {e["id"] for e in second}


@pytest.mark.parametrize(
    ("url", "params", "status", "words"),
    [
        ("/api/events", {"pair": "FR,Atlantide"}, 400, "unknown country 'Atlantide'"),
        ("/api/events", {"pair": "FR"}, 400, "two countries separated by a comma"),
        ("/api/dossier/VN/XX", {}, 400, "unknown country 'XX'"),
        ("/api/partners/VN", {"as_of": "2025-13-40"}, 400, "invalid date '2025-13-40'"),
        ("/api/events", {"since": "hier"}, 400, "invalid date 'hier'"),
        ("/api/events", {"limit": 100000}, 400, "limit"),
        ("/api/events", {"offset": -1}, 400, "offset"),
        ("/api/partners/VN", {"level": "best_friends"}, 400, "unknown relation level"),
        ("/api/commitments/FR/IN", {"status": "maybe"}, 400, "unknown commitment status"),
        ("/api/events", {"type": "party"}, 400, "unknown fact type 'party'"),
        ("/api/events/987654", {}, 404, "no event 987654"),
        ("/api/documents/nope", {}, 404, "no document 'nope'"),
        ("/api/entities/Nobody Atall", {}, 404, "no person"),
        ("/api/search", {"q": ""}, 400, "q"),
    ],
)
def test_bad_parameters_are_4xx_with_a_message(
    client: TestClient, url: str, params: dict, status: int, words: str
) -> None:
    response = client.get(url, params=params)
    assert response.status_code == status
    body = response.json()
    assert words in body["error"]["message"] and body["error"]["code"]
    assert "Traceback" not in response.text


def test_openapi_schema_validates_and_lists_the_api(client: TestClient) -> None:
    from openapi_spec_validator import validate

    spec = client.get("/openapi.json").json()
    validate(spec)
    paths = set(spec["paths"])
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/dossier/{a}/{b}",
        "/api/partners/{country}",
        "/api/ingest",
        "/api/network",
    ):
        assert path in paths


def test_headers_are_conservative_and_cors_is_off(client: TestClient) -> None:
    response = client.get("/api/pairs", headers={"Origin": "https://evil.example"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["content-type"].startswith("application/json")
    assert client.get("/").headers["content-type"].startswith("text/html")


def test_ingest_is_off_without_a_token_and_refuses_wrong_ones(
    settings: Settings, tmp_path: Path
) -> None:
    article = {
        "text": " ".join(["Le président sénégalais a reçu son homologue mauritanien à Dakar."] * 3),
        "date": "2024-02-01",
    }
    with TestClient(create_app(settings)) as closed:
        assert closed.post("/api/ingest", json={"articles": [article]}).status_code == 403
    own = Settings(db_url=f"sqlite:///{tmp_path / 'ingest.db'}")
    with TestClient(create_app(own, ingest_token=TOKEN)) as open_client:
        assert open_client.post("/api/ingest", json={"articles": [article]}).status_code == 401
        wrong = open_client.post(
            "/api/ingest", json={"articles": [article]}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        assert (
            open_client.post(
                "/api/ingest", json={"articles": []}, headers={"Authorization": f"Bearer {TOKEN}"}
            ).status_code
            == 400
        )
        done = open_client.post(
            "/api/ingest",
            json={"articles": [article]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert done.status_code == 200 and done.json()["new"] == 1
        again = open_client.post(
            "/api/ingest",
            json={"articles": [article]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert again.json()["unchanged"] == 1


def test_pages_render_and_bad_pages_are_short_html(client: TestClient) -> None:
    for url in (
        "/",
        "/pair/FR/IN",
        "/network",
        "/commitments",
        "/commitments/FR/IN",
        "/search?q=visite",
    ):
        response = client.get(url)
        assert response.status_code == 200 and "<main" in response.text, url
    missing = client.get("/pair/FR/ZZ")
    assert (
        missing.status_code == 400
        and "unknown country" in missing.text
        and "Traceback" not in missing.text
    )
    plot = client.get("/plot/trade/FR/IN.svg")
    assert plot.status_code == 200 and plot.text.lstrip().startswith("<?xml")


# ----------------------------------------------------------------------------- exports
def test_exports_round_trip(settings: Settings, tmp_path: Path) -> None:
    import networkx as nx
    import pyarrow.parquet as pq

    from bilat.export.tables import export_store, flat, records

    with Bilat(settings=settings) as api:
        for what in ("facts", "events", "entities", "relations"):
            rows = [flat(r) for r in records(api, what)]
            assert rows, what
            columns = list(dict.fromkeys(k for r in rows for k in r))
            expected = [{c: r.get(c) for c in columns} for r in rows]
            assert export_store(api, what, "parquet", tmp_path / f"{what}.parquet") == len(rows)
            assert pq.read_table(tmp_path / f"{what}.parquet").to_pylist() == expected
            export_store(api, what, "csv", tmp_path / f"{what}.csv", bom=True)
            with (tmp_path / f"{what}.csv").open(encoding="utf-8-sig", newline="") as handle:
                reread = list(csv.DictReader(handle))
            assert reread == [
                {c: (v if v is not None else "") for c, v in row.items()} for row in expected
            ]
            export_store(api, what, "jsonl", tmp_path / f"{what}.jsonl")
            lines = (tmp_path / f"{what}.jsonl").read_text(encoding="utf-8").splitlines()
            assert len(lines) == len(rows) and json.loads(lines[0])
        export_store(api, "relations", "graphml", tmp_path / "relations.graphml")
        graph = nx.read_graphml(tmp_path / "relations.graphml")
        assert graph.has_edge("FR", "IN") and graph.nodes["FR"]["label"] == "France"
        export_store(api, "events", "jsonld", tmp_path / "events.jsonld")
        document = json.loads((tmp_path / "events.jsonld").read_text(encoding="utf-8"))
        assert document["@context"]["@vocab"] == "https://schema.org/"
        assert all(node["@type"] == "Event" and node["sources"] for node in document["@graph"])
