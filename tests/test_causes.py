"""Ranking the likely causes: transparent evidence, serious causes first when a same-day rule
points to them, places that must fit, and alternatives a clinician would name."""

from __future__ import annotations

from bumpwise import assess


def ids(result: dict) -> list[str]:  # type: ignore[type-arg]
    return [c["id"] for c in result["causes"]]


def test_why_lists_what_pointed_to_each_cause_strongest_first() -> None:
    result = assess({"week": 30, "findings": ["sacroiliac", "one_side", "worse_single_leg"]})
    top = result["causes"][0]
    assert top["id"] == "pelvic_girdle_pain"
    assert top["why"] == ["sacroiliac", "worse_single_leg", "one_side"]
    assert abs(sum(c["score"] for c in result["causes"]) - 1) < 0.01


def test_a_cause_whose_places_were_not_reported_is_not_offered() -> None:
    back_of_pelvis = assess({"week": 22, "findings": ["sacroiliac", "one_side", "worse_turning_in_bed"]})
    assert "round_ligament_pain" not in ids(back_of_pelvis)
    belly = assess({"week": 22, "findings": ["lower_abdomen", "one_side", "worse_turning_in_bed"]})
    assert ids(belly)[0] == "round_ligament_pain"


def test_alternatives_are_the_top_causes_look_alikes() -> None:
    result = assess({"week": 30, "findings": ["sacroiliac", "worse_single_leg"]})
    assert ids(result) == ["pelvic_girdle_pain", "lumbar_pain", "sciatica"], "PGP's look-alikes, in order"
    assert [c["why"] for c in result["causes"][1:]] == [[], []]
    cramps = assess({"week": 26, "findings": ["calf", "cramp_spasm"]})
    # A clot is a look-alike of cramps, but a cause that needs a clinician is never offered as a
    # filler without one of its signs (policy "Explaining causes"): the next everyday look-alike is.
    assert ids(cramps)[:2] == ["leg_cramps", "sciatica"]
    assert "deep_vein_thrombosis" not in ids(cramps)
    swollen = assess({"week": 26, "findings": ["calf", "cramp_spasm", "calf_swelling_one_side"]})
    assert "deep_vein_thrombosis" in ids(swollen)


def test_a_same_day_rule_puts_its_serious_cause_first() -> None:
    result = assess({"week": 30, "findings": ["low_back", "dull_ache", "worse_bending_lifting", "regular_tightenings"]})
    assert ids(result)[0] == "preterm_labour"
    assert "lumbar_pain" in ids(result)[:3]


def test_a_soon_rule_adds_weight_but_evidence_decides() -> None:
    result = assess({"week": 30, "findings": ["thigh_outer", "burning_tingling", "leg_numbness_tingling"]})
    assert result["triage"]["level"] == "soon"
    assert ids(result)[:2] == ["meralgia_paresthetica", "sciatica"]


def test_the_week_shapes_the_ranking() -> None:
    early = assess({"week": 9, "findings": ["lower_abdomen", "comes_in_waves", "vaginal_bleeding"]})
    late = assess({"week": 32, "findings": ["lower_abdomen", "comes_in_waves", "vaginal_bleeding"]})
    assert ids(early)[0] == "miscarriage"
    assert ids(late)[0] in {"preterm_labour", "placental_abruption"}
    assert "miscarriage" not in ids(late)[:1]


def test_a_serious_cause_listed_below_its_page_says_which_rule_listed_it() -> None:
    """Kidney-area pain alone is `soon` (a urine test within days); a kidney infection's page is
    `urgent`. The cause carries the structured facts a renderer needs to say why this person's
    level is lower: the page's level and the rule that listed it, with that rule's level."""
    result = assess({"week": 24, "findings": ["flank"]})
    assert result["triage"]["level"] == "soon"
    kidney = next(c for c in result["causes"] if c["id"] == "pyelonephritis")
    assert (kidney["page_level"], kidney["listed_by"], kidney["listed_level"]) == (
        "urgent", "soon_kidney_area_pain", "soon")
    assert "soon_kidney_area_pain" in [r["rule"] for r in result["triage"]["reasons"]]
    everyday = assess({"week": 30, "findings": ["sacroiliac", "worse_single_leg"]})["causes"][0]
    assert (everyday["id"], everyday["listed_by"], everyday["listed_level"]) == ("pelvic_girdle_pain", None, None)


def test_the_page_level_is_the_stage_s_own() -> None:
    """Pre-eclampsia's signs are `urgent` in pregnancy; a severe headache after the birth is an
    emergency. In pregnancy the after-birth rule must not lift its page level (which would keep a
    diagnosed pre-eclampsia off the list of a person at `urgent`)."""
    pregnant = assess({"week": 30, "findings": ["fever"], "flags": ["preeclampsia_diagnosed"]})
    assert pregnant["triage"]["level"] == "urgent"
    assert [c["page_level"] for c in pregnant["causes"] if c["id"] == "preeclampsia"] == ["urgent"]
    after = assess({"weeks_since_birth": 1, "findings": ["severe_headache"]})
    assert [c["page_level"] for c in after["causes"] if c["id"] == "preeclampsia"] == ["emergency"]
