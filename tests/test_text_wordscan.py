"""The one-pass scan over word starts (text/wordscan.py) gives exactly what each pattern's finditer gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bumpwise.text.lexicon import lexicon
from bumpwise.text.normalise import normalise
from bumpwise.text.phrases import compile_phrases
from bumpwise.text.wordscan import word_scan, word_start_prefixes

DATA = Path(__file__).parent / "data"


def test_only_patterns_that_start_at_a_word_use_the_word_starts() -> None:
    assert word_start_prefixes(compile_phrases(["no|not really", "none"], {})) == {"no", "non", "not"}
    assert word_start_prefixes(re.compile(r"pain")) is None  # may match inside "spain"
    assert word_start_prefixes(re.compile(r"(?<![\w'])pain|ache")) is None  # one alternative has no edge
    assert word_start_prefixes(compile_phrases(["(is)? ?fine"], {})) is None  # may begin with a space


def test_same_matches_as_finditer_on_every_corpus_text() -> None:
    for lang, name in (("en", "text_corpus.jsonl"), ("en", "real_phrasing.jsonl"), ("vi", "real_phrasing_vi.jsonl"),
                       ("zh", "real_phrasing_zh.jsonl")):
        lex = lexicon(lang)
        patterns = [lex.neg_forward, lex.neg_backward, lex.neg_list, lex.unc_forward, lex.unc_backward,
                    lex.hyp_forward, lex.pseudo, lex.terminators, lex.symptom_words, lex.hist_terminators]
        scan = word_scan(patterns)
        texts = [json.loads(line)["text"] for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]
        for text in (normalise(t, lex.spelling).text for t in texts):
            assert scan.spans(text) == [[m.span() for m in p.finditer(text)] for p in patterns], text
