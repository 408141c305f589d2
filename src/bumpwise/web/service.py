"""Who is asking, and the database work done for them (issue 11).

- `account(request)`: in personal mode always the personal diary's account, with no sign-in; in
  service mode the account of the request's session cookie, or None.
- `diary_store(request)`: the store of the signed-in account's diary. The store scopes every
  query by that owner (bumpwise.storage), so a route cannot reach anyone else's rows.
- `db(request, work, ...)`: database work runs in worker threads, never on the event loop, at most
  DB_THREADS at a time; a request that cannot get the database within `db_wait` seconds (SQLite's
  write lock held by another process, a PostgreSQL lock, every connection busy) gets the "busy,
  try again" page (503, Retry-After), and the rest of the server keeps answering meanwhile.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response

from bumpwise.settings import Settings
from bumpwise.storage import StorageError, Store
from bumpwise.storage.accounts import Account, Accounts
from bumpwise.storage.db import StorageBusy
from bumpwise.storage.models import PERSONAL

T = TypeVar("T")
SESSION_COOKIE = "bumpwise_session"
DB_THREADS = 16  # database work at once per worker; the other threads stay free for everything else
RETRY_AFTER = "5"


class Busy(Exception):  # noqa: N818 - a state, said to the person as such
    """The database was held too long: shown as the busy page (503)."""


class SignInNeeded(Exception):  # noqa: N818
    """Service mode, and the page needs an account: redirect to sign-in."""


def derived_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, from the configured secret: every worker and host derives the same."""
    return hmac.new(secret.encode(), f"bumpwise {purpose} v1".encode(), hashlib.sha256).digest()


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def engine(request: Request) -> Engine:
    """The app's database, opened (created and migrated) on first use. Call in a worker thread."""
    state = request.app.state
    if getattr(state, "diary_store", None) is None:
        from bumpwise.storage import open_store

        state.diary_store = open_store(state.settings, wait=state.settings.db_wait)
    store: Store = state.diary_store
    return store.engine


def accounts(request: Request) -> Accounts:
    return Accounts(engine(request))


async def db(request: Request, work: Callable[..., T], *args: Any) -> T:
    """Run `work(*args)` in a database thread; StorageBusy (or a wait over the bound for a thread)
    becomes Busy."""
    state = request.app.state
    if getattr(state, "db_limiter", None) is None:
        state.db_limiter = anyio.CapacityLimiter(DB_THREADS)
    limiter: anyio.CapacityLimiter = state.db_limiter
    wait = settings_of(request).db_wait
    try:
        # Waiting for a thread is cancellable (nothing has started); once started, the work runs to
        # its end, which the database's own bounded waits keep short.
        with anyio.fail_after(wait * 2 + 1):
            return await anyio.to_thread.run_sync(lambda: work(*args), limiter=limiter)
    except (StorageBusy, TimeoutError) as error:
        raise Busy() from error


async def account(request: Request) -> Account | None:
    """The account this request acts for (personal mode: the personal diary's)."""
    if "account" in request.scope.get("state", {}):
        found: Account | None = request.state.account
        return found
    found = None
    if not settings_of(request).service:
        from bumpwise.storage.accounts import now

        found = Account(id=PERSONAL, name=PERSONAL, has_passphrase=False, user_handle=PERSONAL, created_at=now())
    else:
        token = request.cookies.get(SESSION_COOKIE, "")
        if 20 <= len(token) <= 100:
            found = await db(request, lambda: accounts(request).session_account(token))
    request.state.account = found
    return found


async def signed_in(request: Request) -> Account:
    found = await account(request)
    if found is None:
        raise SignInNeeded()
    return found


async def diary_store(request: Request) -> Store:
    """The signed-in person's diary (personal mode: the one diary). Raises SignInNeeded."""
    owner = await signed_in(request)
    return Store(await db(request, engine, request), owner.id, owns_engine=False)


def busy_response(request: Request) -> Response:
    from starlette.responses import JSONResponse

    from bumpwise.web.render import render

    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "Busy: the database is in use. Nothing was changed. Try again in a moment."},
                            status_code=503, headers={"retry-after": RETRY_AFTER})
    response = render(request, "busy.html", status_code=503)
    response.headers["retry-after"] = RETRY_AFTER
    return response


def sign_in_redirect(request: Request) -> Response:
    from urllib.parse import quote

    from starlette.responses import RedirectResponse

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":  # after signing in she comes back to the page, not to the form's action
        target = "/check-in/result" if request.url.path == "/diary/save" else "/diary"
    return RedirectResponse(f"/account/sign-in?next={quote(target, safe='')}", status_code=303)


__all__ = ["Busy", "SignInNeeded", "StorageError"]
