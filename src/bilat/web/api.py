"""The HTTP API: the Python API's answers as JSON, with validated parameters and pagination.

Every list takes ``limit`` (at most :data:`MAX_LIMIT`) and ``offset`` (at most
:data:`MAX_OFFSET`); every string parameter has a length bound; bad parameters are a 400 with
``{"error": {"code", "message"}}``, unknown things a 404. Every answer comes from
:class:`bilat.api.Bilat`, whose queries (``bilat.store.repos``) bind their parameters and take
``%`` and ``_`` literally in searches. Writing (``POST
/api/ingest``) works only when the server was started with an ingest token, and needs it as
``Authorization: Bearer TOKEN``; bodies above :data:`MAX_INGEST_BYTES` are a 413.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field, StringConstraints

from bilat.api import Bilat, validate_date
from bilat.errors import BilatError, E

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # a signed 64-bit integer: larger ids cannot be bound to an SQL parameter
MAX_INGEST_DOCUMENTS = 100
MAX_INGEST_CHARS = 1_000_000
MAX_INGEST_BYTES = 16 * 2**20
MAX_TYPES = 10

router = APIRouter(prefix="/api")
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"At most {MAX_OFFSET}.")]
Date = Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD", max_length=10)]
Country = Annotated[str, Path(min_length=1, max_length=60, description="An ISO code or a name")]
Name = Annotated[str, Path(min_length=1, max_length=200)]
FactType = Annotated[str, StringConstraints(max_length=16)]


def bilat(request: Request) -> Bilat:
    bilat: Bilat = request.app.state.bilat
    return bilat


Api = Annotated[Bilat, Depends(bilat)]


def _pair(value: str | None) -> list[str]:
    if not value:
        return []
    parts = [p for p in value.replace(";", ",").split(",") if p.strip()]
    if len(parts) != 2:
        raise BilatError(E.E039, value=value)
    return parts


def _date(value: str | None) -> str | None:
    """An ISO date (in ASCII digits: Arabic or full-width ones are refused)."""
    return None if value is None else validate_date(value)


def _page(rows: list[Any], limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    return {
        "items": rows,
        "limit": limit,
        "offset": offset,
        "count": len(rows),
        **({"total": total} if total is not None else {}),
    }


# ----------------------------------------------------------------------------- documents
@router.get("/documents", summary="Stored documents, newest first")
def documents(
    api: Api,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    found = api.documents(q, limit, offset)
    return _page(found["items"], limit, offset, found["total"])


@router.get("/documents/{doc_id}", summary="One document with its sentences and facts")
def document(api: Api, doc_id: Name) -> dict[str, Any]:
    row = api.document(doc_id)
    if row is None:
        raise HTTPException(404, detail=f"no document '{doc_id}'")
    return row


# ----------------------------------------------------------------------------- facts, events
@router.get("/facts", summary="Facts, filtered by pair, type and date")
def facts(
    api: Api,
    pair: Annotated[str | None, Query(description="Two countries: VN,KZ", max_length=80)] = None,
    type: Annotated[str | None, Query(max_length=16)] = None,  # noqa: A002 - the API's word
    since: Date = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = api.facts(_pair(pair), type, _date(since), limit, offset)
    return _page(rows, limit, offset)


@router.get("/events", summary="Events merged across articles")
def events(
    api: Api,
    pair: Annotated[str | None, Query(description="Two countries: VN,KZ", max_length=80)] = None,
    country: Annotated[str | None, Query(max_length=60)] = None,
    type: Annotated[list[FactType] | None, Query(max_length=MAX_TYPES)] = None,  # noqa: A002
    since: Date = None,
    until: Date = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    as_of: Date = None,
    known_by: Date = None,
) -> dict[str, Any]:
    codes = _pair(pair) + ([country] if country else [])
    rows = api.events(
        codes,
        type or (),
        _date(since),
        _date(until),
        limit,
        offset,
        as_of=_date(as_of),
        known_by=_date(known_by),
    )
    return _page(rows, limit, offset)


@router.get("/events/{event_id}", summary="One event with every report and why it joined")
def event(api: Api, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
    row = api.event(event_id)
    if row is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    return row


# ----------------------------------------------------------------------------- knowledge
@router.get("/entities", summary="Persons whose name or alias contains q")
def entities(
    api: Api,
    q: Annotated[str, Query(min_length=2, max_length=100)],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = api.persons(q, limit, offset)
    return _page(rows, limit, offset)


@router.get("/entities/{name}", summary="A person: aliases, offices, events")
def entity(api: Api, name: Name) -> dict[str, Any]:
    row = api.entity(name)
    if row is None:
        raise HTTPException(404, detail=f"no person '{name}'")
    return row


@router.get("/pairs", summary="Country pairs with events, most covered first")
def pairs(api: Api, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    return _page(api.pairs(limit, offset), limit, offset)


@router.get("/pairs/{a}/{b}", summary="A pair's level of relations and its history")
def pair(
    api: Api, a: Country, b: Country, as_of: Date = None, known_by: Date = None
) -> dict[str, Any]:
    return api.relations(a, b, _date(as_of), _date(known_by))


@router.get("/dossier/{a}/{b}", summary="The pair at a glance, with citations")
def dossier(
    api: Api, a: Country, b: Country, as_of: Date = None, known_by: Date = None
) -> dict[str, Any]:
    return api.dossier(a, b, _date(as_of), _date(known_by))


@router.get("/partners/{country}", summary="A country's partners on a date")
def partners(
    api: Api,
    country: Country,
    level: Annotated[str | None, Query(max_length=40)] = None,
    as_of: Date = None,
    at_least: bool = False,
    known_by: Date = None,
) -> dict[str, Any]:
    return api.partners(country, level, _date(as_of), at_least, _date(known_by))


@router.get("/commitments/{a}/{b}", summary="Commitments and their follow-through")
def commitments(
    api: Api,
    a: Country,
    b: Country,
    status: Annotated[str | None, Query(max_length=16)] = None,
    as_of: Date = None,
    known_by: Date = None,
) -> dict[str, Any]:
    rows = api.commitments(a, b, status, _date(as_of), _date(known_by))
    return {"items": rows, "count": len(rows)}


@router.get("/search", summary="Sentences, persons and countries matching q")
def search(
    api: Api, q: Annotated[str, Query(min_length=2, max_length=200)], limit: Limit = 20
) -> dict[str, Any]:
    if not q.strip():
        raise HTTPException(400, detail="q: a search needs more than spaces")
    return api.search(q, limit)


@router.get("/network", summary="Partnerships between countries on a date")
def network_api(
    api: Api,
    as_of: Date = None,
    level: Annotated[str | None, Query(max_length=40)] = None,
    known_by: Date = None,
) -> dict[str, Any]:
    return api.network(as_of, level, known_by)


# ----------------------------------------------------------------------------- ingest
class Article(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_INGEST_CHARS)
    date: str | None = Field(default=None, max_length=10)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    lang: str | None = Field(default=None, max_length=8)


class Batch(BaseModel):
    articles: list[Article] = Field(min_length=1, max_length=MAX_INGEST_DOCUMENTS)


def ingest_refusal(token: str | None, authorization: str | None) -> HTTPException | None:
    """Why a write is refused, or None: 403 when ingest is off, 401 without
    ``Authorization: Bearer TOKEN``. Checked before the body is read (bilat.web.app), and
    again by the route."""
    if not token:
        return HTTPException(
            403, detail="ingest over HTTP is off (start the server with --allow-ingest and a token)"
        )
    scheme, _, given = (authorization or "").strip().partition(" ")
    # compare_digest takes as long for a near miss as for a far one
    valid = hmac.compare_digest(given.strip().encode(), token.encode())
    if scheme.lower() != "bearer" or not valid:
        return HTTPException(
            401,
            detail="a valid ingest token is required (Authorization: Bearer TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return None


def require_ingest_token(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    refusal = ingest_refusal(request.app.state.ingest_token, authorization)
    if refusal is not None:
        raise refusal


@router.post(
    "/ingest",
    summary="Ingest articles (only with the server's ingest token)",
    status_code=200,
    dependencies=[Depends(require_ingest_token)],
)
def ingest(api: Api, batch: Batch) -> dict[str, Any]:
    # "articles:2: ..." names the second article of the request
    articles = (
        {"id": f"http-{n}", **article.model_dump(exclude_none=True)}
        for n, article in enumerate(batch.articles)
    )
    report = api.ingest_documents(articles, source="articles")
    return {
        "new": report.new,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "failed": report.failed,
        "facts": dict(report.facts),
        "messages": report.messages,
    }
