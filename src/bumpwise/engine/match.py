"""Compile the knowledge base's Match records into fast predicates over Facts.

Rules are evaluated for every assessment, so each match is turned once into a closure over
frozensets; evaluating one is a few set operations. Matches arrive as plain data (the compiled
snapshot's dicts, see `bumpwise.knowledge.snapshot`); `compile_match` takes a validated `Match`
record for callers that hold one.

Each compiled match also knows its `trigger`: ids of which at least one must be reported for it
to hold (None when it can hold on the week or the pain score alone), so triage only evaluates
the rules that something reported could fire.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from bumpwise.engine.facts import Facts

if TYPE_CHECKING:
    from bumpwise.knowledge.schema import Match

Predicate = Callable[[Facts], bool]
# A compiled match takes the reported ids apart from the rest of what is known, so that "what if
# she answered yes" can be asked with more ids without building new Facts.
Holds = Callable[[frozenset[str], Facts], bool]


@dataclass(frozen=True, slots=True)
class Compiled:
    holds: Holds
    parts: tuple[str | Compiled, ...]  # (*all, *any), in the order the data gives them
    ids: frozenset[str]  # every finding or flag id in it, nested groups included
    trigger: frozenset[str] | None
    # Nothing about the onset, the pain or the duration at any depth: then whether it holds
    # depends on the reported ids, the week and the weeks since the birth alone, and for a given
    # week and birth more ids can never make it fail (there is no negation).
    ids_and_time: bool
    weeks: tuple[int, int, bool] | None  # its own week range (min, max, when unknown)
    since: tuple[int, int] | None  # its own weeks since the birth

    def fits_time(self, week: int | None, since: int | None) -> bool:
        """False when its own week or weeks-since-birth limits rule it out (whatever is reported)."""
        if self.weeks is not None:
            low, high, unknown = self.weeks
            if not (unknown if week is None else low <= week <= high):
                return False
        return self.since is None or (since is not None and self.since[0] <= since <= self.since[1])


def compile_plain(match: Mapping[str, Any]) -> Compiled:
    all_parts = tuple(p if isinstance(p, str) else compile_plain(p) for p in match["all"])
    any_parts = tuple(p if isinstance(p, str) else compile_plain(p) for p in match["any"])
    all_ids = frozenset(p for p in all_parts if isinstance(p, str))
    any_ids = frozenset(p for p in any_parts if isinstance(p, str))
    all_groups = tuple(p.holds for p in all_parts if not isinstance(p, str))
    any_groups = tuple(p.holds for p in any_parts if not isinstance(p, str))
    has_any = bool(any_parts)
    weeks = match["weeks"]
    low, high, unknown = (weeks["min"], weeks["max"], weeks["unknown"]) if weeks is not None else (0, 0, True)
    since = match["weeks_since_birth"]
    since_low, since_high = (since["min"], since["max"]) if since is not None else (0, 0)
    onset = match["onset"]
    pain_min = match["pain_score_at_least"]
    days_min = match["duration_days_at_least"]

    def holds(present: frozenset[str], facts: Facts) -> bool:
        if not all_ids <= present:
            return False
        if has_any and any_ids.isdisjoint(present) and not any(g(present, facts) for g in any_groups):
            return False
        if weeks is not None:
            week = facts.week
            if not (unknown if week is None else low <= week <= high):
                return False
        if since is not None:
            after = facts.weeks_since_birth
            if after is None or not since_low <= after <= since_high:
                return False
        if onset is not None and facts.onset != onset:
            return False
        if pain_min is not None and (facts.pain_score is None or facts.pain_score < pain_min):
            return False
        if days_min is not None and (facts.duration_days is None or facts.duration_days < days_min):
            return False
        return all(g(present, facts) for g in all_groups)

    ids = frozenset({*all_ids, *any_ids, *(i for p in (*all_parts, *any_parts) if not isinstance(p, str)
                                            for i in p.ids)})
    ids_and_time = (onset is None and pain_min is None and days_min is None
                    and all(p.ids_and_time for p in (*all_parts, *any_parts) if not isinstance(p, str)))
    return Compiled(holds, (*all_parts, *any_parts), ids, _trigger(all_ids, all_parts, any_ids, any_parts),
                    ids_and_time, (low, high, unknown) if weeks is not None else None,
                    (since_low, since_high) if since is not None else None)


def _trigger(all_ids: frozenset[str], all_parts: tuple[str | Compiled, ...], any_ids: frozenset[str],
             any_parts: tuple[str | Compiled, ...]) -> frozenset[str] | None:
    """Ids of which one must be reported for the match to hold; None when none need be."""
    if all_ids:
        return frozenset((min(all_ids),))  # every one of them is needed, so any one will do
    for part in all_parts:
        if not isinstance(part, str) and part.trigger is not None:
            return part.trigger
    if any_parts:
        out = set(any_ids)
        for part in any_parts:
            if isinstance(part, str):
                continue
            if part.trigger is None:
                return None
            out |= part.trigger
        return frozenset(out)
    return None


def matched(match: Compiled, facts: Facts) -> list[str]:
    """The reported ids that made a match hold (for the reasons a person is shown)."""
    out: list[str] = []
    for part in match.parts:
        if isinstance(part, str):
            if part in facts.present:
                out.append(part)
        elif part.holds(facts.present, facts):
            out.extend(matched(part, facts))
    return out


@cache
def compiled_match(match: Match) -> Compiled:
    return compile_plain(match.model_dump())


def compile_match(match: Match) -> Predicate:
    """A validated Match record as a predicate (compiled once per record)."""
    holds = compiled_match(match).holds
    return lambda facts: holds(facts.present, facts)


def matched_ids(match: Match, facts: Facts) -> list[str]:
    return matched(compiled_match(match), facts)
