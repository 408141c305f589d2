"""Turn a lexicon phrase (see lexicon.yaml's header) into a regular expression.

The phrase language is a regex with three conveniences for lay text: a space
matches any run of spaces or hyphens, " ~ " / " ~~ " skip up to 3 / 6 words, and
{name} expands a macro. Matches are anchored on word edges so "hip" is not found
inside "ship".
"""

from __future__ import annotations

import re

SPACE = r"[\s\-]+"
# A gap skips whole words; commas may sit between them ("bump, which goes tight").
# A gap never crosses a negation word: "calf, no swelling" must not read as one phrase.
_GAP_WORD = r"(?!(?:no|not|never|without|nor|none|don't|doesn't|isn't|hasn't|haven't|didn't)(?![\w']))[\w'.]+"
GAP3 = rf"(?:[\s,\-]+{_GAP_WORD}){{0,3}}?[\s,\-]+"
GAP6 = rf"(?:[\s,\-]+{_GAP_WORD}){{0,6}}?[\s,\-]+"
_MACRO = re.compile(r"\{([a-z_]+)\}")
_OPEN_GROUP = re.compile(r"(?<!\\)\((?!\?)")


class PhraseError(ValueError):
    """A lexicon phrase that cannot be used; the message names the phrase."""


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


def _spaces_outside_classes(body: str) -> str:
    """Replace spaces with SPACE except inside [...] classes, where they stay literal."""
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
            out.append(SPACE if ch == " " else ch)
    # "tail ?bone": an optional space means any run of spaces or hyphens, or none.
    return "".join(out).replace(SPACE + "?", r"[\s\-]*")


def to_regex(phrase: str, macros: dict[str, str]) -> str:
    """The regex source for one phrase, word-anchored, groups non-capturing."""
    body = expand_macros(phrase.strip(), macros)
    body = body.replace(" ~~ ", "\x00GAP6\x00").replace(" ~ ", "\x00GAP3\x00")
    body = _OPEN_GROUP.sub("(?:", body)
    body = _spaces_outside_classes(body)
    body = body.replace("\x00GAP6\x00", GAP6).replace("\x00GAP3\x00", GAP3)
    return rf"(?<![\w'])(?:{body})(?![\w])"


def compile_phrases(phrases: list[str], macros: dict[str, str]) -> re.Pattern[str]:
    """One pattern for several phrases; longer phrases first so the fuller reading wins."""
    sources = [to_regex(p, macros) for p in sorted(phrases, key=len, reverse=True)]
    try:
        pattern = re.compile("|".join(sources))
    except re.error as exc:
        for phrase in phrases:  # name the culprit, not just the combined pattern
            try:
                re.compile(to_regex(phrase, macros))
            except re.error as inner:
                raise PhraseError(f"phrase {phrase!r} is not a valid pattern: {inner}") from exc
        raise PhraseError(f"phrases {phrases!r} do not combine: {exc}") from exc
    if pattern.fullmatch(""):
        raise PhraseError(f"phrases {phrases!r} match the empty string")
    return pattern
