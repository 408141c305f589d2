"""The check-in in real headless Chromium (Debian's package, driven by Playwright): complete dev
cases as a person would, keyboard-only body map, axe-core with zero violations on every page,
no request leaving the app, a printable result, and screenshots at phone and desktop widths."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bumpwise.knowledge import KnowledgeBase
from bumpwise.settings import Settings
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


@dataclass
class Walk:
    """What completing the check-in took: the pages seen (screens) and the taps made."""

    steps: list[str] = field(default_factory=list)
    taps: int = 0

    @property
    def screens(self) -> int:
        return len(self.steps)


def tap(visit: Visit, walk: Walk, selector: str) -> None:
    visit.page.check(selector)
    walk.taps += 1


def fill_check_in(visit: Visit, case: dict[str, Any], kb: KnowledgeBase, shots: str | None = None,
                  answers: dict[str, str] | None = None, add_details: bool = True) -> Walk:
    """Answer every page the way a person would, with taps, from the start page to the result: a
    warning sign she has is "yes", any other is `answers` or "no"; a box naming one of her
    findings is ticked. Counts the screens and taps."""
    page, findings = visit.page, set(case.get("findings", ()))
    by_id = {q.id: q for q in kb.questions}
    walk = Walk()
    for _ in range(20):
        step = "result" if page.locator("[data-level]").count() else page.locator("input[name=step]").get_attribute(
            "value") or ""
        walk.steps.append(step)
        if shots:
            visit.check_axe(f"{shots}-{len(walk.steps)}-{step}")
            visit.shoot(f"{shots}-{len(walk.steps)}-{step}")
        if step == "result":
            if add_details and page.locator("button[value=details]").count():
                with page.expect_navigation(wait_until="load"):
                    page.click("button[value=details]")
                walk.taps += 1
                continue
            return walk
        if step == "about":
            if case.get("week") is not None:
                page.fill("#week", str(case["week"]))
                walk.taps += 1
            if case.get("text"):
                page.fill("#text", case["text"])
                walk.taps += 1
        names = page.locator("input[name^=q_]").evaluate_all(
            "els => [...new Set(els.map(e => e.name + '|' + e.type))]")
        signs = [n for n in names if (q := by_id.get(n.split("|")[0][2:])) and findings & set(q.denied_by_no)]
        if step == "now" and signs:
            names = signs  # an emergency sign: tap it and go on, the rest need no answer
        for entry in names:
            name, kind = entry.split("|")
            question = by_id.get(name[2:])
            if question is None:
                continue
            if kind == "radio" and question.kind == "yes_no":
                says = findings.intersection(question.denied_by_no)
                value = "yes" if says else (answers or {}).get(question.id, "no")
                if not page.is_checked(f"#{name}-{value}"):
                    tap(visit, walk, f"#{name}-{value}")
            elif kind == "radio":  # the side
                for side in ("one_side", "both_sides"):
                    if side in findings and not page.is_checked(f"#side-{side}"):
                        tap(visit, walk, f"#side-{side}")
            else:
                for box in page.locator(f"input[name={name}]").all():
                    value = box.get_attribute("value") or ""
                    wanted = value in findings or (value == "yes" and findings.intersection(question.findings))
                    if wanted and not box.is_checked():
                        box.check()
                        walk.taps += 1
        if step == "feel" and case.get("pain_score") is not None:
            tap(visit, walk, f"#pain-{case['pain_score']}")
        if step == "other":
            for flag in case.get("flags", ()):
                tap(visit, walk, f"#flag-{flag}")
        visit.next()
        walk.taps += 1
    raise AssertionError(f"no result after {walk.steps}")


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
    assert shown_causes == [c["id"] for c in result["causes"][:3]], case_id
    cards = page.locator("[data-plan-item]")
    assert cards.count() == len(result["plan"]["items"]), case_id
    for item in result["plan"]["items"]:
        card = page.locator(f"[data-plan-item={item['id']}]")
        assert card.locator("h3").inner_text() == item["title"]
        assert "Stop if:" in (card.text_content() or "")  # folded cards keep it, one tap away
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


def tab_to(page: Any, check: str, limit: int = 200) -> None:
    """Press Tab until `check` (a JavaScript expression about document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {check})(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached: {check}")


def keyboard_continue(page: Any) -> None:
    tab_to(page, "el.value === 'next' && el.type === 'submit'")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


def answer_no_with_the_keyboard(page: Any) -> None:
    """Every Yes / No / Not sure question on the page: Tab into it, then an arrow chooses No."""
    groups = page.locator("input[type=radio][value=no]").count()
    for _ in range(groups):
        tab_to(page, "el.type === 'radio' && !document.querySelector(`input[name='${el.name}']:checked`)")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.checked && document.activeElement.value") == "no"


COUNTS = ARTIFACTS / "interaction-counts.json"


def record_counts(name: str, walk: Walk) -> None:
    """Keep each measured path (screens, taps, steps) for docs/web.md."""
    ARTIFACTS.mkdir(exist_ok=True)
    counts = json.loads(COUNTS.read_text()) if COUNTS.exists() else {}
    counts[name] = {"screens": walk.screens, "taps": walk.taps, "steps": walk.steps}
    COUNTS.write_text(json.dumps(counts, indent=1, sort_keys=True))


EMERGENCY_SIGNS = {"now_heavy_bleeding": "heavy_bleeding", "now_fainted": "fainted",
                   "now_chest_or_breathing": "chest_pain", "now_numb_or_no_control": "saddle_numbness",
                   "now_severe_belly": "belly_hard_tender", "now_self_harm": "self_harm_thoughts"}


@pytest.mark.parametrize("question", list(EMERGENCY_SIGNS))
def test_an_emergency_sign_reaches_its_result_in_two_screens(browser: Any, server: str, kb: KnowledgeBase,
                                                             question: str) -> None:
    visit = Visit(browser, server)
    visit.goto("/")
    shots = "emergency" if question == "now_heavy_bleeding" else None
    walk = fill_check_in(visit, {"findings": [EMERGENCY_SIGNS[question]]}, kb, shots=shots)
    record_counts(f"emergency:{question}", walk)
    assert walk.steps == ["now", "result"] and walk.screens <= 2 and walk.taps <= 5, walk
    page = visit.page
    assert page.locator("[data-level]").get_attribute("data-level") == "emergency"
    assert page.locator(".level a[href='tel:999']").is_visible()  # the number to call, as a tap-to-call link
    assert page.get_by_role("heading", name="What to do while you wait").is_visible()
    assert page.locator("[data-rule]").count() >= 1  # its reason
    if question == "now_self_harm":
        assert page.locator("[data-crisis]").is_visible()
    visit.check_axe(f"emergency-{question}")
    visit.close()
    if question in ("now_heavy_bleeding", "now_self_harm"):  # and at desktop width
        visit = Visit(browser, server, DESKTOP)
        visit.goto("/")
        fill_check_in(visit, {"findings": [EMERGENCY_SIGNS[question]]}, kb, shots=f"{question}-desktop")
        visit.close()


SELF_CARE = {"dev-002": "pelvic girdle pain", "dev-010": "sciatica", "dev-001": "lumbar pain"}


@pytest.mark.parametrize("case_id", list(SELF_CARE))
def test_a_typical_self_care_case_reaches_its_result_in_eight_screens(
        browser: Any, server: str, kb: KnowledgeBase, shared_file: Any, case_id: str) -> None:
    lines = shared_file("vignettes", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    case = next(json.loads(line) for line in lines if line.strip() and json.loads(line)["id"] == case_id)
    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        visit = Visit(browser, server, viewport)
        visit.goto("/")
        walk = fill_check_in(visit, case["input"], kb, shots=f"{case_id}-{label}" if case_id == "dev-002" else None)
        if label == "phone":
            record_counts(f"self_care:{case_id}", walk)
        assert walk.screens <= 8, walk
        assert walk.steps == ["now", "about", "where", "feel", "pattern", "red_flags", "other", "result"]
        assert_result_shown(visit, server, case_id, case["expect"])
        assert not visit.page.locator("[data-provisional]").count()
        visit.check_axe(f"{case_id}-{label}-result")
        visit.close()


def test_new_pages_pass_axe_at_both_widths(browser: Any, server: str, kb: KnowledgeBase) -> None:
    """The pages the new flow adds: the error summary, her words confirmed, an urgent result with
    "add more details", a provisional result, the crisis result."""
    from bumpwise.web import freetext

    for viewport, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        visit = Visit(browser, server, viewport)
        page = visit.page
        visit.goto("/")
        visit.next()
        visit.check_axe(f"error-summary-{label}")
        visit.shoot(f"error-summary-{label}")
        walk = fill_check_in(visit, {"week": 30, "findings": ["low_back", "vaginal_bleeding"]}, kb,
                             shots=f"urgent-{label}", add_details=False)
        assert walk.steps[-1] == "result" and page.locator("button[value=details]").is_visible()
        visit.goto("/check-in/result")  # a reload of the result keeps it
        assert page.locator("[data-level]").get_attribute("data-level") == "urgent"
        if freetext.available():
            with page.expect_navigation(wait_until="load"):
                page.click("button[value=new]")
            walk = fill_check_in(visit, {"text": "30 weeks, aching low back pain, worse standing, no bleeding"},
                                 kb, shots=f"words-{label}")
            assert "words" in walk.steps and "where" not in walk.steps, walk
        visit.close()


def start_with_no_emergency(visit: Visit, kb: KnowledgeBase, week: str) -> None:
    """From the start page: no to every emergency sign, then the week; on to the body map."""
    visit.goto("/")
    for q in (q for q in kb.questions if q.step == "now"):
        visit.page.check(f"#q_{q.id}-no")
    visit.next()
    visit.page.fill("#week", week)
    visit.next()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_provisional_result_offers_its_questions(browser: Any, server: str, kb: KnowledgeBase,
                                                   viewport: dict[str, int]) -> None:
    """A result looked at before the warning signs were answered says so, and offers them."""
    visit = Visit(browser, server, viewport)
    page = visit.page
    start_with_no_emergency(visit, kb, "30")
    visit.goto("/check-in/result")
    assert page.locator("[data-level]").get_attribute("data-level") == "self_care"
    box = page.locator("[data-provisional]")
    assert box.is_visible() and box.locator("[data-ask]").count() > 0
    assert "Before we can say this is safe to manage at home" in box.locator("h2").inner_text()
    visit.check_axe("provisional-result")
    visit.shoot("provisional-result")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Answer these questions").click()
    assert page.locator("input[name=step]").get_attribute("value") == "red_flags"
    visit.goto("/")
    assert page.is_checked("#q_now_fainted-no")  # her earlier answers are kept
    visit.close()


def test_keyboard_only_completion(browser: Any, server: str) -> None:
    visit = Visit(browser, server)
    page = visit.page
    visit.goto("/")
    keyboard_continue(page)  # nothing answered: the error summary takes focus and names each question
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#error-summary a").count() == 6
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # its first link goes to the first question's first answer
    assert page.evaluate("document.activeElement.id") == "q_now_heavy_bleeding-yes"
    answer_no_with_the_keyboard(page)
    keyboard_continue(page)
    assert page.locator("#progress-text").inner_text().startswith("Step 2 of 7")
    page.locator("#week").focus()
    page.keyboard.type("30 weeks")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits with the first button: Continue
    assert page.locator("#progress-text").inner_text().startswith("Step 3 of 7")
    region = page.locator(".r-sacroiliac").first
    before = region.evaluate("el => getComputedStyle(el).fillOpacity")
    tab_to(page, "el.id === 'loc-sacroiliac'")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.evaluate("document.activeElement.labels[0].innerText") == "Back of pelvis"
    page.keyboard.press("Space")
    assert page.is_checked("#loc-sacroiliac")
    assert region.evaluate("el => getComputedStyle(el).fillOpacity") != before  # the region is filled
    tab_to(page, "el.name === 'q_where_side'")  # Tab enters the side radio group at its selected choice
    for _ in range(3):  # arrows move the choice within the group
        if page.is_checked("#side-one_side"):
            break
        page.keyboard.press("ArrowUp")
    assert page.is_checked("#side-one_side")
    keyboard_continue(page)
    assert page.locator("#progress-text").inner_text().startswith("Step 4 of 7")
    page.click("button[value=back]")
    assert page.is_checked("#loc-sacroiliac") and page.is_checked("#side-one_side")
    keyboard_continue(page)
    tab_to(page, "el.id === 'q_feel_character-sharp_stabbing'")
    page.keyboard.press("Space")
    keyboard_continue(page)
    tab_to(page, "el.id === 'q_pattern_worse_with-worse_single_leg'")
    page.keyboard.press("Space")
    keyboard_continue(page)
    assert page.locator("input[name=step]").get_attribute("value") == "red_flags"
    answer_no_with_the_keyboard(page)
    keyboard_continue(page)
    keyboard_continue(page)  # other things: nothing to tick
    assert page.locator("[data-level]").get_attribute("data-level") == "self_care"
    visit.check_axe("keyboard-result")
    visit.close()


def test_tapping_the_drawing_ticks_the_box(browser: Any, server: str) -> None:
    visit = Visit(browser, server)
    visit.goto("/check-in/where")
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
    assert not visit.page.locator("header.site nav[aria-label=Main]").is_visible()
    assert not visit.page.locator("header.site nav.languages").is_visible()  # the language switcher too
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
    shown = json.loads(visit.page.locator("#assessment-input").text_content() or "{}")
    for flag in api_result(server, shown)["red_flags"]:
        assert flag["label"] in text, f"red flag {flag['id']} missing from the printout"
    visit.close()


def test_back_forward_and_reload_keep_every_answer(browser: Any, server: str, kb: KnowledgeBase) -> None:
    """The browser's own buttons: every step has its own address, so back, forward and reload
    show the step with her answers and never ask to resend a form."""
    visit = Visit(browser, server)
    page = visit.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    start_with_no_emergency(visit, kb, "30 weeks")
    page.check("#loc-low_back")
    page.check("#side-both_sides")
    visit.next()
    assert page.url.endswith("/check-in/feel")
    page.go_back(wait_until="load")
    assert page.url.endswith("/check-in/where")
    assert page.is_checked("#loc-low_back") and page.is_checked("#side-both_sides")
    page.go_back(wait_until="load")
    assert page.input_value("#week") == "30"
    page.go_forward(wait_until="load")
    page.go_forward(wait_until="load")
    assert page.url.endswith("/check-in/feel")
    page.check("#pain-5")
    visit.next()
    page.reload(wait_until="load")
    assert page.url.endswith("/check-in/pattern") and not dialogs
    page.go_back(wait_until="load")
    assert page.is_checked("#pain-5")
    visit.goto("/")
    assert page.is_checked("#q_now_fainted-no")
    visit.close()


TIMING_WORDS = r"\b(now|today|tomorrow|same day|within (?:a few|the next few) days|straight away)\b"


@pytest.mark.parametrize(("case", "level"), [
    ({"week": 30, "findings": ["low_back", "vaginal_bleeding"]}, "urgent"),
    ({"findings": ["heavy_bleeding"]}, "emergency"),
], ids=["urgent", "emergency"])
def test_first_screen_of_an_urgent_or_emergency_result(browser: Any, server: str, kb: KnowledgeBase,
                                                      case: dict[str, Any], level: str) -> None:
    """Read from the DOM at 390 x 844: the level, one timing word and a tel: link are on the first
    screen, with Save to my diary and Print."""
    import re

    visit = Visit(browser, server, PHONE)
    page = visit.page
    visit.goto("/")
    fill_check_in(visit, case, kb, add_details=False)
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator("section.level")
    bottom = box.evaluate("el => el.getBoundingClientRect().bottom")
    assert bottom <= PHONE["height"], f"the level box ends at {bottom}px"
    assert page.locator("[data-level]").get_attribute("data-level") == level
    words = {w.lower() for w in re.findall(TIMING_WORDS, box.inner_text(), re.I)}
    assert words == {"now"}, words
    tel = box.locator("a[href^='tel:']").first
    assert tel.is_visible() and tel.evaluate("el => el.getBoundingClientRect().bottom") <= PHONE["height"]
    for control in (box.get_by_role("button", name="Save to my diary"), box.get_by_role("button", name="Print")):
        assert control.is_visible()
    visit.shoot(f"result-first-screen-{level}")
    visit.check_axe(f"result-{level}")
    visit.close()


LENGTHS = ARTIFACTS / "result-length.json"


@pytest.mark.parametrize("case_id", ["dev-002", "dev-001"])
def test_a_typical_self_care_result_is_at_most_five_screens_with_the_plan_folded(
        browser: Any, server: str, kb: KnowledgeBase, shared_file: Any, case_id: str) -> None:
    lines = shared_file("vignettes", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    case = next(json.loads(line) for line in lines if line.strip() and json.loads(line)["id"] == case_id)
    visit = Visit(browser, server, PHONE)
    page = visit.page
    visit.goto("/")
    fill_check_in(visit, case["input"], kb)
    assert page.locator("[data-level]").get_attribute("data-level") == "self_care"
    height = page.evaluate("document.documentElement.scrollHeight")
    words = len(page.locator("main").inner_text().split())
    opened = page.locator("details.plan-card[open] > summary")
    while opened.count():
        opened.first.click()  # fold the plan, as she would
    folded = page.evaluate("document.documentElement.scrollHeight")
    measured = {"screens_first_three_open": round(height / PHONE["height"], 2),
                "screens_plan_folded": round(folded / PHONE["height"], 2), "words": words,
                "sources": page.locator("ol.references li").count(),
                "plan_items": page.locator("details.plan-card").count()}
    ARTIFACTS.mkdir(exist_ok=True)
    lengths = json.loads(LENGTHS.read_text()) if LENGTHS.exists() else {}
    lengths[case_id] = measured
    LENGTHS.write_text(json.dumps(lengths, indent=1, sort_keys=True))
    assert folded / PHONE["height"] <= 5, measured
    visit.close()
