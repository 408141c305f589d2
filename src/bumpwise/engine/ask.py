"""`ask_next`: the warning-sign questions still worth asking, most dangerous first.

A miss must ask, not reassure. A warning-sign question is listed when neither a yes nor a no to
it is known, it matters for this presentation (her places and week, `matters_when`; a follow-up
only once its parent was answered yes), and a yes would set a level above self-care. Ordered by
the level a yes would reach, then questionnaire order; questions whose `keywords` match words the
reader could not place, or her words for severe pain, come first, because that is where a miss
hides. Whether the answers could still raise this person's level is `could_raise`: a list that only
depends on what is known means more words can answer a question but never drop one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bumpwise.engine.facts import Facts
from bumpwise.engine.match import Predicate, compile_match
from bumpwise.engine.triage import RANK, Triage
from bumpwise.knowledge.loader import KnowledgeBase, match_ids
from bumpwise.knowledge.schema import Level, Question, Rule


@dataclass(frozen=True, slots=True)
class Ask:
    question: Question
    level: Level  # the level a "yes" would give
    first: bool  # her own words pointed at it


def ask_next(kb: KnowledgeBase, facts: Facts, hints: tuple[str, ...] = ()) -> tuple[Ask, ...]:
    index = _index(kb)
    places = facts.present & index.places
    out: list[tuple[tuple[bool, int, int], Ask]] = []
    for order, question in enumerate(index.warning_signs):
        if not unknown(question, facts) or not follow_up_enabled(question, facts.present, index.by_id) \
                or not matters(question, facts, places):
            continue
        level = level_if_yes(index, question, facts)
        if level == "self_care":
            continue
        pattern = index.keywords.get(question.id)
        first = pattern is not None and any(pattern.search(h) for h in hints)
        out.append(((not first, -RANK[level], order), Ask(question, level, first)))
    out.sort(key=lambda pair: pair[0])
    return tuple(ask for _, ask in out)


def could_raise(asks: tuple[Ask, ...], result: Triage) -> bool:
    """Whether answering the questions could still raise the level (a yes sets a higher one)."""
    return any(RANK[a.level] > RANK[result.level] for a in asks)


def unknown(question: Question, facts: Facts) -> bool:
    """Neither answered yes nor no. What a question is about is what its "no" denies: "severe belly
    pain or a hard, painful bump?" is not answered by lower-belly pain alone."""
    signs = question.denied_by_no
    if not facts.present.isdisjoint(signs):
        return False
    return not all(f in facts.denied for f in signs)


def follow_up_enabled(question: Question, present: frozenset[str], by_id: dict[str, Question]) -> bool:
    """A follow-up is asked only after a yes (or a tick) to its parent, given what is reported so
    far; while the parent is unanswered it waits."""
    if not question.enable_when:
        return True
    for condition in question.enable_when:
        parent = by_id[condition.question]
        wanted = parent.findings if parent.kind == "yes_no" else condition.answers
        if not present.isdisjoint(wanted):
            return True
    return False


def matters(question: Question, facts: Facts, places: frozenset[str]) -> bool:
    when = question.matters_when
    if when.regions and places and places.isdisjoint(when.regions):
        return False  # she named places, and none of them is one where this sign matters
    return when.weeks is None or facts.stage == "postnatal" or when.weeks.holds(facts.week)


def level_if_yes(index: _Index, question: Question, facts: Facts) -> Level:
    """The most urgent level of the rules a yes could newly fire (only rules that mention one of
    the question's findings can change)."""
    added = frozenset(question.findings)
    more = Facts(facts.present | added, (*facts.findings, *(f for f in question.findings if f not in facts.present)),
                 facts.flags, facts.denied - added, facts.week, facts.pain_score, facts.duration_days, facts.onset,
                 facts.weeks_since_birth)
    best: Level = "self_care"
    stage = facts.stage
    for finding in question.findings:
        for rule, matches in index.rules_using.get(finding, ()):
            if RANK[rule.level] > RANK[best] and stage in rule.stages and any(m(more) for m in matches):
                best = rule.level
    return best


@dataclass(frozen=True)
class _Index:
    warning_signs: tuple[Question, ...]
    by_id: dict[str, Question]
    places: frozenset[str]
    keywords: dict[str, re.Pattern[str]]
    rules_using: dict[str, tuple[tuple[Rule, tuple[Predicate, ...]], ...]]


@cache
def _index(kb: KnowledgeBase) -> _Index:
    rules_using: dict[str, list[tuple[Rule, tuple[Predicate, ...]]]] = {}
    for rule in kb.rules:
        compiled = (rule, tuple(compile_match(m) for m in rule.when))
        for finding in {i for m in rule.when for i in match_ids(m)}:
            rules_using.setdefault(finding, []).append(compiled)
    return _Index(
        warning_signs=tuple(q for q in kb.questions if q.red_flag),
        by_id={q.id: q for q in kb.questions},
        places=frozenset(f.id for f in kb.vocabulary.findings.values() if f.group == "location"),
        keywords={q.id: re.compile(q.keywords, re.IGNORECASE) for q in kb.questions if q.keywords},
        rules_using={f: tuple(r) for f, r in rules_using.items()},
    )
