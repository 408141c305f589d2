"""Accounts in service mode (issue 11): sign up and sign in with a passkey (WebAuthn) or a
passphrase (argon2id), no e-mail; sign out, sign out everywhere; her shares with the midwife;
delete the account and everything in it. In personal mode these pages do not exist (404).

Sessions live in the database (any worker or host serves any request); the cookie holds a random
token (HttpOnly, SameSite=Lax, Secure over https). Failed sign-ins are counted in the database
per name and per address (keyed hashes), and refused for a while after too many.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from bumpwise.i18n import N_, translations
from bumpwise.storage.accounts import Account, NameTaken
from bumpwise.storage.shares import DEFAULT_DAYS, Shares, shown_code
from bumpwise.web.render import render, request_locale
from bumpwise.web.security import CSRF_FIELD
from bumpwise.web.service import SESSION_COOKIE, accounts, db, derived_key, engine, settings_of, signed_in

router = APIRouter(prefix="/account", include_in_schema=False)

WINDOW = timedelta(minutes=15)
MAX_NAME_FAILURES = 5  # per name in WINDOW
MAX_ADDRESS_FAILURES = 20  # per address in WINDOW
MIN_PASSPHRASE, MAX_PASSPHRASE = 10, 200
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
SHARE_DAYS = (1, 7, 14, 30)
NAME_TAKEN = N_("Sign-in name: this one is taken. Choose another.")
PASSPHRASE_SHORT = N_("Passphrase: use at least %(count)s characters. A few words are easiest.")
NOT_THE_SAME = N_("Type it again: the two passphrases are not the same.")


def _service(request: Request) -> None:
    if not settings_of(request).service:
        raise HTTPException(404)


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id, the library's defaults (RFC 9106's second recommendation)


def _next(value: str) -> str:
    """Only a path on this site: never "//other.site" or "https://...". """
    return value if value.startswith("/") and not value.startswith("//") and "\\" not in value else "/diary"


def _normal_name(name: str) -> str:
    return name.strip().lower()


def _name_problem(name: str) -> str | None:
    if not 3 <= len(name) <= 40 or not set(name) <= NAME_CHARS:
        return N_("Sign-in name: use 3 to 40 letters or numbers (dots, dashes and underscores are fine too).")
    return None


def _keys(request: Request, name: str) -> list[str]:
    """Rate-limit keys: the name and the address, each as a hash keyed from the secret (never stored
    plain: the attempts table holds no names or addresses)."""
    key = derived_key(settings_of(request).secret_key, "attempts")
    address = request.client.host if request.client else "unknown"
    return [hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
            for kind, value in (("name", name), ("address", address)) if value]


async def _too_many(request: Request, name: str) -> bool:
    keys = _keys(request, name)
    store = accounts(request)
    by_name = await db(request, store.failures, keys[:1], WINDOW)
    by_address = await db(request, store.failures, keys[1:], WINDOW)
    return by_name >= MAX_NAME_FAILURES or by_address >= MAX_ADDRESS_FAILURES


def _limited(request: Request, template: str, **context: Any) -> Response:
    response = render(request, template, status_code=429, limited=True, **context)
    response.headers["retry-after"] = str(int(WINDOW.total_seconds()))
    return response


def _signed_in_response(request: Request, token: str, target: str) -> Response:
    response = RedirectResponse(target, status_code=303)
    _set_session(request, response, token)
    return response


def _set_session(request: Request, response: Response, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        path="/", max_age=60 * 60 * 24 * 30)


async def _csrf_form(request: Request) -> FormData | None:
    form = await request.form()
    return form if request.app.state.csrf.valid(request, form) else None


async def _mine(request: Request) -> tuple[Account, FormData | None]:
    """Her account (or SignInNeeded) and the posted form (None when its CSRF token is wrong)."""
    _service(request)
    return await signed_in(request), await _csrf_form(request)


# --- sign in and sign up -----------------------------------------------------------------------

@router.get("/sign-in")
async def sign_in_page(request: Request, next: str = "/diary") -> Response:
    _service(request)
    return render(request, "account/sign_in.html", next=_next(next), errors={}, values={})


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    """Passphrase sign-in. The same answer for an unknown name and a wrong passphrase."""
    _service(request)
    form = await _csrf_form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    name, passphrase = _normal_name(str(form.get("name") or "")), str(form.get("passphrase") or "")
    target = _next(str(form.get("next") or "/diary"))
    values = {"name": name}
    if await _too_many(request, name):
        return _limited(request, "account/sign_in.html", next=target, errors={}, values=values)
    store = accounts(request)
    found = await db(request, store.passphrase_hash, name) if name else None
    ok = False
    if found is not None and passphrase:
        ok = await db(request, _verify, found[1], passphrase)
    if not ok:
        await db(request, store.fail, _keys(request, name), WINDOW)
        return render(request, "account/sign_in.html", status_code=422, next=target, values=values, errors={
            "passphrase": _say(request)(N_("That name and passphrase do not match. Check them and try again."))})
    token = await db(request, store.start_session, found[0].id)  # type: ignore[index]
    return _signed_in_response(request, token, target)


def _verify(hashed: str, passphrase: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(hashed, passphrase))
    except (VerificationError, InvalidHashError):
        return False


@router.get("/sign-up")
async def sign_up_page(request: Request) -> Response:
    _service(request)
    return render(request, "account/sign_up.html", errors={}, values={})


@router.post("/sign-up")
async def sign_up(request: Request) -> Response:
    """Passphrase sign-up (the passkey way is /account/passkey/...)."""
    _service(request)
    form = await _csrf_form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    name = _normal_name(str(form.get("name") or ""))
    passphrase, again = str(form.get("passphrase") or ""), str(form.get("again") or "")
    errors = {}
    problem = _name_problem(name)
    say = _say(request)
    if problem:
        errors["name"] = say(problem)
    if not MIN_PASSPHRASE <= len(passphrase) <= MAX_PASSPHRASE:
        errors["passphrase"] = say(PASSPHRASE_SHORT) % {"count": MIN_PASSPHRASE}
    elif passphrase != again:
        errors["again"] = say(NOT_THE_SAME)
    if not errors:
        hashed = await db(request, _hasher().hash, passphrase)
        try:
            created = await db(request, accounts(request).create, name, hashed)
        except NameTaken:
            errors["name"] = say(NAME_TAKEN)
        else:
            token = await db(request, accounts(request).start_session, created.id)
            return _signed_in_response(request, token, "/account?welcome=1")
    return render(request, "account/sign_up.html", status_code=422, errors=errors, values={"name": name})


# --- passkeys (WebAuthn) -----------------------------------------------------------------------

def _rp(request: Request) -> tuple[str, str]:
    """The relying party's id (the host name) and the expected origin, from this request (the Host
    header is one the server answers to; behind a trusted proxy the scheme is the proxy's)."""
    host = request.url.hostname or "localhost"
    return host, f"{request.url.scheme}://{request.url.netloc}"


def _csrf_header(request: Request) -> bool:
    from bumpwise.web.security import CSRF_COOKIE

    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get("x-csrf-token", "")
    return bool(cookie) and hmac.compare_digest(request.app.state.csrf.token_for(cookie), sent)


def _json_error(request: Request, message: str, status: int = 422) -> JSONResponse:
    """An error for passkey.js to show, in the page's language."""
    return JSONResponse({"error": _say(request)(message)}, status_code=status)


def _say(request: Request) -> Callable[[str], str]:
    return translations(request_locale(request)).gettext


async def _json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


@router.post("/passkey/options")
async def passkey_options(request: Request) -> Response:
    """Options for navigator.credentials.create (purpose sign-up or add) or .get (sign-in), and a
    token for the challenge, which is kept in the database and used once."""
    _service(request)
    from webauthn import generate_authentication_options, generate_registration_options, options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        PublicKeyCredentialDescriptor,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    if not _csrf_header(request):
        return _json_error(request, N_("This page is out of date. Reload it and try again."), 403)
    body = await _json_body(request) or {}
    purpose = str(body.get("purpose") or "")
    rp_id, _ = _rp(request)
    store = accounts(request)
    data: dict[str, Any] = {}
    options: Any
    if purpose == "sign-up":
        name = _normal_name(str(body.get("name") or ""))
        problem = _name_problem(name)
        if problem:
            return _json_error(request, problem)
        if await db(request, store.by_name, name) is not None:
            return _json_error(request, NAME_TAKEN)
        # The user handle as the authenticator keeps it: at most 64 bytes (WebAuthn's limit). 32
        # random bytes as base64url text, like an account made with a passphrase (storage.accounts).
        handle = secrets.token_urlsafe(32)
        data = {"name": name, "handle": handle}
        options = generate_registration_options(
            rp_id=rp_id, rp_name="Bumpwise", user_name=name, user_id=handle.encode(),
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.PREFERRED))
    elif purpose == "add":
        me = await signed_in(request)
        have = await db(request, store.passkeys, me.id)
        from webauthn.helpers import base64url_to_bytes

        data = {"account": me.id}
        options = generate_registration_options(
            rp_id=rp_id, rp_name="Bumpwise", user_name=me.name, user_id=me.user_handle.encode(),
            exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.id)) for p in have],
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.PREFERRED))
    elif purpose == "sign-in":
        options = generate_authentication_options(rp_id=rp_id,
                                                  user_verification=UserVerificationRequirement.PREFERRED)
    else:
        return _json_error(request, "purpose: accepted sign-up, add, sign-in")
    token = await db(request, store.put_challenge, purpose, options.challenge, data)
    return JSONResponse({"token": token, "options": json.loads(options_to_json(options))})


@router.post("/passkey/verify")
async def passkey_verify(request: Request) -> Response:
    """The authenticator's answer: a new account (sign-up), a new passkey (add) or a session (sign-in)."""
    _service(request)
    from webauthn import verify_authentication_response, verify_registration_response
    from webauthn.helpers import bytes_to_base64url
    from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse

    if not _csrf_header(request):
        return _json_error(request, N_("This page is out of date. Reload it and try again."), 403)
    body = await _json_body(request) or {}
    purpose, token = str(body.get("purpose") or ""), str(body.get("token") or "")
    credential = body.get("credential")
    store = accounts(request)
    taken = await db(request, store.take_challenge, token, purpose) if token else None
    if taken is None or not isinstance(credential, dict):
        return _json_error(request, N_("This took too long or was already used. Try again."))
    challenge, data = taken
    rp_id, origin = _rp(request)
    target = _next(str(body.get("next") or "/diary"))
    if purpose in ("sign-up", "add"):
        try:
            verified = verify_registration_response(credential=credential, expected_challenge=challenge,
                                                    expected_rp_id=rp_id, expected_origin=origin)
        except (InvalidRegistrationResponse, ValueError, KeyError, TypeError):
            return _json_error(request, N_("The passkey could not be checked. Try again, or use a passphrase."))
        credential_id = bytes_to_base64url(verified.credential_id)
        if purpose == "add":
            me = await signed_in(request)
            if me.id != data.get("account"):
                return _json_error(request, N_("Sign in again, then add the passkey."), 403)
            await db(request, store.add_passkey, me.id, credential_id, verified.credential_public_key,
                     verified.sign_count)
            return JSONResponse({"next": "/account?added=passkey"})
        try:
            created = await db(request, lambda: store.create(data["name"], None, data["handle"]))
        except NameTaken:
            return _json_error(request, NAME_TAKEN)
        await db(request, store.add_passkey, created.id, credential_id, verified.credential_public_key,
                 verified.sign_count)
        session = await db(request, store.start_session, created.id)
        response = JSONResponse({"next": "/account?welcome=1"})
        _set_session(request, response, session)
        return response
    if purpose != "sign-in":
        return _json_error(request, "purpose: accepted sign-up, add, sign-in")
    address_keys = _keys(request, "")
    if await db(request, store.failures, address_keys, WINDOW) >= MAX_ADDRESS_FAILURES:
        return _json_error(request, N_("Too many tries. Wait 15 minutes, then try again."), 429)
    passkey = await db(request, store.passkey, str(credential.get("id") or ""))
    if passkey is None:
        await db(request, store.fail, address_keys, WINDOW)
        return _json_error(request, N_("This passkey is not known here. Sign up, or use your passphrase."))
    try:
        checked = verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id, expected_origin=origin,
            credential_public_key=passkey.public_key, credential_current_sign_count=passkey.sign_count)
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        await db(request, store.fail, address_keys, WINDOW)
        return _json_error(request, N_("The passkey could not be checked. Try again, or use your passphrase."))
    owner = await db(request, store.by_id, passkey.account_id)
    handle = (credential.get("response") or {}).get("userHandle") if isinstance(credential.get("response"), dict) \
        else None
    if owner is None or (handle and handle != bytes_to_base64url(owner.user_handle.encode())):
        # The authenticator names the account the passkey was made for: it must be this one.
        await db(request, store.fail, address_keys, WINDOW)
        return _json_error(request, N_("The passkey could not be checked. Try again, or use your passphrase."))
    await db(request, store.used_passkey, passkey.id, checked.new_sign_count)
    session = await db(request, store.start_session, passkey.account_id)
    response = JSONResponse({"next": target})
    _set_session(request, response, session)
    return response


# --- her account -------------------------------------------------------------------------------

async def _account_page(request: Request, me: Account, status_code: int = 200, **context: Any) -> Response:
    store = accounts(request)
    shares = Shares(await db(request, engine, request), me.id)
    passkeys = await db(request, store.passkeys, me.id)
    listed = await db(request, shares.list)
    from bumpwise.storage.accounts import now

    context.setdefault("errors", {})
    context.setdefault("new_share", None)
    context.setdefault("share_values", {"to": date.today().isoformat(), "days": str(DEFAULT_DAYS),
                                        "earlier_warnings": True})
    # The shares that still open come first (newest first), then those stopped or ended.
    at = now()
    listed = sorted(listed, key=lambda s: s.revoked_at is not None or s.expires_at <= at)
    return render(request, "account/account.html", status_code=status_code, account=me, passkeys=passkeys,
                  shares=listed, now=at, share_days=SHARE_DAYS, default_days=DEFAULT_DAYS,
                  today=date.today().isoformat(), welcome=request.query_params.get("welcome"),
                  done=request.query_params.get("done", ""), shown_code=shown_code, **context)


@router.get("")
async def account_page(request: Request) -> Response:
    _service(request)
    return await _account_page(request, await signed_in(request))


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    _service(request)
    form = await _csrf_form(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        await db(request, accounts(request).end_session, token)
    response = RedirectResponse("/account/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/sign-out-everywhere")
async def sign_out_everywhere(request: Request) -> Response:
    me, form = await _mine(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    await db(request, accounts(request).end_all_sessions, me.id)
    response = RedirectResponse("/account/sign-in?signed_out=everywhere", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/passphrase")
async def set_passphrase(request: Request) -> Response:
    me, form = await _mine(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    passphrase, again = str(form.get("passphrase") or ""), str(form.get("again") or "")
    if not MIN_PASSPHRASE <= len(passphrase) <= MAX_PASSPHRASE:
        return await _account_page(request, me, 422, errors={
            "passphrase": _say(request)(PASSPHRASE_SHORT) % {"count": MIN_PASSPHRASE}})
    if passphrase != again:
        return await _account_page(request, me, 422, errors={"again": _say(request)(NOT_THE_SAME)})
    hashed = await db(request, _hasher().hash, passphrase)
    await db(request, accounts(request).set_passphrase, me.id, hashed)
    return RedirectResponse("/account?done=passphrase", status_code=303)


@router.post("/passkeys/{passkey_id}/remove")
async def remove_passkey(request: Request, passkey_id: str) -> Response:
    me, form = await _mine(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store = accounts(request)
    have = await db(request, store.passkeys, me.id)
    if len(have) <= 1 and not me.has_passphrase:
        return await _account_page(request, me, 422, errors={
            "passkeys": _say(request)(
                N_("This is your only way to sign in. Set a passphrase or add another passkey first."))})
    if not await db(request, store.remove_passkey, me.id, passkey_id):
        raise HTTPException(404)
    return RedirectResponse("/account?done=passkey-removed", status_code=303)


@router.post("/shares")
async def create_share(request: Request) -> Response:
    """A read-only link and short code to her summary, for the dates she chose."""
    me, form = await _mine(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    errors: dict[str, str] = {}
    days: dict[str, date] = {}
    for field, label in (("from", N_("From: enter a date like 2026-03-14.")),
                         ("to", N_("To: enter a date like 2026-03-14."))):
        value = str(form.get(field) or "")
        try:
            default = date(1900, 1, 1) if field == "from" else date.today()  # from: her first record
            days[field] = date.fromisoformat(value) if value else default
        except ValueError:
            errors[field] = _say(request)(label)
    if not errors and days["from"] > days["to"]:
        errors["from"] = _say(request)(N_("From: this day is after the To day. Choose an earlier one."))
    try:
        keep = int(str(form.get("days") or DEFAULT_DAYS))
    except ValueError:
        keep = 0
    if keep not in SHARE_DAYS:
        errors["days"] = _say(request)(N_("How long she can open it: choose %(choices)s days.")) % {
            "choices": ", ".join(map(str, SHARE_DAYS))}
    if errors:  # what she typed stays in the form
        return await _account_page(request, me, 422, errors=errors, share_values={
            "from": str(form.get("from") or "")[:40], "to": str(form.get("to") or "")[:40],
            "days": str(form.get("days") or ""), "name": str(form.get("name") or "")[:80],
            "earlier_warnings": form.get("earlier_warnings") == "1"})
    name = str(form.get("name") or "").strip()[:80] or None
    shares = Shares(await db(request, engine, request), me.id)
    created = await db(request, lambda: shares.create(days["from"], days["to"], keep,
                                                      form.get("earlier_warnings") == "1", name))
    base = f"{request.url.scheme}://{request.url.netloc}"
    return await _account_page(request, me, new_share={"link": f"{base}/s/{created.token}",
                                                       "code": shown_code(created.code), "entry": f"{base}/s",
                                                       "share": created.share})


@router.post("/shares/{share_id}/revoke")
async def revoke_share(request: Request, share_id: str) -> Response:
    me, form = await _mine(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    shares = Shares(await db(request, engine, request), me.id)
    if not await db(request, shares.revoke, share_id):
        raise HTTPException(404)
    return RedirectResponse("/account?done=share-revoked", status_code=303)


@router.get("/delete")
async def delete_page(request: Request) -> Response:
    _service(request)
    me = await signed_in(request)
    counts = await db(request, accounts(request).diary(me.id).counts)
    return render(request, "account/delete.html", account=me, counts=counts, error="")


@router.post("/delete")
async def delete_account(request: Request) -> Response:
    """Everything she stored, in one step, after she types "delete"."""
    me, form = await _mine(request)
    if form is None:
        return render(request, "expired.html", status_code=403)
    store = accounts(request)
    if str(form.get("confirm") or "").strip().lower() != "delete":
        counts = await db(request, store.diary(me.id).counts)
        return render(request, "account/delete.html", status_code=422, account=me, counts=counts,
                      error=_say(request)(N_("Type the word delete to confirm. Nothing was deleted.")))
    await db(request, store.delete, me.id)
    response = RedirectResponse("/account/sign-in?deleted=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


__all__ = ["CSRF_FIELD", "router"]
