"""Security that every response gets: headers (a strict CSP), a request size limit, CSRF
tokens on forms, a last-resort error page with no stack trace, and an access log that holds
no personal data (method, path without query, status, time; no addresses, no bodies)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("bumpwise.web")

# No inline script or style anywhere in our pages; everything comes from /static.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; manifest-src 'self'")
# Swagger UI sets style attributes from JavaScript, so /docs alone allows inline styles (never scripts).
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

CSRF_COOKIE = "bumpwise_csrf"
CSRF_FIELD = "csrf"


class SecurityHeaders:
    """Adds the headers to every response; pages (not static files) are never cached, since
    they may show someone's symptoms."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", b"cache-control")
                           or (k.lower() == b"cache-control" and path.startswith("/static/"))]
                policy = DOCS_CSP if path == "/docs" else CSP
                headers.append((b"content-security-policy", policy.encode()))
                headers.extend((k.encode(), v.encode()) for k, v in HEADERS.items())
                if not path.startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})


def allowed_host_names(host: str, extra: str) -> frozenset[str] | None:
    """The Host names to answer: this machine's loopback names, the address listened on (unless it
    is a wildcard) and `extra` (comma-separated). None: any name ("*" in `extra`)."""
    names = {n.strip().lower().strip("[]") for n in extra.split(",") if n.strip()}
    if "*" in names:
        return None
    if host.strip().lower() not in WILDCARD_ADDRESSES:
        names.add(host.strip().lower().strip("[]"))
    return frozenset(names | LOOPBACK_NAMES)


class TrustedHosts:
    """Refuses requests whose Host header names another site (400). Without this, a web page on
    any site could point its own name at 127.0.0.1 (DNS rebinding) and, being then same-origin,
    read the diary and post its forms."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.allowed is None:
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope.get("headers", []) if k == b"host"), None)
        if raw is None or _host_name(raw.decode("latin-1")) in self.allowed:
            await self.app(scope, receive, send)
            return
        response: Response
        message = "This server does not answer to that address. Open it as http://127.0.0.1 instead."
        if scope["path"].startswith("/api/"):
            response = JSONResponse({"detail": message}, status_code=400)
        else:
            response = PlainTextResponse(message, status_code=400)
        await response(scope, receive, send)


def _host_name(host: str) -> str:
    """The name in a Host header, without its port: "[::1]:8000" -> "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


class BodyLimit:
    """Refuses bodies over `max_bytes` with 413, by Content-Length and while streaming. `limits`
    sets another size for some paths (the diary import takes a year's export)."""

    def __init__(self, app: ASGIApp, max_bytes: int, limits: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.limits = dict(limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limits.get(scope["path"], self.max_bytes)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            await _too_large(scope, receive, send)
            return
        seen = 0
        started = overflowed = False

        async def limited_receive() -> Message:
            nonlocal seen, overflowed
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    overflowed = True
                    raise _TooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if overflowed and not started:
                # The app's answer to a body it never got (a 500 page from the framework's error
                # handler, for a chunked form or upload): the person gets the 413 below instead.
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(_TooLargeError):
            await self.app(scope, limited_receive, tracking_send)
        if overflowed and not started:
            await _too_large(scope, receive, send)


class _TooLargeError(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response: Response
    if scope["path"].startswith("/api/"):
        response = JSONResponse({"detail": "The request is too large."}, status_code=413)
    else:
        response = PlainTextResponse("The request is too large.", status_code=413)
    await response(scope, receive, send)


class BodyTimeout:
    """A body whose next part does not arrive within `seconds` is answered with 408 and not read
    further (a slow or silent client cannot hold a worker's request open). The headers' own
    timeout is the server's (bumpwise.web.server)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        import anyio

        timed_out = started = False

        async def timed_receive() -> Message:
            nonlocal timed_out
            with anyio.move_on_after(self.seconds) as scope_:
                message = await receive()
            if scope_.cancelled_caught:
                timed_out = True
                raise _TimedOutError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if timed_out and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(_TimedOutError):
            await self.app(scope, timed_receive, tracking_send)
        if timed_out and not started:
            message = "The request took too long to arrive. Please try again."
            response: Response = (JSONResponse({"detail": message}, status_code=408)
                                  if scope["path"].startswith("/api/") else PlainTextResponse(message, status_code=408))
            response.headers["connection"] = "close"
            await response(scope, receive, send)


class _TimedOutError(Exception):
    pass


# Client errors the framework raises itself, said plainly: never "something went wrong on our side".
CLIENT_ERRORS = {
    400: "This request could not be read. Please go back and try again.",
    405: "This address does not take that kind of request (see the Allow header for those it does).",
    408: "The request took too long to arrive. Please try again.",
    413: "The request is too large.",
    415: "This kind of content is not accepted here.",
    422: "This request could not be read. Please go back and try again.",
}


def client_error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return HTMLResponse(
        "<!doctype html><html lang=en><title>Cannot do that - Bumpwise</title>"
        "<link rel=stylesheet href=/static/css/bumpwise.css><main id=main><h1>Cannot do that</h1>"
        f"<p>{message}</p><p><a href=/>Go to the start</a></p></main></html>", status_code=status,
        headers=dict(headers or {}))


class ErrorsAndAccessLog:
    """Outermost layer: logs one line per request without personal data, and turns any
    uncaught exception into a plain 500 page (the traceback goes to the log, not the person)."""

    def __init__(self, app: ASGIApp, fastapi: Any = None) -> None:
        self.app = app
        self.fastapi = fastapi  # the application inside, for tests and settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            # The exception's message may quote what the person typed, so log its type only.
            log.error("unhandled %s on %s %s", type(error).__name__, scope["method"], scope["path"])
            if not started:
                await error_response(scope["path"], 500)(scope, receive, send)
        finally:
            log.info("%s %s %d %.1fms", scope["method"], logged_path(scope["path"]), status,
                     (time.perf_counter() - start) * 1000)


def logged_path(path: str) -> str:
    """The path as logged: a share's secret (/s/SECRET/...) never reaches the log."""
    if path.startswith("/s/"):
        head, _, rest = path[3:].partition("/")
        return "/s/[share]" + ("/" + rest if rest else "") if head else path
    return path


def error_response(path: str, status: int) -> Response:
    message = "Something went wrong on our side. Your answers were not stored anywhere. Please try again."
    if path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return HTMLResponse(
        "<!doctype html><html lang=en><title>Something went wrong - Bumpwise</title>"
        "<link rel=stylesheet href=/static/css/bumpwise.css><main id=main><h1>Something went wrong</h1>"
        f"<p>{message}</p><p>If you are worried about yourself or your baby, call your maternity unit "
        "or midwife now.</p><p><a href=/>Start again</a></p></main></html>", status_code=status)


class Csrf:
    """Signed double-submit tokens: a random cookie, and in each form an HMAC of it under a
    per-process key. A page from another site can neither read the cookie nor forge the HMAC."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key or secrets.token_bytes(32)

    def token_for(self, cookie: str) -> str:
        return hmac.new(self.key, cookie.encode(), hashlib.sha256).hexdigest()

    def cookie_for(self, request: Request) -> tuple[str, bool]:
        """The request's cookie value, or a new one; the flag says whether it must be set."""
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if len(cookie) == 43 and cookie.replace("-", "").replace("_", "").isalnum():
            return cookie, False
        return secrets.token_urlsafe(32), True

    def valid(self, request: Request, form: Mapping[str, Any]) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        sent = str(form.get(CSRF_FIELD) or "")
        return bool(cookie) and hmac.compare_digest(self.token_for(cookie), sent)

    def set_cookie(self, response: Response, cookie: str, secure: bool) -> None:
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict", secure=secure, path="/")
