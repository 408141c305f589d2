"""The English clause patterns were rewritten with the word edge written once (syntax.py); they
find exactly what the former patterns found."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bumpwise.text.syntax import ENGLISH

DATA = Path(__file__).parent / "data"
_SUBJECT = r"(?:my|i|i'm|i've|it|it's|the|she|he|her|baby|there)\b"
FORMER = {
    "clause": rf"\band\s+(?={_SUBJECT})|\bbut\b|;",
    "clause_or_comma": rf"\band\s+(?={_SUBJECT})|\bbut\b|;|,",
    "history_clause": r",|;|\bbut\b|\bso\b|\band\s+(?=(?:my|i|i'm|i've|it|it's|the|she|he|her|baby|there|now)\b)",
    "reader_clause": r",|\band\b|\bbut\b|\bplus\b|\bwith\b|\bwhen\b",
}


def test_same_matches_as_the_former_patterns() -> None:
    texts = [json.loads(line)["text"].lower() for name in ("text_corpus.jsonl", "real_phrasing.jsonl")
             for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]
    texts += ["and i, but so and now; plus with when-and", "band but-ter and my"]
    for key, former in FORMER.items():
        old, new = re.compile(former), getattr(ENGLISH, key)
        for text in texts:
            assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)], (key, text)
