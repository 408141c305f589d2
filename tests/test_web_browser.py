"""The check-in in real headless Chromium (Debian's package, driven by Playwright): complete dev
cases as a person would, keyboard-only body map, axe-core with zero violations on every page,
no request leaving the app, a printable result, and screenshots at phone and desktop widths."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bumpwise.knowledge import KnowledgeBase
from bumpwise.settings import Settings
from bumpwise.web.checkin import red_flag_questions
from web_helpers import live_server

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str:
    """Debian's chromium; in CI its absence is a failure, locally a skip."""
    path = os.environ.get("BUMPWISE_CHROMIUM") or ("/usr/bin/chromium" if os.environ.get("CI") else "")
    if not path:
        pytest.skip("BUMPWISE_CHROMIUM is not set (scripts/test-env.d/10-chromium.sh sets it)")
    if not Path(path).is_file():
        pytest.fail(f"chromium not found at {path}: run scripts/test-env.d/10-chromium.sh")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("web-data"), emergency_number="999",
                        maternity_unit_number="0161 555 0100")
    with live_server(settings) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visit:
    """One browser page that records every request, runs axe on each page it lands on and
    saves screenshots."""

    def __init__(self, browser: Any, base: str, viewport: dict[str, int] = PHONE) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.context = browser.new_context(viewport=viewport, service_workers="block")
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.axe = Axe()
        self.violations: dict[str, list[str]] = {}

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 500

    def check_axe(self, name: str) -> None:
        self.page.wait_for_load_state("load")  # never run axe on a page that is still arriving
        results = self.axe.run(self.page)
        found = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
                 for v in results.response["violations"]]
        if found:
            self.violations[name] = found

    def shoot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        width = self.page.viewport_size["width"]
        self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}px.png"), full_page=True)

    def next(self) -> None:
        with self.page.expect_navigation(wait_until="load"):
            self.page.click("button[name=go][value=next]")

    def close(self) -> None:
        self.context.close()
        offsite = [u for u in self.requests if not u.startswith(self.base) and not u.startswith("data:")]
        assert not offsite, f"requests left the app: {offsite}"
        assert not self.violations, json.dumps(self.violations, indent=1)


def fill_check_in(visit: Visit, case: dict[str, Any], kb: KnowledgeBase, shots: str | None = None) -> None:
    """Answer every step the way a person would, with clicks, then submit."""
    page, findings = visit.page, set(case.get("findings", ()))
    steps = ["about", "where", "feel", "pattern", "other", "red_flags"]
    for number, step in enumerate(steps, start=1):
        assert page.locator("#progress-text").inner_text().startswith(f"Step {number} of 6")
        if step == "about":
            if case.get("week") is not None:
                page.fill("#week", str(case["week"]))
            if case.get("text"):
                page.fill("#text", case["text"])
        elif step == "where":
            for fid in findings:
                if page.locator(f"#loc-{fid}").count():
                    page.check(f"#loc-{fid}")
            for side in ("one_side", "both_sides"):
                if side in findings:
                    page.check(f"#side-{side}")
        elif step in ("feel", "pattern", "other"):
            for fid in findings:
                if page.locator(f"#f-{fid}").count():
                    page.check(f"#f-{fid}")
            if step == "feel" and case.get("pain_score") is not None:
                page.check(f"#pain-{case['pain_score']}")
            if step == "other":
                for flag in case.get("flags", ()):
                    page.check(f"#flag-{flag}")
        else:
            for q in red_flag_questions(kb):
                chosen = page.locator(f"input[name=q_{q.id}]:checked")
                if findings.intersection(q.findings):
                    page.check(f"#q_{q.id}-yes")
                elif not chosen.count():  # keep what the person's own words pre-filled
                    page.check(f"#q_{q.id}-no")
        if shots:
            visit.check_axe(f"{shots}-{step}")
            visit.shoot(f"{shots}-{step}")
        visit.next()


def api_result(base: str, data: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(base + "/api/assess", json=data, timeout=30)
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def assert_result_shown(visit: Visit, base: str, case_id: str, expect: dict[str, Any]) -> dict[str, Any]:
    page = visit.page
    data = json.loads(page.locator("#assessment-input").text_content() or "{}")
    result = api_result(base, data)
    level = page.locator("[data-level]")
    assert level.get_attribute("data-level") == result["triage"]["level"], case_id
    assert result["triage"]["level"] == expect["triage"] or result["triage"]["level"] in expect.get(
        "triage_ok", ()), case_id
    assert level.inner_text() == result["triage"]["label"]
    assert page.locator(".level img.level-icon").count() == 1  # an icon, not colour alone
    for flag in result["red_flags"]:
        assert page.locator(f"[data-red-flag={flag['id']}]").is_visible(), (case_id, flag)
    shown_causes = page.locator("[data-cause]").evaluate_all("els => els.map(e => e.dataset.cause)")
    assert shown_causes == [c["id"] for c in result["causes"]], case_id
    cards = page.locator("[data-plan-item]")
    assert cards.count() == len(result["plan"]["items"]), case_id
    for item in result["plan"]["items"]:
        card = page.locator(f"[data-plan-item={item['id']}]")
        assert card.locator("h3").inner_text() == item["title"]
        assert "Stop if:" in card.inner_text()
    for withheld in result["plan"]["withheld"]:
        assert page.locator(f"[data-withheld={withheld['id']}]").is_visible(), case_id
    return result


CASES = {  # dev case id -> why it is here
    "dev-001": "self-care low back pain",
    "dev-011": "see someone soon: pelvic girdle pain limiting daily life",
    "dev-035": "contraindicated plan: placenta praevia withholds exercise",
    "dev-036": "contraindicated plan: told not to exercise",
    "dev-029": "emergency: bleeding with a hard, tender bump",
    "dev-032": "emergency: chest pain and breathlessness",
    "dev-103": "free text: a swollen, warm calf",
}


@pytest.fixture(scope="module")
def dev_cases(shared_file: Any) -> dict[str, dict[str, Any]]:
    lines = shared_file("vignettes", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    return {c["id"]: c for c in cases if c["id"] in CASES}


@pytest.mark.parametrize("case_id", list(CASES))
def test_complete_check_in_for_dev_cases(browser: Any, server: str, kb: KnowledgeBase,
                                         dev_cases: dict[str, dict[str, Any]], case_id: str) -> None:
    case = dev_cases[case_id]
    if case["input"].get("text"):
        from bumpwise.web import freetext

        if not freetext.available():
            pytest.skip("bumpwise.text (the free-text reader) is not installed yet")
    visit = Visit(browser, server)
    visit.goto("/")
    shots = case_id if case_id in ("dev-001", "dev-029") else None
    fill_check_in(visit, case["input"], kb, shots=shots)
    result = assert_result_shown(visit, server, case_id, case["expect"])
    if result["triage"]["level"] == "emergency":
        assert visit.page.locator(".level a[href='tel:999']").is_visible()
    if case_id in ("dev-035", "dev-036"):
        assert result["plan"]["withheld"], "a contraindicated plan names what it left out"
        assert visit.page.get_by_role("heading", name="What we left out, and why").is_visible()
    visit.check_axe(f"{case_id}-result")
    visit.shoot(f"{case_id}-result")
    visit.close()


def test_body_map_works_with_the_keyboard_alone(browser: Any, server: str) -> None:
    visit = Visit(browser, server)
    page = visit.page
    visit.goto("/")
    page.locator("#week").focus()
    page.keyboard.type("30")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits with the first button: Continue
    assert page.locator("#progress-text").inner_text().startswith("Step 2 of 6")
    region = page.locator(".r-sacroiliac").first
    before = region.evaluate("el => getComputedStyle(el).fillOpacity")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "loc-sacroiliac":
            break
    else:
        pytest.fail("the sacroiliac box cannot be reached with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    label = page.evaluate("document.activeElement.labels[0].innerText")
    assert label == "Back of pelvis"
    page.keyboard.press("Space")
    assert page.is_checked("#loc-sacroiliac")
    assert region.evaluate("el => getComputedStyle(el).fillOpacity") != before  # the region is filled
    for _ in range(80):  # Tab enters the side radio group at its selected choice
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "side":
            break
    for _ in range(3):  # arrows move the choice within the group
        if page.is_checked("#side-one_side"):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked("#side-one_side")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#progress-text").inner_text().startswith("Step 3 of 6")
    page.click("button[value=back]")
    assert page.is_checked("#loc-sacroiliac") and page.is_checked("#side-one_side")
    visit.close()


def test_tapping_the_drawing_ticks_the_box(browser: Any, server: str) -> None:
    visit = Visit(browser, server)
    visit.goto("/")
    visit.next()
    visit.page.locator(".r-calf").first.click(force=True)
    assert visit.page.is_checked("#loc-calf")
    visit.close()


def test_every_page_passes_axe_at_both_widths(browser: Any, server: str, kb: KnowledgeBase) -> None:
    pages = ["/", "/conditions", f"/conditions/{next(iter(kb.conditions))}", "/conditions/pelvic_girdle_pain",
             "/relief", f"/relief/{next(iter(kb.plan_items))}", "/sources", "/no-such-page"]
    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        visit = Visit(browser, server, viewport)
        for path in pages:
            visit.goto(path)
            name = "home" if path == "/" else path.strip("/").replace("/", "-")
            visit.check_axe(f"{name}-{label}")
            visit.shoot(name)
        visit.goto("/")
        fill_check_in(visit, {"week": 30, "findings": ["sacroiliac", "one_side"]}, kb, shots=f"steps-{label}")
        visit.check_axe(f"result-{label}")
        visit.shoot("result")
        visit.close()


def test_docs_load_without_third_party_requests(browser: Any, server: str) -> None:
    visit = Visit(browser, server, DESKTOP)
    visit.goto("/docs")
    visit.page.wait_for_selector(".opblock", timeout=15000)
    assert visit.page.get_by_text("/api/assess", exact=True).first.is_visible()
    visit.shoot("docs")
    visit.close()  # checks that every request stayed on the app


def test_result_prints_as_a_short_handout(browser: Any, server: str, kb: KnowledgeBase) -> None:
    from pypdf import PdfReader

    visit = Visit(browser, server)
    visit.goto("/")
    fill_check_in(visit, {"week": 29, "findings": ["sacroiliac", "one_side", "worse_single_leg"]}, kb)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "result-print.pdf"
    visit.page.emulate_media(media="print")
    assert not visit.page.locator("header.site nav").is_visible()
    visit.page.pdf(path=str(pdf), format="A4")
    pages = len(PdfReader(str(pdf)).pages)
    assert pages <= 2, f"the printed result is {pages} pages"
    visit.close()


def test_printed_emergency_result_shows_every_red_flag(browser: Any, server: str, kb: KnowledgeBase) -> None:
    from pypdf import PdfReader

    case = {"week": 31, "findings": ["lower_abdomen", "constant_severe", "belly_hard_tender", "vaginal_bleeding"]}
    visit = Visit(browser, server)
    visit.goto("/")
    fill_check_in(visit, case, kb)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "result-emergency-print.pdf"
    visit.page.emulate_media(media="print")
    visit.page.pdf(path=str(pdf), format="A4")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages)
    assert "Get help now" in text
    for flag in api_result(server, case)["red_flags"]:
        assert flag["label"] in text, f"red flag {flag['id']} missing from the printout"
    visit.close()
