"""Service mode (issue 11): user B cannot read, list, export, edit, delete or share user A's data,
through any route or CLI command that touches stored data, on SQLite and on PostgreSQL.

`test_every_route_is_classified` enumerates the app's routes: a new route must be added either to
ISOLATION (with a check below) or to NO_STORED_DATA, or the suite fails.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import test_storage_backends as backends
from bumpwise.settings import Settings
from bumpwise.storage import open_store
from bumpwise.storage.accounts import Accounts
from bumpwise.web.app import create_app
from web_helpers import hidden

database_url, postgres_url = backends.database_url, backends.postgres_url
SECRET = "s" * 40
A_NOTE, A_GOAL = "A-SECRET-NOTE", "A-SECRET-GOAL"


def service_client(url: str, tmp_path: Path) -> TestClient:
    app = create_app(Settings(service=True, secret_key=SECRET, database_url=url, data_dir=tmp_path))
    return TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False)


def csrf(client: TestClient, path: str = "/account/sign-up") -> str:
    return hidden(client.get(path).text, "csrf")


def sign_up(client: TestClient, name: str, passphrase: str = "correct horse battery") -> None:
    r = client.post("/account/sign-up", data={"csrf": csrf(client), "name": name, "passphrase": passphrase,
                                              "again": passphrase}, follow_redirects=False)
    assert r.status_code == 303, r.text


def post(client: TestClient, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
    return client.post(path, data={"csrf": csrf(client, "/diary/add"), **(data or {})}, follow_redirects=False, **kw)


class World:
    """A with an entry, a warning entry, a saved check-in, a goal with a score, a passkey and a share;
    B signed up with nothing."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url = url
        self.a, self.b = service_client(url, tmp_path), service_client(url, tmp_path)
        sign_up(self.a, "anna")
        sign_up(self.b, "bea")
        added = post(self.a, "/diary/add", {"pain_low_back": "4", "note": A_NOTE, "day": "2026-01-10"})
        assert added.status_code == 303
        post(self.a, "/diary/add", {"pain_calf": "8", "side_calf": "left", "character": ["swelling_calf"],
                                    "character_asked": "1", "day": "2026-01-11"})
        post(self.a, "/diary/save", {"assessment": json.dumps({"week": 30, "findings": ["low_back"]})})
        post(self.a, "/diary/goals", {"action": "add", "title": A_GOAL})
        self.export = self.a.get("/diary/export.json").content
        diary = json.loads(self.export)
        self.entry = diary["entries"][0]["id"]
        self.goal = diary["goals"][0]["id"]
        post(self.a, "/diary/goals", {"action": "rate", "goal_id": self.goal, "score": "6"})
        with open_store(url=url) as store:
            accounts = Accounts(store.engine)
            anna = accounts.by_name("anna")
            assert anna is not None
            self.anna = anna.id
            accounts.add_passkey(anna.id, "a-passkey", b"key", 0)
        page = post(self.a, "/account/shares", {"from": "2026-01-01", "to": "2026-12-31", "days": "14"}).text
        self.link = re.search(r'data-share-link>http://127.0.0.1:8000(/s/[^<]+)<', page).group(1)  # type: ignore[union-attr]
        self.share = re.search(r'data-share="([0-9a-f]+)"', self.a.get("/account").text).group(1)  # type: ignore[union-attr]
        self.counts = self.a_counts()

    def a_counts(self) -> dict[str, int]:
        with open_store(url=self.url) as store:
            return dict(store.scoped(self.anna).counts())

    def a_unchanged(self) -> None:
        assert self.a_counts() == self.counts
        assert A_NOTE in self.a.get("/diary").text, "A's diary is as it was"
        assert self.a.get(self.link).status_code == 200, "A's share still opens"


def no_a(text: str | bytes) -> None:
    body = text if isinstance(text, str) else text.decode("latin-1")
    assert A_NOTE not in body and A_GOAL not in body and "anna" not in body


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# Every route that touches stored data, with what B tries on A's data.
ISOLATION: dict[tuple[str, str], Callable[[World], None]] = {
    ("GET", "/diary"): lambda w: no_a(w.b.get("/diary").text),
    ("POST", "/diary/save"): lambda w: (post(w.b, "/diary/save", {"assessment": json.dumps({"week": 20})}),
                                        no_a(w.b.get("/diary").text)),
    ("GET", "/diary/add"): lambda w: no_a(w.b.get("/diary/add").text),
    ("POST", "/diary/add"): lambda w: post(w.b, "/diary/add", {"pain_pubic": "3"}),
    ("GET", "/diary/entries/{entry_id}/edit"): lambda w: _status(w.b.get(f"/diary/entries/{w.entry}/edit"), 404),
    ("POST", "/diary/entries/{entry_id}/edit"): lambda w: _status(post(w.b, f"/diary/entries/{w.entry}/edit",
                                                                       {"pain_pubic": "1"}), 404),
    ("GET", "/diary/entries/{entry_id}/delete"): lambda w: _status(w.b.get(f"/diary/entries/{w.entry}/delete"), 404),
    ("POST", "/diary/entries/{entry_id}/delete"): lambda w: _status(post(w.b, f"/diary/entries/{w.entry}/delete"),
                                                                    404),
    ("GET", "/diary/trends"): lambda w: no_a(w.b.get("/diary/trends").text),
    ("GET", "/diary/goals"): lambda w: no_a(w.b.get("/diary/goals").text),
    ("POST", "/diary/goals"): lambda w: (
        _status(post(w.b, "/diary/goals", {"action": "rate", "goal_id": w.goal, "score": "1"}), 422),
        _status(post(w.b, "/diary/goals", {"action": "retire", "goal_id": w.goal}), 422)),
    ("GET", "/diary/summary"): lambda w: no_a(w.b.get("/diary/summary").text),
    ("GET", "/diary/summary.pdf"): lambda w: no_a(_pdf_text(w.b.get("/diary/summary.pdf").content)),
    ("GET", "/diary/transfer"): lambda w: no_a(w.b.get("/diary/transfer").text),
    ("GET", "/diary/export.{fmt}"): lambda w: [no_a(w.b.get(f"/diary/export.{f}").content)
                                               for f in ("json", "csv", "fhir")],
    ("POST", "/diary/import"): lambda w: [_status(post(w.b, "/diary/import", {"mode": mode}, files={
        "file": ("a.json", w.export, "application/json")}), 303) for mode in ("merge", "replace", "merge")],
    ("GET", "/diary/delete"): lambda w: no_a(w.b.get("/diary/delete").text),
    ("POST", "/diary/delete"): lambda w: _status(post(w.b, "/diary/delete", {"confirm": "delete"}), 303),
    ("GET", "/account"): lambda w: no_a(w.b.get("/account").text),
    ("POST", "/account/shares"): lambda w: _b_share_shows_only_b(w),
    ("POST", "/account/shares/{share_id}/revoke"): lambda w: _status(post(w.b, f"/account/shares/{w.share}/revoke"),
                                                                     404),
    ("POST", "/account/passkeys/{passkey_id}/remove"): lambda w: _status(
        post(w.b, "/account/passkeys/a-passkey/remove"), 404),
    ("POST", "/account/passphrase"): lambda w: _status(post(w.b, "/account/passphrase", {
        "passphrase": "another long one", "again": "another long one"}), 303),
    ("POST", "/account/sign-out"): lambda w: _status(post(w.b, "/account/sign-out"), 303),
    ("POST", "/account/sign-out-everywhere"): lambda w: _status(post(w.b, "/account/sign-out-everywhere"), 303),
    ("GET", "/account/delete"): lambda w: no_a(w.b.get("/account/delete").text),
    ("POST", "/account/delete"): lambda w: _status(post(w.b, "/account/delete", {"confirm": "delete"}), 303),
    ("GET", "/s/{secret}"): lambda w: _share_is_scoped(w, ""),
    ("GET", "/s/{secret}/summary.pdf"): lambda w: _share_is_scoped(w, "/summary.pdf"),
    ("GET", "/s/{secret}/fhir"): lambda w: _share_is_scoped(w, "/fhir"),
}

# Routes that touch no one's stored diary (or only create her own account: tested below).
NO_STORED_DATA = {
    ("GET", "/"), ("GET", "/check-in"), ("GET", "/check-in/{step}"), ("POST", "/check-in"),
    ("GET", "/conditions"), ("GET", "/conditions/{condition_id}"), ("GET", "/relief"), ("GET", "/relief/{item_id}"),
    ("GET", "/sources"), ("GET", "/docs"), ("GET", "/openapi.json"), ("GET", "/diary/diary.css"),
    ("POST", "/api/assess"), ("GET", "/api/questions"), ("GET", "/api/questionnaire"),
    ("POST", "/api/questionnaire-response"), ("GET", "/api/vocabulary"), ("GET", "/api/knowledge/{kind}"),
    ("GET", "/api/knowledge/{kind}/{record_id}"), ("GET", "/api/health"), ("GET", "/api/ready"),
    ("GET", "/account/sign-in"), ("POST", "/account/sign-in"), ("GET", "/account/sign-up"),
    ("POST", "/account/sign-up"), ("POST", "/account/passkey/options"), ("POST", "/account/passkey/verify"),
    ("GET", "/s"), ("POST", "/s"), ("GET", "/static"),
    ("GET", "/language/{code}"),  # the language switcher: sets a cookie with her choice, nothing stored
    ("GET", "/routines"), ("GET", "/routines/{routine_id}"), ("GET", "/relief/{item_id}/note"),
}


def _status(response: Any, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.text[:300])


def _b_share_shows_only_b(w: World) -> None:
    post(w.b, "/diary/add", {"pain_pubic": "2", "note": "B-NOTE"})
    page = post(w.b, "/account/shares", {"days": "7"}).text
    link = re.search(r'data-share-link>http://127.0.0.1:8000(/s/[^<]+)<', page).group(1)  # type: ignore[union-attr]
    anyone = TestClient(w.b.app, base_url="http://127.0.0.1:8000")
    shown = anyone.get(link).text
    assert "Pain diary summary" in shown
    no_a(shown)
    no_a(anyone.get(link + "/fhir").content)


def _share_is_scoped(w: World, tail: str) -> None:
    """A's share opens for anyone with the link, shows only its own dates; a wrong secret is a 404."""
    anyone = TestClient(w.b.app, base_url="http://127.0.0.1:8000")
    assert anyone.get(w.link + tail).status_code == 200
    assert anyone.get("/s/" + "x" * 32 + tail).status_code == 404
    assert anyone.get("/s/ABCD2345" + tail).status_code == 404


def _routes() -> set[tuple[str, str]]:
    app = create_app(Settings(service=True, secret_key=SECRET, database_url="sqlite:///:memory:"))
    out = set()

    def walk(routes: list[Any], prefix: str = "") -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)  # an included router (FastAPI 0.13x)
            if inner is not None:
                walk(inner.routes, prefix + route.include_context.prefix)
                continue
            for method in (getattr(route, "methods", None) or {"GET"}) - {"HEAD"}:
                out.add((method, prefix + route.path))

    walk(app.fastapi.routes)  # type: ignore[attr-defined]
    return out


def test_every_route_is_classified() -> None:
    routes = _routes()
    unknown = routes - set(ISOLATION) - NO_STORED_DATA
    assert not unknown, f"routes with no isolation test and not listed as touching no stored data: {unknown}"
    assert not (set(ISOLATION) | NO_STORED_DATA) - routes, "listed routes that no longer exist"


@pytest.mark.parametrize("route", sorted(ISOLATION))
def test_b_cannot_reach_a_through_any_route(database_url: str, tmp_path: Path, route: tuple[str, str]) -> None:
    world = World(database_url, tmp_path)
    ISOLATION[route](world)
    world.a_unchanged()


def test_anonymous_check_in_works_and_the_diary_needs_an_account(tmp_path: Path) -> None:
    client = service_client(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    assert client.get("/").status_code == 200
    assert client.post("/api/assess", json={"week": 30, "findings": ["low_back"]}).status_code == 200
    for path in ("/diary", "/diary/add", "/diary/summary", "/diary/export.json", "/account"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/account/sign-in?next="), path
    token = csrf(client, "/account/sign-in")
    r = client.post("/diary/save", data={"csrf": token, "assessment": "{}"}, follow_redirects=False)
    assert r.headers["location"] == "/account/sign-in?next=%2Fcheck-in%2Fresult"


def test_passphrase_sign_in_session_cookie_and_rate_limit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    sign_up(service_client(url, tmp_path), "cara")
    client = service_client(url, tmp_path)
    token = csrf(client, "/account/sign-in")
    good = client.post("/account/sign-in", data={"csrf": token, "name": "Cara ", "passphrase": "correct horse battery",
                                                 "next": "//evil.example/"}, follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"] == "/diary"
    cookie = good.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    other = service_client(url, tmp_path)
    token = csrf(other, "/account/sign-in")
    for _ in range(5):
        bad = other.post("/account/sign-in", data={"csrf": token, "name": "cara", "passphrase": "wrong wrong wrong"})
        assert bad.status_code == 422 and "do not match" in bad.text
    limited = other.post("/account/sign-in", data={"csrf": token, "name": "cara",
                                                   "passphrase": "correct horse battery"})
    assert limited.status_code == 429 and limited.headers["retry-after"] == "900"
    assert "Too many tries" in limited.text
    unknown = other.post("/account/sign-in", data={"csrf": token, "name": "nobody", "passphrase": "whatever12"})
    assert unknown.status_code == 422 and "do not match" in unknown.text, "an unknown name looks the same"


def test_sign_out_everywhere_ends_every_session_and_delete_removes_everything(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    one, two = service_client(url, tmp_path), service_client(url, tmp_path)
    sign_up(one, "dora")
    token = csrf(two, "/account/sign-in")
    two.post("/account/sign-in", data={"csrf": token, "name": "dora", "passphrase": "correct horse battery"})
    assert two.get("/diary", follow_redirects=False).status_code == 200
    post(one, "/account/sign-out-everywhere")
    assert two.get("/diary", follow_redirects=False).status_code == 303
    two.post("/account/sign-in", data={"csrf": token, "name": "dora", "passphrase": "correct horse battery"})
    post(two, "/diary/add", {"pain_pubic": "5"})
    assert post(two, "/account/delete", {"confirm": "no"}).status_code == 422
    assert post(two, "/account/delete", {"confirm": "delete"}).status_code == 303
    with open_store(url=url) as store, store.engine.connect() as connection:
        from sqlalchemy import text

        for table in ("entries", "pain_ratings", "sessions", "shares", "credentials"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table
        assert connection.execute(text("SELECT name FROM accounts")).scalars().all() == ["personal"]


def test_shares_expire_are_revocable_and_every_opening_is_listed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    her = service_client(url, tmp_path)
    sign_up(her, "erin")
    post(her, "/diary/add", {"pain_pubic": "5", "day": "2026-01-05", "note": "inside"})
    post(her, "/diary/add", {"pain_pubic": "6", "day": "2025-01-05", "note": "outside"})
    page = post(her, "/account/shares", {"from": "2026-01-01", "to": "2026-02-01", "days": "14"}).text
    link = re.search(r'data-share-link>http://127.0.0.1:8000(/s/[^<]+)<', page).group(1)  # type: ignore[union-attr]
    code = re.search(r"data-share-code>([A-Z0-9-]+)<", page).group(1)  # type: ignore[union-attr]
    midwife = TestClient(her.app, base_url="http://127.0.0.1:8000")
    shown = midwife.get(link)
    assert shown.status_code == 200 and "inside" in shown.text and "outside" not in shown.text
    assert "/diary" not in re.sub(r'href="/diary/diary.css[^"]*"', "", shown.text.split("<main", 1)[1])
    by_code = midwife.post("/s", data={"csrf": hidden(midwife.get("/s").text, "csrf"), "code": code.lower()})
    assert by_code.status_code == 200 and "inside" in by_code.text
    assert midwife.get(link + "/summary.pdf").headers["content-type"] == "application/pdf"
    bundle = midwife.get(link + "/fhir").json()
    assert bundle["resourceType"] == "Bundle" and "outside" not in json.dumps(bundle)
    account = her.get("/account").text
    assert "Opened 4 times." in account and "the FHIR Bundle" in account
    share = re.search(r'data-share="([0-9a-f]+)"', account).group(1)  # type: ignore[union-attr]
    post(her, f"/account/shares/{share}/revoke")
    assert midwife.get(link).status_code == 404


def test_the_cli_acts_for_one_account_only(database_url: str, tmp_path: Path) -> None:
    """Every CLI command that touches stored data, with --account: B never sees or changes A's data."""
    from bumpwise.cli import main

    run = CliRunner().invoke
    with open_store(url=database_url) as store:
        accounts = Accounts(store.engine)
        accounts.create("anna")
        accounts.create("bea")
    base = ["--database-url", database_url]
    a, b = [*base, "--account", "anna"], [*base, "--account", "bea"]
    assert run(main, ["diary", "add", "--pain", "pubic=5", "--note", A_NOTE, *a]).exit_code == 0
    assert run(main, ["diary", "goal", "add", A_GOAL, *a]).exit_code == 0
    exported = tmp_path / "a.json"
    assert run(main, ["export", "--format", "json", "--output", str(exported), *a]).exit_code == 0
    a_entry = json.loads(exported.read_text())["entries"][0]["id"]
    a_goal = json.loads(exported.read_text())["goals"][0]["id"]
    for args in (["diary", "list"], ["diary", "goal", "list"], ["export", "--format", "csv"],
                 ["export", "--format", "fhir"], ["summary"]):
        out = run(main, [*args, *b])
        assert out.exit_code == 0, (args, out.output)
        no_a(out.output)
    assert run(main, ["diary", "edit", a_entry, "--pain", "pubic=1", *b]).exit_code != 0
    assert run(main, ["diary", "delete", a_entry, "--yes", *b]).exit_code != 0
    assert run(main, ["diary", "goal", "rate", a_goal, "3", *b]).exit_code != 0
    assert run(main, ["diary", "goal", "retire", a_goal, *b]).exit_code != 0
    assert run(main, ["import", str(exported), "--replace", "--yes", *b]).exit_code == 0
    assert run(main, ["delete-all", "--yes", *b]).exit_code == 0
    assert run(main, ["diary", "list", "--account", "nobody", *base]).exit_code == 1
    listed = run(main, ["diary", "list", *a]).output
    assert A_NOTE in listed
    goals = run(main, ["diary", "goal", "list", *a]).output
    assert A_GOAL in goals


def test_service_mode_refuses_to_start_without_a_secret_and_a_database() -> None:
    from bumpwise.cli import main
    from bumpwise.settings import SettingsError

    out = CliRunner().invoke(main, ["serve", "--service"], env={"BUMPWISE_SECRET_KEY": "", "BUMPWISE_DATABASE_URL": ""})
    assert out.exit_code == 2 and "secret key" in out.output and "database URL" in out.output
    with pytest.raises(SettingsError, match="secret key"):
        create_app(Settings(service=True, secret_key="short", database_url="sqlite:///:memory:"))


def test_a_personal_diary_moves_into_the_first_account(tmp_path: Path) -> None:
    """Migration 0004 on a diary kept before accounts: it is the 'personal' account's."""
    from sqlalchemy import text

    from bumpwise.storage.db import make_engine, migrate

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    migrate(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO entries (id, day, created_at) VALUES (:id, :day, '2025-01-02 10:00:00')"),
                     {"id": "c" * 32, "day": date(2025, 1, 2)})
    engine.dispose()
    with open_store(url=url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT owner_id FROM entries")).scalar_one() == "personal"
        assert [e.id for e in store.load().entries] == ["c" * 32]
        assert store.scoped("someone").load().entries == ()
