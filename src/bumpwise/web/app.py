"""The ASGI application: pages, JSON API, docs and static files behind the security layers."""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from bumpwise.settings import Settings, load_settings
from bumpwise.web import api, docs, pages
from bumpwise.web.render import render
from bumpwise.web.security import (
    BodyLimit,
    Csrf,
    ErrorsAndAccessLog,
    SecurityHeaders,
    TrustedHosts,
    allowed_host_names,
    error_response,
)
from bumpwise.web.workers import WORKER_SECRET_ENV as WORKER_SECRET_ENV

STATIC = Path(__file__).parent / "static"
DIARY_MODULE = "bumpwise.web.diary"


def create_app(settings: Settings | None = None, secret: bytes | None = None) -> ErrorsAndAccessLog:
    """The app for these settings (by default: config file, then BUMPWISE_* environment).

    Returns the outermost ASGI layer (so that no exception, with whatever personal data its
    message holds, ever reaches the server's log); the FastAPI instance is its `.fastapi`.
    `secret` keys the CSRF tokens; by default a new random key per app.
    """
    settings = settings or load_settings()
    app = FastAPI(title="Bumpwise", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Triage, likely causes and a relief plan for back, pelvic, hip, buttock and "
                              "leg pain in pregnancy. Runs locally; nothing leaves this machine.")
    app.state.settings = settings
    app.state.csrf = Csrf(secret)
    app.state.has_diary = False
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(docs.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if importlib.util.find_spec(DIARY_MODULE) is not None:
        # The diary (issue 5) adds its own routes; the result page offers "Save to my diary".
        app.include_router(importlib.import_module(DIARY_MODULE).router)
        app.state.has_diary = True

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        if error.status_code == 404:
            return render(request, "not_found.html", status_code=404)
        return error_response(request.url.path, error.status_code)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        return error_response(request.url.path, 500)

    inner = api.AssessFastPath(app)
    hosts = allowed_host_names(settings.host, settings.allowed_hosts)
    return ErrorsAndAccessLog(SecurityHeaders(TrustedHosts(BodyLimit(inner, settings.max_request_bytes), hosts)),
                              fastapi=app)


def _version() -> str:
    from bumpwise.web.render import _version as version

    return version()


def app_from_environment() -> ErrorsAndAccessLog:
    """Factory for server worker processes: settings from the config file and BUMPWISE_* variables
    (`bumpwise serve --workers N` puts its flags there before starting the workers)."""
    secret = os.environ.get(WORKER_SECRET_ENV)
    return create_app(load_settings(), bytes.fromhex(secret) if secret else None)
