"""Build the relief plan: items for the likely causes, filtered by the week, the person's health
flags and the triage level; what was deliberately left out is returned with its reason.

Safety lives in data: `exclusions.yaml` withholds whole classes of items (no exercise with a
contraindication, nothing lying flat on the back from 16 weeks, nothing but "while you wait"
items when someone must be seen today), and each item's own `ruled_out` records add the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bumpwise.engine.causes import Cause
from bumpwise.engine.facts import Facts
from bumpwise.engine.triage import RANK, Triage
from bumpwise.knowledge.loader import KnowledgeBase
from bumpwise.knowledge.schema import AvoidItem, Exclusion, PlanItem, WeekRange

MAX_ITEMS = 10
MAX_PER_CONDITION = 5
MAX_TARGETS = 3
# A cause after the first is planned for when its score is at least this share of the top score.
SECOND_CAUSE_SHARE = 0.35


@dataclass(frozen=True, slots=True)
class Withheld:
    id: str
    rule: str  # the exclusion id, or "<item id>:ruled_out"
    reason: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    targets: tuple[str, ...]
    items: tuple[PlanItem, ...]
    avoid: tuple[AvoidItem, ...]
    withheld: tuple[Withheld, ...]


def plan_targets(causes: tuple[Cause, ...], result: Triage, everyday: frozenset[str]) -> tuple[str, ...]:
    targets: dict[str, None] = {}
    for reason in result.reasons:
        targets.update(dict.fromkeys(reason.points_to))
    real = [c for c in causes if c.why or c.rule_level]
    if real:
        top = real[0].score
        for cause in real:
            if len(targets) >= MAX_TARGETS + len(result.reasons):
                break
            if cause is real[0] or cause.score >= SECOND_CAUSE_SHARE * top:
                targets[cause.id] = None
    if RANK[result.level] >= RANK["urgent"]:
        # Plan for the likeliest everyday cause too, so the person sees its relief ideas listed as
        # withheld "until you have been checked" rather than silently missing.
        common = next((c for c in real if not c.rule_level and c.id in everyday), None)
        if common:
            targets.setdefault(common.id, None)
    return tuple(targets)


def in_weeks(weeks: WeekRange, facts: Facts) -> bool:
    """Week limits are about the pregnancy: after the birth nothing is filtered by a week
    (policy "After the birth"); in pregnancy an unknown week counts as the range says."""
    return facts.stage == "postnatal" or weeks.holds(facts.week)


def exclusion_applies(exclusion: Exclusion, facts: Facts, level: str) -> bool:
    if exclusion.when_flags or exclusion.when_findings:
        reported = facts.present
        if reported.isdisjoint(exclusion.when_flags) and reported.isdisjoint(exclusion.when_findings):
            return False
    if exclusion.when_weeks is not None and not in_weeks(exclusion.when_weeks, facts):
        return False
    return exclusion.when_level_at_least is None or RANK[level] >= RANK[exclusion.when_level_at_least]


def covers(exclusion: Exclusion, item: PlanItem) -> bool:
    """Whether an item is in the class an exclusion withholds (every kind/position/area list given must hold)."""
    if exclusion.except_while_waiting and item.while_waiting:
        return False
    if exclusion.all_items:
        return True
    if exclusion.kinds and item.kind not in exclusion.kinds:
        return False
    if exclusion.positions and set(item.positions).isdisjoint(exclusion.positions):
        return False
    if exclusion.body_areas and set(item.body_areas).isdisjoint(exclusion.body_areas):
        return False
    return bool(exclusion.kinds or exclusion.positions or exclusion.body_areas)


def why_withheld(kb: KnowledgeBase, item: PlanItem, facts: Facts, level: str,
                 applying: tuple[Exclusion, ...] | None = None) -> Withheld | None:
    """The first exclusion or ruled-out record that keeps this item from this person, if any."""
    if applying is None:
        applying = tuple(e for e in kb.exclusions if exclusion_applies(e, facts, level))
    for exclusion in applying:
        if covers(exclusion, item):
            return Withheld(item.id, exclusion.id, exclusion.reason.strip(), exclusion.sources)
    for ruled in item.ruled_out:
        hit = not facts.present.isdisjoint(ruled.flags) or not facts.present.isdisjoint(ruled.findings)
        pregnant = facts.stage == "pregnancy"
        if pregnant and ruled.weeks_from is not None and (facts.week is None or facts.week >= ruled.weeks_from):
            hit = True
        if pregnant and ruled.weeks_before is not None and (facts.week is None or facts.week < ruled.weeks_before):
            hit = True
        if hit:
            return Withheld(item.id, f"{item.id}:ruled_out", ruled.reason.strip(), ruled.sources)
    return None


@cache
def _items_by_target(kb: KnowledgeBase) -> dict[tuple[str, bool], tuple[PlanItem, ...]]:
    """Items for each condition, best first; the `True` variant puts care-team items first
    (at the `soon` level the first thing to offer is a referral)."""
    index: dict[tuple[str, bool], tuple[PlanItem, ...]] = {}
    for condition_id in kb.vocabulary.conditions:
        items = [i for i in kb.plan_items.values() if condition_id in i.targets]
        index[(condition_id, False)] = tuple(sorted(items, key=lambda i: (-i.priority, i.id)))
        index[(condition_id, True)] = tuple(sorted(items, key=lambda i: (i.kind != "care_team", -i.priority, i.id)))
    return index


def build_plan(kb: KnowledgeBase, facts: Facts, result: Triage, causes: tuple[Cause, ...]) -> Plan:
    everyday = frozenset(c.id for c in kb.conditions.values() if not c.serious)
    targets = plan_targets(causes, result, everyday)
    level = result.level
    chosen: dict[str, PlanItem] = {}
    withheld: dict[str, Withheld] = {}
    applying = tuple(e for e in kb.exclusions if exclusion_applies(e, facts, level))
    index = _items_by_target(kb)
    for condition_id in targets:
        candidates = index[(condition_id, level == "soon")]
        taken = held = 0
        for item in candidates:
            if taken >= MAX_PER_CONDITION or len(chosen) >= MAX_ITEMS:
                break
            if item.id in chosen:
                taken += 1
                continue
            if not in_weeks(item.weeks, facts) or level not in item.levels:
                continue  # not suited to this week or level (safety limits are exclusions, reported as withheld)
            if item.while_waiting and RANK[level] < RANK["urgent"]:
                continue  # "while you get help" advice belongs only to a same-day level
            blocked = why_withheld(kb, item, facts, level, applying)
            if blocked:
                if held < MAX_PER_CONDITION:  # name the best few left out, not every item in the base
                    withheld.setdefault(item.id, blocked)
                    held += 1
                continue
            chosen[item.id] = item
            taken += 1
    if not chosen and RANK[level] >= RANK["urgent"]:
        # Whatever the cause, someone who must be seen gets the "what to do now" item for their level.
        fallback = max((i for i in kb.plan_items.values() if i.while_waiting and level in i.levels),
                       key=lambda i: (i.priority, i.id), default=None)
        if fallback:
            chosen[fallback.id] = fallback
    target_set = set(targets)
    avoid = tuple(a for a in kb.avoid.values()
                  if in_weeks(a.weeks, facts) and ("any" in a.targets or not target_set.isdisjoint(a.targets))
                  and (RANK[level] < RANK["urgent"] or not target_set.isdisjoint(a.targets)))
    avoid = tuple(sorted(avoid, key=lambda a: "any" in a.targets))  # this person's causes first, then everyone's
    ordered = sorted(chosen.values(), key=lambda i: (not i.while_waiting, _target_rank(i, targets), -i.priority))
    return Plan(targets, tuple(ordered), avoid, tuple(withheld.values()))


def _target_rank(item: PlanItem, targets: tuple[str, ...]) -> int:
    return min((targets.index(t) for t in item.targets if t in targets), default=len(targets))
