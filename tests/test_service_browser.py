"""Service mode (issue 11) in real headless Chromium: passkeys with a virtual authenticator (the
Chrome DevTools Protocol's WebAuthn domain), sign up, sign out and sign in with the passkey, a
passkey added to a passphrase account; and the account pages, the share she makes and lists, and
what her midwife opens, each checked with axe-core (0 violations) and photographed at 390 and
1280 px into test-artifacts/.

The server runs service mode on a SQLite database in a temporary folder, reached as `localhost`
(WebAuthn needs a domain: a bare IP address is not a valid relying party id).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

import test_web_browser as web
from bumpwise.settings import Settings
from test_diary_browser import add_entry
from web_helpers import live_server

pytestmark = pytest.mark.browser
browser = web.browser  # the shared Chromium fixture
SECRET = "b" * 48


@pytest.fixture(scope="module")
def service_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("service-data")
    settings = Settings(service=True, secret_key=SECRET, database_url=f"sqlite:///{data / 'service.sqlite'}",
                        data_dir=data, emergency_number="999", maternity_unit_number="0161 555 0100")
    with live_server(settings) as base:
        yield base.replace("127.0.0.1", "localhost")


class Authenticator:
    """A virtual platform authenticator (a phone's or computer's screen lock) in this page's browser
    context: it keeps resident keys and verifies the user at once, as a fingerprint would."""

    def __init__(self, visit: web.Visit) -> None:
        self.cdp = visit.context.new_cdp_session(visit.page)
        self.cdp.send("WebAuthn.enable", {"enableUI": False})
        self.id = self.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
            "isUserVerified": True, "automaticPresenceSimulation": True}})["authenticatorId"]

    def credentials(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.id})[
            "credentials"]
        return found

    def add(self, credential: dict[str, Any]) -> None:
        """The same passkey on this authenticator (as a synced passkey would be)."""
        self.cdp.send("WebAuthn.addCredential", {"authenticatorId": self.id, "credential": credential})


def passphrase_sign_up(visit: web.Visit, name: str, passphrase: str = "three quiet harbours") -> None:
    page = visit.page
    visit.goto("/account/sign-up")
    page.fill("#name", name)
    page.fill("#passphrase", passphrase)
    page.fill("#again", passphrase)
    with page.expect_navigation():
        page.get_by_role("button", name="Make my account with a passphrase").click()
    assert "/account?welcome=1" in page.url


def sign_out(visit: web.Visit) -> None:
    page = visit.page
    visit.goto("/account")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out", exact=True).click()
    assert "/account/sign-in?signed_out=1" in page.url


def passkey_error(visit: web.Visit) -> str:
    error = visit.page.locator("[data-passkey-box]:visible [data-passkey-error]")
    error.filter(has_text=re.compile(".")).wait_for(timeout=10_000)
    return error.inner_text()


def test_passkey_sign_up_sign_out_and_sign_in(browser: Any, service_server: str) -> None:
    visit = web.Visit(browser, service_server)
    page = visit.page
    key = Authenticator(visit)
    visit.goto("/account/sign-up")
    assert page.locator("[data-passkey-box]").is_visible(), "the passkey way is shown where WebAuthn works"
    page.fill("#name", "fern-passkey")
    page.get_by_role("button", name="Make my account with a passkey").click()
    page.wait_for_url("**/account?welcome=1")
    assert page.get_by_text("Your account is ready").is_visible()
    assert page.get_by_text("You are signed in as fern-passkey").is_visible()
    made = key.credentials()
    assert len(made) == 1 and made[0]["isResidentCredential"] and made[0]["rpId"] == "localhost"
    assert made[0]["userName"] == "fern-passkey" and len(made[0]["userHandle"]) <= 88  # 64 bytes at most
    assert page.locator("ul.passkeys li").count() == 1
    add_entry(visit, "2026-02-02", "28", {"pubic": "5"})  # the session saves to her diary

    sign_out(visit)
    visit.goto("/diary")
    assert "/account/sign-in?next=%2Fdiary" in page.url, "signed out: the diary asks her to sign in"
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url("**/diary")
    assert "Front of the pelvis" in page.locator(".timeline").inner_text(), "her own diary, with her entry"
    assert key.credentials()[0]["signCount"] > made[0]["signCount"]
    visit.goto("/account")
    assert "last used" in page.locator("ul.passkeys").inner_text()

    # The same passkey after she deleted her account: it is not known here any more.
    visit.goto("/account/delete")
    page.fill("#confirm", "delete")
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my account and everything in it").click()
    assert "/account/sign-in?deleted=1" in page.url
    page.get_by_role("button", name="Sign in with a passkey").click()
    assert passkey_error(visit) == "This passkey is not known here. Sign up, or use your passphrase."
    assert "/account/sign-in" in page.url
    visit.close()


def test_passkey_sign_in_on_a_device_without_one_says_what_to_do(browser: Any, service_server: str) -> None:
    visit = web.Visit(browser, service_server)
    Authenticator(visit)  # a phone with no passkey for this site
    visit.goto("/account/sign-in")
    visit.page.get_by_role("button", name="Sign in with a passkey").click()
    assert passkey_error(visit) == "The passkey was not used. Try again, or use a passphrase."
    assert visit.page.get_by_role("button", name="Sign in with a passkey").is_enabled(), "she can try again"
    visit.close()


def test_a_passkey_added_to_a_passphrase_account_signs_in(browser: Any, service_server: str) -> None:
    visit = web.Visit(browser, service_server, viewport=web.DESKTOP)
    page = visit.page
    key = Authenticator(visit)
    passphrase_sign_up(visit, "juniper")
    assert page.get_by_text("No passkey yet.").is_visible()
    page.get_by_role("button", name="Add a passkey").click()
    page.wait_for_url("**/account?added=passkey")
    assert page.get_by_text("Your new passkey was added.").is_visible()
    assert page.locator("ul.passkeys li").count() == 1 and len(key.credentials()) == 1
    page.get_by_role("button", name="Add a passkey").click()  # this device has one: the server excludes it
    assert passkey_error(visit) == "This phone or computer already has a passkey for this account."
    sign_out(visit)
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url("**/diary")
    visit.goto("/account")
    assert page.get_by_text("You are signed in as juniper").is_visible()

    # A passkey copied to another browser (a synced passkey) signs in there too, and nothing else does.
    other = web.Visit(browser, service_server)
    Authenticator(other).add(key.credentials()[0])
    other.goto("/account/sign-in?next=/account")
    other.page.get_by_role("button", name="Sign in with a passkey").click()
    other.page.wait_for_url(lambda url: url.endswith("/account") and "sign-in" not in url)
    assert other.page.get_by_text("You are signed in as juniper").is_visible()
    other.close()
    visit.close()


def make_share(visit: web.Visit, **fields: str) -> tuple[str, str]:
    """Fill her share form as she would; returns the link and the code shown once."""
    page = visit.page
    visit.goto("/account")
    for field, value in fields.items():
        page.fill(f"#share-{field}", value)
    with page.expect_navigation():
        page.get_by_role("button", name="Make a share link and code").click()
    if not page.locator("[data-share-code]").count():
        return "", ""
    return page.locator("[data-share-link]").inner_text(), page.locator("[data-share-code]").inner_text()


@pytest.mark.parametrize("viewport", [web.PHONE, web.DESKTOP], ids=["phone", "desktop"])
def test_account_and_share_pages_pass_axe_and_are_photographed(browser: Any, service_server: str,
                                                               viewport: dict[str, int]) -> None:
    width = viewport["width"]
    visit = web.Visit(browser, service_server, viewport=viewport)
    page = visit.page
    Authenticator(visit)  # a phone with a screen lock: the passkey boxes show, as they would for her

    def look(path: str | None, name: str) -> None:
        if path is not None:
            visit.goto(path)
        visit.check_axe(f"{name}-{width}")
        visit.shoot(name)
        if viewport == web.PHONE:  # nothing is wider than the phone: no link or code is cut off
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name

    look("/account/sign-up", "account-sign-up")
    page.fill("#name", "A")  # a name too short, a passphrase too short: the errors name each field
    page.fill("#passphrase", "short")
    with page.expect_navigation():
        page.get_by_role("button", name="Make my account with a passphrase").click()
    assert page.locator(".errors li").count() == 2
    assert page.locator("#name-error").inner_text().startswith("Sign-in name: ")
    assert page.locator("#passphrase-error").inner_text().startswith("Passphrase: ")
    assert page.input_value("#name") == "a", "what she typed is kept"
    look(None, "account-sign-up-errors")
    look("/account/sign-in", "account-sign-in")
    page.fill("#name", "nobody-here")
    page.fill("#passphrase", "not the passphrase")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    look(None, "account-sign-in-errors")

    passphrase_sign_up(visit, f"willow-{width}")
    look(None, "account-welcome")
    add_entry(visit, "2026-03-02", "30", {"sacroiliac": "4", "pubic": "3"})
    add_entry(visit, "2026-03-09", "31", {"low_back": "7"}, ("comes_in_waves", "constant_severe"))
    make_share(visit, **{"from": "2026-03-10", "to": "2026-03-01", "name": "Willow Ash"})  # the days swapped
    assert page.locator("#share-from-error").inner_text().startswith("From: ")
    assert page.input_value("#share-from") == "2026-03-10" and page.input_value("#share-name") == "Willow Ash"
    look(None, "account-share-errors")
    link, code = make_share(visit, name="Willow Ash")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    look(None, "account-share-created")
    make_share(visit, **{"from": "2026-03-05", "to": "2026-03-08"})
    visit.goto("/account")
    # Stop the second one, found by its days: two shares made in the same second (times are kept to
    # the second) have no order between them.
    with page.expect_navigation():
        page.locator("ul.shares > li").filter(has_text="8 March").get_by_role(
            "button", name=re.compile("Stop sharing")).click()
    assert page.get_by_text("That share was stopped.").is_visible()

    midwife = web.Visit(browser, service_server, viewport=viewport)  # another browser, no account
    midwife.goto(link.removeprefix(service_server))
    mpage = midwife.page
    assert mpage.get_by_role("heading", name="Shared pain diary summary").is_visible()
    assert "Willow Ash" in mpage.locator("main").inner_text()
    midwife.check_axe(f"shared-summary-{width}")
    midwife.shoot("shared-summary")
    if viewport == web.PHONE:
        assert mpage.evaluate("document.documentElement.scrollWidth") <= width
    midwife.goto("/s")
    midwife.check_axe(f"shared-code-{width}")
    midwife.shoot("shared-code")
    mpage.fill("#code", code.lower().replace("-", " "))  # typed as she hears it
    with mpage.expect_navigation():
        mpage.get_by_role("button", name="Open the summary").click()
    # The code's form answers with a redirect to the summary: wait for that page, not the first answer.
    mpage.get_by_role("heading", name="Shared pain diary summary").wait_for(state="visible", timeout=10_000)
    midwife.close()

    visit.goto("/account")
    shares = page.locator("ul.shares > li")
    assert shares.count() == 2
    opened, stopped = shares.first, shares.last  # the open one first
    assert "Stopped on" in stopped.inner_text() and "Not opened yet." in stopped.inner_text()
    assert "Open until" in opened.inner_text() and "Opened 2 times." in opened.inner_text()
    opened.locator("summary").click()  # every opening, unfolded
    look(None, "account-shares")
    look("/account/delete", "account-delete")
    visit.close()
