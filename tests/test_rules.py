"""Every triage rule's own examples: it fires for each positive and stays quiet for each negative."""

from __future__ import annotations

import pytest

from bumpwise.engine.examples import example_problems, facts_of
from bumpwise.engine.triage import fires
from bumpwise.knowledge import knowledge_base
from bumpwise.knowledge.schema import Rule

KB = knowledge_base()
RULES = KB.rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule: Rule) -> None:
    for example in rule.examples.positive:
        assert fires(rule, facts_of(example)), f"{rule.id} should fire for {example}"
    for example in rule.examples.negative:
        assert not fires(rule, facts_of(example)), f"{rule.id} should not fire for {example}"


def test_every_policy_level_has_rules() -> None:
    assert {r.level for r in RULES} == {"soon", "urgent", "emergency"}


def test_rule_ids_say_their_level() -> None:
    for rule in RULES:
        assert rule.id.startswith(rule.level.split("_")[0]), rule.id


def test_kb_check_runs_every_example() -> None:
    assert list(example_problems(KB)) == []
