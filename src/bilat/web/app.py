"""The web application: the HTTP API under ``/api`` and the server-rendered UI, one process.

    bilat serve --db build/demo.db            # http://127.0.0.1:8000/

No login on localhost; CORS is off (no cross-origin headers are sent); every response carries
conservative security headers; errors are JSON (API) or a short page (UI), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from bilat.api import Bilat
from bilat.errors import BilatError
from bilat.settings import Settings

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'"
    ),
}


def create_app(settings: Settings, ingest_token: str | None = None) -> FastAPI:
    """The application over one store; ``ingest_token`` turns on ``POST /api/ingest``."""
    from bilat import __version__
    from bilat.web import api, pages

    app = FastAPI(
        title="bilat",
        version=__version__,
        description="A sourced, queryable record of relations between states, read from the news.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.bilat = Bilat(settings=settings)
    app.state.ingest_token = ingest_token
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"

    def error(request: Request, status: int, code: str, message: str) -> Any:
        if wants_html(request):
            return pages.error_page(request, status, message)
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)

    @app.exception_handler(BilatError)
    async def bilat_error(request: Request, exc: BilatError) -> Any:
        not_found = exc.code.name == "E038"
        message = str(exc).split("] ", 1)[-1]
        return error(request, 404 if not_found else 400, exc.code.name, message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Any:
        return error(request, exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
            for e in exc.errors()
        )
        return error(request, 400, "E400", problems or "invalid request")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Any:  # no traceback to the client
        return error(request, 500, "E500", "internal error; the server log has the details")

    return app


HTML = HTMLResponse
