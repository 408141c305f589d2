"""How a language's text is cut up: where words and sentences start and end, what joins a list,
what ends a clause. English keeps the patterns the reader has always used (they are defined here
and nowhere else); Vietnamese and Chinese give theirs in their cues file's `syntax` section, so
the scope, history and matching code reads every language the same way.

Chinese has no spaces: every character may start a word, a comma (，) or 但是 ends a clause, and a
scope is counted in characters rather than words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bumpwise.text.phrases import EN, Style


@dataclass(frozen=True, slots=True)
class Syntax:
    style: Style  # how phrases become patterns
    word_start: re.Pattern[str]  # where a lexicon rule may begin
    sentence_end: re.Pattern[str]
    scope_word: re.Pattern[str]  # what counts as one word when a cue's reach is measured
    list_comma: str  # a cue reaches past these only into a list closed by `list_or`
    list_or: re.Pattern[str]
    answer_end: re.Pattern[str]  # after a one-word reply to a question
    question: str  # characters that end a question
    clause: re.Pattern[str]  # a `near` condition's clause ends here (matching)
    clause_or_comma: re.Pattern[str]
    history_clause: re.Pattern[str]  # a history cue's clause ends here
    history_maybe: re.Pattern[str] | None  # every history cue holds one of these (None: always look)
    unsaying: re.Pattern[str] | None  # every `cancels` phrase holds one of these (None: always look)
    reader_clause: re.Pattern[str]  # a not-understood symptom word's clause
    trim: str  # stripped from the ends of a not-understood clause
    letters: re.Pattern[str]  # a message with none of these has nothing to understand
    native_word: re.Pattern[str] | None = None  # English matches in this language need a word that is not this
    history_back: int = 1  # clauses a history cue whose own clause names nothing reaches back


ENGLISH = Syntax(
    style=EN,
    word_start=re.compile(r"(?<![\w'])\S"),
    # Sentence ends: . ! ? ; newlines and spaced dashes, but not the dot in "38.4" or "e.g".
    sentence_end=re.compile(r"(?<!\d)[.!?;]+(?!\d)|(?<=\d)[.!?;]+(?=\s|$)|\n+|\s[-–]+\s|\s*\|\s*"),
    scope_word=re.compile(r"[\w']+"),
    list_comma=",",
    list_or=re.compile(r"\b(?:or|nor)\b"),
    answer_end=re.compile(r"\s*(?:[.!,;\n]|$)"),
    question="?",
    # "and" starts a new clause only before a new subject: "hard and tender" is one clause.
    # The word edge "\b" is written once before the words it opens, not once per word: the same
    # matches, but the regex engine tests it once a position (these clause scans ran 2-3 times faster).
    clause=re.compile(r"\b(?:and\s+(?=(?:my|i|i'm|i've|it|it's|the|she|he|her|baby|there)\b)|but\b)|;"),
    clause_or_comma=re.compile(r"\b(?:and\s+(?=(?:my|i|i'm|i've|it|it's|the|she|he|her|baby|there)\b)|but\b)|;|,"),
    # Clause breaks inside a sentence: commas, semicolons, "but", "so", and "and" before a new subject.
    history_clause=re.compile(r",|;|\b(?:but\b|so\b|and\s+(?=(?:my|i|i'm|i've|it|it's|the|she|he|her|baby|there"
                              r"|now)\b))"),
    # Every history cue holds one of these words; a message with none of them has no history.
    history_maybe=re.compile(
        r"\b(?:at|around|about|by|before)\s+(?:the\s+)?\d"
        r"|\b(?:ago|last|since|pregnancy|trimester|settled|cleared|resolved|better|disappeared"
        r"|stopped|sorted|fixed|treated|got rid|fine|ok|okay|good|normal|clear|negative|checked|monitored"
        r"|seen|scanned|triage|hospital|gone|over|monday|tuesday|wednesday|thursday|friday|saturday"
        r"|sunday|remission)\b|\bmy\s+(?:first|eldest|oldest|older|last|previous|other|son|daughter|boy|girl)\b"),
    # Every `cancels` phrase holds one of these words: without them there is nothing to unsay.
    unsaying=re.compile(r"pattern|regular|rhythm|random|times|once|twice|a day|an evening|a night|per day"),
    reader_clause=re.compile(r",|\b(?:and|but|plus|with|when)\b"),
    trim=" \t\r\n,.;:!?-\"'()",
    letters=re.compile(r"[^\W\d_]{2,}"),  # a word of two letters or more, in any script
)


def syntax_from(raw: dict[str, Any], style: Style, where: str) -> Syntax:
    """A language's syntax from its cues file: each key a regex, `list_comma`, `question` and `trim`
    plain characters. A missing key keeps the English pattern."""

    def pattern(key: str) -> re.Pattern[str] | None:
        value = raw.get(key)
        if value is None:
            return None
        try:
            return re.compile(str(value))
        except re.error as exc:
            raise ValueError(f"{where} syntax.{key}: {exc}") from exc

    def get(key: str) -> re.Pattern[str]:
        found = pattern(key)
        base = getattr(ENGLISH, key)
        return found if found is not None else base

    return Syntax(
        style=style,
        word_start=get("word_start"),
        sentence_end=get("sentence_end"),
        scope_word=get("scope_word"),
        list_comma=str(raw.get("list_comma", ENGLISH.list_comma)),
        list_or=get("list_or"),
        answer_end=get("answer_end"),
        question=str(raw.get("question", ENGLISH.question)),
        clause=get("clause"),
        clause_or_comma=get("clause_or_comma"),
        history_clause=get("history_clause"),
        history_maybe=pattern("history_maybe"),
        unsaying=pattern("unsaying"),
        reader_clause=get("reader_clause"),
        trim=str(raw.get("trim", ENGLISH.trim)),
        letters=get("letters"),
        native_word=pattern("native_word"),
        history_back=int(raw.get("history_back", ENGLISH.history_back)),
    )
