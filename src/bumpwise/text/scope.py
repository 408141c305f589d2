"""Negation, uncertainty and hypotheticals by cue and scope: the ConText algorithm
(Harkema et al. 2009, the method medspaCy implements) on lay sentences.

A forward cue ("no", "I don't have", "I think") governs the findings after it in
its sentence until a terminator ("but", "just", ", and my ..."), another cue, or
`max_scope_words` words; a backward cue ("... is fine", "... I think") governs
the few words before it. docs/text.md records why this own implementation is used
rather than medspaCy's (measured in benchmarks/text_negation_comparison.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bumpwise.text.lexicon import Lexicon
from bumpwise.text.syntax import ENGLISH
from bumpwise.text.wordscan import WORD_START, cached, word_scan

Category = Literal["negated", "uncertain", "hypothetical", "pseudo", "terminate", "list_negated"]
_SENTENCE_END = ENGLISH.sentence_end


@dataclass(frozen=True, slots=True)
class Cue:
    category: Category
    start: int
    end: int
    forward: bool


@dataclass(frozen=True, slots=True)
class Sentences:
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def bounds(self, pos: int) -> tuple[int, int]:
        i = self.index(pos)
        return self.starts[i], self.ends[i]


def sentences(text: str, ends_at: re.Pattern[str] = _SENTENCE_END) -> Sentences:
    """Sentence spans that keep their closing punctuation ("Is it my waters?" keeps "?")."""
    starts, ends, last = [], [], 0
    for m in ends_at.finditer(text):
        starts.append(last)
        ends.append(m.end())
        last = m.end()
    starts.append(last)
    ends.append(len(text))
    return Sentences(tuple(starts), tuple(ends))


def find_cues(lex: Lexicon, text: str, taken: list[tuple[int, int]], starts: list[int] | None = None) -> list[Cue]:
    """Every cue in the text, minus those inside a lexicon match (they are part of a
    phrase, like "not" in "not sleeping") and those inside a longer cue. `starts`: the text's word
    starts (where lex.syntax.word_start matches), if already found."""
    found: list[Cue] = []
    scan = cached(lex, lambda: word_scan([*(p for p, _, _ in _kinds(lex)), lex.terminators]))
    *cue_spans, term_spans = scan.spans(text, starts if lex.syntax.word_start.pattern == WORD_START.pattern else None)
    for (_, category, forward), spans in zip(_kinds(lex), cue_spans, strict=True):
        found.extend(Cue(category, *_trimmed(text, start, end), forward) for start, end in spans if end > start)
    inside = containment(taken)
    found = [c for c in found if not inside(c.start, c.end)]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Cue] = []
    for cue in found:
        if any(k.start <= cue.start and cue.end <= k.end for k in kept):
            continue  # "not" inside "not sure if": the longer cue decides
        kept = [k for k in kept if not (cue.start <= k.start and k.end <= cue.end)]
        kept.append(cue)
    # A cue's own words end nothing: "mà" in the Vietnamese "lỡ mà" (what if) is no clause break.
    own = containment([(k.start, k.end) for k in kept])
    terms = [Cue("terminate", start, end, True) for start, end in term_spans
             if not inside(start, end) and not own(start, end)]
    return sorted(kept + terms, key=lambda c: c.start)


def _kinds(lex: Lexicon) -> tuple[tuple[re.Pattern[str], Category, bool], ...]:
    """Each cue pattern with its category and whether it governs what follows it."""
    return ((lex.neg_forward, "negated", True), (lex.neg_backward, "negated", False),
            (lex.neg_list, "list_negated", False),
            (lex.unc_forward, "uncertain", True), (lex.unc_backward, "uncertain", False),
            (lex.hyp_forward, "hypothetical", True), (lex.pseudo, "pseudo", True))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A cue's span without the spaces an optional first word leaves (" fine" is "fine"), so that
    a longer cue around it ("fine since") is seen to contain it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def containment(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test for "inside one of these spans", not merely touching: the terminator
    "and my" still ends a scope though "my back" is a phrase, while "not" in "not
    sleeping" is part of its phrase. Sorted starts with running maximum ends make
    each test a binary search."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach: list[int] = []
    for _, e in ordered:
        reach.append(max(e, reach[-1]) if reach else e)

    def inside(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return inside


def _list_continues(lex: Lexicon, text: str, cue_end: int, start: int, sentence_end: int) -> bool:
    """A cue reaches past a comma only into a list closed by "or"/"nor": in "no
    bleeding, fluid or pain" all three are denied, but in "no weakness, back pain"
    the back pain is reported, not denied."""
    between = text[cue_end:start]
    if not any(comma in between for comma in lex.syntax.list_comma):
        return True
    return lex.syntax.list_or.search(text, cue_end, sentence_end) is not None


def _words(lex: Lexicon, text: str) -> int:
    return len(lex.syntax.scope_word.findall(text))


def classify(lex: Lexicon, text: str, sents: Sentences, cues: list[Cue], start: int, end: int,
             mentions: tuple[int, ...] = ()) -> tuple[Category | None, int]:
    """What governs the mention at [start, end): the category and where its cue starts
    (-1 if none). A forward cue wins over a backward one, as it is read first. A
    backward cue reaches only the mention right before it: in "clear fluid,
    contractions not started" it denies the contractions, not the fluid. `mentions`
    holds the start of every other mention."""
    lo, hi = sents.bounds(start)
    answer = _answer(lex, text, hi)
    if answer is not None and not any(end <= m < hi for m in mentions):
        return answer
    swept = _list_denial(lex, text, sents, cues, start, end)
    if swept is not None:
        return "negated", swept
    # A terminator counts even when it runs into the mention ("and my" before "my back").
    before = [c for c in cues if lo <= c.start and (c.end <= start or (c.category == "terminate" and c.start < start))
              and (c.forward or c.category == "terminate")]
    if before:
        nearest = before[-1]
        if nearest.category not in ("terminate", "pseudo") and \
                _words(lex, text[nearest.end:start]) <= lex.max_scope_words and \
                _list_continues(lex, text, nearest.end, start, hi):
            return nearest.category, nearest.start
    after = [c for c in cues if c.start >= end and c.end <= hi and c.category != "list_negated"
             and (not c.forward or c.category == "terminate")]
    if after and after[0].category != "terminate" and _words(lex, text[end:after[0].start]) <= lex.max_backward_words \
            and not any(end <= m < after[0].start for m in mentions):
        return after[0].category, after[0].start
    return None, -1


def _list_denial(lex: Lexicon, text: str, sents: Sentences, cues: list[Cue], start: int, end: int) -> int | None:
    """A list denial ("... - no sign of any of those") reaches every mention before it in its
    sentence; one that opens a sentence reaches the sentence before. Where it starts, or None."""
    index = sents.index(start)
    for cue in cues:
        if cue.category != "list_negated" or cue.start < end:
            continue
        cue_index = sents.index(cue.start)
        lo = sents.starts[cue_index]
        opens = not lex.syntax.scope_word.search(text, lo, cue.start)
        if cue_index == index or (opens and cue_index == index + 1):
            return cue.start
    return None


def _answer(lex: Lexicon, text: str, sentence_end: int) -> tuple[Category | None, int] | None:
    """The one-word reply to a question ("bleeding? no."): negated for a no, plain
    present for a yes, None when the sentence is no question or no reply follows."""
    question = text[:sentence_end].rstrip()
    if not question or question[-1] not in lex.syntax.question:
        return None
    pos = len(text) - len(text[sentence_end:].lstrip())
    for pattern, category in ((lex.answer_no, "negated"), (lex.answer_yes, None)):
        m = pattern.match(text, pos)
        if m is not None and lex.syntax.answer_end.match(text, m.end()):
            return category, m.start()  # type: ignore[return-value]
    return None
