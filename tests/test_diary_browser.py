"""The diary in real headless Chromium, with the check-in's browser fixtures (test_web_browser):
add entries through the form (with taps, and with the keyboard alone), a warning sign's level
shown at once and carried into the summary PDF, the trend chart and its table, the printed
summary, axe-core with zero violations on every diary page at phone and desktop widths, and
screenshots of the diary, trends and summary. The server keeps its diary in a temporary folder."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import test_web_browser as web
from bumpwise.settings import Settings
from web_helpers import live_server

pytestmark = pytest.mark.browser
browser = web.browser  # the shared Chromium fixture
DIARY_PAGES = ["/diary", "/diary/add", "/diary/trends", "/diary/goals", "/diary/summary", "/diary/transfer",
               "/diary/delete"]
WARNING_LABEL = "Pain or tightening that comes and goes in a regular pattern"


@pytest.fixture(scope="module")
def diary_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("diary-data"), emergency_number="999",
                        maternity_unit_number="0161 555 0100")
    with live_server(settings) as base:
        yield base


def add_entry(visit: Any, day: str, week: str, pains: dict[str, str], characters: tuple[str, ...] = ()) -> None:
    page = visit.page
    visit.goto("/diary/add")
    page.get_by_label("Day", exact=True).fill(day)
    page.get_by_label("Week of pregnancy").fill(week)
    for region, score in pains.items():
        if not page.locator(f"#pain_{region}-{score}").is_visible():
            page.click(".more-places summary")
        page.check(f"#pain_{region}-{score}")
    for character in characters:
        page.check(f"#ch_{character}")
    page.check("#woke_no")
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/diary?saved=entry*")


def test_add_entries_see_the_chart_and_print_the_summary(browser: Any, diary_server: str) -> None:
    from pypdf import PdfReader

    visit = web.Visit(browser, diary_server, viewport=web.DESKTOP)
    add_entry(visit, "2025-03-01", "24", {"pubic": "3", "low_back": "2"})
    add_entry(visit, "2025-03-05", "", {"pubic": "6"})
    page = visit.page
    assert page.get_by_role("heading", name="Your entry was saved.").is_visible()
    assert "rose from 3 to 6" in page.locator("[data-alerts=rise]").inner_text()
    visit.goto("/diary/trends")
    chart = page.locator("svg.chart-wide")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert page.locator("#pain-table tbody tr").count() == 2
    visit.goto("/diary/summary?from=2025-03-01&to=2025-03-31")
    page.emulate_media(media="print")
    assert not page.locator(".diary-nav").is_visible() and not page.locator(".summary-options").is_visible()
    web.ARTIFACTS.mkdir(exist_ok=True)
    pdf = Path(web.ARTIFACTS) / "diary-summary-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(str(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Pain diary summary" in text and "Front of the pelvis" in text and len(reader.pages) <= 2
    visit.close()  # no request left the app


def test_a_warning_sign_in_an_entry_shows_its_level_at_once_and_reaches_the_summary_pdf(
        browser: Any, diary_server: str) -> None:
    from pypdf import PdfReader

    visit = web.Visit(browser, diary_server)
    page = visit.page
    add_entry(visit, "2025-03-08", "25", {"low_back": "8"}, ("comes_in_waves", "constant_severe"))
    saved = page.locator(".saved")
    level = saved.locator("[data-entry-level]")
    assert level.get_attribute("data-entry-level") == "urgent"
    box = level.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, "the level shows on the first screen"
    assert "Call your maternity team now" in level.inner_text()
    assert saved.locator("a[href='tel:01615550100']").is_visible()
    assert WARNING_LABEL in page.locator("[data-alerts=red_flag]").inner_text()
    visit.shoot("diary-warning")
    visit.goto("/diary/summary")
    warnings = page.locator("[data-block=warnings]")
    assert WARNING_LABEL in warnings.inner_text()
    response = page.request.get(diary_server + "/diary/summary.pdf")
    assert response.ok
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split())
    section = text[text.index("Warning signs ever reported"):text.index("Current level and reasons")]
    assert WARNING_LABEL in section
    visit.close()


def test_keyboard_only_diary_entry(browser: Any, diary_server: str) -> None:
    visit = web.Visit(browser, diary_server)
    page = visit.page
    visit.goto("/diary/add")
    web.tab_to(page, "el.id === 'day'")
    page.keyboard.type("03102025")  # the date field takes the digits in its own order (mm dd yyyy here)
    web.tab_to(page, "el.id === 'week'")
    page.keyboard.type("26")
    web.tab_to(page, "el.name === 'pain_low_back'")  # Tab enters the group at "Not rated"
    for _ in range(5):  # arrows move along 0, 1, 2 ... 5
        page.keyboard.press("ArrowRight")
    assert page.is_checked("#pain_low_back-4")
    assert page.evaluate("getComputedStyle(document.activeElement.nextElementSibling).outlineStyle") != "none"
    size = page.locator("label[for=pain_low_back-4]").bounding_box()
    assert size is not None and size["width"] >= 44 and size["height"] >= 44, size
    web.tab_to(page, "el.name === 'side_low_back'")
    page.keyboard.press("ArrowRight")  # left -> right
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    web.tab_to(page, "el.id === 'ch_dull_ache'")
    page.keyboard.press("Space")
    web.tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Your entry was saved.").is_visible()
    assert "Low back" in page.locator(".timeline").inner_text()
    visit.close()


@pytest.mark.parametrize("viewport", [web.PHONE, web.DESKTOP], ids=["phone", "desktop"])
def test_every_diary_page_passes_axe_and_is_photographed(browser: Any, diary_server: str,
                                                         viewport: dict[str, int]) -> None:
    visit = web.Visit(browser, diary_server, viewport=viewport)
    page = visit.page
    add_entry(visit, "2025-03-10", "25", {"sacroiliac": "4", "pubic": "3"})
    visit.goto("/diary/goals")
    if page.locator("#title").count():
        page.fill("#title", "Walk to the shops")
        page.get_by_role("button", name="Add goal").click()
    visit.goto("/diary")
    edit = page.locator("a[href$='/edit']").first.get_attribute("href") or ""
    for path in [*DIARY_PAGES, edit, edit.replace("/edit", "/delete")]:
        visit.goto(path)
        visit.check_axe(f"{path}-{viewport['width']}")
    for path, name in (("/diary", "diary"), ("/diary/add", "diary-add"), ("/diary/trends", "diary-trends"),
                       ("/diary/summary", "diary-summary")):
        visit.goto(path)
        visit.shoot(name)
    if viewport == web.PHONE:  # nothing is wider than the phone; the chart's labels stay readable
        for path in ("/diary", "/diary/trends", "/diary/summary", "/diary/add"):
            visit.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        visit.goto("/diary/trends")
        sizes = page.locator("svg.chart-narrow text").evaluate_all(  # font size times the drawing's scale
            "els => els.map(e => { const m = e.getScreenCTM();"
            " return parseFloat(getComputedStyle(e).fontSize) * Math.hypot(m.a, m.b); })")
        assert sizes and min(sizes) >= 12, sizes
    visit.close()
