"""Her own words can only ever add caution: property tests over lay texts.

Adding a severity word, or a symptom the reader cannot place, to what she wrote never lowers the
level and never removes a warning-sign question from `ask_next` (unless the added words answered
it). And every finding a triage rule uses has lay words the reader understands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import bumpwise
from bumpwise.knowledge import knowledge_base
from bumpwise.knowledge.loader import match_ids
from bumpwise.text import read_text

DATA = Path(__file__).parent / "data"
TEXTS = [json.loads(line)["text"] for name in ("real_phrasing.jsonl", "text_corpus.jsonl")
         for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]
RANK = {"self_care": 0, "soon": 1, "urgent": 2, "emergency": 3}

SEVERITY = ["It's agony.", "The pain is excruciating.", "honestly the worst pain I've ever had",
            "I'm doubled over with it.", "It's unbearable tonight.", "this is severe pain"]
# Symptom words in clauses with nothing the reader can place: they go to `not_understood`.
UNPLACED = ["and there's a weird pulling feeling", "Also a strange throbbing I can't describe.",
            "plus this odd pressure thing", "and something just feels wrong, a sort of burning ache somewhere",
            "There's a lump I noticed too.", "and it all feels sore and tender"]


def assessed(text: str) -> dict[str, Any]:
    return bumpwise.assess({"text": text})


def still_asked_or_answered(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Questions in before.ask_next that are neither in after.ask_next nor answered by after."""
    asked = {q["id"] for q in after["ask_next"]}
    present = set(after["findings"]) | set(after["denied"])
    return [q["id"] for q in before["ask_next"]
            if q["id"] not in asked and not (set(q["findings"]) & present)]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(TEXTS), st.sampled_from(SEVERITY), st.booleans())
def test_a_severity_word_never_lowers_the_level_or_drops_a_question(text: str, words: str, before: bool) -> None:
    base = assessed(text)
    more = assessed(f"{words}\n{text}" if before else f"{text}\n{words}")  # her next line
    assert RANK[more["triage"]["level"]] >= RANK[base["triage"]["level"]]
    assert not still_asked_or_answered(base, more)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(TEXTS), st.sampled_from(UNPLACED))
def test_an_unplaced_symptom_never_lowers_the_level_or_drops_a_question(text: str, clause: str) -> None:
    base = assessed(text)
    more = assessed(f"{text}\n{clause}")
    assert RANK[more["triage"]["level"]] >= RANK[base["triage"]["level"]]
    assert not still_asked_or_answered(base, more)


def test_an_unplaced_symptom_is_reported_and_asks_first() -> None:
    result = assessed("30 weeks, my back aches. Also a strange throbbing I can't describe, and a weird pressure thing")
    assert result["not_understood"], "symptom words nothing explains are reported"
    assert result["triage"]["provisional"] and result["ask_next"]
    first = result["ask_next"][0]["id"]
    assert first == "rf_pelvic_pressure", "the question her own words point at comes first"


def test_severity_words_put_the_severity_questions_first() -> None:
    result = assessed("31 weeks, my lower back is agony")
    assert [q["id"] for q in result["ask_next"][:2]] == ["rf_constant_severe", "rf_sudden_severe_onset"]


# One plain sentence per finding a rule uses, as a pregnant person might say it.
LAY = {
    "low_back": "my lower back hurts", "upper_back": "pain between my shoulder blades",
    "flank": "pain in my side under my ribs going round to my back", "sacroiliac": "pain in the dimples of my back",
    "buttock": "my bum cheek hurts", "pubic": "my pubic bone aches", "groin": "pain in my groin",
    "hip_outer": "my hip hurts", "thigh_back": "pain at the back of my thigh", "thigh_outer": "my outer thigh hurts",
    "below_knee": "pain down my leg to my foot", "calf": "my calf hurts", "lower_abdomen": "pain low in my belly",
    "upper_abdomen": "pain just under my ribs at the front", "shoulder_tip": "pain in the tip of my shoulder",
    "one_side": "it's on the left", "both_sides": "it's on both sides", "dull_ache": "a dull ache",
    "sharp_stabbing": "a sharp stabbing pain", "shooting": "it shoots down my leg",
    "burning_tingling": "a burning patch on my thigh", "cramp_spasm": "my calf went into a cramp",
    "comes_in_waves": "the pain comes and goes every 5 minutes", "constant_severe": "severe pain that never lets up",
    "sudden_severe_onset": "it came on suddenly and it's excruciating", "severe_pain": "the pain is unbearable",
    "worse_single_leg": "worse on the stairs", "worse_turning_in_bed": "worse when I turn over in bed",
    "worse_walking": "it hurts when I walk", "worse_standing": "worse after standing",
    "worse_sitting": "worse after sitting", "worse_bending_lifting": "worse when I bend",
    "worse_legs_apart": "getting out of the car kills", "worse_cough_sneeze": "it hurts when I sneeze",
    "at_night": "it's worse at night", "night_pain_unrelieved": "at night nothing eases it, no position helps",
    "eases_with_rest": "it eases when I lie down", "after_lifting": "it started after lifting my toddler",
    "cant_bear_weight": "I can't put weight on my leg", "not_improving": "it's getting worse",
    "disturbs_sleep": "it keeps me awake", "limits_daily_life": "I can't do my job",
    "vaginal_bleeding": "some spotting when I wipe", "heavy_bleeding": "soaked a pad in an hour with clots",
    "fluid_leak": "my knickers keep getting wet", "regular_tightenings": "my bump goes rock hard every few minutes",
    "pelvic_pressure": "feels like I need to push", "belly_hard_tender": "my bump is hard and sore to touch",
    "reduced_fetal_movement": "the baby is moving less", "fever": "I feel hot and shivery",
    "burning_urination": "it burns when I wee", "urinary_frequency": "I keep needing to pee",
    "blood_in_urine": "my wee is pink", "nausea_vomiting": "I've been sick",
    "saddle_numbness": "I can't feel the loo roll when I wipe", "leg_weakness": "my leg gave way",
    "foot_drop": "my foot drags when I walk", "bladder_bowel_change": "I wet myself and couldn't feel it",
    "leg_numbness_tingling": "pins and needles in my leg", "calf_swelling_one_side": "one calf is more swollen",
    "leg_red_warm": "a hot red patch behind my knee", "chest_pain": "a tightening in my lungs",
    "breathless": "I can't catch my breath", "severe_headache": "a bad headache",
    "vision_changes": "I'm seeing flashing lights", "sudden_swelling": "my face has gone puffy",
    "trauma": "I fell down the stairs", "faint_dizzy": "I feel faint", "fainted": "I passed out",
    "period_like_pain": "cramps like my period is coming",
    "self_harm_thoughts": "everyone would be better off without me",
    "both_legs_nerve_symptoms": "both my legs are tingly and numb",
    "leg_pain_lasting": "my left calf has been sore for 3 days",
    "unexplained_weight_loss": "I'm losing weight without trying",
    "feeling_stressed": "I'm so anxious",
}


def test_every_finding_a_rule_uses_has_lay_words_the_reader_understands() -> None:
    kb = knowledge_base()
    used = {i for rule in kb.rules for m in rule.when for i in match_ids(m)} & set(kb.vocabulary.findings)
    assert used <= set(LAY), f"no lay words listed for {sorted(used - set(LAY))}"
    misread = {f: read_text(LAY[f]).findings for f in sorted(used) if f not in read_text(LAY[f]).findings}
    assert not misread, misread
