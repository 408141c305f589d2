"""Property-based proofs of the safety principles, over random check-ins.

The plan checks are written straight from shared/spec/triage-policy.md ("What the plan must
never do"), independently of the engine's exclusion data, so a wrong exclusion record fails here.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bumpwise.engine.assess import assess
from bumpwise.engine.triage import red_flag_findings
from bumpwise.knowledge import knowledge_base

KB = knowledge_base()
FINDINGS = sorted(KB.vocabulary.findings)
FLAGS = sorted(KB.vocabulary.flags)
RED_FLAGS = sorted(red_flag_findings(KB))
RANK = {level: rank for rank, level in enumerate(KB.vocabulary.levels)}
ACTIVE = {"exercise", "stretch", "movement"}
NO_EXERCISE_FLAGS = {"told_not_to_exercise", "cervical_insufficiency", "preeclampsia_diagnosed",
                     "heart_or_lung_disease", "severe_anaemia"}
CLOT_SIGNS = {"calf_swelling_one_side", "leg_red_warm", "history_blood_clot"}
MEDICINE_DOSE = re.compile(r"\b\d+(\.\d+)?\s*(mg|milligram|g\b|grams?|tablets?|pills?|capsules?)|every \d+ hours",
                           re.IGNORECASE)

check_ins = st.fixed_dictionaries(
    {},
    optional={
        "week": st.integers(1, 42),
        "pain_score": st.integers(0, 10),
        "duration_days": st.integers(0, 400),
        "onset": st.sampled_from(["sudden", "gradual"]),
        "findings": st.lists(st.sampled_from(FINDINGS), max_size=8, unique=True),
        "flags": st.lists(st.sampled_from(FLAGS), max_size=3, unique=True),
    },
)


def level(data: dict[str, Any]) -> int:
    return RANK[assess(data)["triage"]["level"]]


@settings(max_examples=300, deadline=None)
@given(check_ins, st.sampled_from(RED_FLAGS))
def test_adding_a_red_flag_never_lowers_the_level(data: dict[str, Any], red_flag: str) -> None:
    more = {**data, "findings": [*data.get("findings", []), red_flag]}
    more["findings"] = list(dict.fromkeys(more["findings"]))
    assert level(more) >= level(data)
    weekless = {k: v for k, v in more.items() if k != "week"}
    assert level(weekless) >= RANK["urgent"], f"{red_flag} is a red flag but did not reach urgent"


@settings(max_examples=300, deadline=None)
@given(check_ins, st.sampled_from(FINDINGS))
def test_adding_any_finding_never_lowers_the_level(data: dict[str, Any], finding: str) -> None:
    more = {**data, "findings": list(dict.fromkeys([*data.get("findings", []), finding]))}
    assert level(more) >= level(data)


@settings(max_examples=300, deadline=None)
@given(check_ins, st.integers(1, 42))
def test_removing_the_week_never_lowers_the_level(data: dict[str, Any], week: int) -> None:
    known = {**data, "week": week}
    unknown = {k: v for k, v in known.items() if k != "week"}
    assert level(unknown) >= level(known)
    assert "week" in assess(unknown)["missing"]


@settings(max_examples=400, deadline=None)
@given(check_ins)
def test_no_plan_holds_an_item_ruled_out_by_flags_week_or_level(data: dict[str, Any]) -> None:
    result = assess(data)
    items = result["plan"]["items"]
    flags = set(data.get("flags", []))
    reported = set(data.get("findings", [])) | flags
    week = data.get("week")
    kinds = {i["kind"] for i in items}
    if flags & NO_EXERCISE_FLAGS or ("placenta_previa" in flags and (week is None or week >= 26)):
        assert not kinds & ACTIVE, "exercise despite a contraindication"
    if RANK[result["triage"]["level"]] >= RANK["urgent"]:
        assert not kinds & ACTIVE, "exercise while someone must be seen"
        assert all(i["while_waiting"] for i in items), "only while-you-wait items when someone must be seen"
        assert items, "someone who must be seen always gets what to do now"
    else:
        assert not any(i["while_waiting"] for i in items), "while-you-wait advice only when someone must be seen"
    if week is None or week >= 16:
        assert all("supine" not in i["positions"] for i in items), "lying flat on the back from 16 weeks"
    if reported & CLOT_SIGNS:
        for item in items:
            areas = set(KB.plan_items[item["id"]].body_areas)
            assert not (item["kind"] == "massage" and areas & {"leg", "calf"}), "massage of a leg that may hold a clot"
    for item in items:
        plan_item = KB.plan_items[item["id"]]
        assert plan_item.weeks.holds(week)
        text = " ".join([item["title"], item["summary"], item["dose"], *item["steps"]])
        assert not MEDICINE_DOSE.search(text), f"medicine dose in {item['id']}"


@settings(max_examples=200, deadline=None)
@given(check_ins)
def test_every_result_is_complete_and_explained(data: dict[str, Any]) -> None:
    result = assess(data)
    triage = result["triage"]
    if triage["level"] != "self_care":
        assert triage["reasons"], "a raised level always has a reason"
    assert all(r["explanation"] and r["sources"] for r in triage["reasons"])
    if any(c["why"] for c in result["causes"]):
        assert len(result["causes"]) >= 3
    reported_red = set(data.get("findings", [])) & red_flag_findings(KB)
    assert reported_red <= {f["id"] for f in result["red_flags"]}, "every red flag reported is shown"
    assert result["knowledge_version"] == KB.version


def test_red_flags_name_the_signs_not_just_the_place() -> None:
    abruption = assess({"week": 31, "findings": ["lower_abdomen", "constant_severe", "vaginal_bleeding"]})
    assert [f["id"] for f in abruption["red_flags"]] == ["constant_severe", "vaginal_bleeding"]
    ectopic = assess({"week": 6, "findings": ["lower_abdomen", "one_side"]})
    assert [f["id"] for f in ectopic["red_flags"]] == ["lower_abdomen", "one_side"], "places can be the sign"
