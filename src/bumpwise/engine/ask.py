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

from typing import TYPE_CHECKING, NamedTuple

from bumpwise.engine.facts import Facts
from bumpwise.engine.tables import RANK, QuestionT, Tables, tables_of
from bumpwise.engine.triage import Triage
from bumpwise.knowledge.terms import Level

if TYPE_CHECKING:
    from bumpwise.knowledge.loader import KnowledgeBase
    from bumpwise.knowledge.schema import Question


class Ask(NamedTuple):
    question: QuestionT
    level: Level  # the level a "yes" would give
    first: bool  # her own words pointed at it


def ask_next(kb: KnowledgeBase, facts: Facts, hints: tuple[str, ...] = ()) -> tuple[Ask, ...]:
    return ask_with(tables_of(kb), facts, hints)


def ask_with(tables: Tables, facts: Facts, hints: tuple[str, ...] = ()) -> tuple[Ask, ...]:
    present, denied = facts.present, facts.denied
    places = present & tables.places
    # her own words first, then the most urgent, then questionnaire order: one list per
    # (her words or not) x level, filled in questionnaire order
    buckets: list[list[Ask]] = [[], [], [], [], [], [], [], []]
    # the questions whose week fits and whose yes could raise the level (Tables.asked)
    for _, question, level, depends in tables.asked(facts.stage, facts.week, facts.weeks_since_birth):
        # unknown: neither answered yes nor no. What a question is about is what its "no" denies:
        # "severe belly pain or a hard, painful bump?" is not answered by lower-belly pain alone.
        if _any_in(question.signs, present) or (denied and _all_in(question.signs, denied)):
            continue
        # a follow-up is asked only after a yes (or a tick) to its parent; while that is unanswered it waits
        if question.follow_up and not _any_in(question.enable, present):
            continue
        # matters: she named places, and none of them is one where this sign matters
        if places and question.regions and places.isdisjoint(question.regions):
            continue
        if depends:  # more urgent rules a yes could fire, depending on what else is known
            more = present | question.added
            for rule_level, matches in depends:  # most urgent first
                if any(m.holds(more, facts) for m in matches):
                    level = rule_level
                    break
        if level == "self_care":
            continue
        first = False
        if hints:
            pattern = tables.keyword(question)
            first = pattern is not None and any(pattern.search(h) for h in hints)
        buckets[(0 if first else 4) + 3 - RANK[level]].append(Ask(question, level, first))
    return tuple(ask for bucket in buckets for ask in bucket)


def unknown(question: Question, facts: Facts) -> bool:
    """Neither answered yes nor no. What a question is about is what its "no" denies: "severe belly
    pain or a hard, painful bump?" is not answered by lower-belly pain alone. (The check-in asks
    this of a question; `ask_with` applies the same test to its compiled form.)"""
    signs = question.denied_by_no
    return not _any_in(signs, facts.present) and not (facts.denied and _all_in(signs, facts.denied))


def _any_in(ids: tuple[str, ...], present: frozenset[str]) -> bool:
    return any(i in present for i in ids)


def _all_in(ids: tuple[str, ...], present: frozenset[str]) -> bool:
    return all(i in present for i in ids)


def could_raise(asks: tuple[Ask, ...], result: Triage) -> bool:
    """Whether answering the questions could still raise the level (a yes sets a higher one)."""
    return any(RANK[a.level] > RANK[result.level] for a in asks)


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
