"""The text reader reads every text of both corpora exactly as it did before issue 14's speed work:
the same extracted items (ids, spans, negation, uncertainty, history, values), the same
not_understood spans and the same facts (`tests/text_reference.py` recorded them)."""

from __future__ import annotations

import json

from text_reference import REFERENCE, corpus_texts, reading_of


def test_every_reading_is_identical_to_the_recorded_one() -> None:
    with REFERENCE.open(encoding="utf-8") as handle:
        recorded = {row["id"]: row["reading"] for row in map(json.loads, handle)}
    texts = corpus_texts()
    assert len(recorded) == len(texts) == 866  # 346 + 440 + the 80 held-out final texts
    differing = [ident for ident, text in texts if reading_of(text) != recorded[ident]]
    assert not differing, f"{len(differing)} readings changed: {differing[:10]}"
