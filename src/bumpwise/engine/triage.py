"""Triage: evaluate every rule; the level is the most urgent any rule reaches, and every rule
that fired is a reason. With no rule fired the level is self-care.

Only the rules that something reported could fire are evaluated (`Tables.rule_index`); the
others cannot hold, since a rule needs at least one of its trigger ids (see `match._trigger`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bumpwise.engine.facts import Facts
from bumpwise.engine.match import compile_match, matched
from bumpwise.engine.tables import RANK, RuleT, Tables, tables_of
from bumpwise.knowledge.terms import Level

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase
    from bumpwise.knowledge.schema import Rule

__all__ = ["RANK", "Reason", "Triage", "applies", "fires", "red_flag_findings", "triage", "triage_with"]


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


def triage(kb: KnowledgeBase, facts: Facts) -> Triage:
    return triage_with(tables_of(kb), facts)


def _by_rank(reason: Reason) -> int:
    return -RANK[reason.level]


def triage_with(tables: Tables, facts: Facts) -> Triage:
    stage = facts.stage
    candidates = set(tables.always)
    index = tables.rule_index
    for reported in facts.present:
        fired_by = index.get(reported)
        if fired_by:
            candidates.update(fired_by)
    rules = tables.rules
    possible = tables.possible[stage]
    present = facts.present
    reasons = []
    for position in sorted(candidates):
        rule = rules[position]
        if stage in rule.stages and any(m.holds(present, facts) for m in rule.matches):
            reasons.append(reason(rule, facts, possible))
    reasons.sort(key=_by_rank)
    level: Level = reasons[0].level if reasons else "self_care"
    return Triage(level, tuple(reasons))


def reason(rule: RuleT, facts: Facts, possible: frozenset[str]) -> Reason:
    """Why a fired rule fired, and the causes it points to that are possible for this person
    (by the week, and by the stage: no ectopic pregnancy after the birth)."""
    found: dict[str, None] = {}
    for match in rule.matches:
        if match.holds(facts.present, facts):
            found.update(dict.fromkeys(matched(match, facts)))
    week = facts.week
    points = tuple(condition for condition, weeks in rule.points_to if weeks.holds(week) and condition in possible)
    return Reason(rule.id, rule.level, tuple(found), points, rule.explanation, rule.sources)


def red_flag_findings(kb: KnowledgeBase) -> frozenset[str]:
    """Findings that on their own, with the week unknown, need help the same day (urgent or higher).

    Derived from the rules rather than listed, so the list can never drift from the policy.
    """
    return tables_of(kb).red_flags
