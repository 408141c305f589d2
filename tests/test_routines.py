"""Routines (issue 12): bundles for one kind of day, each a page, a printable sheet and
`bumpwise routine NAME`, built from plan items whose safety limits they keep."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from bumpwise.cli import main
from bumpwise.knowledge import KnowledgeBase, knowledge_base
from bumpwise.render.routine_text import total_minutes
from web_helpers import make_client

ENV = {"BUMPWISE_CONFIG": "/nonexistent.toml", "BUMPWISE_EMERGENCY_NUMBER": "999",
       "BUMPWISE_MATERNITY_UNIT_NUMBER": "0161 555 0100"}
EXPECTED = {"home_10_minutes", "flare_day", "travel_day", "workday"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge_base()


def test_the_four_routines_exist_and_the_home_routine_takes_ten_minutes(kb: KnowledgeBase) -> None:
    assert set(kb.routines) == EXPECTED
    assert total_minutes(kb.routines["home_10_minutes"]) == 10


def test_routine_steps_keep_the_items_safety_limits(kb: KnowledgeBase) -> None:
    """A routine is for anyone who opens it, so each item in it must suit pregnancy at any week
    from 16 on: nothing lying on the back, nothing parting the legs wide, no TENS."""
    for routine in kb.routines.values():
        for step in routine.steps:
            if step.item is None:
                assert step.text and not re.search(r"\bon your back\b", step.text), routine.id
                continue
            item = kb.plan_items[step.item]
            assert "pregnancy" in item.stages, (routine.id, item.id)
            assert "supine" not in item.positions, (routine.id, item.id)
            assert item.weeks.max is None or item.weeks.max >= 40, (routine.id, item.id)
            assert "legs apart" not in " ".join(item.steps).lower(), (routine.id, item.id)
            assert "tens" not in item.id


def test_a_routine_with_the_clamshell_says_to_leave_it_out_when_parting_the_legs_hurts(kb: KnowledgeBase) -> None:
    for routine in kb.routines.values():
        for step in routine.steps:
            if step.item == "side_lying_clamshell":
                assert "parting your legs hurts" in step.dose, routine.id


def test_the_cli_lists_and_prints_routines(kb: KnowledgeBase) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["routine"], env=ENV)
    assert listed.exit_code == 0 and all(r in listed.output for r in EXPECTED)
    printed = runner.invoke(main, ["routine", "home-10-minutes"], env=ENV)
    assert printed.exit_code == 0, printed.output
    for step in kb.routines["home_10_minutes"].steps:
        if step.item:
            assert kb.plan_items[step.item].title in printed.output
    assert "call 0161 555 0100" in printed.output and "call 999" in printed.output
    assert "seed" not in printed.output.lower()
    unknown = runner.invoke(main, ["routine", "marathon"], env=ENV)
    assert unknown.exit_code == 2 and "home_10_minutes" in unknown.output


def test_each_routine_is_a_page_with_its_drawings(kb: KnowledgeBase) -> None:
    client = make_client(emergency_number="999", maternity_unit_number="0161 555 0100")
    listing = client.get("/routines")
    assert listing.status_code == 200
    for routine in kb.routines.values():
        assert f'href="/routines/{routine.id}"' in listing.text
        page = client.get(f"/routines/{routine.id}")
        assert page.status_code == 200
        drawn = [s.item for s in routine.steps if s.item and kb.plan_items[s.item].picture]
        for item_id in drawn:
            alt = kb.plan_items[item_id].picture or ""
            assert f'src="/static/img/draw/{item_id}.svg" alt="{alt}"'.replace("'", "&#39;") in page.text
        assert "0161 555 0100" in page.text
    assert client.get("/routines/marathon").status_code == 404


def test_result_cards_show_the_drawing_of_a_drawn_item(kb: KnowledgeBase) -> None:
    client = make_client()
    page = client.get("/relief/side_lying_clamshell").text
    assert 'src="/static/img/draw/side_lying_clamshell.svg"' in page
    assert 'src="/static/img/draw/' not in client.get("/relief/car_knees_together").text


def test_the_birth_plan_note_prints_from_the_pgp_birth_plan_item(kb: KnowledgeBase) -> None:
    """Issue 12: a small note she can print, with the pain-free gap to fill in."""
    item = kb.plan_items["pgp_birth_plan"]
    assert any("pain-free gap" in line and "___" in line for line in item.note)
    assert any("epidural" in line for line in item.note)
    assert any("not a reason for an induction or a caesarean" in line for line in item.note)
    client = make_client()
    page = client.get("/relief/pgp_birth_plan/note")
    assert page.status_code == 200
    assert page.text.count('class="blank"') == sum(line.count("___") for line in item.note) + 1  # + her name
    assert "___" not in page.text
    assert client.get("/relief/side_lying_clamshell/note").status_code == 404
    assert 'href="/relief/pgp_birth_plan/note"' in client.get("/relief/pgp_birth_plan").text
    assert [i for i in kb.plan_items.values() if i.note] == [item]  # the only note so far


@pytest.mark.parametrize("locale", ["vi", "zh"])
def test_routines_in_her_language(locale: str) -> None:
    """The routine pages, the birth plan note and `bumpwise routine --lang` show the knowledge
    overlay's words (titles, steps, drawings' alt text) and the interface's catalogs."""
    from bumpwise.i18n import COOKIE
    from bumpwise.i18n.knowledge import knowledge_for

    english, local = knowledge_base(), knowledge_for(locale)
    home, home_en = local.routines["home_10_minutes"], english.routines["home_10_minutes"]
    assert home.title != home_en.title
    runner = CliRunner()
    printed = runner.invoke(main, ["routine", "home_10_minutes", "--lang", locale], env=ENV)
    assert printed.exit_code == 0, printed.output
    assert home.title.upper() in printed.output and home_en.title.upper() not in printed.output
    assert "How much:" not in printed.output and "call 999" not in printed.output and "999" in printed.output
    client = make_client(emergency_number="999", maternity_unit_number="0161 555 0100")
    client.cookies.set(COOKIE, locale, domain="127.0.0.1")
    listing = client.get("/routines").text
    assert home.title in listing and "Ready-made plans" not in listing
    page = client.get("/routines/home_10_minutes").text
    assert home.title in page and "How much:" not in page and "0161 555 0100" in page
    drawn = next(s.item for s in home.steps if s.item and local.plan_items[s.item].picture)
    alt = local.plan_items[drawn].picture or ""
    assert alt != english.plan_items[drawn].picture and f'alt="{alt}"'.replace("'", "&#39;") in page
    note = client.get("/relief/pgp_birth_plan/note").text
    assert local.plan_items["pgp_birth_plan"].note[0].split("___")[0] in note
    assert "Birth plan note" not in note and "Fill in the gaps" not in note
