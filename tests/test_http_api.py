"""The HTTP API over a store built from the example corpus: every endpoint, bad parameters,
the OpenAPI schema, ingest behind a token, headers; and the exports' round trips."""

from __future__ import annotations

import asyncio
import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import EXAMPLES
from fastapi.testclient import TestClient

from bilat.api import Bilat
from bilat.errors import BilatError
from bilat.settings import Settings
from bilat.web import api as web_api
from bilat.web.app import create_app

TOKEN = "s3cret-token"
ARTICLE = {
    "text": " ".join(["Le président sénégalais a reçu son homologue mauritanien à Dakar."] * 3),
    "date": "2024-02-01",
}
BEARER = {"Authorization": f"Bearer {TOKEN}"}


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
    reader = client.get("/api/dossier/FR/IN", params={"known_by": "2024-12-31"}).json()
    assert reader["known_by"] == "2024-12-31"
    assert all(c["doc_date"] <= "2024-12-31" for c in reader["citations"])
    dated = client.get("/api/events", params={"pair": "FR,IN", "as_of": "2023"}).json()["items"]
    assert all((e.get("start") or "")[:4] <= "2023" for e in dated)
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


def test_ingest_is_off_without_a_token_and_refuses_wrong_ones(
    settings: Settings, tmp_path: Path
) -> None:
    article = ARTICLE
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


def test_the_home_page_lists_the_15_latest_events(client: TestClient, settings: Settings) -> None:
    with Bilat(settings=settings) as api:
        dated = [e for e in api.events() if e.get("start")]
    dated.sort(key=lambda e: e["start"], reverse=True)
    page = client.get("/").text
    latest = page.split('id="latest"', 1)[1].split("</section>", 1)[0]
    shown = [int(n) for n in re.findall(r'href="/event/(\d+)"', latest)]
    assert shown == [e["id"] for e in dated[:15]]


# ----------------------------------------------------------------------------- hostile clients
def raw_request(
    app: Any, path: str, query: bytes = b"", method: str = "GET"
) -> tuple[int, dict[str, str], str]:
    """A request handed straight to the ASGI app, for what an HTTP client would refuse to send
    (a 100 kB query) or would normalise first (``..`` in a path)."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start["headers"]}
    return start["status"], headers, body.decode("utf-8", "replace")


def assert_clean_error(status: int, headers: dict[str, str], body: str, expected: int) -> None:
    assert status == expected, body[:300]
    assert "Traceback" not in body and 'File "' not in body and ".py" not in body
    if headers["content-type"].startswith("application/json"):
        error = json.loads(body)["error"]
        assert error["code"] and error["message"]


BIG = "A" * 100_000
MAX = web_api.MAX_LIMIT


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/search", f"q={BIG}"),
        ("/api/documents", f"q={BIG}"),
        ("/api/events", f"country={BIG}"),
        ("/api/events", f"pair=FR,{BIG}"),
        ("/api/events", f"type={BIG}"),
        ("/api/facts", f"since={BIG}"),
        ("/api/partners/IN", f"level={BIG}"),
        (f"/api/entities/{BIG}", ""),
        (f"/api/documents/{BIG}", ""),
        (f"/api/partners/{BIG}", ""),
        (f"/api/dossier/FR/{BIG}", ""),
        ("/api/search", "q=" + "%" * 60_000),
    ],
)
def test_a_100kb_parameter_is_a_400(client: TestClient, path: str, query: str) -> None:
    assert_clean_error(*raw_request(client.app, path, query.encode()), expected=400)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        # NUL and other control characters: PostgreSQL cannot bind a NUL (a 500 there)
        ("/api/documents", {"q": "\x00"}),
        ("/api/search", {"q": "Modi\x00"}),
        ("/api/entities", {"q": "mo\x00di"}),
        ("/api/events", {"since": "2024\n"}),
        ("/api/events", {"type": "visit\x00"}),
        ("/api/documents/%00", {}),
        ("/api/entities/Modi%00", {}),
        ("/api/pairs/FR%0a/IN", {}),
        ("/pair/FR/IN%00", {}),
        # digits that str.isdigit and int() take, but no ISO date has
        ("/api/events", {"since": "٢٠٢٤"}),
        ("/api/events", {"until": "２０２４"}),
        ("/api/dossier/FR/IN", {"as_of": "２０２４-01"}),
        ("/api/network", {"as_of": "٢٠٢٤"}),
        # odd unicode: right-to-left override, zero-width joiner, combining marks, U+FFFD
        ("/api/events", {"country": "\u202eRF"}),
        ("/api/partners/F\u200dR", {}),
        ("/api/facts", {"pair": "FR,I\u0301\u0301N"}),
        ("/api/events", {"since": "\ufffd"}),
        # numbers beyond 64 bits, negative, not numbers
        ("/api/events/99999999999999999999999", {}),
        ("/api/events/9223372036854775808", {}),
        ("/event/99999999999999999999999", {}),
        ("/api/events/-1", {}),
        ("/api/events/1.5", {}),
        ("/api/documents", {"offset": str(2**63)}),
        ("/api/events", {"offset": str(web_api.MAX_OFFSET + 1)}),
        ("/api/facts", {"offset": "-1"}),
        ("/api/pairs", {"limit": str(web_api.MAX_LIMIT + 1)}),
        ("/api/events", {"limit": "1e3"}),
        ("/api/events", {"limit": "ten"}),
        ("/api/search", {"q": "Modi", "limit": "0"}),
        # enums
        ("/api/network", {"level": "best_friends"}),
        ("/api/partners/IN", {"at_least": "maybe"}),
        ("/api/search", {"q": "   "}),
    ],
)
def test_hostile_parameters_are_a_clean_400(
    client: TestClient, url: str, params: dict[str, str]
) -> None:
    response = client.get(url, params=params)
    assert_clean_error(response.status_code, dict(response.headers), response.text, expected=400)


def test_repeated_parameters_are_validated_and_lists_are_bounded(client: TestClient) -> None:
    # a scalar given twice: the last one counts, and it is validated like any other
    last = client.get("/api/events", params=[("limit", "1"), ("limit", "2")]).json()
    assert last["limit"] == 2 and last["count"] == 2
    assert client.get("/api/events", params=[("limit", "1"), ("limit", "9999")]).status_code == 400
    many = [("type", "visit")] * (web_api.MAX_TYPES + 1)
    response = client.get("/api/events", params=many)
    assert response.status_code == 400 and "type" in response.json()["error"]["message"]
    both = client.get("/api/events", params=[("type", "visit"), ("type", "meeting")]).json()
    assert both["items"] and {e["type"] for e in both["items"]} <= {"visit", "meeting"}


def test_like_wildcards_match_only_themselves(client: TestClient) -> None:
    # document names are like 011_a21af4fcd12001cb: as wildcards, these would match them all
    for q in ("%", "0%a", "0_1"):
        assert client.get("/api/documents", params={"q": q}).json()["total"] == 0, q
    assert client.get("/api/documents", params={"q": "1_a"}).json()["total"] >= 1
    assert client.get("/api/entities", params={"q": "%%"}).json()["items"] == []
    assert client.get("/api/entities", params={"q": "m_di"}).json()["items"] == []
    search = client.get("/api/search", params={"q": "%_"}).json()
    assert search["facts"] == [] and search["persons"] == []
    # the total counts what q selected, not the whole store
    selected = client.get("/api/documents", params={"q": "01", "limit": MAX}).json()
    assert 1 <= selected["total"] == selected["count"] < 14


INJECTIONS = ["' OR 1=1 --", "VN'; DROP TABLE facts; --", '" OR ""="', "1; DELETE FROM documents"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_values_are_refused_or_match_nothing(
    client: TestClient, settings: Settings, value: str
) -> None:
    with Bilat(settings=settings) as api:
        before = api.store.counts()
    for url, params in [
        ("/api/documents", {"q": value}),
        ("/api/entities", {"q": value}),
        ("/api/search", {"q": value}),
        ("/api/facts", {"pair": f"{value},FR"}),
        ("/api/facts", {"type": value[:16]}),
        ("/api/events", {"country": value}),
        ("/api/events", {"since": value[:10]}),
        (f"/api/entities/{quote(value, safe='')}", {}),
        (f"/api/documents/{quote(value, safe='')}", {}),
        (f"/api/dossier/{quote(value, safe='')}/FR", {}),
        ("/api/commitments/FR/IN", {"status": value[:16]}),
        ("/api/partners/IN", {"level": value}),
    ]:
        response = client.get(url, params=params)
        assert response.status_code in (200, 400, 404), (url, params, response.text)
        if response.status_code == 200:
            body = response.json()
            assert not body.get("items") and not body.get("facts") and not body.get("persons")
    with Bilat(settings=settings) as api:
        assert api.store.counts() == before and before["documents"] >= 14


def test_hostile_values_leave_every_backend_intact(store_url: str) -> None:
    """The same attacks on SQLite and PostgreSQL: NUL and injections give 4xx, never a 500."""
    with TestClient(
        create_app(Settings(db_url=store_url), ingest_token=TOKEN), raise_server_exceptions=False
    ) as own:
        assert own.post("/api/ingest", json={"articles": [ARTICLE]}, headers=BEARER).json()["new"]
        before = own.get("/api/documents").json()
        facts = own.get("/api/facts").json()["count"]
        for value in [*INJECTIONS, "\x00", "mo\x00di", "%", str(2**64)]:
            segment = quote(value, safe="")
            for url, params in [
                ("/api/documents", {"q": value}),
                ("/api/entities", {"q": value}),
                ("/api/search", {"q": value}),
                ("/api/events", {"country": value}),
                (f"/api/documents/{segment}", {}),
                (f"/api/entities/{segment}", {}),
                (f"/api/events/{segment}", {}),
            ]:
                response = own.get(url, params=params)
                assert response.status_code < 500, (store_url, url, params, response.text)
                if response.status_code == 200 and "items" in response.json():
                    assert response.json()["items"] == [], (url, params)
        assert own.get("/api/documents").json() == before
        assert own.get("/api/facts").json()["count"] == facts


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../etc/passwd",
        "/static/../api.py",
        "/static/..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/%252e%252e/etc/passwd",
        "/static/..\\..\\api.py",
        "/static//etc/passwd",
        "/static/vendor/../../app.py",
        "/static/%00",
        "/static/",
    ],
)
def test_static_files_do_not_leave_their_folder(client: TestClient, path: str) -> None:
    status, headers, body = raw_request(client.app, path)
    assert status in (400, 404), body[:200]
    assert "root:" not in body and "import" not in body
    assert_clean_error(status, headers, body, expected=status)
    assert client.get("/static/app.css").status_code == 200


def test_headers_are_conservative_and_cors_is_off(client: TestClient) -> None:
    evil = {"Origin": "https://evil.example"}
    for response in (
        client.get("/api/pairs", headers=evil),
        client.get("/", headers=evil),
        client.get("/api/events", params={"limit": -1}, headers=evil),
        client.get("/api/no-such-thing", headers=evil),
        client.get("/static/app.css", headers=evil),
    ):
        assert "access-control-allow-origin" not in response.headers
        assert "access-control-allow-credentials" not in response.headers
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "server" not in response.headers
    preflight = client.options(
        "/api/pairs", headers={**evil, "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 405
    assert not any(h.startswith("access-control-") for h in preflight.headers)
    assert client.get("/api/pairs").headers["content-type"] == "application/json; charset=utf-8"
    assert client.get("/api/nope").headers["content-type"] == "application/json; charset=utf-8"
    assert client.get("/").headers["content-type"] == "text/html; charset=utf-8"
    assert client.get("/static/app.css").headers["content-type"] == "text/css; charset=utf-8"


def test_pages_ignore_the_host_header(client: TestClient) -> None:
    for url in ("/", "/pair/FR/IN", "/network"):
        assert "evil.example" not in client.get(url, headers={"Host": "evil.example"}).text


def test_routes_and_methods_that_do_not_exist_are_json_errors(client: TestClient) -> None:
    missing = client.get("/api/no-such-thing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "HTTP404"
    for method, url in [("POST", "/api/events"), ("DELETE", "/api/ingest"), ("PUT", "/api/pairs")]:
        response = client.request(method, url)
        assert response.status_code == 405, (method, url)
        assert response.json()["error"]["code"] == "HTTP405" and response.headers["allow"]
    assert client.get("/api/ingest").status_code == 405


def test_an_unexpected_error_is_a_generic_500(settings: Settings) -> None:
    secret = "/home/bilat/src/bilat/secret_module.py line 42"

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(secret)

    app = create_app(settings)
    app.state.bilat.events = broken
    app.state.bilat.dossier = broken
    with TestClient(app, raise_server_exceptions=False) as broken_client:
        for url, kind in [("/api/events", "application/json"), ("/pair/FR/IN", "text/html")]:
            response = broken_client.get(url)
            assert response.status_code == 500
            assert response.headers["content-type"].startswith(kind)
            assert secret not in response.text and "RuntimeError" not in response.text
            assert "Traceback" not in response.text and ".py" not in response.text
            assert response.headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert broken_client.get("/api/events").json() == {
            "error": {"code": "E500", "message": "internal error; the server log has the details"}
        }


def test_ingest_needs_the_bearer_token_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hmac

    compared: list[bytes] = []
    compare_digest = hmac.compare_digest

    def spy(given: bytes, token: bytes) -> bool:
        compared.append(given)
        return compare_digest(given, token)

    monkeypatch.setattr(web_api.hmac, "compare_digest", spy)
    own = Settings(db_url=f"sqlite:///{tmp_path / 'ingest.db'}")
    batch = {"articles": [ARTICLE]}
    with TestClient(create_app(own, ingest_token=TOKEN)) as open_client:
        for headers, params in [
            ({"Authorization": TOKEN}, {}),  # no scheme
            ({"Authorization": f"Basic {TOKEN}"}, {}),
            ({"Authorization": f"Bearer {TOKEN}x"}, {}),
            ({"Authorization": f"Bearer {TOKEN[:-1]}"}, {}),
            ({"Authorization": "Bearer"}, {}),
            ({"X-Ingest-Token": TOKEN}, {}),
            ({"Cookie": f"token={TOKEN}"}, {}),
            ({}, {"token": TOKEN}),
            ({}, {"authorization": f"Bearer {TOKEN}"}),
        ]:
            response = open_client.post("/api/ingest", json=batch, headers=headers, params=params)
            assert response.status_code == 401, (headers, params)
            assert response.headers["www-authenticate"] == "Bearer"
            assert TOKEN not in response.text
        assert compared, "the token must be compared with hmac.compare_digest"
        assert open_client.get("/api/documents").json()["total"] == 0
        lower = open_client.post(
            "/api/ingest", json=batch, headers={"Authorization": f"bearer {TOKEN}"}
        )
        assert lower.status_code == 200 and lower.json()["new"] == 1
    with TestClient(create_app(own, ingest_token="")) as empty:  # an empty token is no token
        assert (
            empty.post("/api/ingest", json=batch, headers={"Authorization": "Bearer "}).status_code
            == 403
        )


def test_ingest_bodies_are_bounded_and_malformed_ones_are_400(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_api, "MAX_INGEST_BYTES", 2_000)
    own = Settings(db_url=f"sqlite:///{tmp_path / 'ingest.db'}")
    json_type = {"Content-Type": "application/json"}
    with TestClient(create_app(own, ingest_token=TOKEN)) as open_client:
        big = json.dumps({"articles": [{**ARTICLE, "text": "Dakar. " * 500}]}).encode()

        def chunks() -> Iterator[bytes]:  # no Content-Length: the size is only known as it comes
            yield from (big[n : n + 500] for n in range(0, len(big), 500))

        for content in (big, chunks()):
            response = open_client.post(
                "/api/ingest", content=content, headers={**BEARER, **json_type}
            )
            assert response.status_code == 413
            assert "2000 bytes" in response.json()["error"]["message"]
        for malformed in (b"{not json", b'{"articles": "nope"}', b"[]", b'{"articles": [{}]}'):
            response = open_client.post(
                "/api/ingest", content=malformed, headers={**BEARER, **json_type}
            )
            assert response.status_code == 400, malformed
            message = response.json()["error"]["message"]
            assert message.startswith("body") and "Traceback" not in response.text
        assert open_client.get("/api/documents").json()["total"] == 0


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


def test_fact_pages_are_consecutive_slices(client: TestClient) -> None:
    every = client.get("/api/facts", params={"limit": 500}).json()["items"]
    assert len(every) > 20
    pages = [
        client.get("/api/facts", params={"limit": 7, "offset": offset}).json()
        for offset in range(0, 21, 7)
    ]
    assert [f["id"] for page in pages for f in page["items"]] == [f["id"] for f in every[:21]]
    assert all(page["count"] == 7 for page in pages)


@pytest.mark.parametrize(
    ("token", "authorization", "expected"),
    [
        (TOKEN, None, 401),
        (TOKEN, f"Bearer {TOKEN}x", 401),
        (TOKEN, TOKEN, 401),
        (None, f"Bearer {TOKEN}", 403),  # ingest off
    ],
)
def test_writes_are_refused_before_their_body_is_read(
    tmp_path: Path, token: str | None, authorization: str | None, expected: int
) -> None:
    """An unauthorised client cannot make the server read, parse or validate anything."""
    reads: list[int] = []

    async def receive() -> dict[str, Any]:
        reads.append(1)
        return {"type": "http.request", "body": b"{not json" * 1000, "more_body": False}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"host", b"testserver"), (b"content-type", b"application/json")]
    if authorization:
        headers.append((b"authorization", authorization.encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/ingest",
        "raw_path": b"/api/ingest",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    own = Settings(db_url=f"sqlite:///{tmp_path / 'ingest.db'}")
    asyncio.run(create_app(own, ingest_token=token)(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == expected
    assert json.loads(body)["error"]["code"] == f"HTTP{expected}"
    assert reads == []  # the body was never read
    with TestClient(create_app(own, ingest_token=token)) as client:
        malformed = client.post(
            "/api/ingest",
            content=b"{not json",
            headers={"Content-Type": "application/json", "Authorization": authorization or ""},
        )
        assert malformed.status_code == expected


@pytest.mark.parametrize("token", ["jeton-été", "two words", "tab\there"])
def test_a_token_no_client_could_send_is_refused_at_start(settings: Settings, token: str) -> None:
    with pytest.raises(BilatError, match=r"\[E050\] --token must be printable ASCII"):
        create_app(settings, ingest_token=token)


def test_ingest_messages_name_the_article_not_a_server_path(tmp_path: Path) -> None:
    own = Settings(db_url=f"sqlite:///{tmp_path / 'ingest.db'}")
    english = {"text": "The president of France visited India to sign a trade agreement."}
    with TestClient(create_app(own, ingest_token=TOKEN)) as client:
        response = client.post(
            "/api/ingest", json={"articles": [ARTICLE, english]}, headers=BEARER
        ).json()
    assert response["new"] == 1 and response["skipped"] == 1
    (message,) = response["messages"]
    assert message.startswith("[E011] articles:2: ") and "/tmp" not in message, message
