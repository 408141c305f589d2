"""The relief plan: fitted to the causes and week, withholding what is unsafe, saying why."""

from __future__ import annotations

from bumpwise import assess

ACTIVE = {"exercise", "stretch", "movement"}


def ids(result: dict, key: str = "items") -> list[str]:  # type: ignore[type-arg]
    return [i["id"] for i in result["plan"][key]]


def test_self_care_plan_targets_the_top_cause_with_doses() -> None:
    result = assess({"week": 24, "findings": ["low_back", "dull_ache", "worse_end_of_day", "worse_standing"]})
    items = result["plan"]["items"]
    assert result["causes"][0]["id"] == "lumbar_pain"
    assert any("lumbar_pain" in i["targets"] for i in items)
    assert all(i["dose"] and i["steps"] and i["sources"] for i in items)
    assert len({i["kind"] for i in items}) >= 3, "a plan mixes kinds (exercise, sleep, posture...)"


def test_contraindication_withholds_activity_and_says_why() -> None:
    result = assess({"week": 29, "findings": ["sacroiliac", "worse_turning_in_bed"], "flags": ["placenta_previa"]})
    assert not {i["kind"] for i in result["plan"]["items"]} & ACTIVE
    assert any("pelvic_girdle_pain" in i["targets"] for i in result["plan"]["items"])
    reasons = {w["rule"] for w in result["plan"]["withheld"]}
    assert "placenta_praevia_from_26_weeks" in reasons


def test_placenta_praevia_before_26_weeks_allows_activity() -> None:
    result = assess({"week": 20, "findings": ["sacroiliac", "worse_turning_in_bed"], "flags": ["placenta_previa"]})
    assert {i["kind"] for i in result["plan"]["items"]} & ACTIVE


def test_when_someone_must_be_seen_the_plan_waits() -> None:
    result = assess({"week": 33, "findings": ["calf", "one_side", "calf_swelling_one_side", "leg_red_warm"]})
    assert result["triage"]["level"] == "urgent"
    assert all(i["while_waiting"] for i in result["plan"]["items"])
    assert not any(i["kind"] == "massage" for i in result["plan"]["items"])
    labour = assess({"week": 32, "findings": ["low_back", "dull_ache", "worse_end_of_day", "regular_tightenings"]})
    assert labour["triage"]["level"] == "urgent"
    assert not {i["kind"] for i in labour["plan"]["items"]} & ACTIVE
    withheld = {w["rule"] for w in labour["plan"]["withheld"]}
    assert withheld == {"must_be_seen_first"}, "back-pain relief waits until labour has been ruled out"


def test_no_lying_flat_from_16_weeks_but_allowed_earlier() -> None:
    late = assess({"week": 30, "findings": ["low_back", "dull_ache", "worse_bending_lifting"]})
    assert all("supine" not in i["positions"] for i in late["plan"]["items"])
    unknown = assess({"findings": ["low_back", "dull_ache", "worse_bending_lifting"]})
    assert all("supine" not in i["positions"] for i in unknown["plan"]["items"])


def test_leg_cramps_never_massaged_with_a_clot_history() -> None:
    result = assess({"week": 26, "findings": ["calf", "cramp_spasm", "at_night"], "flags": ["history_blood_clot"]})
    assert result["causes"][0]["id"] == "leg_cramps"
    assert not [i for i in result["plan"]["items"] if i["kind"] == "massage"]


def test_pgp_plan_carries_what_to_avoid_including_bed_rest() -> None:
    result = assess({"week": 30, "findings": ["pubic", "worse_legs_apart", "worse_single_leg"]})
    avoid = " ".join(a["title"] + " " + a["why"] for a in result["plan"]["avoid"]).lower()
    assert "bed rest" in avoid or "resting in bed" in avoid


def test_soon_level_offers_physiotherapy() -> None:
    result = assess({"week": 34, "pain_score": 8, "findings": ["sacroiliac", "limits_daily_life"]})
    assert result["triage"]["level"] == "soon"
    assert any(i["kind"] == "care_team" for i in result["plan"]["items"])
