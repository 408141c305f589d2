"""Lowercase, straighten quotes and fix spellings while remembering where every
character came from, so a match in the normalised text maps back to an exact span
of what the person typed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

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


def _composed(text: str) -> tuple[str, list[int], list[int]]:
    """NFC with a map back: a letter typed as base + combining marks ("e" + "̂" + "́", as some
    keyboards send Vietnamese) becomes the one composed letter ("ế") pointing at all of them."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        group = text[i:j]
        composed = unicodedata.normalize("NFC", group)
        if len(composed) == 1 or j - i == 1:
            out.append(composed if len(composed) == 1 else group)
            starts.append(i)
            ends.append(j)
        else:  # marks that do not compose keep one character each
            out.extend(group)
            starts.extend(range(i, j))
            ends.extend(range(i + 1, j + 1))
        i = j
    return "".join(out), starts, ends


def prepare_vietnamese(text: str) -> tuple[str, list[int], list[int]] | None:
    """Composed (NFC) Vietnamese, or None when the text is already composed."""
    if unicodedata.is_normalized("NFC", text):
        return None
    return _composed(text)


@cache
def _simplified() -> Callable[[str], str]:
    # OpenCC's traditional -> simplified conversion (phrases first, then characters), loaded once.
    from opencc import OpenCC

    convert: Callable[[str], str] = OpenCC("t2s").convert
    return convert


def prepare_chinese(text: str) -> tuple[str, list[int], list[int]] | None:
    """Simplified characters (traditional ones mapped by OpenCC) and half-width letters and digits
    ("３０周" -> "30周"), one character for one, so spans need no map."""
    narrow = "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" and c not in "，！？；：（）" else c
                     for c in text) if any("\uff01" <= c <= "\uff5e" for c in text) else text
    simple = _simplified()(narrow)
    if len(simple) != len(narrow):  # a conversion that changed the length: convert character by character
        simple = "".join(c2 if len(c2 := _simplified()(c)) == 1 else c for c in narrow)
    # OpenCC keeps 著 (a simplified character too); Taiwan and Hong Kong write it for the particle 着.
    simple = simple.replace("著", "着")
    return None if simple == text else (simple, list(range(len(text))), list(range(1, len(text) + 1)))


def normalise_prepared(text: str, spelling: dict[str, str],
                       prepare: Callable[[str], tuple[str, list[int], list[int]] | None]) -> Normalised:
    """normalise() after a language's own preparation, with spans still in the text she typed."""
    prepared = prepare(text)
    if prepared is None:
        return normalise(text, spelling)
    inner, starts, ends = prepared
    norm = normalise(inner, spelling)
    return Normalised(text, norm.text, tuple(starts[i] for i in norm.starts),
                      tuple(ends[e - 1] for e in norm.ends))
