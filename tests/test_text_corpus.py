"""The free-text reader on the annotated lay corpus (tests/data/text_corpus.jsonl):
the thresholds of issue 3, asserted on the same figures scripts/eval_text.py prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bumpwise.text.evaluate import Scores, load_corpus, score
from bumpwise.text.vocab import vocabulary

CORPUS = Path(__file__).parent / "data" / "text_corpus.jsonl"
DEV = Path(__file__).resolve().parents[2] / "shared" / "vignettes" / "dev.jsonl"


@pytest.fixture(scope="module")
def scores() -> Scores:
    return score(load_corpus(CORPUS))


def test_corpus_is_large_varied_and_valid() -> None:
    cases = load_corpus(CORPUS)
    vocab = vocabulary()
    assert len(cases) >= 220
    assert len({c.id for c in cases}) == len(cases)
    assert len({c.text for c in cases}) == len(cases)
    for c in cases:
        assert c.findings <= set(vocab.findings), c.id
        assert c.denied <= set(vocab.findings), c.id
        assert not c.findings & c.denied, c.id
        assert c.flags <= set(vocab.flags), c.id
        assert c.week is None or 1 <= c.week <= 42, c.id
        assert c.pain_score is None or 0 <= c.pain_score <= 10, c.id
    assert sum(bool(c.denied) for c in cases) >= 60  # plenty of negations to score
    assert sum(c.week is not None for c in cases) >= 150


@pytest.mark.skipif(not DEV.exists(), reason="shared vignettes not beside the repo")
def test_corpus_does_not_copy_the_dev_vignettes() -> None:
    dev_texts = {json.loads(line)["input"].get("text", "").strip().lower()
                 for line in DEV.read_text("utf-8").splitlines() if line.strip()}
    assert not dev_texts & {c.text.strip().lower() for c in load_corpus(CORPUS)}


def test_finding_precision_and_recall(scores: Scores) -> None:
    assert scores.precision >= 0.95, scores.misses
    assert scores.recall >= 0.95, scores.misses


def test_flag_precision_and_recall(scores: Scores) -> None:
    assert scores.flag_precision >= 0.95, scores.misses
    assert scores.flag_recall >= 0.95, scores.misses


def test_negation_accuracy(scores: Scores) -> None:
    assert scores.negation_accuracy >= 0.97, scores.misses
    assert scores.denied_recall >= 0.95, scores.misses


def test_week_exact(scores: Scores) -> None:
    assert scores.week_exact >= 0.97, scores.misses


def test_pain_score_exact(scores: Scores) -> None:
    assert scores.pain_score_exact >= 0.97, scores.misses
