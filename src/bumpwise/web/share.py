"""What her midwife sees (issue 11): a share link `/s/TOKEN` or its short code (typed at `/s`)
opens her summary, read-only, for the dates she chose; the PDF and a FHIR Bundle of the same
records come through the same share. No account is needed, and nothing else of hers is reachable.
Every opening is recorded for her to see. Unknown, expired and revoked shares all get the same
answer, and too many wrong tries from one address are refused for a while.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from bumpwise.diary.summary import SECTIONS
from bumpwise.i18n import N_, translations
from bumpwise.storage import Store
from bumpwise.storage.shares import Share, normalise_code, open_share
from bumpwise.web.render import render, request_locale
from bumpwise.web.service import accounts, db, engine, settings_of

router = APIRouter(prefix="/s", include_in_schema=False)


def _service(request: Request) -> None:
    if not settings_of(request).service:
        raise HTTPException(404)


@router.get("")
async def code_page(request: Request) -> Response:
    _service(request)
    return render(request, "account/code.html", error="")


@router.post("")
async def enter_code(request: Request) -> Response:
    _service(request)
    form = await request.form()
    if not request.app.state.csrf.valid(request, form):
        return render(request, "expired.html", status_code=403)
    code = normalise_code(str(form.get("code") or ""))
    if len(code) != 8:
        return render(request, "account/code.html", status_code=422,
                      error=translations(request_locale(request)).gettext(
                          N_("Enter the 8 letters and numbers of the code, like KQ7M-4XPA.")))
    return RedirectResponse(f"/s/{code}", status_code=303)


async def _open(request: Request, secret: str, what: str) -> tuple[Share, Store]:
    from bumpwise.web.accounts import MAX_ADDRESS_FAILURES, WINDOW, _keys

    keys = _keys(request, "")
    store = accounts(request)
    if await db(request, store.failures, keys, WINDOW) >= MAX_ADDRESS_FAILURES:
        raise HTTPException(429, headers={"retry-after": str(int(WINDOW.total_seconds()))})
    candidates = {secret, normalise_code(secret)} if len(secret) <= 12 else {secret}
    the_engine = await db(request, engine, request)
    for candidate in candidates:
        share = await db(request, open_share, the_engine, candidate, what)
        if share is not None:
            return share, Store(the_engine, share.owner, owns_engine=False)
    await db(request, store.fail, keys, WINDOW)
    raise HTTPException(404)


@router.get("/{secret}")
async def shared_summary(request: Request, secret: str) -> Response:
    from bumpwise.web.diary import summary_page

    share, store = await _open(request, secret, "page")
    diary = await db(request, store.load_shared, share.start, share.end, share.earlier_warnings)
    start, end = _range(share, diary)
    return summary_page(request, diary, start, end, tuple(SECTIONS), {}, share.name, shared={
        "secret": secret, "expires": share.expires_at})


@router.get("/{secret}/summary.pdf")
async def shared_pdf(request: Request, secret: str) -> Response:
    from bumpwise.web.diary import summary_pdf_response

    share, store = await _open(request, secret, "pdf")
    diary = await db(request, store.load_shared, share.start, share.end, share.earlier_warnings)
    start, end = _range(share, diary)
    # In the language of whoever opens the share (her midwife's browser), like the share's page.
    return summary_pdf_response(diary, start, end, tuple(SECTIONS), share.name, request_locale(request))


@router.get("/{secret}/fhir")
async def shared_fhir(request: Request, secret: str) -> Response:
    """The shared records as a FHIR R4 Bundle (the same scope as the page)."""
    from bumpwise.export import fhir_bundle

    share, store = await _open(request, secret, "fhir")
    diary = await db(request, store.load_shared, share.start, share.end, share.earlier_warnings)
    return Response(fhir_bundle.dumps(diary), media_type="application/fhir+json")


def _range(share: Share, diary: object) -> tuple[date, date]:
    """The share's dates, the first day no earlier than her first record (a share "from the start")."""
    days = [e.day for e in getattr(diary, "entries", ())] + [c.day for c in getattr(diary, "checkins", ())]
    start = max(share.start, min(days, default=share.start)) if share.start.year <= 1900 else share.start
    return start, share.end
