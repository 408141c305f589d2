"""The knowledge base's own examples, run through the engine: every rule must fire for each of its
positive examples and stay quiet for each negative one, and every condition must rank first for
its examples. The knowledge layer cannot check these (it imports nothing from the engine), so
`bumpwise kb check` and the test suite call this."""

from __future__ import annotations

from collections.abc import Iterator

from bumpwise.engine.causes import rank_causes
from bumpwise.engine.facts import Facts
from bumpwise.engine.triage import fires, triage
from bumpwise.knowledge.loader import KnowledgeBase, Problem
from bumpwise.knowledge.schema import Example


def facts_of(example: Example) -> Facts:
    return Facts(frozenset(example.findings) | frozenset(example.flags), example.findings, example.flags,
                 frozenset(), example.week, example.pain_score, example.duration_days, example.onset,
                 example.weeks_since_birth)


def example_problems(kb: KnowledgeBase) -> Iterator[Problem]:
    for rule in kb.rules:
        for example in rule.examples.positive:
            if not fires(rule, facts_of(example)):
                yield Problem("rules.yaml", rule.id, f"does not fire for its positive example {_show(example)}")
        for example in rule.examples.negative:
            if fires(rule, facts_of(example)):
                yield Problem("rules.yaml", rule.id, f"fires for its negative example {_show(example)}")
    for condition in kb.conditions.values():
        for example in condition.examples:
            facts = facts_of(example)
            causes = rank_causes(kb, facts, triage(kb, facts))
            if not causes or causes[0].id != condition.id:
                top = ", ".join(c.id for c in causes[:3]) or "nothing"
                yield Problem("conditions.yaml", condition.id,
                              f"does not rank first for its example {_show(example)} (ranked: {top})")


def _show(example: Example) -> str:
    return str(example.model_dump(exclude_none=True, exclude_defaults=True))
