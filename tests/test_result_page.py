"""Issue 10: the result page. The first screen holds one level, one timing word that matches it,
the action, the numbers to tap and Save / Print; then what she told us, why, at most three causes
(policy "Explaining causes", each claim tested here), the plan as folding cards, what to avoid
folded, and the references last."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

import bumpwise
from bumpwise.knowledge import KnowledgeBase
from web_helpers import complete_check_in, make_client, read_result

TIMING = re.compile(r"\b(now|today|tomorrow|same day|within (?:a few|the next few) days|straight away)\b", re.I)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return make_client(emergency_number="999", maternity_unit_number="0161 555 0100")


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def first_screen(page: str) -> str:
    """The level box: everything before "What you told us"."""
    start = page.index('<section class="level')
    return page[start:page.index("</section>", start)]


def causes_shown(page: str) -> list[str]:
    return re.findall(r'data-cause="([^"]+)"', page)


@pytest.mark.parametrize(("case", "level", "word", "tel"), [
    ({"findings": ["heavy_bleeding"]}, "emergency", "now", "tel:999"),
    ({"week": 30, "findings": ["low_back", "vaginal_bleeding"]}, "urgent", "now", "tel:01615550100"),
    ({"week": 30, "findings": ["flank"]}, "soon", "within a few days", None),
], ids=["emergency", "urgent", "soon"])
def test_first_screen_has_one_level_one_timing_word_the_action_a_number_and_save(
        client: TestClient, kb: KnowledgeBase, case: dict[str, Any], level: str, word: str, tel: str | None) -> None:
    page = complete_check_in(client, case, kb, add_details=False)
    box = first_screen(page)
    words = {m.lower() for m in TIMING.findall(text(box))}
    assert words == {word}, words
    assert f'data-level="{level}"' in box and "<h1" in box
    assert bumpwise.assess(read_result(page).input)["triage"]["action"] in html.unescape(box)
    if tel:
        assert f'href="{tel}"' in box
    assert "Save to my diary" in box and "data-print" in box
    assert page.index("call-buttons") < page.index('id="told-title"') < page.index('id="why-title"')


def test_what_you_told_us_shows_the_week_places_with_sides_and_answers(client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 29, "findings": ["sacroiliac", "one_side", "worse_single_leg"]}, kb)
    told = text(page[page.index('id="told-title"'):page.index('id="why-title"')])
    assert "29 weeks pregnant" in told
    assert "Back of the pelvis (mainly on one side)" in told
    assert "Worse on stairs" in told
    assert re.search(r"You said no to \d+ warning signs", told)


def test_plan_cards_first_three_open_the_rest_folded_and_avoid_folded(client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 29, "findings": ["sacroiliac", "one_side", "worse_single_leg"]}, kb)
    cards = re.findall(r'<details class="card plan-card" data-plan-item="[^"]+"( open)?>', page)
    assert len(cards) > 3 and cards[:3] == [" open"] * 3 and not any(cards[3:])
    assert re.search(r'<details class="avoid-all">\s*<summary><h2 id="avoid-title">What to avoid', page)
    assert page.index('id="avoid-title"') < page.index('id="sources-title"')


def test_scores_are_never_shown(client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 30, "findings": ["low_back", "dull_ache"]}, kb)
    causes = text(page[page.index('id="causes-title"'):page.index('id="plan-title"')])
    assert not re.search(r"\d+\s*%|\b0\.\d+\b|score", causes, re.I)


# ---- policy "Explaining causes", each claim on the page ------------------------------------

PLACES = ["low_back", "sacroiliac", "pubic", "buttock", "hip_outer", "groin", "thigh_back", "calf", "upper_back",
          "lower_abdomen"]


@pytest.mark.parametrize("place", PLACES)
def test_a_place_alone_never_lists_a_serious_cause(client: TestClient, kb: KnowledgeBase, place: str) -> None:
    """A region alone ("low back") never lists cauda equina, abruption or a kidney infection:
    with no to every warning sign, a serious cause shows only when a rule that points to it
    fired, and then with that rule's explanation if its level is lower than the cause's page."""
    page = complete_check_in(client, {"week": 30, "findings": [place]}, kb)
    result = bumpwise.assess(read_result(page).input)
    fired = {r["rule"] for r in result["triage"]["reasons"]}
    for cid in causes_shown(page):
        condition = kb.conditions[cid]
        if not condition.serious:
            continue
        pointing = {r.id for r in kb.rules if any(p.condition == cid for p in r.points_to)}
        assert fired & pointing, f"{place}: {cid} listed with no rule pointing to it"


def test_low_back_with_no_to_every_sign_lists_no_cauda_equina_kidney_infection_or_abruption(
        client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 30, "findings": ["low_back"]}, kb)
    shown = causes_shown(page)
    assert not {"cauda_equina_syndrome", "pyelonephritis", "placental_abruption"} & set(shown), shown
    assert len(shown) <= 3


@pytest.mark.parametrize(("week", "never"), [(30, {"ectopic_pregnancy", "miscarriage"}), (25, {"labour"})])
def test_no_cause_outside_its_weeks(client: TestClient, kb: KnowledgeBase, week: int, never: set[str]) -> None:
    for findings in (["lower_abdomen", "one_side"], ["low_back", "comes_in_waves"], ["pubic", "lower_abdomen"]):
        page = complete_check_in(client, {"week": week, "findings": findings}, kb)
        for cid in causes_shown(page):
            weeks = kb.conditions[cid].weeks
            assert cid not in never, (week, findings, cid)
            if weeks is not None:
                assert (weeks.min or 1) <= week <= (weeks.max or 42), (week, cid)


def test_a_serious_cause_below_its_page_level_says_why(client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 30, "findings": ["flank"]}, kb)
    assert read_result(page).level == "soon"
    match = re.search(r'data-cause="pyelonephritis".*?</li>', page, re.S)
    assert match, causes_shown(page)
    cause = match.group(0)
    assert 'data-level-reason="soon_kidney_area_pain"' in cause
    rule = next(r for r in kb.rules if r.id == "soon_kidney_area_pain")
    assert " ".join(rule.explanation.split()) in text(cause)


def test_why_we_think_so_names_her_answers(client: TestClient, kb: KnowledgeBase) -> None:
    page = complete_check_in(client, {"week": 29, "findings": ["sacroiliac", "one_side", "worse_single_leg"]}, kb)
    first = re.search(r'data-cause="pelvic_girdle_pain".*?</li>', page, re.S)
    assert first and "Why we think so: you told us back of the pelvis" in text(first.group(0))
