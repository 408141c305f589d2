"""Compile the knowledge base's Match records into fast predicates over Facts.

Rules are evaluated for every assessment, so each Match is turned once into a closure over
frozensets; evaluating one is a few set operations.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from bumpwise.engine.facts import Facts
from bumpwise.knowledge.schema import Match

Predicate = Callable[[Facts], bool]


@cache
def compile_match(match: Match) -> Predicate:
    all_ids = frozenset(p for p in match.all if isinstance(p, str))
    any_ids = frozenset(p for p in match.any if isinstance(p, str))
    all_groups = tuple(compile_match(p) for p in match.all if isinstance(p, Match))
    any_groups = tuple(compile_match(p) for p in match.any if isinstance(p, Match))
    has_any = bool(match.any)
    weeks = match.weeks
    since_birth = match.weeks_since_birth
    onset = match.onset
    pain_min = match.pain_score_at_least
    days_min = match.duration_days_at_least

    def holds(facts: Facts) -> bool:
        present = facts.present
        if not all_ids <= present:
            return False
        if has_any and any_ids.isdisjoint(present) and not any(g(facts) for g in any_groups):
            return False
        if weeks is not None and not weeks.holds(facts.week):
            return False
        if since_birth is not None and not since_birth.holds(facts.weeks_since_birth):
            return False
        if onset is not None and facts.onset != onset:
            return False
        if pain_min is not None and (facts.pain_score is None or facts.pain_score < pain_min):
            return False
        if days_min is not None and (facts.duration_days is None or facts.duration_days < days_min):
            return False
        return all(g(facts) for g in all_groups)

    return holds


def matched_ids(match: Match, facts: Facts) -> list[str]:
    """The reported ids that made a match hold (for the reasons a person is shown)."""
    out: list[str] = []
    for part in (*match.all, *match.any):
        if isinstance(part, str):
            if part in facts.present:
                out.append(part)
        elif compile_match(part)(facts):
            out.extend(matched_ids(part, facts))
    return out
