"""Find every match of a list of phrases, trying each phrase only at word starts that its first
letters fit (the trick `matching.find_matches` uses for the lexicon), instead of scanning the
whole message once per long combined pattern. Used for cues and history cues."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bumpwise.text.phrases import EN, Style, compile_phrases, start_prefixes

WORD_START = re.compile(r"(?<![\w'])\S")


# Chinese starts a word at every character: past this many remembered keys the memo starts again.
_MEMO_MAX = 50_000


@dataclass(frozen=True, slots=True)
class Scanner:
    by_prefix: dict[str, tuple[re.Pattern[str], ...]]
    anywhere: tuple[re.Pattern[str], ...]  # phrases that may begin mid-word or with punctuation
    word_start: re.Pattern[str] = WORD_START
    # The phrases to try where a word begins with a key (its first three characters), filled as
    # words are met: one look-up per word instead of three.
    memo: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    def spans(self, text: str, starts: list[int] | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of every non-empty match; `starts` are the word starts if already known."""
        memo = self.memo
        for pos in starts if starts is not None else (w.start() for w in self.word_start.finditer(text)):
            key = text[pos:pos + 3]
            patterns = memo.get(key)
            if patterns is None:
                patterns = self._starting(key)
            for pattern in patterns:
                if (m := pattern.match(text, pos)) and m.end() > pos:
                    yield pos, m.end()
        for pattern in self.anywhere:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    yield m.start(), m.end()

    def _starting(self, key: str) -> tuple[re.Pattern[str], ...]:
        """The phrases listed under each prefix of `key`, longest prefix first, as tried before."""
        if len(self.memo) > _MEMO_MAX:
            self.memo.clear()
        found = self.memo[key] = tuple(p for size in (3, 2, 1) for p in self.by_prefix.get(key[:size], ()))
        return found

    def search(self, text: str, lo: int = 0, hi: int | None = None) -> bool:
        """Whether any phrase matches inside text[lo:hi]."""
        end = len(text) if hi is None else hi
        return any(start >= lo and stop <= end for start, stop in self.spans(text))


def scanner(phrases: list[str], macros: dict[str, str], style: Style = EN,
            word_start: re.Pattern[str] = WORD_START) -> Scanner:
    by_prefix: dict[str, list[re.Pattern[str]]] = {}
    anywhere: list[re.Pattern[str]] = []
    for phrase in phrases:
        pattern = compile_phrases([phrase], macros, style)
        prefixes = start_prefixes(pattern.pattern)
        if prefixes is None or any(not p[:1].isalnum() for p in prefixes):
            anywhere.append(pattern)
            continue
        for prefix in prefixes:
            by_prefix.setdefault(prefix, []).append(pattern)
    return Scanner({k: tuple(v) for k, v in by_prefix.items()}, tuple(anywhere), word_start)
