"""Several whole-text scans done in one pass over the word starts, with exactly the matches each
pattern's `finditer` gives.

A phrase pattern whose every alternative opens with the left edge "no letter or apostrophe just
before" and then anything but a space can only match where a word starts, and only where that word
begins with one of the pattern's start prefixes (phrases.start_prefixes). So instead of the regex
engine trying every pattern at every character (the seven cue scans and the terminators were
about a tenth of the reader's time), the word starts are found once, each is looked up once in a
memo of which patterns could begin there, and only those are tried. A pattern that does not open
that way is scanned with finditer as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bumpwise.text.guard import could_match, remember, strings_of
from bumpwise.text.phrases import EN, prefixes_of

try:  # the regex parser, as phrases.start_prefixes uses it
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - before Python 3.11
    import sre_parse as _sre

WORD_START = re.compile(r"(?<![\w'])\S")
_NOT_SPACE = re.compile(r"\S")
_EDGE = repr(next(iter(_sre.parse(EN.before))))  # the parsed "(?<![\w'])", to recognise it
# Past this many remembered word beginnings the memo starts again (a server reading any text).
_MEMO_MAX = 50_000


def word_start_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """How a match of `pattern` can begin, when every match must begin at a word start; else None."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        items = list(_sre.parse(pattern.pattern))
    except (re.error, RecursionError):
        return None
    # Parsing is most of the cost of building the scan (a fresh process reads its first text
    # later for it): the pre-check's strings are read off the same parse.
    remember(pattern, strings_of(items))
    prefixes = prefixes_of(items)
    if prefixes is None or not all(_NOT_SPACE.fullmatch(p[:1]) for p in prefixes):
        return None
    return prefixes if _opens_with_edge(items) else None


def _opens_with_edge(items: list[Any]) -> bool:
    """Whether every way through this sequence starts with the left-edge lookbehind."""
    if not items:
        return False
    op, arg = items[0]
    if repr(items[0]) == _EDGE:
        return True
    if str(op) == "SUBPATTERN" and not arg[1] and not arg[2]:
        return _opens_with_edge(list(arg[-1]))
    if str(op) == "BRANCH":
        return all(_opens_with_edge(list(branch)) for branch in arg[1])
    return False


Spans = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class WordScan:
    patterns: tuple[re.Pattern[str], ...]
    prefixes: tuple[frozenset[str] | None, ...]  # None: this pattern is scanned with finditer
    memo: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def spans(self, text: str, starts: list[int] | None = None) -> list[Spans]:
        """For each pattern, the (start, end) of the matches its finditer gives, in order. `starts`:
        where WORD_START matches in the text, if already found."""
        found: list[Spans] = [[] for _ in self.patterns]
        live = [could_match(p, text) for p in self.patterns]
        reach = [0] * len(self.patterns)  # finditer goes on where its last match ended
        redo: set[int] = set()
        memo, patterns = self.memo, self.patterns
        for pos in starts if starts is not None else [w.start() for w in WORD_START.finditer(text)]:
            key = text[pos:pos + 3]
            which = memo.get(key)
            if which is None:
                which = self._which(key)
            for i in which:
                if live[i] and pos >= reach[i] and (m := patterns[i].match(text, pos)) is not None:
                    if m.end() == pos:  # an empty match: finditer's rule for what follows is its own
                        redo.add(i)
                    found[i].append((pos, m.end()))
                    reach[i] = m.end()
        for i, pattern in enumerate(patterns):
            if live[i] and (self.prefixes[i] is None or i in redo):
                found[i] = [m.span() for m in pattern.finditer(text)]
        return found

    def _which(self, key: str) -> tuple[int, ...]:
        """The patterns that could begin at a word starting with `key` (its first three characters)."""
        if len(self.memo) > _MEMO_MAX:
            self.memo.clear()
        heads = {key[:size] for size in (1, 2, 3)}
        which = self.memo[key] = tuple(i for i, prefixes in enumerate(self.prefixes)
                                       if prefixes is not None and not heads.isdisjoint(prefixes))
        return which


def word_scan(patterns: Sequence[re.Pattern[str]]) -> WordScan:
    return WordScan(tuple(patterns), tuple(word_start_prefixes(p) for p in patterns))


_BUILT: dict[int, tuple[object, WordScan]] = {}


def cached(owner: object, build: Callable[[], WordScan]) -> WordScan:
    """The WordScan built for `owner` (a lexicon, built once per process), kept by identity."""
    kept = _BUILT.get(id(owner))
    if kept is None or kept[0] is not owner:
        kept = _BUILT[id(owner)] = (owner, build())
    return kept[1]
