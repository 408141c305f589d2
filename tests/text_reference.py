"""The text reader's readings of both corpora, recorded before issue 14's speed work (commit
b59d766), so any change under src/bumpwise/text/ can be shown to read every text the same:
extracted items with their spans and flags, not_understood, and the facts read.

    .venv/bin/python tests/text_reference.py --record   # only when a reading is meant to change

`tests/test_text_reference.py` compares today's reader against `tests/data/text_readings.jsonl`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPORA = (HERE / "data" / "text_corpus.jsonl", HERE / "data" / "real_phrasing.jsonl")
REFERENCE = HERE / "data" / "text_readings.jsonl"


def corpus_texts() -> list[tuple[str, str]]:
    out = []
    for path in CORPORA:
        with path.open(encoding="utf-8") as handle:
            out.extend((row["id"], row["text"]) for row in map(json.loads, handle) if row)
    return out


def reading_of(text: str) -> dict[str, Any]:
    from bumpwise.text import read_text

    r = read_text(text)
    return {"findings": list(r.findings), "denied": list(r.denied), "flags": list(r.flags), "week": r.week,
            "pain_score": r.pain_score, "duration_days": r.duration_days, "onset": r.onset,
            "extracted": [e.to_dict() for e in r.extracted],
            "not_understood": [[list(span), words] for span, words in r.not_understood]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    if args.record:
        with REFERENCE.open("w", encoding="utf-8") as out:
            for ident, text in corpus_texts():
                out.write(json.dumps({"id": ident, "reading": reading_of(text)}, ensure_ascii=False) + "\n")
        print(f"recorded {REFERENCE}")


if __name__ == "__main__":
    main()
