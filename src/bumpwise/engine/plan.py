"""Build the relief plan: items for the likely causes, filtered by the week, the person's health
flags and the triage level; what was deliberately left out is returned with its reason.

Safety lives in data: `exclusions.yaml` withholds whole classes of items (no exercise with a
contraindication, nothing lying flat on the back from 16 weeks, nothing but "while you wait"
items when someone must be seen today), and each item's own `ruled_out` records add the rest.
Which items each exclusion covers is worked out once per knowledge base (`ExclusionT.covered`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bumpwise.engine.causes import Cause
from bumpwise.engine.facts import Facts
from bumpwise.engine.tables import RANK, AvoidT, ExclusionT, ItemT, Tables, Weeks, tables_of
from bumpwise.engine.triage import Triage

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase

MAX_ITEMS = 10
MAX_PER_CONDITION = 5
MAX_TARGETS = 3
# At `soon` the care team comes first, but at most this many of a cause's items are care-team items:
# her main complaint keeps its self-help (a sleep problem she reported gets sleep advice).
MAX_CARE_TEAM_AT_SOON = 2
# How far an item comes forward when she reported one of its aggravators, or at its focus stage.
AGGRAVATOR_BOOST = 30
FOCUS_BOOST = 15
# A cause after the first is planned for when its score is at least this share of the top score.
SECOND_CAUSE_SHARE = 0.35
URGENT = RANK["urgent"]


@dataclass(frozen=True, slots=True)
class Withheld:
    id: str
    rule: str  # the exclusion id, or "<item id>:ruled_out"
    reason: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    targets: tuple[str, ...]
    items: tuple[ItemT, ...]
    avoid: tuple[AvoidT, ...]
    withheld: tuple[Withheld, ...]
    stage_key: str | None = None  # trimester_1..3 or postnatal: which of an item's `doses` applies


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
    if RANK[result.level] >= URGENT:
        # Plan for the likeliest everyday cause too, so the person sees its relief ideas listed as
        # withheld "until you have been checked" rather than silently missing.
        common = next((c for c in real if not c.rule_level and c.id in everyday), None)
        if common:
            targets.setdefault(common.id, None)
    return tuple(targets)


def in_weeks(weeks: Weeks, facts: Facts) -> bool:
    """Week limits are about the pregnancy: after the birth nothing is filtered by a week
    (policy "After the birth"); in pregnancy an unknown week counts as the range says."""
    return facts.weeks_since_birth is not None or weeks.holds(facts.week)


def stage_key(facts: Facts) -> str | None:
    """Where she is for doses and focus: a trimester, or after the birth (None: week unknown)."""
    if facts.weeks_since_birth is not None:
        return "postnatal"
    trimester = facts.trimester
    return None if trimester is None else f"trimester_{trimester}"


def for_her(items: tuple[ItemT, ...], facts: Facts, key: str | None, condition_id: str, soon: bool) -> list[ItemT]:
    """A cause's suited items in the order they are offered to her: those always given for this
    cause first (seek help early), then by priority, brought forward by what she reported makes
    the pain worse (her aggravators) and by her stage (plan by stage). Stable, so equal items keep
    the knowledge base's order."""
    present = facts.present

    def weight(item: ItemT) -> int:
        score = item.priority
        if condition_id in item.always_for:
            score += 1000
        if soon and item.kind == "care_team":
            score += 200
        if item.aggravators and not present.isdisjoint(item.aggravators):
            score += AGGRAVATOR_BOOST
        if key is not None and key in item.focus:
            score += FOCUS_BOOST
        return -score

    return sorted(items, key=weight)


def exclusion_applies(exclusion: ExclusionT, facts: Facts, rank: int) -> bool:
    if facts.stage not in exclusion.stages:
        return False
    if exclusion.when_ids and facts.present.isdisjoint(exclusion.when_ids):
        return False
    if exclusion.when_weeks is not None and not in_weeks(exclusion.when_weeks, facts):
        return False
    return exclusion.when_rank is None or rank >= exclusion.when_rank


def why_withheld(item: ItemT, facts: Facts, applying: tuple[ExclusionT, ...]) -> Withheld | None:
    """The first exclusion or ruled-out record that keeps this item from this person, if any."""
    for exclusion in applying:
        if item.id in exclusion.covered:
            return Withheld(item.id, exclusion.id, exclusion.reason, exclusion.sources)
    if not item.ruled_out:
        return None
    present = facts.present
    pregnant = facts.weeks_since_birth is None
    week = facts.week
    for ruled in item.ruled_out:
        hit = not present.isdisjoint(ruled.flags) or not present.isdisjoint(ruled.findings)
        if pregnant and ruled.weeks_from is not None and (week is None or week >= ruled.weeks_from):
            hit = True
        if pregnant and ruled.weeks_before is not None and (week is None or week < ruled.weeks_before):
            hit = True
        if hit:
            return Withheld(item.id, f"{item.id}:ruled_out", ruled.reason, ruled.sources)
    return None


def ruled_out(item: ItemT, facts: Facts) -> bool:
    """Whether one of the item's own ruled-out records holds for this person."""
    present = facts.present
    pregnant = facts.weeks_since_birth is None
    week = facts.week
    for ruled in item.ruled_out:
        if not present.isdisjoint(ruled.flags) or not present.isdisjoint(ruled.findings):
            return True
        if pregnant and ruled.weeks_from is not None and (week is None or week >= ruled.weeks_from):
            return True
        if pregnant and ruled.weeks_before is not None and (week is None or week < ruled.weeks_before):
            return True
    return False


def build_plan(kb: KnowledgeBase, facts: Facts, result: Triage, causes: tuple[Cause, ...]) -> Plan:
    return build_plan_with(tables_of(kb), facts, result, causes)


def build_plan_with(tables: Tables, facts: Facts, result: Triage, causes: tuple[Cause, ...]) -> Plan:
    targets = plan_targets(causes, result, tables.everyday)
    level = result.level
    rank = RANK[level]
    chosen: dict[str, ItemT] = {}
    withheld: dict[str, Withheld] = {}
    applying = tuple(e for e in tables.exclusions if exclusion_applies(e, facts, rank))
    excluded = frozenset().union(*(e.covered for e in applying)) if applying else frozenset()
    postnatal = facts.weeks_since_birth is not None
    week = facts.week
    key = stage_key(facts)
    soon = level == "soon"
    for condition_id in targets:
        taken = held = care_team = 0
        # only items suited to this stage, week and level (safety limits are exclusions, reported as withheld)
        for item in for_her(tables.suited(condition_id, level, postnatal, week), facts, key, condition_id, soon):
            if taken >= MAX_PER_CONDITION or len(chosen) >= MAX_ITEMS:
                break
            if item.id in chosen:
                taken += 1
                continue
            if soon and item.kind == "care_team":
                if care_team >= MAX_CARE_TEAM_AT_SOON:
                    continue
                care_team += 1
            if item.id in excluded or (item.ruled_out and ruled_out(item, facts)):
                if held < MAX_PER_CONDITION:  # name the best few left out, not every item in the base
                    blocked = why_withheld(item, facts, applying)
                    if blocked:
                        withheld.setdefault(item.id, blocked)
                    held += 1
                continue
            chosen[item.id] = item
            taken += 1
    if not chosen and rank >= URGENT:
        # Whatever the cause, someone who must be seen gets the "what to do now" item for their level.
        fallback = tables.fallback[(level, facts.stage)]
        if fallback:
            chosen[fallback.id] = fallback
    target_set = set(targets)
    avoid = tuple(a for a in tables.avoid_in(postnatal, week)
                  if level in a.levels and (a.for_anyone or not target_set.isdisjoint(a.targets))
                  and (rank < URGENT or not target_set.isdisjoint(a.targets)))
    # this person's causes first, then everyone's, each part in the file's order
    avoid = (*(a for a in avoid if not a.for_anyone), *(a for a in avoid if a.for_anyone))
    at = {t: i for i, t in reversed(list(enumerate(targets)))}  # each target's first place
    ordered = sorted(chosen.values(), key=lambda i: (not i.while_waiting, _target_rank(i, at), -i.priority))
    return Plan(targets, tuple(ordered), avoid, tuple(withheld.values()), key)


def _target_rank(item: ItemT, at: dict[str, int]) -> int:
    """The place in the plan's targets of the first of the item's targets there (after all of them if none)."""
    return min((at[t] for t in item.targets if t in at), default=len(at))
