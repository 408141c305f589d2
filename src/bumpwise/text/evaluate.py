"""Score read_text against an annotated corpus (tests/data/text_corpus.jsonl).

Shared by the test suite (tests/test_text_corpus.py) and the command-line report
(scripts/eval_text.py), so both print and assert the very same figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bumpwise.text.model import TextReading
from bumpwise.text.reader import read_text


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    findings: frozenset[str]
    denied: frozenset[str]
    flags: frozenset[str]
    week: int | None
    pain_score: int | None


@dataclass(slots=True)
class Scores:
    cases: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    flag_tp: int = 0
    flag_fp: int = 0
    flag_fn: int = 0
    polarity_right: int = 0   # mentions found by both, with the same present/denied reading
    polarity_seen: int = 0
    denied_found: int = 0     # gold denials the reader also denied
    denied_gold: int = 0
    week_right: int = 0
    score_right: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def flag_precision(self) -> float:
        return self._ratio(self.flag_tp, self.flag_tp + self.flag_fp)

    @property
    def flag_recall(self) -> float:
        return self._ratio(self.flag_tp, self.flag_tp + self.flag_fn)

    @property
    def negation_accuracy(self) -> float:
        return self._ratio(self.polarity_right, self.polarity_seen)

    @property
    def denied_recall(self) -> float:
        return self._ratio(self.denied_found, self.denied_gold)

    @property
    def week_exact(self) -> float:
        return self._ratio(self.week_right, self.cases)

    @property
    def pain_score_exact(self) -> float:
        return self._ratio(self.score_right, self.cases)

    def summary(self) -> dict[str, float | int]:
        return {"cases": self.cases, "precision": self.precision, "recall": self.recall,
                "flag_precision": self.flag_precision, "flag_recall": self.flag_recall,
                "negation_accuracy": self.negation_accuracy, "denied_recall": self.denied_recall,
                "week_exact": self.week_exact, "pain_score_exact": self.pain_score_exact}


def load_corpus(path: Path) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw: dict[str, Any] = json.loads(line)
        cases.append(Case(str(raw.get("id", n)), raw["text"], frozenset(raw.get("findings", ())),
                          frozenset(raw.get("denied", ())), frozenset(raw.get("flags", ())),
                          raw.get("week"), raw.get("pain_score")))
    return cases


def score(cases: Iterable[Case], reader: Callable[[str], TextReading] = read_text) -> Scores:
    s = Scores()
    for case in cases:
        r = reader(case.text)
        s.cases += 1
        got, denied, flags = set(r.findings), set(r.denied), set(r.flags)
        s.tp += len(got & case.findings)
        s.fp += len(got - case.findings)
        s.fn += len(case.findings - got)
        s.flag_tp += len(flags & case.flags)
        s.flag_fp += len(flags - case.flags)
        s.flag_fn += len(case.flags - flags)
        for fid in (case.findings | case.denied) & (got | denied):
            s.polarity_seen += 1
            s.polarity_right += (fid in denied) == (fid in case.denied)
        s.denied_gold += len(case.denied)
        s.denied_found += len(case.denied & denied)
        s.week_right += r.week == case.week
        s.score_right += r.pain_score == case.pain_score
        problems = [f"+{f}" for f in sorted(got - case.findings)] + [f"-{f}" for f in sorted(case.findings - got)]
        problems += [f"denied+{f}" for f in sorted(denied - case.denied)]
        problems += [f"denied-{f}" for f in sorted(case.denied - denied)]
        problems += [f"flag+{f}" for f in sorted(flags - case.flags)]
        problems += [f"flag-{f}" for f in sorted(case.flags - flags)]
        if r.week != case.week:
            problems.append(f"week {r.week} != {case.week}")
        if r.pain_score != case.pain_score:
            problems.append(f"pain_score {r.pain_score} != {case.pain_score}")
        if problems:
            s.misses.append(f"{case.id}: {' '.join(problems)}  <- {case.text}")
    return s
