"""Find lexicon phrases in normalised text and settle overlaps between them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Literal

from bumpwise.text.lexicon import Lexicon, Rule, RuleIndex
from bumpwise.text.scope import Sentences
from bumpwise.text.syntax import Syntax

NEAR_CHARS = 40
MatchKind = Literal["finding", "flag", "mask", "unexpressible"]


# Not frozen: a frozen dataclass is built through object.__setattr__ field by field, three to four
# times slower, and the reader builds some twenty a text. Nothing changes a Match once made.
@dataclass(slots=True)
class Match:
    kind: MatchKind
    id: str
    start: int
    end: int
    beats: frozenset[str] = frozenset()
    negated: bool = False
    uncertain: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


def _clause(syntax: Syntax, text: str, lo: int, hi: int, start: int, end: int, comma: bool) -> tuple[int, int]:
    """The stretch of the sentence around [start, end) up to the nearest "but" or "and
    <subject>" (or comma, for entries with `near_stops_at_comma`: lay messages list things with
    commas, so "aching on and off, bump goes hard" must not make the bump painful): "aching all
    evening and my bump goes hard" does not make the bump painful."""
    breaks = syntax.clause_or_comma if comma else syntax.clause
    left = max((b.end() for b in breaks.finditer(text, lo, start)), default=lo)
    right = next((b.start() for b in breaks.finditer(text, end, hi)), hi)
    return left, right


def _rules_starting(index: RuleIndex, key: str) -> tuple[Rule, ...]:
    """The rules to try where a word begins with `key` (its first three characters): those
    listed under each of its prefixes, each once."""
    rules = [r for size in (3, 2, 1) for r in index.by_prefix.get(key[:size], ())]
    return tuple(dict.fromkeys(rules))


_MEMO: dict[int, tuple[RuleIndex, dict[str, tuple[Rule, ...]]]] = {}
# Chinese starts a word at every character, so its keys are all the three-character runs ever met:
# the memo starts again past this size rather than grow for ever in a long-running server.
_MEMO_MAX = 200_000


def _rules_for_word(index: RuleIndex) -> dict[str, tuple[Rule, ...]]:
    """A memo of _rules_starting for this index, filled as words are met (one dictionary look-up
    per word instead of three). Keyed by identity: the index holds dictionaries, so no hash."""
    kept = _MEMO.get(id(index))
    if kept is None or kept[0] is not index or len(kept[1]) > _MEMO_MAX:
        kept = _MEMO[id(index)] = (index, {})
    return kept[1]


def find_matches(lex: Lexicon, text: str, sents: Sentences, starts: list[int] | None = None) -> list[Match]:
    """All phrase matches whose conditions hold, before overlaps are settled. A rule is
    tried at every word start its first letters fit, so one rule may match overlapping
    stretches; settle() keeps the longest reading of each id. `starts`: the text's word starts
    (where lex.syntax.word_start matches), if already found."""
    for_word = _rules_for_word(lex.index)
    raw: list[tuple[Rule, int, int]] = []
    for pos in starts if starts is not None else [w.start() for w in lex.syntax.word_start.finditer(text)]:
        key = text[pos:pos + 3]
        rules = for_word.get(key)
        if rules is None:
            rules = for_word[key] = _rules_starting(lex.index, key)
        for rule in rules:
            if (m := rule.pattern.match(text, pos)) and m.end() > pos:
                raw.append((rule, pos, m.end()))
    for rule in lex.index.anywhere:
        raw.extend((rule, m.start(), m.end()) for m in rule.pattern.finditer(text) if m.end() > m.start())
    found: list[Match] = []
    for rule, start, end in raw:
        if rule.unless_in_text is not None and rule.unless_in_text.search(text):
            continue
        if rule.with_in_text is not None and not rule.with_in_text.search(text):
            continue
        if rule.foreign and not _foreign_word(lex.syntax, text, start, end):
            continue
        if rule.near is not None or rule.within is not None or rule.unless is not None:
            lo, hi = sents.bounds(start)
            if rule.near is not None:
                near_lo, near_hi = _clause(lex.syntax, text, lo, hi, start, end, rule.near_stops_at_comma)
                if not rule.near.search(text, max(near_lo, start - NEAR_CHARS), min(near_hi, end + NEAR_CHARS)):
                    continue
            if rule.within is not None and not rule.within.search(text, lo, hi):
                continue
            if rule.unless is not None and rule.unless.search(text, lo, hi):
                continue
        found.append(Match(rule.kind, rule.id, start, end, rule.beats, rule.negated, rule.uncertain))
    return found


def _foreign_word(syntax: Syntax, text: str, start: int, end: int) -> bool:
    """Whether an English phrase found in another language's text holds a word that cannot be that
    language's: in Vietnamese typed without accents "di di" (đi đi, "go on") is no "di di" twins."""
    if syntax.native_word is None:
        return True
    return any(not syntax.native_word.fullmatch(w) for w in re.findall(r"[^\W\d_]+", text[start:end]))


def settle(matches: list[Match]) -> list[Match]:
    """Keep the readings a person meant: a match inside a longer match of something
    else is part of that phrase ("burning" in "burning when I pee"); an entry's
    `beats` removes overlapping matches of the ids it names ("upper back" vs "back")."""
    ordered = sorted(matches, key=lambda m: (m.start, -m.length))
    starts = [m.start for m in ordered]
    longest = max((m.length for m in ordered), default=0)
    kept: list[Match] = []
    for i, m in enumerate(ordered):
        if m.kind not in ("finding", "flag"):  # only findings and flags are ever dropped
            kept.append(m)
            continue
        # Only matches starting within `longest` chars before m can overlap it.
        lo = bisect.bisect_left(starts, m.start - longest)
        hi = bisect.bisect_left(starts, m.end)
        for j in range(lo, hi):  # a plain loop: this runs some sixty times a text
            if j != i and _drops(ordered[j], m, j < i):
                break
        else:
            kept.append(m)
    return _merge_same(kept)


def _merge_same(matches: list[Match]) -> list[Match]:
    """One mention for overlapping readings of the same id ("lower back" and "back
    aching" -> "lower back aching"), so `extracted` lists each mention once."""
    out: list[Match] = []
    same: dict[tuple[str, str, bool], list[int]] = {}  # where in `out` each id's readings are, in order
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        places = same.setdefault((m.id, m.kind, m.negated), [])
        for k in places:
            prev = out[k]
            if m.start < prev.end and prev.start < m.end:
                out[k] = replace(prev, start=min(prev.start, m.start), end=max(prev.end, m.end),
                                 beats=prev.beats | m.beats, uncertain=prev.uncertain or m.uncertain)
                break
        else:
            places.append(len(out))
            out.append(m)
    return out


def _drops(n: Match, m: Match, n_first: bool) -> bool:
    """Whether match n removes match m. Only explicit relations count: a mask or an
    unexpressible phrase swallows what lies inside it, a reading of the same id keeps
    its longest form, and an entry's `beats` removes the ids it names. Different ids
    that merely overlap both stand ("back ache" is low_back and dull_ache)."""
    if n.end <= m.start or m.end <= n.start or m.kind not in ("finding", "flag"):
        return False
    if n.start <= m.start and m.end <= n.end:
        if n.kind in ("mask", "unexpressible"):
            return True
        if n.id == m.id and n.kind == m.kind and (n.length > m.length or n_first):
            return True
    # A phrase beats only readings no longer than itself, so two phrases that each
    # name the other (blood "when I wipe" vs blood with "pee") cannot erase both.
    return m.id in n.beats and n.length >= m.length
