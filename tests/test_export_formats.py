"""Exports: the FHIR Bundle validates and codes what it must; JSON round-trips any diary; the PDF
summary carries every red flag ever reported; "not asked" never turns into "no" anywhere."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pypdf
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bumpwise.diary.records import CheckIn, Diary, DiaryEntry, Goal, GoalRating, PainRating
from bumpwise.diary.summary import build_summary
from bumpwise.diary.vocab import vocabulary
from bumpwise.export import csv_format, fhir_bundle, json_format
from bumpwise.export.pdf_summary import render_pdf
from bumpwise.export.summary_text import render_text


def checkin(day: date, red_flags: dict[str, str], denied: tuple[str, ...] = ()) -> CheckIn:
    result: dict[str, Any] = {
        "context": {"week": 30}, "findings": ["sacroiliac", *red_flags], "denied": list(denied),
        "triage": {"level": "urgent" if red_flags else "self_care", "label": "label", "action": "action",
                   "reasons": [{"rule": "r", "explanation": "because", "sources": ["S25"]}]},
        "red_flags": [{"id": k, "label": v} for k, v in red_flags.items()],
        "plan": {"items": [{"id": "x", "title": "Side-lying rest", "dose": "10 min", "sources": ["S9"]}],
                 "avoid": [], "withheld": []},
        "knowledge_version": "kb-1", "engine_version": "0.1.0"}
    return CheckIn(day=day, week=30, input={"week": 30, "findings": ["sacroiliac", *red_flags]}, result=result,
                   knowledge_version="kb-1", engine_version="0.1.0")


def diary() -> Diary:
    goal = Goal(title="Walk to the shops", created_on=date(2025, 3, 1))
    return Diary(
        entries=(
            DiaryEntry(day=date(2025, 3, 1), week=29, pains=(PainRating(region="pubic", score=3),
                                                              PainRating(region="low_back", score=5)),
                       sleep_disturbed=False, character=(), tried=("warm bath",), helped=("warm bath",)),
            DiaryEntry(day=date(2025, 3, 4), pains=(PainRating(region="pubic", score=6),)),
        ),
        checkins=(checkin(date(2025, 1, 10), {"vaginal_bleeding": "Bleeding or spotting from the vagina"}),
                  checkin(date(2025, 3, 5), {"calf_swelling_one_side": "One calf or leg is swollen"},
                          denied=("fever",))),
        goals=(goal,),
        goal_ratings=(GoalRating(goal_id=goal.id, day=date(2025, 3, 2), score=4),),
    )


def test_fhir_bundle_validates_and_codes_each_pain_rating_with_loinc_and_body_site() -> None:
    data = json.loads(fhir_bundle.dumps(diary()))
    Bundle.model_validate(data)  # raises if any resource is not valid R4
    resources = [e["resource"] for e in data["entry"]]
    pains = [r for r in resources if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "72514-3"]
    assert [(p["bodySite"]["coding"][0]["code"], p["valueInteger"]) for p in pains] == [
        ("pubic", 3), ("low_back", 5), ("pubic", 6)]
    assert all(p["code"]["coding"][0]["system"] == "http://loinc.org" for p in pains)
    responses = [r for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    checkins = [r for r in responses if r["questionnaire"].endswith("check-in")]
    assert len(checkins) == 2


def test_fhir_keeps_not_asked_apart_from_no() -> None:
    data = json.loads(fhir_bundle.dumps(diary()))
    responses = [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    first_entry, second_entry, _, last_checkin = responses
    items = {i["linkId"]: i["answer"] for i in first_entry["item"]}
    assert items["sleep_disturbed"] == [{"valueBoolean": False}]  # answered no
    assert items["character"] == [{"valueString": "none"}]  # asked, none
    assert "sleep_disturbed" not in {i["linkId"] for i in second_entry["item"]}  # not asked: no item
    answers = {i["linkId"]: i["answer"] for i in last_checkin["item"]}
    assert answers["finding.fever"] == [{"valueBoolean": False}]  # denied
    assert answers["finding.calf_swelling_one_side"] == [{"valueBoolean": True}]
    assert "finding.vaginal_bleeding" not in answers  # not asked in this check-in
    assert answers["red_flags"][0]["valueCoding"]["code"] == "calf_swelling_one_side"


def test_fhir_export_survives_a_check_in_whose_words_were_empty() -> None:
    """`{"text": ""}` is a valid check-in (the engine accepts it): it must not make the diary
    impossible to export as FHIR, which has no empty strings."""
    saved = checkin(date(2025, 3, 2), {})
    empty = CheckIn(day=saved.day, input={**saved.input, "text": "", "onset": ""}, result=saved.result,
                    knowledge_version="kb-1", engine_version="0.1.0")
    Bundle.model_validate_json(fhir_bundle.dumps(Diary(checkins=(empty,))))


def test_pdf_summary_contains_every_red_flag_ever_reported_even_outside_the_range() -> None:
    summary = build_summary(diary(), date(2025, 3, 1), date(2025, 3, 31), sections=("trends",))
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(summary))).pages)
                    .split())
    assert "Bleeding or spotting from the vagina" in text  # reported in January, range is March
    assert "One calf or leg is swollen" in text
    assert "Front of the pelvis" in text and "rose from 3 to 6" in text
    assert "Current plan" not in text, "sections not chosen are left out"


def test_text_summary_has_every_chosen_section() -> None:
    text = render_text(build_summary(diary(), date(2025, 1, 1), date(2025, 3, 31)))
    for heading in ("WARNING SIGNS EVER REPORTED", "CURRENT LEVEL AND REASONS", "PAIN BY REGION", "PERSONAL GOALS",
                    "WHAT THE PAIN FELT LIKE", "SLEEP", "WHAT WAS TRIED AND WHAT HELPED", "CURRENT PLAN", "REFERENCES"):
        assert heading in text
    assert "warm bath  1           1" in text
    assert "Side-lying rest: 10 min" in text  # one line per plan item
    assert "Health for Under 5s (NHS). Ectopic pregnancy." in text and "NHS. Back pain in pregnancy." in text


def test_every_export_shows_the_red_flags() -> None:
    d = diary()
    assert [f["id"] for f in json_format.to_json(d)["red_flags"]] == ["vaginal_bleeding", "calf_swelling_one_side"]
    csv_text = csv_format.dumps(d)
    assert "checkin" in csv_text and ",red_flag,vaginal_bleeding," in csv_text
    assert "calf_swelling_one_side" in fhir_bundle.dumps(d)


regions = st.sampled_from(sorted(vocabulary().regions))
# Any text but NUL, which the records refuse (PostgreSQL cannot store it).
storable = st.characters(exclude_characters="\x00")
maybe_text = st.none() | st.lists(st.text(storable, min_size=1, max_size=20), max_size=3).map(tuple)
entries = st.builds(
    DiaryEntry,
    day=st.dates(date(2024, 1, 1), date(2026, 1, 1)),
    week=st.none() | st.integers(1, 42),
    pains=st.lists(st.tuples(regions, st.integers(0, 10)), max_size=4, unique_by=lambda t: t[0]).map(
        lambda ps: tuple(PainRating(region=r, score=s) for r, s in ps)),
    character=st.none() | st.lists(st.sampled_from(sorted(vocabulary().characters)), max_size=3).map(tuple),
    tried=maybe_text, helped=maybe_text,
    sleep_hours=st.none() | st.floats(0, 24, allow_nan=False).map(lambda f: round(f, 2)),
    sleep_disturbed=st.none() | st.booleans(),
    note=st.none() | st.text(storable, max_size=50),
    created_at=st.datetimes(datetime(2024, 1, 1), datetime(2026, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=UTC)),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=timedelta(seconds=2))
@given(st.lists(entries, max_size=5))
def test_json_export_parses_back_to_the_same_diary(generated: list[DiaryEntry]) -> None:
    d = Diary(entries=tuple(generated), checkins=diary().checkins)
    assert json_format.loads(json_format.dumps(d)) == d
