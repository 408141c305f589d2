"""Turn a lexicon phrase (see lexicon.yaml's header) into a regular expression.

The phrase language is a regex with three conveniences for lay text: a space
matches any run of spaces or hyphens, " ~ " / " ~~ " skip up to 3 / 6 words, and
{name} expands a macro. Matches are anchored on word edges so "hip" is not found
inside "ship".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

try:  # the regex parser, used only to read required literals off a compiled phrase
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - before Python 3.11
    import sre_parse as _sre

SPACE = r"[\s\-]+"
# A gap skips whole words; commas may sit between them ("bump, which goes tight").
# A gap never crosses a negation word ("calf, no swelling" is not one phrase) nor the
# start of a new clause ("numb bum and my legs feel weak" is not numbness in the legs).
_GAP_WORD = (r"(?!(?:no|not|never|without|nor|none|don't|doesn't|isn't|hasn't|haven't|didn't|but)(?![\w']))"
             r"(?!and[\s,\-]+(?:my|i|i'm|i've|it|it's|the|her|she|he|baby)(?![\w']))[\w'.]+")
GAP3 = rf"(?:[\s,\-]+{_GAP_WORD}){{0,3}}?[\s,\-]+"
GAP6 = rf"(?:[\s,\-]+{_GAP_WORD}){{0,6}}?[\s,\-]+"
_MACRO = re.compile(r"\{([a-z_]+)\}")
_OPEN_GROUP = re.compile(r"(?<!\\)\((?!\?)")


class PhraseError(ValueError):
    """A lexicon phrase that cannot be used; the message names the phrase."""


@dataclass(frozen=True, slots=True)
class Style:
    """How one language's phrases become regexes: what a phrase must not touch on either side, what a
    space and a gap stand for, and whether a letter with diacritics also matches the bare letter
    (Vietnamese typed without accents: the phrase "đau" matches "dau", never "đâu" or "dàu")."""

    before: str
    after: str
    space: str
    space_optional: str
    gap3: str
    gap6: str
    fold: bool = False


EN = Style(r"(?<![\w'])", r"(?![\w])", SPACE, r"[\s\-]*", GAP3, GAP6)


def expand_macros(phrase: str, macros: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise PhraseError(f"unknown macro {{{name}}} in phrase {phrase!r}")
        return macros[name]

    # Macros may use other macros, so expand until stable (bounded against cycles).
    for _ in range(5):
        expanded = _MACRO.sub(one, phrase)
        if expanded == phrase:
            return expanded
        phrase = expanded
    raise PhraseError(f"macros nest too deeply in {phrase!r}")


def _spaces_outside_classes(body: str, space: str = SPACE, optional: str = r"[\s\-]*") -> str:
    """Replace spaces with `space` except inside [...] classes, where they stay literal."""
    out: list[str] = []
    in_class = escaped = False
    for ch in body:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        else:
            out.append(space if ch == " " else ch)
    # "tail ?bone": an optional space means any run of spaces or hyphens, or none.
    return "".join(out).replace(space + "?", optional)


def bare(ch: str) -> str:
    """The letter without its diacritics ("ế" -> "e", "đ" -> "d"); the letter itself if it has none."""
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


def _fold(body: str) -> str:
    """Let every letter with diacritics also match its bare letter: "đau" -> "[đd]au". Inside a
    [...] class the bare letter is added to the class."""
    out: list[str] = []
    in_class = escaped = False
    for ch in body:
        plain = bare(ch) if ch.isalpha() and not ch.isascii() else ch
        if escaped or plain == ch:
            out.append(ch)
        else:
            out.append(ch + plain if in_class else f"[{ch}{plain}]")
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
    return "".join(out)


def to_regex(phrase: str, macros: dict[str, str], style: Style = EN) -> str:
    """The regex source for one phrase, anchored as the style says, groups non-capturing."""
    body = expand_macros(phrase.strip(), macros)
    body = body.replace(" ~~ ", "\x00GAP6\x00").replace(" ~ ", "\x00GAP3\x00")
    body = _OPEN_GROUP.sub("(?:", body)
    body = _spaces_outside_classes(body, style.space, style.space_optional)
    if style.fold:
        body = _fold(body)
    body = body.replace("\x00GAP6\x00", style.gap6).replace("\x00GAP3\x00", style.gap3)
    return rf"{style.before}(?:{body}){style.after}"


def compile_phrases(phrases: list[str], macros: dict[str, str], style: Style = EN) -> re.Pattern[str]:
    """One pattern for several phrases; longer phrases first so the fuller reading wins."""
    sources = [to_regex(p, macros, style) for p in sorted(phrases, key=len, reverse=True)]
    try:
        pattern = re.compile(_shared_edge(sources, style.before))
    except re.error as exc:
        for phrase in phrases:  # name the culprit, not just the combined pattern
            try:
                re.compile(to_regex(phrase, macros, style))
            except re.error as inner:
                raise PhraseError(f"phrase {phrase!r} is not a valid pattern: {inner}") from exc
        raise PhraseError(f"phrases {phrases!r} do not combine: {exc}") from exc
    if pattern.fullmatch(""):
        raise PhraseError(f"phrases {phrases!r} match the empty string")
    return pattern


def _shared_edge(sources: list[str], before: str) -> str:
    """The alternation of several phrases with their common left edge (the "no letter just before"
    lookbehind) written once, "EDGE(?:a|b)" instead of "EDGE a|EDGE b". It matches the same, since
    the edge looks only at the position, but the regex engine then tests the edge once per position
    rather than once per phrase and fails at once mid-word: cue scans take about half the time."""
    if len(sources) < 2 or not before or not all(s.startswith(before) for s in sources):
        return "|".join(sources)
    return before + "(?:" + "|".join(s[len(before):] for s in sources) + ")"


_PREFIX = 3
_MAX_PREFIXES = 400


def start_prefixes(source: str) -> frozenset[str] | None:
    """Every way a match of the regex can begin, as strings of up to 3 characters, or
    None when a match may begin with something open-ended. The reader tries a rule
    only at word starts that begin with one of these, instead of scanning the whole
    text with every rule."""
    try:
        items = list(_sre.parse(source))
    except re.error:
        return None
    return prefixes_of(items)


def prefixes_of(items: list[Any]) -> frozenset[str] | None:
    """start_prefixes of a regex already parsed (the items of its top-level sequence)."""
    found = _seq_prefixes(items)
    if found is None:
        return None
    prefixes = {s for s, _ in found}
    return None if "" in prefixes else frozenset(prefixes)


def _seq_prefixes(items: list[Any]) -> list[tuple[str, bool]] | None:
    # Each entry is (prefix so far, whether that prefix is the whole match so far);
    # only whole ones can be extended by the next element.
    acc: list[tuple[str, bool]] = [("", True)]
    for item in items:
        if not any(whole and len(s) < _PREFIX for s, whole in acc):
            break
        nxt = _node_prefixes(item)
        grown: list[tuple[str, bool]] = []
        for s, whole in acc:
            if not whole or len(s) >= _PREFIX or nxt is None:
                grown.append((s, False))
            else:
                grown.extend(((s + t)[:_PREFIX], whole and tw and len(s + t) <= _PREFIX) for t, tw in nxt)
        acc = list(dict.fromkeys(grown))
        if len(acc) > _MAX_PREFIXES:
            return None
    return acc


def _node_prefixes(item: Any) -> list[tuple[str, bool]] | None:
    op, arg = item
    name = str(op)
    if name == "LITERAL":
        return [(chr(arg), True)]
    if name == "SUBPATTERN":
        return _seq_prefixes(list(arg[-1]))
    if name == "BRANCH":
        out: list[tuple[str, bool]] = []
        for branch in arg[1]:
            sub = _seq_prefixes(list(branch))
            if sub is None:
                return None
            out.extend(sub)
        return out
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, sub_items = arg
        sub = _seq_prefixes(list(sub_items))
        if sub is None:
            return None
        once = sub if high == 1 else [(s, False) for s, _ in sub]
        return ([("", True)] if low == 0 else []) + once
    if name == "IN":
        chars: list[str] = []
        for kind, value in arg:
            if str(kind) == "LITERAL":
                chars.append(chr(value))
            elif str(kind) == "RANGE" and value[1] - value[0] < 12:
                chars.extend(chr(c) for c in range(value[0], value[1] + 1))
            elif str(kind) == "CATEGORY" and "DIGIT" in str(value):
                chars.extend("0123456789")
            elif str(kind) == "CATEGORY" and "SPACE" in str(value):
                chars.extend(" \t\n\r\f\v")
            else:
                return None
        return [(c, True) for c in chars]
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return [("", True)]
    return None
