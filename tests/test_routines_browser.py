"""Issue 12's illustrated cards and routine sheets in a real browser (chromium, 390 px): every
drawing loads and has alt text, the pages pass axe, and the printed 10-minute routine keeps its
drawings. Saves test-artifacts/card-*-390px.png, routine-home_10_minutes-390px.png,
routine-home_10_minutes-print.pdf and its pages as PNG (pdftoppm) to look at."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from test_web_browser import ARTIFACTS, Visit, browser, server  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
CARDS = ("side_lying_clamshell", "pelvic_floor_exercise", "all_fours_back_raise")


def drawings_loaded(visit: Visit) -> list[dict[str, Any]]:
    images: list[dict[str, Any]] = visit.page.eval_on_selector_all(
        "figure.drawing img",
        "els => els.map(e => ({src: e.getAttribute('src'), alt: e.alt, w: e.naturalWidth, "
        "shown: e.getBoundingClientRect().width}))")
    return images


@pytest.mark.parametrize("item_id", CARDS)
def test_an_illustrated_card(item_id: str, browser: Any, server: str) -> None:  # noqa: F811
    visit = Visit(browser, server)
    visit.goto(f"/relief/{item_id}")
    visit.check_axe(item_id)
    images = drawings_loaded(visit)
    assert len(images) == 1 and images[0]["src"].endswith(f"/{item_id}.svg")
    assert images[0]["w"] > 0 and images[0]["shown"] > 100 and len(images[0]["alt"]) >= 20
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.locator("article.plan-card").screenshot(path=str(ARTIFACTS / f"card-{item_id}-390px.png"))
    visit.close()


def test_the_ten_minute_routine_sheet_on_a_phone_and_in_print(browser: Any, server: str) -> None:  # noqa: F811
    from pypdf import PdfReader

    visit = Visit(browser, server)
    visit.goto("/routines")
    visit.check_axe("routines")
    visit.goto("/routines/home_10_minutes")
    visit.check_axe("routine")
    images = drawings_loaded(visit)
    assert len(images) == 5, images  # five of the six steps are drawn exercises; the walk is not
    assert all(i["w"] > 0 and len(i["alt"]) >= 20 for i in images)
    assert "0161 555 0100" in visit.page.inner_text(".stop-box") and "999" in visit.page.inner_text(".stop-box")
    width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the sheet scrolls sideways on a phone: {width} px"
    visit.shoot("routine-home_10_minutes")
    visit.page.emulate_media(media="print")
    navs = visit.page.locator("header.site nav").all()  # the main menu and the language switcher
    assert navs and not any(nav.is_visible() for nav in navs)
    assert all(i["shown"] > 50 for i in drawings_loaded(visit)), "print styles hide the drawings"
    pdf = ARTIFACTS / "routine-home_10_minutes-print.pdf"
    visit.page.pdf(path=str(pdf), format="A4", print_background=True)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) <= 2, f"the printed routine is {len(reader.pages)} pages"
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Side-lying clamshell" in text and "How much" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "routine-home_10_minutes-print")],
                       check=True, timeout=60)
    visit.close()


def test_the_birth_plan_note_prints_on_one_page(browser: Any, server: str) -> None:  # noqa: F811
    from pypdf import PdfReader

    visit = Visit(browser, server)
    visit.goto("/relief/pgp_birth_plan/note")
    visit.check_axe("note")
    visit.shoot("birth-plan-note")
    visit.page.emulate_media(media="print")
    pdf = ARTIFACTS / "birth-plan-note-print.pdf"
    visit.page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    assert "pain-free gap" in " ".join(reader.pages[0].extract_text().split())
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "birth-plan-note-print")],
                       check=True, timeout=60)
    visit.close()
