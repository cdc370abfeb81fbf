"""The web application: the HTTP API under ``/api`` and the server-rendered UI, one process.

    bilat serve --db build/demo.db            # http://127.0.0.1:8000/

No login on localhost; CORS is off (no cross-origin headers are sent); every response carries
conservative security headers; errors are JSON (API) or a short page (UI), never a traceback.
Control characters in a path or parameter are a 400 (PostgreSQL cannot even bind a NUL), and
request bodies above ``api.MAX_INGEST_BYTES`` a 413, refused while they are still arriving.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bilat.api import Bilat
from bilat.errors import BilatError, E
from bilat.settings import Settings

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    ),
}
INGEST_PATH = "/api/ingest"
TOKEN_CHARACTERS = re.compile(r"[\x21-\x7e]+")  # headers arrive as latin-1, split at spaces
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class UTF8JSONResponse(JSONResponse):
    """JSON that says its charset, for clients that guess otherwise."""

    media_type = "application/json; charset=utf-8"


class BodyLimit:
    """Refuse a request body above ``limit`` bytes with a 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            # an HTTPException raised while the body is read reaches the app's handlers
            if declared.isdigit() and int(declared) > self.limit:
                raise HTTPException(413, detail=f"request body over {self.limit} bytes")
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise HTTPException(413, detail=f"request body over {self.limit} bytes")
            return message

        await self.app(scope, limited_receive, send)


def no_control_characters(request: Request) -> None:
    """A 400 for a control character (NUL, newline...) in the path or a query parameter."""
    if CONTROL_CHARACTERS.search(request.scope["path"]):  # url.path drops tabs
        raise HTTPException(400, detail="the path contains a control character")
    for name, value in request.query_params.multi_items():
        if CONTROL_CHARACTERS.search(name + value):
            raise HTTPException(400, detail=f"{name}: contains a control character")


def create_app(settings: Settings, ingest_token: str | None = None) -> FastAPI:
    """The application over one store; ``ingest_token`` turns on ``POST /api/ingest``."""
    from bilat import __version__
    from bilat.web import api, pages

    if ingest_token and not TOKEN_CHARACTERS.fullmatch(ingest_token):
        raise BilatError(E.E050)  # it could never match what a client sends

    app = FastAPI(
        default_response_class=UTF8JSONResponse,
        dependencies=[Depends(no_control_characters)],
        title="bilat",
        version=__version__,
        description="A sourced, queryable record of relations between states, read from the news.",
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN: ours is served below
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    # Read-only unless writes are on: a server that only reads never creates nor changes a store.
    app.state.bilat = Bilat(settings=settings, readonly=not ingest_token)
    app.state.ingest_token = ingest_token or None  # an empty token would open writes to all
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    docs_page = (STATIC / "api-docs.html").read_text(encoding="utf-8")

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    async def api_docs() -> HTMLResponse:
        """Swagger UI from the vendored files, started by a script of ours (no inline code)."""
        return HTMLResponse(docs_page)

    app.add_middleware(BodyLimit, limit=api.MAX_INGEST_BYTES)

    @app.middleware("http")
    async def writes_need_the_token_first(request: Request, call_next: Any) -> Any:
        """Refuse an unauthorised write before its body is read, parsed or validated."""
        if request.method == "POST" and request.url.path.rstrip("/") == INGEST_PATH:
            token = request.app.state.ingest_token
            refusal = api.ingest_refusal(token, request.headers.get("authorization"))
            if refusal is not None:
                status = refusal.status_code
                return error(request, status, f"HTTP{status}", refusal.detail, refusal.headers)
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"

    def error(request: Request, status: int, code: str, message: str, headers: Any = None) -> Any:
        response: Response
        if wants_html(request):
            response = pages.error_page(request, status, message)
        else:
            body = {"error": {"code": code, "message": message}}
            response = UTF8JSONResponse(body, status_code=status)
        # a 500 is answered outside the middleware, so the headers are set here too
        response.headers.update({**SECURITY_HEADERS, **(headers or {})})
        return response

    @app.exception_handler(BilatError)
    async def bilat_error(request: Request, exc: BilatError) -> Any:
        not_found = exc.code.name == "E038"
        message = str(exc).split("] ", 1)[-1]
        return error(request, 404 if not_found else 400, exc.code.name, message)

    @app.exception_handler(StarletteHTTPException)  # also routing's 404 and 405
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        status = exc.status_code
        return error(request, status, f"HTTP{status}", str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        problems = "; ".join(f"{_where(e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error(request, 400, "E400", problems or "invalid request")

    @app.exception_handler(OverflowError)
    async def overflow(request: Request, exc: OverflowError) -> Any:  # an id beyond 64 bits
        return error(request, 400, "E400", "a number in the request is out of range")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Any:  # no traceback to the client
        return error(request, 500, "E500", "internal error; the server log has the details")

    return app


def _where(loc: Any) -> str:
    """A validation error's place: the parameter's name, or ``body`` and the field's path."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["body"]:
        return ".".join(parts)
    return ".".join(parts[1:]) or "request"


HTML = HTMLResponse
