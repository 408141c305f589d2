"""The reader and the triage on the real-phrasing corpus (tests/data/real_phrasing.jsonl): 520
lay texts (440, and the 80 of the held-out final batch, f001-f080, added after its fixes)
written, from public posts they read, by writers who had not read the reader's code, annotated
before any fix they prompted (docs/text.md keeps the first-pass figures). The issue's bars,
asserted on the same figures scripts/eval_corpus.py prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from bumpwise.knowledge import knowledge_base
from bumpwise.text.vocab import vocabulary

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "real_phrasing.jsonl"
sys.path.insert(0, str(REPO / "scripts"))
from eval_corpus import WARNING_SIGNS, evaluate, load  # noqa: E402


@pytest.fixture(scope="module")
def figures() -> tuple[dict[str, Any], list[str]]:
    return evaluate(load([CORPUS]))


def test_corpus_is_large_varied_and_valid() -> None:
    cases = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]
    vocab = vocabulary()
    assert len(cases) >= 520
    assert len({c["id"] for c in cases}) == len(cases)
    for c in cases:
        assert set(c["findings"]) <= set(vocab.findings), c["id"]
        assert set(c["denied"]) <= set(vocab.findings), c["id"]
        assert set(c["flags"]) <= set(vocab.flags), c["id"]
        assert c["level"] in ("self_care", "soon", "urgent", "emergency"), c["id"]
    phenomena = {p for c in cases for p in c["phenomena"]}
    assert {f"P{n}" for n in range(1, 9)} <= phenomena, "every class of the issue is exercised"


def test_the_warning_sign_set_is_the_questionnaires() -> None:
    kb = knowledge_base()
    places_and_sides = {f for f, t in kb.vocabulary.findings.items() if t.group == "side"}
    asked = {f for q in kb.questions if q.red_flag for f in q.denied_by_no} - places_and_sides
    assert asked == WARNING_SIGNS


def test_warning_signs_are_read(figures: tuple[dict[str, Any], list[str]]) -> None:
    values, misses = figures
    assert values["warning_recall"] >= 0.95, misses
    assert values["warning_precision"] >= 0.90, misses


def test_negation(figures: tuple[dict[str, Any], list[str]]) -> None:
    values, misses = figures
    assert values["negation"] >= 0.97, misses


def test_triage_through_the_whole_product(figures: tuple[dict[str, Any], list[str]]) -> None:
    values, misses = figures
    assert values["under_triage"] <= 0.02, [m for m in misses if "UNDER" in m]
    assert values["triage_exact"] >= 0.85, misses
