"""Lowercase, straighten quotes and fix spellings while remembering where every
character came from, so a match in the normalised text maps back to an exact span
of what the person typed."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_WORD = re.compile(r"[\w'/&]+")


@dataclass(frozen=True, slots=True)
class Normalised:
    original: str
    text: str
    starts: tuple[int, ...]  # starts[i]: where normalised char i begins in the original
    ends: tuple[int, ...]    # ends[i]: where it ends (exclusive)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span for normalised [start, end); never empty for a non-empty match."""
        if end <= start:
            return (self.starts[start], self.starts[start]) if start < len(self.starts) else (
                len(self.original), len(self.original))
        return self.starts[start], self.ends[end - 1]


def _lower_char_by_char(text: str) -> tuple[str, list[int], list[int]]:
    # Some characters change length when lowercased ("İ" -> "i̇"); those keep their
    # own case so that one original character stays one normalised character.
    chars = [c.lower() if len(c.lower()) == 1 else c for c in text]
    return "".join(chars), list(range(len(text))), list(range(1, len(text) + 1))


def normalise(text: str, spelling: dict[str, str]) -> Normalised:
    lowered = text.translate(_QUOTES)
    low = lowered.lower()
    if len(low) == len(text):
        starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    else:
        low, starts, ends = _lower_char_by_char(lowered)
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    last = 0
    for m in _WORD.finditer(low):
        fix = spelling.get(m.group())
        if fix is None:
            continue
        out.append(low[last:m.start()])
        out_starts.extend(starts[last:m.start()])
        out_ends.extend(ends[last:m.start()])
        # Every character of the fix points at the whole misspelt word.
        out.append(fix)
        out_starts.extend([starts[m.start()]] * len(fix))
        out_ends.extend([ends[m.end() - 1]] * len(fix))
        last = m.end()
    if last == 0:
        return Normalised(text, low, tuple(starts), tuple(ends))
    out.append(low[last:])
    out_starts.extend(starts[last:])
    out_ends.extend(ends[last:])
    return Normalised(text, "".join(out), tuple(out_starts), tuple(out_ends))
