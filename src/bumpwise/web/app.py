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

from bumpwise.settings import Settings, SettingsError, load_settings, service_problems
from bumpwise.web import accounts as accounts_web
from bumpwise.web import api, docs, pages
from bumpwise.web import share as share_web
from bumpwise.web.render import render
from bumpwise.web.security import (
    CLIENT_ERRORS,
    BodyLimit,
    BodyTimeout,
    Csrf,
    ErrorsAndAccessLog,
    SecurityHeaders,
    TrustedHosts,
    allowed_host_names,
    client_error_response,
    error_response,
)
from bumpwise.web.service import Busy, SignInNeeded, busy_response, derived_key, sign_in_redirect
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
    if settings.service:
        problems = service_problems(settings)
        if problems:
            raise SettingsError("service mode needs " + " and ".join(problems))
        secret = derived_key(settings.secret_key, "csrf")
    app = FastAPI(title="Bumpwise", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Triage, likely causes and a relief plan for back, pelvic, hip, buttock and "
                              "leg pain in pregnancy. Runs locally; nothing leaves this machine.")
    app.state.settings = settings
    app.state.csrf = Csrf(secret)
    app.state.has_diary = False
    app.state.diary_store = None
    if settings.service:
        # Migrations run on start (one process at a time: an advisory lock on PostgreSQL), and a
        # database that cannot be reached stops the start with its reason.
        from bumpwise.storage import open_store

        app.state.diary_store = open_store(settings, wait=settings.db_wait)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(docs.router)
    app.include_router(accounts_web.router)
    app.include_router(share_web.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if importlib.util.find_spec(DIARY_MODULE) is not None:
        # The diary (issue 5) adds its own routes; the result page offers "Save to my diary".
        app.include_router(importlib.import_module(DIARY_MODULE).router)
        app.state.has_diary = True

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        headers = dict(error.headers or {})
        if request.url.path.startswith("/api/"):
            detail = CLIENT_ERRORS.get(error.status_code, error.detail) if error.status_code == 405 else error.detail
            return JSONResponse({"detail": detail}, status_code=error.status_code, headers=headers)
        if error.status_code == 404:
            return render(request, "not_found.html", status_code=404)
        if error.status_code in CLIENT_ERRORS:
            return client_error_response(error.status_code, CLIENT_ERRORS[error.status_code], headers)
        return error_response(request.url.path, error.status_code)

    @app.exception_handler(Busy)
    async def busy(request: Request, error: Busy) -> Response:
        return busy_response(request)

    @app.exception_handler(SignInNeeded)
    async def sign_in(request: Request, error: SignInNeeded) -> Response:
        return sign_in_redirect(request)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        return error_response(request.url.path, 500)

    app.openapi = lambda: api.openapi_schema(app)  # type: ignore[method-assign]
    inner = api.AssessFastPath(app)
    hosts = allowed_host_names(settings.host, settings.allowed_hosts)
    limits = {"/diary/import": settings.import_max_bytes}  # a year's export is about 1.8 MB (docs/diary.md)
    return ErrorsAndAccessLog(SecurityHeaders(TrustedHosts(
        BodyTimeout(BodyLimit(inner, settings.max_request_bytes, limits), settings.body_timeout), hosts)),
        fastapi=app)


def _version() -> str:
    from bumpwise.web.render import _version as version

    return version()


def app_from_environment() -> ErrorsAndAccessLog:
    """Factory for server worker processes: settings from the config file and BUMPWISE_* variables
    (`bumpwise serve --workers N` puts its flags there before starting the workers)."""
    secret = os.environ.get(WORKER_SECRET_ENV)
    return create_app(load_settings(), bytes.fromhex(secret) if secret else None)
