"""A cheap test before a whole-text scan: the strings one of which every match of a pattern must
contain, read off the compiled pattern. Most patterns the reader scans every message with (the
cues, the week, the time since the birth) match in few messages; when none of a pattern's
required strings is in the text (a few `in` tests, well under a microsecond each), the scan cannot
find anything and is skipped, so the readings stay exactly the same."""

from __future__ import annotations

import re
from typing import Any

try:  # the regex parser, as phrases.start_prefixes uses it
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - before Python 3.11
    import sre_parse as _sre

# Past this many strings the test costs about what the scan it would skip does.
_MAX_STRINGS = 16

Strings = frozenset[str]


def required_strings(pattern: re.Pattern[str]) -> Strings | None:
    """Strings one of which every match of `pattern` contains, or None when there is no such
    small set (or the pattern ignores case, which `in` cannot)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        return strings_of(list(_sre.parse(pattern.pattern)))
    except (re.error, RecursionError):
        return None


def strings_of(items: list[Any]) -> Strings | None:
    """required_strings of a pattern already parsed (the items of its top-level sequence), which
    must not ignore case."""
    found = _seq(items)
    return found if found and "" not in found else None


def _better(a: Strings | None, b: Strings | None) -> Strings | None:
    """The more selective of two sets: longer shortest string, then fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    return max((a, b), key=lambda s: (min(map(len, s)), -len(s)))


def _seq(items: list[Any]) -> Strings | None:
    best: Strings | None = None
    run = ""
    for op, arg in items:
        if str(op) == "LITERAL":
            run += chr(arg)
            continue
        if run:
            best = _better(best, frozenset({run}))
            run = ""
        best = _better(best, _node(str(op), arg))
    return _better(best, frozenset({run})) if run else best


def _node(name: str, arg: Any) -> Strings | None:
    if name == "SUBPATTERN":
        # A group that switches flags on or off ("(?i:...)") may match other letters than it spells.
        return _seq(list(arg[-1])) if not arg[1] and not arg[2] else None
    if name == "BRANCH":
        out: set[str] = set()
        for branch in arg[1]:
            sub = _seq(list(branch))
            if sub is None:
                return None
            out |= sub
        return frozenset(out) if len(out) <= _MAX_STRINGS else None
    if name in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] >= 1:
        return _seq(list(arg[2]))
    if name == "IN" and all(str(kind) == "LITERAL" for kind, _ in arg) and len(arg) <= 4:
        return frozenset(chr(value) for _, value in arg)
    return None


# Keyed by identity (hashing a pattern hashes its whole compiled code); the pattern is kept beside
# its strings so that its id cannot be reused. The patterns are the lexicons' own, built once per
# process, so this stays small.
_KNOWN: dict[int, tuple[re.Pattern[str], Strings | None]] = {}


def remember(pattern: re.Pattern[str], strings: Strings | None) -> None:
    """Keep strings read off `pattern` elsewhere (from a parse already made), so as not to parse it again."""
    _KNOWN[id(pattern)] = (pattern, strings)


def could_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when no match of `pattern` can be in `text`."""
    kept = _KNOWN.get(id(pattern))
    if kept is None or kept[0] is not pattern:
        kept = _KNOWN[id(pattern)] = (pattern, required_strings(pattern))
    strings = kept[1]
    if strings is None:
        return True
    for s in strings:  # noqa: SIM110 - a plain loop: any() would build a generator on every call
        if s in text:
            return True
    return False
