"""Rank the likely causes with a transparent score.

Each condition adds up the weights of the reported findings and flags that point towards it and
subtracts those that point away; the sum is scaled by how typical the week is for it and, mildly,
by how common it is. Conditions that a fired triage rule points to rank first (most urgent rule
first), because a serious cause must never hide behind a common one. Scores are normalised to
sum to 1 over the listed causes.

Only conditions that something reported weighs on, or that a fired rule points to, can be
listed (any other has no evidence), so only those are scored (`Tables.weighs_on`).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING

from bumpwise.engine.facts import Facts
from bumpwise.engine.tables import RANK, ConditionT, Tables, tables_of
from bumpwise.engine.triage import Triage

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase

MIN_CAUSES = 3
MAX_CAUSES = 6
# Added to the evidence of a condition a fired rule points to, by the rule's level, so that the
# normalised scores follow the ranking a person sees.
RULE_BONUS = {"self_care": 0.0, "soon": 2.0, "urgent": 6.0, "emergency": 10.0}
# How much a cause's commonness (its prior, 0..1) scales its evidence: x0.5 for a rare cause, up
# to x0.85 for the commonest. Mild on purpose: evidence decides, commonness breaks near-ties.
PRIOR_BASE = 0.5


@dataclass(frozen=True, slots=True)
class Cause:
    id: str
    score: float
    why: tuple[str, ...]  # reported ids that pointed towards it, strongest first
    rule_level: str | None  # the level of the most urgent fired rule pointing to it, if any
    rule: str | None = None  # that rule's id: the rule that listed it


def week_factor(condition: ConditionT, week: int | None) -> float:
    """How the week scales a possible cause: not at all when it is known (a cause outside its
    weeks is not possible, see `possible`), by the condition's `unknown` factor when it is not."""
    return condition.weeks.unknown if week is None else 1.0


def possible(condition: ConditionT, facts: Facts) -> bool:
    """Policy "Explaining causes": a condition is listed only within its weeks and its stage
    (no ectopic pregnancy at 30 weeks, no term labour at 25 weeks, no labour after the birth)."""
    stage = facts.stage
    if stage not in condition.stages:
        return False
    return stage == "postnatal" or condition.weeks.holds(facts.week)


def may_list_serious(condition: ConditionT, facts: Facts, level: str, pointed: bool,
                     page_level: str | None) -> bool:
    """A condition that needs a clinician is listed only when a rule pointing to it fired, or when
    one of its own signs (never a place) was reported and the level is as urgent as the rules that
    point to it: listing it at a lower level would frighten without explaining."""
    if pointed or not condition.serious:
        return True
    if facts.present.isdisjoint(condition.signs):
        return False
    return page_level is None or RANK[level] >= RANK[page_level]


def evidence(condition: ConditionT, facts: Facts, modifiers: frozenset[str] = frozenset(),
             reported_places: frozenset[str] = frozenset()) -> tuple[float, list[tuple[float, str]]]:
    """Summed weights and the ids behind them.

    `modifiers` (one side / both sides) only add to a condition that something else already
    points to: "on one side" alone suggests nothing. If body-map places were reported and none of
    them is one of this condition's own places, the condition gets nothing: pain at the back of
    the pelvis is not round ligament pain, however it behaves (a rule can still point to it).
    """
    own_places = condition.own_places
    if reported_places and own_places and reported_places.isdisjoint(own_places):
        return 0.0, []
    raw = 0.0
    why: list[tuple[float, str]] = []
    for reported, pro, con in ((facts.findings, condition.towards_findings, condition.away_findings),
                               (facts.flags, condition.towards_flags, condition.away_flags)):
        for rid in reported:
            weight = pro.get(rid)
            if weight:
                raw += weight
                why.append((weight, rid))
            raw -= con.get(rid, 0.0)
    if why and all(fid in modifiers for _, fid in why):
        return 0.0, []
    return raw, why


def rank_causes(kb: KnowledgeBase, facts: Facts, result: Triage) -> tuple[Cause, ...]:
    return rank_causes_with(tables_of(kb), facts, result)


_WEIGHT = itemgetter(0)
_KEY = itemgetter(0)


def rank_causes_with(tables: Tables, facts: Facts, result: Triage) -> tuple[Cause, ...]:
    pointed: dict[str, tuple[str, str]] = {}  # condition -> (level, id) of the most urgent rule pointing to it
    for reason in result.reasons:  # most urgent first, so the first level seen is the highest
        for condition_id in reason.points_to:
            pointed.setdefault(condition_id, (reason.level, reason.rule))

    page_levels = tables.pages[facts.stage]
    modifiers = tables.modifiers
    reported_places = frozenset(facts.findings) & tables.places
    weighs_on = tables.weighs_on
    # the conditions something reported weighs on, or a fired rule points to, in knowledge-base order
    considered: set[int] = set()
    for reported in (*facts.findings, *facts.flags):
        on = weighs_on.get(reported)
        if on:
            considered.update(on)
    at = tables.condition_at
    considered.update(at[c] for c in pointed if c in at)
    conditions = tables.conditions
    week = facts.week
    scored: list[tuple[tuple[int, float], str, float, tuple[str, ...], str | None]] = []
    for position in sorted(considered):
        condition = conditions[position]
        level = pointed[condition.id][0] if condition.id in pointed else None
        if not possible(condition, facts) or not may_list_serious(
                condition, facts, result.level, level is not None, page_levels.get(condition.id)):
            continue
        raw, why = evidence(condition, facts, modifiers, reported_places)
        if raw <= 0 and level is None:
            continue
        value = max(raw, 0.0) * week_factor(condition, week) * (PRIOR_BASE + condition.prior)
        if level is not None:
            value += RULE_BONUS[level] + condition.prior
        elif value <= 0:
            continue
        why.sort(key=_WEIGHT, reverse=True)  # strongest first; a stable sort keeps report order among equals
        # Only same-day rules force their causes to the top; a `soon` rule adds weight (its bonus).
        key = (RANK[level] if level and RANK[level] >= RANK["urgent"] else -1, value)
        scored.append((key, condition.id, value, tuple(fid for _, fid in why), level))

    scored.sort(key=_KEY, reverse=True)
    if scored and len(scored) < MIN_CAUSES:
        # Offer alternatives a clinician would consider: look-alikes of the likeliest cause first,
        # then the causes most common at this week. They have no `why` and a token score.
        listed = {s[1] for s in scored}
        top = conditions[at[scored[0][1]]]
        fillers = [conditions[at[c]] for c in top.confused_with] + list(_commonest(tables, facts))
        for condition in fillers:
            if len(scored) >= MIN_CAUSES:
                break
            if condition.id not in listed and not condition.serious and possible(condition, facts):
                listed.add(condition.id)
                value = 0.01 * (condition.prior + 0.01) * max(week_factor(condition, week), 0.05)
                scored.append(((-1, -len(scored)), condition.id, value, (), None))

    scored = scored[: max(MAX_CAUSES, len(pointed))]
    total = sum(s[2] for s in scored) or 1.0
    return tuple(Cause(cid, round(value / total, 3), why, level, pointed[cid][1] if level else None)
                 for _, cid, value, why, level in scored)


def _commonest(tables: Tables, facts: Facts) -> tuple[ConditionT, ...]:
    """The everyday causes possible at this stage and week, most common first (kept per stage and week)."""
    key = (facts.stage, facts.week)
    found = tables.commonest.get(key)
    if found is None:
        week = facts.week
        found = tables.commonest[key] = tuple(sorted(
            (c for c in tables.conditions if not c.serious and possible(c, facts)),
            key=lambda c: -c.prior * week_factor(c, week)))
    return found


def page_level(kb: KnowledgeBase) -> dict[str, dict[str, str]]:
    """For each stage and condition, the most urgent level of the rules of that stage that point
    to it: the level its own page describes (placental abruption: emergency; a urine infection:
    urgent). By stage, because the rules differ: pre-eclampsia's signs are urgent in pregnancy, and
    a severe headache after the birth is an emergency."""
    return tables_of(kb).pages
