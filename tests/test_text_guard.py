"""The cheap test before a scan (text/guard.py) never skips a scan that would have found something."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bumpwise.text.guard import could_match, required_strings
from bumpwise.text.lexicon import lexicon
from bumpwise.text.normalise import normalise
from bumpwise.text.quantities import patterns

DATA = Path(__file__).parent / "data"


def test_required_strings_of_simple_patterns() -> None:
    assert required_strings(re.compile(r"(?<![\w'])(?:first[\s\-]+trimester)(?![\w])")) == {"trimester"}
    assert required_strings(re.compile(r"(?:ago|since)\b")) == {"ago", "since"}
    assert required_strings(re.compile(r"\d+ ?weeks?")) == {"week"}
    assert required_strings(re.compile(r"(?:a|b)?")) is None  # may match with no letter at all
    assert required_strings(re.compile(r"no(?:ne)?|\w+")) is None  # a branch with no string
    assert required_strings(re.compile(r"pain", re.IGNORECASE)) is None  # `in` cannot ignore case
    assert required_strings(re.compile(r"(?i:pain)")) is None


def _patterns() -> list[re.Pattern[str]]:
    lex = lexicon("en")
    found = [lex.neg_forward, lex.neg_backward, lex.neg_list, lex.unc_forward, lex.unc_backward,
             lex.hyp_forward, lex.pseudo]
    found += [p.pattern for p in lex.week_phrases] + [p for _, p in lex.since_birth] + [p for _, p in lex.onset]
    p = patterns(lex)
    return [*found, p.score, p.score_said, p.ago, p.since, p.duration, p.months, p.weeks]


def test_no_pattern_is_skipped_where_it_matches() -> None:
    lex = lexicon("en")
    texts = [json.loads(line)["text"] for name in ("text_corpus.jsonl", "real_phrasing.jsonl")
             for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]
    checked = 0
    for text in (normalise(t, lex.spelling).text for t in texts):
        for pattern in _patterns():
            if pattern.search(text):
                assert could_match(pattern, text), (pattern.pattern[:80], text)
                checked += 1
    assert checked > 500
