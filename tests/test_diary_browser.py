"""The diary in real headless Chromium, with the check-in's browser fixtures (test_web_browser):
add an entry through the form, see the trend chart and its table, print the summary, and axe-core
with zero violations on every diary page. The server keeps its diary in a temporary folder."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def diary_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("diary-data"), emergency_number="999",
                        maternity_unit_number="0161 555 0100")
    with live_server(settings) as base:
        yield base


def add_entry(visit: Any, day: str, week: str, pains: dict[str, str]) -> None:
    page = visit.page
    visit.goto("/diary/add")
    page.get_by_label("Day", exact=True).fill(day)
    page.get_by_label("Week of pregnancy (1 to 42)").fill(week)
    for region, score in pains.items():
        page.select_option(f"#pain_{region}", score)
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_url("**/diary?saved=entry")


def test_add_entries_see_the_chart_and_print_the_summary(browser: Any, diary_server: str) -> None:
    from pypdf import PdfReader

    visit = web.Visit(browser, diary_server, viewport=web.DESKTOP)
    add_entry(visit, "2025-03-01", "24", {"pubic": "3", "low_back": "2"})
    add_entry(visit, "2025-03-05", "", {"pubic": "6"})
    page = visit.page
    assert page.get_by_role("status").inner_text() == "Your entry was saved."
    assert "rose from 3 to 6" in page.locator(".diary-alerts").inner_text()
    for path in DIARY_PAGES:
        visit.goto(path)
        visit.check_axe("diary" + path.replace("/", "-"))
    visit.goto("/diary/trends")
    chart = page.get_by_role("img", name="Pain by region over time")
    assert chart.is_visible()
    assert page.locator("#pain-table tbody tr").count() == 2
    visit.shoot("diary-trends")
    visit.goto("/diary/summary?from=2025-03-01&to=2025-03-31")
    page.emulate_media(media="print")
    assert not page.locator(".diary-nav").is_visible() and not page.locator(".summary-options").is_visible()
    web.ARTIFACTS.mkdir(exist_ok=True)
    pdf = Path(web.ARTIFACTS) / "diary-summary-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(pdf)).pages).split())
    assert "Pain diary summary" in text and "Front of the pelvis" in text and "rose from 3 to 6" in text
    visit.close()  # zero axe violations, no request left the app
