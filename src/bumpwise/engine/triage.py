"""Triage: evaluate every rule; the level is the most urgent any rule reaches, and every rule
that fired is a reason. With no rule fired the level is self-care."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bumpwise.engine.facts import Facts
from bumpwise.engine.match import compile_match, matched_ids
from bumpwise.knowledge.loader import KnowledgeBase
from bumpwise.knowledge.schema import LEVELS, STAGES, Level, Rule

RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    level: Level
    findings: tuple[str, ...]
    points_to: tuple[str, ...]  # the conditions this rule points to for this person's week
    explanation: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Triage:
    level: Level
    reasons: tuple[Reason, ...]  # most urgent first


def applies(rule: Rule, facts: Facts) -> bool:
    """Whether a rule is about this person's stage: pregnancy rules stand down after the birth."""
    return facts.stage in rule.stages


def fires(rule: Rule, facts: Facts) -> bool:
    return applies(rule, facts) and any(compile_match(m)(facts) for m in rule.when)


@cache
def _compiled_rules(kb: KnowledgeBase) -> tuple[tuple[Rule, tuple[Callable[[Facts], bool], ...]], ...]:
    """Each rule with its compiled matches, built once per knowledge base."""
    return tuple((rule, tuple(compile_match(m) for m in rule.when)) for rule in kb.rules)


def triage(kb: KnowledgeBase, facts: Facts) -> Triage:
    stage = facts.stage
    possible = _conditions_by_stage(kb)[stage]
    reasons = [reason(rule, facts, possible) for rule, matches in _compiled_rules(kb)
               if stage in rule.stages and any(m(facts) for m in matches)]
    reasons.sort(key=lambda r: -RANK[r.level])
    level: Level = reasons[0].level if reasons else "self_care"
    return Triage(level, tuple(reasons))


@cache
def _conditions_by_stage(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    return {stage: frozenset(c.id for c in kb.conditions.values() if stage in c.stages) for stage in STAGES}


def reason(rule: Rule, facts: Facts, possible: frozenset[str] | None = None) -> Reason:
    """Why a fired rule fired, and the causes it points to that are possible for this person
    (by the week, and by the stage: no ectopic pregnancy after the birth)."""
    found: dict[str, None] = {}
    for match in rule.when:
        if compile_match(match)(facts):
            found.update(dict.fromkeys(matched_ids(match, facts)))
    points = tuple(p.condition for p in rule.points_to if p.weeks.holds(facts.week)
                   and (possible is None or p.condition in possible))
    return Reason(rule.id, rule.level, tuple(found), points, rule.explanation.strip(), rule.sources)


@cache
def red_flag_findings(kb: KnowledgeBase) -> frozenset[str]:
    """Findings that on their own, with the week unknown, need help the same day (urgent or higher).

    Derived from the rules rather than listed, so the list can never drift from the policy.
    """
    flagged = set()
    for finding in kb.vocabulary.findings:
        facts = Facts(frozenset([finding]), (finding,), (), frozenset(), None, None, None)
        if RANK[triage(kb, facts).level] >= RANK["urgent"]:
            flagged.add(finding)
    return frozenset(flagged)
