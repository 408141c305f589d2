"""The knowledge base loads, validates, and reports every problem with its file and id."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bumpwise.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bumpwise.knowledge.loader import data_dir


def test_packaged_knowledge_base_is_valid(kb: KnowledgeBase) -> None:
    assert kb.rules and kb.conditions and len(kb.plan_items) >= 30 and kb.sources
    assert kb.version.startswith("20") and "+" in kb.version


def test_every_shared_vocabulary_id_is_carried_into_the_package(shared_file: Callable[..., Path]) -> None:
    shared = yaml.safe_load(shared_file("spec", "vocabulary.yaml").read_text())
    ours = yaml.safe_load((data_dir() / "vocabulary.yaml").read_text())
    for section in ("flags", "conditions"):
        assert set(shared[section]) <= set(ours[section]), section
    for group, terms in shared["findings"].items():
        assert set(terms) <= set(ours["findings"][group]), group
    assert [t["id"] for t in shared["triage_levels"]] == [t["id"] for t in ours["triage_levels"]]
    assert set(shared["context"]) <= set(ours["context"])
    assert set(shared["plan_item_kinds"]) <= set(ours["plan_item_kinds"])
    assert set(shared["positions"]) <= set(ours["positions"])


def test_every_condition_has_a_plain_explanation_and_sources(kb: KnowledgeBase) -> None:
    for condition in kb.conditions.values():
        assert condition.summary and condition.typical and condition.sources
        for source in condition.sources:
            assert kb.sources[source].title


def test_condition_examples_rank_first(kb: KnowledgeBase) -> None:
    from bumpwise.engine.assess import assess

    for condition in kb.conditions.values():
        for example in condition.examples:
            result = assess(example.model_dump(exclude_none=True))
            assert result["causes"][0]["id"] == condition.id, (condition.id, example, result["causes"][:3])


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def _edit(path: Path, key: str, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text())
    change(data[key])
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_every_problem_is_reported_with_file_and_id(broken_copy: Path) -> None:
    def break_rules(rules: list[dict]) -> None:  # type: ignore[type-arg]
        rules[0]["when"][0]["any"] = ["heavy_bleedin"]  # typo in a finding id
        rules[1]["sources"] = ["S999"]  # a source that does not exist
        rules[2]["id"] = rules[3]["id"]  # duplicate id

    def break_items(items: list[dict]) -> None:  # type: ignore[type-arg]
        items[0]["targets"] = ["not_a_condition"]
        items[1]["sources"] = []  # an item without a source

    _edit(broken_copy / "rules.yaml", "rules", break_rules)
    _edit(broken_copy / "plan_items.yaml", "plan_items", break_items)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(broken_copy)
    text = str(caught.value)
    assert "rules.yaml" in text and "'heavy_bleedin'" in text
    assert "S999 is not in sources.yaml" in text
    assert "id is used twice" in text
    assert "unknown condition 'not_a_condition'" in text
    assert "plan_items.yaml" in text and "sources" in text
    assert len(caught.value.problems) >= 5


def test_unreachable_condition_is_reported(broken_copy: Path) -> None:
    def orphan(conditions: list[dict]) -> None:  # type: ignore[type-arg]
        for condition in conditions:
            if condition["id"] == "injury":
                condition["towards"] = {"findings": {}}

    def unpoint(rules: list[dict]) -> None:  # type: ignore[type-arg]
        for rule in rules:
            rule["points_to"] = [p for p in rule.get("points_to", []) if p["condition"] != "injury"]

    _edit(broken_copy / "conditions.yaml", "conditions", orphan)
    _edit(broken_copy / "rules.yaml", "rules", unpoint)
    with pytest.raises(KnowledgeError, match="injury: unreachable"):
        load_knowledge(broken_copy)


def test_malformed_yaml_names_the_file(broken_copy: Path) -> None:
    (broken_copy / "conditions.yaml").write_text("conditions: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"conditions\.yaml: -: not valid YAML"):
        load_knowledge(broken_copy)


def test_the_questionnaire_asks_every_rule_finding_and_branches_soundly(broken_copy: Path) -> None:
    def break_questions(questions: list[dict]) -> None:  # type: ignore[type-arg]
        by_id = {q["id"]: q for q in questions}
        # an orphan follow-up (its parent does not exist)
        by_id["rf_leg_pain_lasting"]["enable_when"] = [{"question": "where_nowhere", "answers": ["calf"]}]
        # a loop: a question that waits for a later one, which waits for it
        by_id["rf_vaginal_bleeding"]["enable_when"] = [{"question": "rf_fluid_leak", "answers": ["yes"]}]
        by_id["rf_fluid_leak"]["enable_when"] = [{"question": "rf_vaginal_bleeding", "answers": ["yes"]}]
        # an answer the parent cannot give
        by_id["rf_both_legs_nerve_symptoms"]["enable_when"] = [{"question": "feel_character", "answers": ["calf"]}]
        # a finding a rule uses that is no longer asked anywhere
        questions.remove(by_id["rf_trauma"])

    _edit(broken_copy / "questions.yaml", "questions", break_questions)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(broken_copy)
    text = str(caught.value)
    assert "rf_leg_pain_lasting: enable_when names 'where_nowhere', which is no question" in text
    assert "rf_vaginal_bleeding: enable_when names 'rf_fluid_leak', which is a later question" in text
    assert "rf_both_legs_nerve_symptoms: enable_when answer 'calf' is not one 'feel_character' can give" in text
    assert "trauma: used by rule urgent_fall_or_blow but no question asks it" in text


def test_region_groups_expand_to_places(kb: KnowledgeBase, broken_copy: Path) -> None:
    legs = next(q for q in kb.questions if q.id == "rf_calf_swelling_one_side").matters_when.regions
    assert set(legs) == {"thigh_back", "thigh_outer", "below_knee", "calf"}
    path = broken_copy / "questions.yaml"
    data = yaml.safe_load(path.read_text())
    data["questions"][0]["matters_when"] = {"regions": ["elbows"]}
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(KnowledgeError, match="'elbows' is neither a body-map place nor a region group"):
        load_knowledge(broken_copy)


def test_a_serious_condition_s_signs_are_real_ids_and_never_a_place(broken_copy: Path) -> None:
    def break_signs(conditions: list[dict]) -> None:  # type: ignore[type-arg]
        by_id = {c["id"]: c for c in conditions}
        by_id["placental_abruption"]["signs"] = ["belly_hard_tendr", "lower_abdomen"]
        by_id["injury"]["signs"] = []

    _edit(broken_copy / "conditions.yaml", "conditions", break_signs)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(broken_copy)
    text = str(caught.value)
    assert "placental_abruption: unknown finding or flag in signs 'belly_hard_tendr'" in text
    assert "placental_abruption: signs: 'lower_abdomen' is a place or a side" in text
    assert "injury: a serious condition needs its own signs" in text
