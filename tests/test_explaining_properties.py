"""Property-based proofs of policy "Explaining causes" and of the `ask_next` safety net, over
random check-ins in pregnancy (week known or not) and after the birth (weeks_since_birth 0-12).

Written from shared/spec/triage-policy.md and the condition records, not from the engine's code:
a condition's `weeks`, `stages` and `signs`, and the `points_to` of the rules that fired.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bumpwise.engine.assess import assess
from bumpwise.engine.triage import red_flag_findings
from bumpwise.knowledge import knowledge_base

KB = knowledge_base()
FINDINGS = sorted(KB.vocabulary.findings)
FLAGS = sorted(KB.vocabulary.flags)
PLACES = sorted(f.id for f in KB.vocabulary.findings.values() if f.group in ("location", "side"))
RED_FLAGS = sorted(red_flag_findings(KB))
RANK = {level: rank for rank, level in enumerate(KB.vocabulary.levels)}
QUESTIONS = {q.id: q for q in KB.questions}
# People's own words (the reader's corpus), so that what the reader adds is covered too.
CORPUS = Path(__file__).parent / "data" / "text_corpus.jsonl"
TEXTS = sorted(json.loads(line)["text"] for line in CORPUS.read_text().splitlines() if line.strip())

# When: pregnant with the week known, pregnant with the week unknown, or after the birth.
stage = st.one_of(
    st.fixed_dictionaries({"week": st.integers(1, 42)}),
    st.just({}),
    st.fixed_dictionaries({"weeks_since_birth": st.integers(0, 12)}),
)
details = st.fixed_dictionaries({}, optional={
    "pain_score": st.integers(0, 10),
    "duration_days": st.integers(0, 400),
    "onset": st.sampled_from(["sudden", "gradual"]),
    "findings": st.lists(st.sampled_from(FINDINGS), max_size=8, unique=True),
    "flags": st.lists(st.sampled_from(FLAGS), max_size=3, unique=True),
    "denied": st.lists(st.sampled_from(FINDINGS), max_size=6, unique=True),
    "text": st.sampled_from(TEXTS),
})
check_ins = st.builds(lambda when, rest: {**when, **rest}, stage, details)
# Only places and sides, as a body map alone would give.
places_only = st.builds(lambda when, places: {**when, "findings": places}, stage,
                        st.lists(st.sampled_from(PLACES), min_size=1, max_size=5, unique=True))


def reported(result: dict[str, Any]) -> set[str]:
    """What was reported, from the structured fields and her words together."""
    return set(result["findings"]) | set(result["flags"])


def pointed_to(result: dict[str, Any]) -> set[str]:
    return {c for reason in result["triage"]["reasons"] for c in reason["points_to"]}


# ---------------------------------------------------------------- Explaining causes


@settings(max_examples=400, deadline=None)
@given(check_ins)
def test_no_condition_is_listed_outside_its_weeks_or_stage(data: dict[str, Any]) -> None:
    result = assess(data)
    week, after_birth = result["context"]["week"], "weeks_since_birth" in data
    for cause in result["causes"]:
        condition = KB.conditions[cause["id"]]
        if after_birth:
            assert "postnatal" in condition.stages, f"{cause['id']} listed after the birth"
        else:
            assert "pregnancy" in condition.stages, f"{cause['id']} listed in pregnancy"
            if week is not None:
                assert condition.weeks.min <= week <= condition.weeks.max, f"{cause['id']} listed at week {week}"


@settings(max_examples=400, deadline=None)
@given(check_ins)
def test_a_serious_condition_is_listed_only_with_its_own_sign_or_its_rule(data: dict[str, Any]) -> None:
    result = assess(data)
    pointed = pointed_to(result)
    for cause in result["causes"]:
        condition = KB.conditions[cause["id"]]
        if condition.serious:
            assert reported(result) & set(condition.signs) or cause["id"] in pointed, (
                f"{cause['id']} listed with none of its signs {condition.signs} and no rule pointing to it")


@settings(max_examples=400, deadline=None)
@given(check_ins)
def test_a_serious_cause_below_its_page_level_says_which_rule_listed_it(data: dict[str, Any]) -> None:
    """Policy "Explaining causes", third point: a serious condition listed at a lower level than
    its own page describes is explained, so the result names the fired rule that listed it (whose
    level is this person's) and the page's level; otherwise it is not listed."""
    result = assess(data)
    level = RANK[result["triage"]["level"]]
    fired = {r["rule"]: r for r in result["triage"]["reasons"]}
    for cause in result["causes"]:
        if cause["listed_by"] is not None:
            reason = fired[cause["listed_by"]]
            assert cause["id"] in reason["points_to"] and cause["listed_level"] == reason["level"]
            pointing = [r for r in fired.values() if cause["id"] in r["points_to"]]
            assert all(RANK[r["level"]] <= RANK[reason["level"]] for r in pointing), "the most urgent rule lists it"
        else:
            assert cause["listed_level"] is None
        if cause["serious"] and cause["page_level"] is not None and level < RANK[cause["page_level"]]:
            assert cause["listed_by"] is not None, f"{cause['id']} listed below its page with no rule to say why"


@settings(max_examples=300, deadline=None)
@given(places_only)
def test_places_and_sides_alone_never_list_a_serious_condition_by_themselves(data: dict[str, Any]) -> None:
    """A place is never a serious condition's sign, so with only places reported a serious cause
    can be listed only by a rule that fired for the place itself (policy rows where the place is
    the sign: one-sided low belly or shoulder-tip pain in early pregnancy, pain below the ribs from
    20 weeks, kidney-area pain); and then the result says which rule (`listed_by`)."""
    result = assess(data)
    for cause in result["causes"]:
        if cause["serious"]:
            rule = cause["listed_by"]
            assert rule is not None, f"{cause['id']} listed for places alone: {data}"
            fired = {r["rule"]: r for r in result["triage"]["reasons"]}
            assert cause["id"] in fired[rule]["points_to"]


def test_a_region_alone_lists_no_frightening_cause() -> None:
    """The policy's own examples: "low back" alone never lists cauda equina, abruption or a
    kidney infection, at any week or after the birth; nor does any other back or pelvic place."""
    frightening = {"cauda_equina_syndrome", "placental_abruption", "pyelonephritis"}
    for place in ("low_back", "upper_back", "sacroiliac", "buttock", "pubic", "groin", "hip_outer", "lower_abdomen"):
        for when in ({}, {"week": 8}, {"week": 30}, {"week": 39}, {"weeks_since_birth": 3}):
            for side in ([], ["one_side"], ["both_sides"]):
                causes = {c["id"] for c in assess({**when, "findings": [place, *side]})["causes"]}
                assert not causes & frightening, (place, when, side, causes & frightening)


def test_no_condition_names_a_place_as_its_sign() -> None:
    places = set(PLACES)
    for condition in KB.conditions.values():
        assert not set(condition.signs) & places, condition.id
        if condition.serious:
            assert condition.signs, f"{condition.id}: a serious condition needs its own signs"


# ---------------------------------------------------------------- ask_next


@settings(max_examples=300, deadline=None)
@given(check_ins, st.sampled_from(RED_FLAGS))
def test_adding_a_red_flag_never_lowers_the_level_at_any_stage(data: dict[str, Any], red_flag: str) -> None:
    more = {**data, "findings": list(dict.fromkeys([*data.get("findings", []), red_flag]))}
    assert RANK[assess(more)["triage"]["level"]] >= RANK[assess(data)["triage"]["level"]]


@settings(max_examples=400, deadline=None)
@given(check_ins)
def test_ask_next_asks_only_what_is_unknown_and_a_yes_reaches_its_level(data: dict[str, Any]) -> None:
    result = assess(data)
    present, denied = reported(result), set(result["denied"])
    for ask in result["ask_next"]:
        question = QUESTIONS[ask["id"]]
        assert ask["findings"] == list(question.findings) and ask["finding"] == question.findings[0]
        about = set(question.denied_by_no)  # what the question asks about: what its "no" denies
        assert not about & present, f"{ask['id']} asks about {about & present}, already reported"
        assert not about <= denied, f"{ask['id']} was already answered no"
        assert ask["level_if_yes"] != "self_care", f"{ask['id']}: a yes would not matter to the level"
        yes = {**data, "findings": list(dict.fromkeys([*data.get("findings", []), *ask["findings"]]))}
        after = assess(yes)["triage"]["level"]
        assert RANK[after] >= RANK[ask["level_if_yes"]], f"{ask['id']}: yes gave {after}, said {ask['level_if_yes']}"


@settings(max_examples=400, deadline=None)
@given(check_ins)
def test_provisional_exactly_when_questions_remain_below_urgent(data: dict[str, Any]) -> None:
    result = assess(data)
    level = RANK[result["triage"]["level"]]
    could_rise = any(RANK[a["level_if_yes"]] > level for a in result["ask_next"])
    assert result["triage"]["provisional"] == (could_rise and level < RANK["urgent"])


@settings(max_examples=200, deadline=None)
@given(check_ins)
def test_ask_next_is_most_dangerous_first_when_her_words_point_nowhere(data: dict[str, Any]) -> None:
    """(Words the reader could not place, or her words for severe pain, put their questions first.)"""
    data.pop("text", None)
    asks = assess(data)["ask_next"]
    assume(asks)
    levels = [RANK[a["level_if_yes"]] for a in asks]
    assert levels == sorted(levels, reverse=True), "the most dangerous question first"
