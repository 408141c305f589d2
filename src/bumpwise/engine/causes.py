"""Rank the likely causes with a transparent score.

Each condition adds up the weights of the reported findings and flags that point towards it and
subtracts those that point away; the sum is scaled by how typical the week is for it and, mildly,
by how common it is. Conditions that a fired triage rule points to rank first (most urgent rule
first), because a serious cause must never hide behind a common one. Scores are normalised to
sum to 1 over the listed causes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bumpwise.engine.facts import Facts
from bumpwise.engine.triage import RANK, Triage
from bumpwise.knowledge.loader import KnowledgeBase
from bumpwise.knowledge.schema import STAGES, Condition

MIN_CAUSES = 3
MAX_CAUSES = 6
# Added to the evidence of a condition a fired rule points to, by the rule's level, so that the
# normalised scores follow the ranking a person sees.
RULE_BONUS = {"self_care": 0.0, "soon": 2.0, "urgent": 6.0, "emergency": 10.0}
# How much a cause's commonness (its prior, 0..1) scales its evidence: x0.5 for a rare cause, up
# to x0.85 for the commonest. Mild on purpose: evidence decides, commonness breaks near-ties.
PRIOR_BASE = 0.5
# A place (body-map id) characterises a condition when it points towards it at least this strongly.
PLACE_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Cause:
    id: str
    score: float
    why: tuple[str, ...]  # reported ids that pointed towards it, strongest first
    rule_level: str | None  # the level of the most urgent fired rule pointing to it, if any
    rule: str | None = None  # that rule's id: the rule that listed it


def week_factor(condition: Condition, week: int | None) -> float:
    """How the week scales a possible cause: not at all when it is known (a cause outside its
    weeks is not possible, see `possible`), by the condition's `unknown` factor when it is not."""
    return condition.weeks.unknown if week is None else 1.0


def possible(condition: Condition, facts: Facts) -> bool:
    """Policy "Explaining causes": a condition is listed only within its weeks and its stage
    (no ectopic pregnancy at 30 weeks, no term labour at 25 weeks, no labour after the birth)."""
    if facts.stage not in condition.stages:
        return False
    return facts.stage == "postnatal" or condition.weeks.holds(facts.week)


def may_list_serious(condition: Condition, facts: Facts, level: str, pointed: bool,
                     page_level: str | None) -> bool:
    """A condition that needs a clinician is listed only when a rule pointing to it fired, or when
    one of its own signs (never a place) was reported and the level is as urgent as the rules that
    point to it: listing it at a lower level would frighten without explaining."""
    if pointed or not condition.serious:
        return True
    if facts.present.isdisjoint(condition.signs):
        return False
    return page_level is None or RANK[level] >= RANK[page_level]


def evidence(condition: Condition, facts: Facts, modifiers: frozenset[str] = frozenset(),
             reported_places: frozenset[str] = frozenset(), own_places: frozenset[str] = frozenset()
             ) -> tuple[float, list[tuple[float, str]]]:
    """Summed weights and the ids behind them.

    `modifiers` (one side / both sides) only add to a condition that something else already
    points to: "on one side" alone suggests nothing. If body-map places were reported and none of
    them is one of this condition's own places, the condition gets nothing: pain at the back of
    the pelvis is not round ligament pain, however it behaves (a rule can still point to it).
    """
    towards, away = condition.towards, condition.away
    if reported_places and own_places and reported_places.isdisjoint(own_places):
        return 0.0, []
    raw = 0.0
    why: list[tuple[float, str]] = []
    for reported, pro, con in ((facts.findings, towards.findings, away.findings),
                               (facts.flags, towards.flags, away.flags)):
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
    pointed: dict[str, tuple[str, str]] = {}  # condition -> (level, id) of the most urgent rule pointing to it
    for reason in result.reasons:  # most urgent first, so the first level seen is the highest
        for condition_id in reason.points_to:
            pointed.setdefault(condition_id, (reason.level, reason.rule))

    modifiers, places, page_levels = _modifiers(kb), _places(kb), page_level(kb)[facts.stage]
    reported_places = frozenset(facts.findings) & places[""]
    scored: list[tuple[tuple[int, float], str, float, tuple[str, ...], str | None]] = []
    for condition in kb.conditions.values():
        level = pointed[condition.id][0] if condition.id in pointed else None
        if not possible(condition, facts) or not may_list_serious(
                condition, facts, result.level, level is not None, page_levels.get(condition.id)):
            continue
        raw, why = evidence(condition, facts, modifiers, reported_places, places[condition.id])
        if raw <= 0 and level is None:
            continue
        value = max(raw, 0.0) * week_factor(condition, facts.week) * (PRIOR_BASE + condition.prior)
        if level is not None:
            value += RULE_BONUS[level] + condition.prior
        elif value <= 0:
            continue
        why.sort(key=lambda pair: -pair[0])
        # Only same-day rules force their causes to the top; a `soon` rule adds weight (its bonus).
        key = (RANK[level] if level and RANK[level] >= RANK["urgent"] else -1, value)
        scored.append((key, condition.id, value, tuple(fid for _, fid in why), level))

    scored.sort(key=lambda s: s[0], reverse=True)
    if scored and len(scored) < MIN_CAUSES:
        # Offer alternatives a clinician would consider: look-alikes of the likeliest cause first,
        # then the causes most common at this week. They have no `why` and a token score.
        listed = {s[1] for s in scored}
        top = kb.conditions[scored[0][1]]
        by_commonness = sorted((c for c in kb.conditions.values() if not c.serious and possible(c, facts)),
                               key=lambda c: -c.prior * week_factor(c, facts.week))
        fillers = [kb.conditions[c] for c in top.confused_with] + by_commonness
        for condition in fillers:
            if len(scored) >= MIN_CAUSES:
                break
            if condition.id not in listed and not condition.serious and possible(condition, facts):
                listed.add(condition.id)
                value = 0.01 * (condition.prior + 0.01) * max(week_factor(condition, facts.week), 0.05)
                scored.append(((-1, -len(scored)), condition.id, value, (), None))

    scored = scored[: max(MAX_CAUSES, len(pointed))]
    total = sum(s[2] for s in scored) or 1.0
    return tuple(Cause(cid, round(value / total, 3), why, level, pointed[cid][1] if level else None)
                 for _, cid, value, why, level in scored)


@cache
def page_level(kb: KnowledgeBase) -> dict[str, dict[str, str]]:
    """For each stage and condition, the most urgent level of the rules of that stage that point
    to it: the level its own page describes (placental abruption: emergency; a urine infection:
    urgent). By stage, because the rules differ: pre-eclampsia's signs are urgent in pregnancy, and
    a severe headache after the birth is an emergency."""
    levels: dict[str, dict[str, str]] = {stage: {} for stage in STAGES}
    for rule in kb.rules:
        for stage in rule.stages:
            for target in rule.points_to:
                current = levels[stage].get(target.condition)
                if current is None or RANK[rule.level] > RANK[current]:
                    levels[stage][target.condition] = rule.level
    return levels


@cache
def _modifiers(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(f.id for f in kb.vocabulary.findings.values() if f.group == "side")


@cache
def _places(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Body-map ids: all of them under "", and under each condition's id the places that
    characterise it (weight at least PLACE_WEIGHT; a weak, incidental place does not count)."""
    every = frozenset(f.id for f in kb.vocabulary.findings.values() if f.group == "location")
    places = {c.id: frozenset(f for f, w in c.towards.findings.items() if f in every and w >= PLACE_WEIGHT)
              for c in kb.conditions.values()}
    return {"": every, **places}
