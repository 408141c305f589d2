"""The semantic-layer comparison (benchmarks/text_semantic_comparison.py, docs/text-semantic.md) is
only fair if its exemplars come from the knowledge base and from phrasings written for it, never from
the corpora it is scored on, and if its negation guard is the reader's own. Checked here without the
model, so `make test` needs no semantic group."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import text_semantic_comparison as bench  # noqa: E402
from eval_corpus import WARNING_SIGNS  # noqa: E402  (on the path through the benchmark)

from bumpwise.text.lexicon import lexicon  # noqa: E402
from bumpwise.text.vocab import vocabulary  # noqa: E402


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9']+", " ", text.lower().replace("’", "'")).strip()


def test_every_warning_sign_has_exemplars_and_every_finding_a_label() -> None:
    table = bench.exemplars()
    assert set(table) == set(vocabulary().findings)
    assert set(bench.LAY) == WARNING_SIGNS
    for fid in WARNING_SIGNS:
        assert len(table[fid]) >= 4, fid  # label, question text, and at least two lay phrasings


def test_no_lay_exemplar_is_taken_from_a_corpus() -> None:
    texts = [_norm(json.loads(line)["text"]) for path in bench.CORPORA.values()
             for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(texts) > 600
    for fid, phrases in bench.LAY.items():
        for phrase in phrases:
            assert not any(_norm(phrase) in t for t in texts), (fid, phrase)


def test_clauses_carry_the_readers_negation_and_history() -> None:
    lex = lexicon()
    text = "28 weeks, no bleeding, baby moving less than usual. I had a fall at 10 weeks, fine since"
    parts = bench.clauses(lex, text)
    by_text = {text: (guarded, understood) for text, guarded, understood in parts}
    assert by_text["no bleeding"] == (True, True)
    assert by_text["baby moving less than usual"] == (False, True)
    assert by_text["28 weeks"] == (False, False)
    assert any(guarded for text, guarded, _ in parts if "fall" in text)
    hypothetical = bench.clauses(lex, "what should I do if my waters break?")
    assert all(guarded for _, guarded, _ in hypothetical)
