"""The web UI: server-rendered pages (Jinja2) over the same functions as the API.

Pages: home (search, latest events, pairs), a pair's dossier with its timeline, an event with
every source sentence highlighted in its article, the partnership network with a date slider,
the commitments tracker, and search. Scripts are vendored (``make assets``), never a CDN.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from bilat.api import Bilat
from bilat.export.dossier import LEVEL_NAMES, STATUS_NAMES, describe
from bilat.facts import fact_type

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals.update(describe=describe, level_names=LEVEL_NAMES, status_names=STATUS_NAMES)
router = APIRouter(include_in_schema=False)
Date = Annotated[str | None, Query(max_length=10)]
LATEST_EVENTS = 15  # on the home page


def bilat(request: Request) -> Bilat:
    bilat: Bilat = request.app.state.bilat
    return bilat


Api = Annotated[Bilat, Depends(bilat)]


def _json(data: Any) -> Markup:
    """Data for a page's script, safe inside <script type="application/json">."""
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return Markup(text)  # noqa: S704 - escaped for the only context it is used in


def render(request: Request, template: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, context, status_code=http_status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", http_status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, api: Api) -> HTMLResponse:
    return render(
        request,
        "home.html",
        latest=api.latest_events(LATEST_EVENTS),
        pairs=api.pairs(30),
        counts=api.counts(),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, api: Api, q: Annotated[str, Query(min_length=1, max_length=200)]
) -> Response:
    result = api.search(q, 50)  # only spaces: a 400 page, from the BilatError it raises
    return render(request, "search.html", result=result, q=q)


@router.get("/pair/{a}/{b}", response_class=HTMLResponse)
def pair(
    request: Request, api: Api, a: str, b: str, as_of: Date = None, known_by: Date = None
) -> HTMLResponse:
    data = api.dossier(a, b, as_of or None, known_by or None)
    items = [_timeline_item(e) for e in data["timeline"] if e.get("start") or e.get("date")]
    items += [
        _timeline_item(e) for rows in data["agreements"].values() for e in rows if e.get("start")
    ]
    items += [_timeline_item(e) for e in data["level"]["history"] if e.get("date")]
    return render(request, "pair.html", d=data, items=_json(items))


def _timeline_item(event: dict[str, Any]) -> dict[str, Any]:
    start = event.get("start") or event.get("date")
    item = {
        "id": event["id"],
        "content": _short(event),
        "start": _iso_day(start),
        "group": event["type"],
        "className": f"item-{event['type']}",
        "title": describe(event),
    }
    if event.get("end") and event["end"] != start and event["type"] == "visit":
        item["end"] = _iso_day(event["end"], last=True)
    return item


def _short(event: dict[str, Any]) -> str:
    return fact_type(event["type"]).label(event)


def _iso_day(value: str | None, last: bool = False) -> str | None:
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-12-31" if last else f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-28" if last else f"{value}-01"
    return value


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event(request: Request, api: Api, event_id: int) -> HTMLResponse:
    row = api.event(event_id)
    if row is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    articles: dict[str, dict[str, Any]] = {}
    for member in row["members"]:
        article = articles.setdefault(member["doc_id"], {"member": member, "spans": []})
        article["spans"].append((member["span"], member["role"], member["sentence"]))
    for doc_id, article in articles.items():
        document = api.document(doc_id) or {"text": ""}
        text = document["text"]
        article["html"] = _highlight(
            text, [_sentence_range(text, span, sentence) for span, _, sentence in article["spans"]]
        )
    return render(request, "event.html", e=row, articles=list(articles.values()))


def _sentence_range(text: str, span: list[int], sentence: str) -> list[int]:
    """The whole sentence around a fact's span (the span itself when it cannot be found)."""
    start = text.rfind(sentence, 0, span[1] + len(sentence)) if sentence else -1
    if start < 0 or not (start <= span[0] <= start + len(sentence)):
        start = text.find(sentence)
    return [start, start + len(sentence)] if start >= 0 else list(span)


def _highlight(text: str, spans: list[list[int]]) -> Markup:
    """The article with each source sentence's span marked; everything else escaped."""
    from markupsafe import escape

    marks = sorted({(int(s), int(e)) for s, e in spans if 0 <= s < e <= len(text)})
    merged: list[tuple[int, int]] = []
    for start, end in marks:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts, position = [], 0
    for n, (start, end) in enumerate(merged):
        parts.append(str(escape(text[position:start])))
        parts.append(f'<mark id="mark-{n}" class="source">{escape(text[start:end])}</mark>')
        position = end
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))  # noqa: S704 - every piece of text is escaped above


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    api: Api,
    as_of: Date = None,
    level: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    data = api.network(as_of or None, level or None)  # an empty form field is no filter
    every = api.network()["edges"]
    years = sorted({e["since"][:4] for e in every if e.get("since")})
    return render(
        request,
        "network.html",
        data=_json(data),
        years=years,
        as_of=as_of,
        level=level,
        levels=LEVEL_NAMES,
    )


@router.get("/network/partners")
def partners_plot(
    api: Api, country: Annotated[str, Query(min_length=1, max_length=60)]
) -> Response:
    """A country's partners by level over time, as an SVG image."""
    from bilat.export.plots import render_plot

    return Response(render_plot(api, "partners", [country], "svg"), media_type="image/svg+xml")


@router.get("/commitments", response_class=HTMLResponse)
def commitments_home(request: Request, api: Api) -> HTMLResponse:
    return render(
        request, "commitments.html", rows=None, pairs=api.pairs(50), pair=None, status=None
    )


@router.get("/commitments/{a}/{b}", response_class=HTMLResponse)
def commitments(
    request: Request,
    api: Api,
    a: str,
    b: str,
    status: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    rows = api.commitments(a, b, status or None)
    pair_codes = sorted([api.country(a), api.country(b)])
    names = [api.kb.country_name(c) for c in pair_codes]
    return render(
        request,
        "commitments.html",
        rows=rows,
        pairs=None,
        pair=pair_codes,
        names=names,
        status=status,
    )


@router.get("/plot/{kind}/{a}/{b}.{ext}")
def plot(api: Api, kind: str, a: str, b: str, ext: str) -> Response:
    from bilat.export.plots import PLOTS, render_plot

    if kind not in PLOTS or ext not in {"svg", "png"}:
        raise HTTPException(404, detail=f"no plot '{kind}.{ext}'")
    body = render_plot(api, kind, [a, b], ext)
    return Response(body, media_type="image/svg+xml" if ext == "svg" else "image/png")
