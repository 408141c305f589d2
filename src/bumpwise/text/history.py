"""What is over is history (policy principle 5): "a UTI a few weeks ago", "I bled at 8 weeks,
fine since", "fell last month, got checked, all fine" are not current signs.

A history cue (cues.yaml `history.cues`) governs the findings in its stretch of the sentence, on
either side of it, up to a `history.terminators` word ("but", "now", "today", "this morning",
"yesterday", "again"…), which starts what is happening now. A cue that names a week ("had a bleed
at 9 weeks") counts only when that week is before the week she is in now, and only when she gave
one: with no current week, "at 9 weeks" may be today. Only findings are read as history; flags
("a clot years ago") are history by nature and keep their own phrases.
"""

from __future__ import annotations

import re

from bumpwise.text.lexicon import Lexicon
from bumpwise.text.scope import Sentences, containment

_WEEK_NUMBER = re.compile(r"(\d{1,2})\s*(?:weeks?|wks?)")
# what may stand before a next sentence's "still there" / "hasn't gone away": "It", "The pain", "and"
_OPENING = re.compile(r"[\s\-,]*(?:(?:and|but|it|it's|its|that|this|the pain|pain|the ache|she|he|they)\s+)?")


def history_spans(lex: Lexicon, text: str, sents: Sentences, week: int | None,
                  taken: list[tuple[int, int]], starts: list[int] | None = None) -> list[tuple[int, int, bool]]:
    """The stretches of text that tell of something over: the clause of each valid cue, and when
    that clause names nothing ("…, antibiotics sorted it", "…, all fine since") the clause before
    it, which tells what is over. A cue inside a finding's own words is part of them ("my waters
    have gone" is no history); a history terminator ("now", "today", "again") ends a stretch."""
    spans: list[tuple[int, int, bool]] = []
    maybe = lex.syntax.history_maybe
    if maybe is not None and not maybe.search(text):
        return spans  # most messages tell of nothing over: skip the long cue patterns
    part_of_phrase = containment(taken)
    terminators = [m.span() for m in lex.hist_terminators.finditer(text)]
    same_starts = lex.hist_cues.word_start.pattern == lex.syntax.word_start.pattern  # `starts` are the syntax's
    for cue_start, cue_end in lex.hist_cues.spans(text, starts if same_starts else None):
        cue = text[cue_start:cue_end]
        if not _valid(lex, cue, week) or part_of_phrase(cue_start, cue_end):
            continue
        lo, hi = sents.bounds(cue_start)
        stops = [span for span in terminators if lo <= span[0] and span[1] <= hi]
        breaks = sorted([m.span() for m in lex.syntax.history_clause.finditer(text, lo, hi)] + stops)
        left = max((e for s, e in breaks if e <= cue_start), default=lo)
        right = min((s for s, e in breaks if s >= cue_end), default=hi)
        names_nothing = not any(left <= s and e <= right for s, e in taken)
        previous = [(s, e) for s, e in breaks if e <= left]
        steps = lex.syntax.history_back
        while names_nothing and previous and previous[-1] not in stops and steps > 0:
            # "…, antibiotics sorted it": what is over was told in the clause before (in Chinese, where
            # "搬花盆闪到腰 疼了两天 现在已经不疼了" tells it in short clauses, up to two before).
            left = max((e for s, e in breaks if e <= previous[-1][0]), default=lo)
            names_nothing = not any(left <= s and e <= right for s, e in taken)
            previous = [(s, e) for s, e in breaks if e <= left]
            steps -= 1
        # the clause after the stretch may say it goes on: "… on Monday night and it never went away"
        after = min((e for s, e in breaks if s >= right and e > right), default=hi)
        follows = min((s for s, e in breaks if s >= after), default=hi)
        if _continues(lex, text, sents, left, follows, hi):
            continue  # "a cramp on Monday that never went away. Still there now": begun then, not over
        spans.append((left, right, _is_distance(lex, cue)))
    return spans


def _continues(lex: Lexicon, text: str, sents: Sentences, lo: int, hi: int, end: int) -> bool:
    """Whether the stretch or the clause after it says what began then goes on ("never properly
    went away", "hasn't gone since", "still there"), or, when that clause ends the sentence (at
    `end`), the next sentence opens by saying so ("Still there now")."""
    pattern = lex.hist_continues
    if pattern is None:
        return False
    if pattern.search(text, lo, hi):
        return True
    if hi < end or end >= len(text):
        return False
    hi = end
    nlo, nhi = sents.bounds(hi)
    opening = pattern.search(text, nlo, nhi)
    return opening is not None and _OPENING.fullmatch(text, nlo, opening.start()) is not None


def _valid(lex: Lexicon, cue: str, week: int | None) -> bool:
    if lex.early_pregnancy.search(cue):  # "in the first trimester" is over only once she is past it
        return week is not None and week > 13
    named = (lex.week_number or _WEEK_NUMBER).search(cue)
    if named is None:
        return True
    return week is not None and int(named.group(1)) < week


def _is_distance(lex: Lexicon, cue: str) -> bool:
    """Whether a cue puts the event at a distance in time (weeks ago, at 9 weeks, last month)
    rather than only saying it is over ("all fine since")."""
    return lex.hist_distance.fullmatch(cue) is not None


def historical(spans: list[tuple[int, int, bool]], start: int, end: int, event: bool) -> bool:
    """Inside a history stretch; an event (a faint, a fall) needs a distance in time."""
    return any(lo <= start and end <= hi and (distance or not event) for lo, hi, distance in spans)
