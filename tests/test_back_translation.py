"""Issue 13: every warning-sign question and every urgent or emergency action has a reviewed entry
in the back-translation table (docs/i18n/back-translation-<lang>.md), made from an input file that
holds no English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts.back_translation import norm, opaque_key, read_table

from bumpwise.knowledge import KnowledgeBase
from bumpwise.knowledge.translations import coverage, english_units, review_units

DOCS = Path(__file__).resolve().parent.parent / "docs" / "i18n"
REVIEWED = ("vi", "zh")


def test_review_covers_every_warning_sign_question_and_pressing_action(kb: KnowledgeBase) -> None:
    keys = {u.key for u in review_units(kb)}
    for question in kb.questions:
        if question.red_flag:
            assert f"questions.yaml:{question.id}:text" in keys
    for rule in kb.rules:
        assert (f"rules.yaml:{rule.id}:explanation" in keys) == (rule.level in ("urgent", "emergency"))
    assert {"vocabulary.yaml:triage_levels.emergency:action", "vocabulary.yaml:triage_levels.urgent:label"} <= keys
    assert "vocabulary.yaml:triage_levels.self_care:action" not in keys


@pytest.mark.parametrize("lang", REVIEWED)
def test_the_input_file_is_current_and_holds_no_english(kb: KnowledgeBase, lang: str) -> None:
    lines = [json.loads(line) for line in (DOCS / f"back-translation-{lang}-input.jsonl").read_text().splitlines()]
    translated = coverage(kb, lang).texts
    english = english_units(kb)
    units = review_units(kb)
    assert [line["key"] for line in lines] == [opaque_key(u) for u in units]  # ids are English words: hidden
    for line, unit in zip(lines, units, strict=True):
        assert set(line) == {"key", lang}
        assert line[lang] == translated[unit], f"{unit.key}: out of date (run scripts/back_translation.py {lang})"
        assert norm(line[lang]) != norm(english[unit]), f"{unit.key}: the English itself"


@pytest.mark.parametrize("lang", REVIEWED)
def test_the_table_has_a_current_row_for_every_reviewed_text(kb: KnowledgeBase, lang: str) -> None:
    rows = read_table(DOCS / f"back-translation-{lang}.md")
    translated = coverage(kb, lang).texts
    english = english_units(kb)
    for unit in review_units(kb):
        row = rows.get(unit.key)
        assert row is not None, f"{unit.key}: no row"
        assert row[1] == norm(english[unit]), f"{unit.key}: the English changed since the row was written"
        assert row[2] == norm(translated[unit]), f"{unit.key}: the translation changed since the row was written"


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_every_row_is_reviewed(kb: KnowledgeBase, lang: str) -> None:
    rows = read_table(DOCS / f"back-translation-{lang}.md")
    unreviewed = [u.key for u in review_units(kb)
                  if u.key not in rows or not rows[u.key][3] or not rows[u.key][4]]
    assert not unreviewed, f"{len(unreviewed)} without a back-translation and a drift verdict: {unreviewed[:5]}"
