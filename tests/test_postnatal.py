"""After the birth (issue 12; triage policy v2, "After the birth"): structured postnatal check-ins
with the level and rules each must give, red flags after the birth included, and the promise that a
postnatal person is never treated as pregnant: no rule, cause, plan item, thing to avoid or
question that needs a pregnancy, in the engine, the check-in (web and terminal forms) or her words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bumpwise.checkin import CheckInState, apply_words, assessment_input, questions_for, run_assessment
from bumpwise.checkin import words as her_words
from bumpwise.checkin.flow import QUESTION_STEPS, is_postnatal
from bumpwise.checkin.parse import Unreadable, stage_answer, weeks_since_birth
from bumpwise.engine.assess import assess
from bumpwise.knowledge import KnowledgeBase, knowledge_base
from bumpwise.web.checkin import apply_step

# (name, input, level, rules that must fire, plan items that must be there)
CASES: list[tuple[str, dict[str, Any], str, set[str], set[str]]] = [
    # red flags after the birth
    ("heavy bleeding a week after", {"weeks_since_birth": 1, "findings": ["heavy_bleeding"]}, "emergency",
     {"emergency_after_birth_bleeding_collapse_breathing_or_headache"}, {"ww_after_birth_ambulance"}),
    ("collapse", {"weeks_since_birth": 2, "findings": ["fainted", "low_back"]}, "emergency",
     {"emergency_after_birth_bleeding_collapse_breathing_or_headache"}, {"ww_after_birth_ambulance"}),
    ("breathless at 3 weeks", {"weeks_since_birth": 3, "findings": ["breathless"]}, "emergency",
     {"emergency_after_birth_chest_pain_or_breathlessness"}, {"ww_after_birth_ambulance"}),
    ("chest pain on day 5", {"weeks_since_birth": 0, "findings": ["chest_pain", "upper_back"]}, "emergency",
     {"emergency_after_birth_chest_pain_or_breathlessness"}, {"ww_after_birth_ambulance"}),
    ("severe headache", {"weeks_since_birth": 0, "findings": ["severe_headache"]}, "emergency",
     {"emergency_after_birth_severe_headache"}, set()),
    ("fever with tummy pain", {"weeks_since_birth": 2, "findings": ["fever", "lower_abdomen"]}, "urgent",
     {"urgent_after_birth_fever_with_tummy_pain"}, {"ww_after_birth_call_now"}),
    ("fever with pubic pain", {"weeks_since_birth": 1, "findings": ["fever", "pubic"]}, "urgent",
     {"urgent_after_birth_fever_with_tummy_pain"}, {"ww_after_birth_call_now"}),
    ("swollen calf at 4 weeks", {"weeks_since_birth": 4, "findings": ["calf_swelling_one_side"]}, "urgent",
     {"urgent_clot_in_leg_signs"}, {"ww_after_birth_call_now"}),
    ("red warm leg at 1 week", {"weeks_since_birth": 1, "findings": ["leg_red_warm", "calf"]}, "urgent",
     {"urgent_clot_in_leg_signs"}, {"ww_after_birth_call_now"}),
    ("vision changes at 1 week", {"weeks_since_birth": 1, "findings": ["vision_changes"]}, "urgent",
     {"urgent_after_birth_headache_with_sickness_or_vision_changes"}, set()),
    ("faint and dizzy", {"weeks_since_birth": 1, "findings": ["faint_dizzy", "low_back"]}, "urgent",
     {"urgent_after_birth_faint_or_dizzy"}, set()),
    ("numb saddle with back pain", {"weeks_since_birth": 2, "findings": ["saddle_numbness", "low_back"]},
     "emergency", {"emergency_cauda_equina_signs"}, {"ww_after_birth_ambulance"}),
    ("thoughts of self-harm", {"weeks_since_birth": 5, "findings": ["self_harm_thoughts"]}, "emergency",
     {"emergency_thoughts_of_self_harm"}, set()),
    # the pregnancy's signs stand down after the birth
    ("a gush of fluid after the birth", {"weeks_since_birth": 1, "findings": ["fluid_leak", "low_back"]},
     "self_care", set(), set()),
    ("tightenings after the birth", {"weeks_since_birth": 1, "findings": ["regular_tightenings", "low_back"]},
     "self_care", set(), set()),
    ("vision changes at 8 weeks", {"weeks_since_birth": 8, "findings": ["vision_changes"]}, "self_care",
     set(), set()),
    # pain after the birth
    ("back pain in the first days", {"weeks_since_birth": 0, "findings": ["low_back"]}, "self_care", set(),
     {"postnatal_physio_when"}),
    ("pelvic pain not settled at 3 weeks", {"weeks_since_birth": 3, "findings": ["pubic", "worse_single_leg"]},
     "soon", {"soon_after_birth_pain_not_settled"}, {"postnatal_physio_when"}),
    ("pubic pain parting the legs", {"weeks_since_birth": 3, "findings": ["pubic", "worse_legs_apart"]}, "soon",
     {"soon_after_birth_pain_not_settled"}, {"postnatal_physio_when"}),
    ("back pain lifting at 6 weeks", {"weeks_since_birth": 6, "findings": ["low_back", "worse_bending_lifting"]},
     "soon", {"soon_after_birth_pain_not_settled"}, {"baby_care_waist_height", "postnatal_physio_when"}),
    ("upper back at 8 weeks", {"weeks_since_birth": 8, "findings": ["upper_back", "worse_sitting"]}, "soon",
     {"soon_after_birth_pain_not_settled"}, {"supported_sitting"}),
    ("night cramps at 3 weeks", {"weeks_since_birth": 3, "findings": ["at_night", "cramp_spasm", "calf"]},
     "self_care", set(), {"foot_flexing_cramps"}),
    ("12 weeks, sacroiliac", {"weeks_since_birth": 12, "findings": ["sacroiliac", "worse_turning_in_bed"]}, "soon",
     {"soon_after_birth_pain_not_settled"}, {"postnatal_physio_when"}),
]


@pytest.fixture(scope="module")
def kb_() -> KnowledgeBase:
    return knowledge_base()


def test_at_least_twenty_cases_with_red_flags_after_the_birth() -> None:
    assert len(CASES) >= 20
    assert sum(level in ("emergency", "urgent") for _, _, level, _, _ in CASES) >= 10


def pregnancy_only(kb: KnowledgeBase) -> dict[str, set[str]]:
    return {
        "rules": {r.id for r in kb.rules if "postnatal" not in r.stages},
        "causes": {c.id for c in kb.conditions.values() if "postnatal" not in c.stages},
        "items": {i.id for i in kb.plan_items.values() if "postnatal" not in i.stages},
        "avoid": {a.id for a in kb.avoid.values() if "postnatal" not in a.stages},
        "questions": {q.id for q in kb.questions if "postnatal" not in q.stages},
    }


def assert_not_pregnant(result: dict[str, Any], kb: KnowledgeBase) -> None:
    only = pregnancy_only(kb)
    assert result["context"]["week"] is None and result["context"]["trimester"] is None
    assert not {r["rule"] for r in result["triage"]["reasons"]} & only["rules"]
    assert not {c["id"] for c in result["causes"]} & only["causes"]
    assert not {i["id"] for i in result["plan"]["items"]} & only["items"]
    assert not {a["id"] for a in result["plan"]["avoid"]} & only["avoid"]
    assert not {a["id"] for a in result["ask_next"]} & only["questions"]
    assert not {w["rule"] for w in result["plan"]["withheld"] if w.get("rule")} & {
        e.id for e in kb.exclusions if "postnatal" not in e.stages}


@pytest.mark.parametrize(("name", "data", "level", "rules", "items"), CASES, ids=[c[0] for c in CASES])
def test_a_postnatal_case(name: str, data: dict[str, Any], level: str, rules: set[str], items: set[str],
                          kb_: KnowledgeBase) -> None:
    result = assess(data, kb_)
    assert result["triage"]["level"] == level, name
    assert rules <= {r["rule"] for r in result["triage"]["reasons"]}, name
    assert items <= {i["id"] for i in result["plan"]["items"]}, (name, [i["id"] for i in result["plan"]["items"]])
    assert result["context"]["weeks_since_birth"] == data["weeks_since_birth"]
    assert_not_pregnant(result, kb_)


def test_the_pregnancy_only_sets_are_not_empty(kb_: KnowledgeBase) -> None:
    """So the checks above can fail: each kind has records that need a pregnancy."""
    assert all(pregnancy_only(kb_).values()), {k: len(v) for k, v in pregnancy_only(kb_).items()}


def test_the_same_findings_in_pregnancy_do_give_the_pregnancy_rules(kb_: KnowledgeBase) -> None:
    """The control: what stands down after the birth does fire at 30 weeks."""
    pregnant = assess({"week": 30, "findings": ["fluid_leak", "low_back"]}, kb_)
    assert pregnant["triage"]["level"] == "urgent"
    with pytest.raises(AssertionError):
        assert_not_pregnant(pregnant, kb_)


def test_nothing_supine_is_withheld_or_limited_by_week_after_the_birth(kb_: KnowledgeBase) -> None:
    """No pregnancy week filters a postnatal plan: the lying-flat limit from 16 weeks is not applied."""
    result = assess({"weeks_since_birth": 6, "findings": ["low_back"]}, kb_)
    assert "no_lying_flat_from_16_weeks" not in {w.get("rule") for w in result["plan"]["withheld"]}


# ----------------------------------------------------------------- the check-in


def test_reading_the_weeks_since_the_birth() -> None:
    assert weeks_since_birth("3") == 3
    assert weeks_since_birth("3 weeks ago") == 3
    assert weeks_since_birth("10 days") == 1
    assert weeks_since_birth("") is None
    for bad in ("lots", "13", "20 weeks"):
        with pytest.raises(Unreadable):
            weeks_since_birth(bad)
    assert stage_answer("") == "" and stage_answer("p") == "pregnant"
    assert stage_answer("b") == "postnatal" and stage_answer("I had my baby") == "postnatal"
    with pytest.raises(Unreadable):
        stage_answer("banana")


def postnatal_state(weeks: int) -> CheckInState:
    return CheckInState(stage="postnatal", weeks_since_birth=weeks)


def test_a_postnatal_check_in_sends_weeks_since_birth_and_never_a_week(kb_: KnowledgeBase) -> None:
    state = postnatal_state(3)
    state.week = 30  # left over from an earlier answer: must not be sent
    data = assessment_input(state, kb_)
    assert data["weeks_since_birth"] == 3 and "week" not in data
    assert is_postnatal(state)
    assert not is_postnatal(CheckInState(stage="postnatal"))  # no weeks: stays a pregnancy check-in (safer)


def test_the_check_in_asks_no_pregnancy_question_after_the_birth(kb_: KnowledgeBase) -> None:
    only = pregnancy_only(kb_)["questions"]
    state = postnatal_state(2)
    state.words = ["low_back", "pubic"]
    for step in QUESTION_STEPS:
        if step == "now":
            continue  # the emergency signs come before she says, and are asked of everyone
        asked = {q.id for q in questions_for(step, state, kb_)}
        assert not asked & only, (step, asked & only)
    pregnant = CheckInState(week=30, words=["low_back", "pubic"])
    assert {q.id for q in questions_for("red_flags", pregnant, kb_)} & only  # the control


def test_the_web_about_step_takes_the_stage(kb_: KnowledgeBase) -> None:
    state = CheckInState()
    apply_step(state, "about", {"stage": "postnatal", "weeks_since_birth": "4 weeks", "week": "30"}, kb_,
               today=date(2026, 12, 1))
    assert (state.stage, state.weeks_since_birth, state.week) == ("postnatal", 4, None)
    result = run_assessment(state, kb_)
    assert result["context"]["weeks_since_birth"] == 4
    assert_not_pregnant(result, kb_)
    with pytest.raises(Exception, match="weeks"):
        apply_step(CheckInState(), "about", {"stage": "postnatal", "weeks_since_birth": ""}, kb_)


@pytest.mark.parametrize(("text", "weeks"), [("I had my baby 3 weeks ago and my pubic bone hurts", 3),
                                              ("baby is 6 weeks old, sore lower back", 6),
                                              ("gave birth 10 days ago, back pain", 1)])
def test_her_words_say_she_has_had_her_baby(text: str, weeks: int, kb_: KnowledgeBase) -> None:
    understood = her_words.understand(text)
    assert understood is not None
    state = CheckInState(text=text)
    apply_words(state, understood, kb_)
    assert (state.stage, state.weeks_since_birth, state.week) == ("postnatal", weeks, None)
    assert_not_pregnant(run_assessment(state, kb_), kb_)


def test_her_words_do_not_override_a_pregnancy_she_chose(kb_: KnowledgeBase) -> None:
    understood = her_words.understand("I had my baby 3 weeks ago")
    assert understood is not None
    state = CheckInState(stage="pregnant", week=30)
    apply_words(state, understood, kb_)
    assert (state.stage, state.week, state.weeks_since_birth) == ("pregnant", 30, None)


@pytest.mark.parametrize("case", [{"weeks_since_birth": 3, "findings": ["pubic", "worse_single_leg"]},
                                  {"weeks_since_birth": 1, "findings": ["low_back", "fever"]}])
def test_the_web_check_in_after_the_birth_end_to_end(case: dict[str, Any], kb_: KnowledgeBase) -> None:
    from web_helpers import complete_check_in, make_client, read_result

    client = make_client(emergency_number="999", maternity_unit_number="0161 555 0100")
    page = complete_check_in(client, case, kb_)
    shown = read_result(page)
    assert shown.input["weeks_since_birth"] == case["weeks_since_birth"] and "week" not in shown.input
    assert f"{case['weeks_since_birth']} week" in page and "after the birth" in page
    only = pregnancy_only(kb_)
    assert not set(shown.plan) & only["items"] and not set(shown.avoid) & only["avoid"]
    assert not set(shown.rules) & only["rules"] and not set(shown.causes) & only["causes"]
    assert shown.level == assess({k: v for k, v in shown.input.items()}, kb_)["triage"]["level"]


def test_her_words_decide_when_she_did_not_choose(kb_: KnowledgeBase) -> None:
    """The web's stage choice starts unticked and the terminal's Enter means "not said": then "I had
    my baby 3 weeks ago" in her words makes the check-in postnatal; a pregnancy week keeps it pregnant."""
    state = CheckInState()
    apply_step(state, "about", {"stage": "", "text": "I had my baby 3 weeks ago, sore pubic bone"}, kb_)
    understood = her_words.understand(state.text)
    assert understood is not None
    apply_words(state, understood, kb_)
    assert (state.stage, state.weeks_since_birth) == ("postnatal", 3)
    pregnant = CheckInState()
    apply_step(pregnant, "about", {"stage": "", "week": "30", "text": "I had my baby 3 weeks ago"}, kb_)
    words = her_words.understand(pregnant.text)
    assert words is not None
    apply_words(pregnant, words, kb_)
    assert (pregnant.week, pregnant.weeks_since_birth) == (30, None)


def test_weeks_since_the_birth_typed_without_the_choice_mean_after_the_birth(kb_: KnowledgeBase) -> None:
    state = CheckInState()
    apply_step(state, "about", {"weeks_since_birth": "2"}, kb_)
    assert (state.stage, state.weeks_since_birth, state.week) == ("postnatal", 2, None)
    both = CheckInState()
    apply_step(both, "about", {"weeks_since_birth": "2", "week": "30"}, kb_)  # a pregnancy week wins: safer
    assert (both.stage, both.weeks_since_birth, both.week) == ("", None, 30)
