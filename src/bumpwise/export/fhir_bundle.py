"""The diary as a FHIR R4 Bundle (validated with fhir.resources' R4B models).

Each pain rating is an Observation coded LOINC 72514-3 with its body site; each daily entry and
each check-in is a QuestionnaireResponse. A question that was not asked has no item at all (FHIR's
own "not answered"); a "no" is an item with valueBoolean false. Body sites and findings are coded
in Bumpwise's vocabulary (urn:bumpwise:finding) with the plain-language label as text: we have not
verified a SNOMED CT mapping, and a wrong clinical code would be worse than none.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from bumpwise.diary.records import CheckIn, Diary, DiaryEntry, Goal, GoalRating
from bumpwise.diary.vocab import vocabulary

LOINC = "http://loinc.org"
PAIN_CODE = {"system": LOINC, "code": "72514-3",
             "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
SURVEY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                      "code": "survey", "display": "Survey"}]}
FINDING = "urn:bumpwise:finding"
FLAG = "urn:bumpwise:flag"
LEVEL = "urn:bumpwise:triage-level"
GOAL = "urn:bumpwise:goal"
DAILY = "urn:bumpwise:questionnaire:daily-entry"
CHECK_IN = "urn:bumpwise:questionnaire:check-in"


def _url(record_id: str, salt: str = "") -> str:
    value = uuid.UUID(record_id) if not salt else uuid.uuid5(uuid.UUID(record_id), salt)
    return f"urn:uuid:{value}"


def _item(link: str, text: str, *answers: dict[str, Any]) -> dict[str, Any]:
    return {"linkId": link, "text": text, "answer": list(answers)}


def _listed(link: str, text: str, values: tuple[str, ...] | None, labels: dict[str, str] | None = None
            ) -> list[dict[str, Any]]:
    if values is None:
        return []  # not asked: no item
    if not values:
        return [_item(link, text, {"valueString": "none"})]
    if labels is None:
        return [_item(link, text, *({"valueString": v} for v in values))]
    return [_item(link, text, *({"valueCoding": {"system": FINDING, "code": v, "display": labels.get(v, v)}}
                                for v in values))]


def entry_resources(entry: DiaryEntry) -> list[dict[str, Any]]:
    vocab = vocabulary()
    qr_url = _url(entry.id)
    items = [_item("day", "Day", {"valueDate": entry.day.isoformat()})]
    if entry.week is not None:
        items.append(_item("week", "Week of pregnancy", {"valueInteger": entry.week}))
    for pain in entry.pains:
        items.append(_item(f"pain.{pain.region}", f"Pain 0-10: {vocab.regions[pain.region]}",
                           {"valueInteger": pain.score}))
    items += _listed("character", "What it felt like", entry.character, vocab.characters)
    items += _listed("tried", "What you tried", entry.tried)
    items += _listed("helped", "What helped", entry.helped)
    if entry.sleep_hours is not None:
        items.append(_item("sleep_hours", "Hours slept", {"valueDecimal": entry.sleep_hours}))
    if entry.sleep_disturbed is not None:
        items.append(_item("sleep_disturbed", "Pain woke you", {"valueBoolean": entry.sleep_disturbed}))
    if entry.note:
        items.append(_item("note", "Note", {"valueString": entry.note}))
    out: list[dict[str, Any]] = [{"fullUrl": qr_url, "resource": {
        "resourceType": "QuestionnaireResponse", "id": uuid.UUID(entry.id).hex, "questionnaire": DAILY,
        "status": "completed", "authored": entry.created_at.isoformat(), "item": items}}]
    for pain in entry.pains:
        out.append({"fullUrl": _url(entry.id, pain.region), "resource": {
            "resourceType": "Observation", "status": "final", "category": [SURVEY],
            "code": {"coding": [PAIN_CODE], "text": "Pain 0-10"},
            "bodySite": {"coding": [{"system": FINDING, "code": pain.region,
                                     "display": vocab.regions[pain.region]}],
                         "text": vocab.regions[pain.region]},
            "effectiveDateTime": entry.day.isoformat(), "valueInteger": pain.score,
            "derivedFrom": [{"reference": qr_url}]}})
    return out


def checkin_resources(checkin: CheckIn) -> list[dict[str, Any]]:
    vocab = vocabulary()
    given, result = checkin.input, checkin.result
    items = [_item("day", "Day", {"valueDate": checkin.day.isoformat()})]
    for key, kind in (("week", "valueInteger"), ("pain_score", "valueInteger"),
                      ("duration_days", "valueInteger"), ("onset", "valueString"), ("text", "valueString")):
        if given.get(key) not in (None, ""):  # FHIR has no empty strings; "" said nothing
            items.append(_item(key, key.replace("_", " ").capitalize(), {kind: given[key]}))
    # Reported: true; denied: false; never asked: no item, so "not asked" is never read as "no".
    answered = {f: True for f in result.get("findings", given.get("findings", []))}
    answered |= {f: False for f in result.get("denied", []) if f not in answered}
    for finding, present in answered.items():
        items.append(_item(f"finding.{finding}", vocab.findings.get(finding, finding), {"valueBoolean": present}))
    for flag in given.get("flags", []):
        items.append(_item(f"flag.{flag}", vocab.flags.get(flag, flag), {"valueBoolean": True}))
    triage = result["triage"]
    items.append(_item("triage_level", "How soon to get help", {"valueCoding": {
        "system": LEVEL, "code": checkin.level, "display": triage.get("label", checkin.level)}}))
    if checkin.red_flags:
        items.append(_item("red_flags", "Warning signs reported", *(
            {"valueCoding": {"system": FINDING, "code": f.id, "display": f.label}} for f in checkin.red_flags)))
    items.append(_item("knowledge_version", "Knowledge base version", {"valueString": checkin.knowledge_version}))
    items.append(_item("engine_version", "Engine version", {"valueString": checkin.engine_version}))
    return [{"fullUrl": _url(checkin.id), "resource": {
        "resourceType": "QuestionnaireResponse", "id": uuid.UUID(checkin.id).hex, "questionnaire": CHECK_IN,
        "status": "completed", "authored": checkin.created_at.isoformat(), "item": items}}]


def goal_rating_resource(goal: Goal, rating: GoalRating) -> dict[str, Any]:
    return {"fullUrl": _url(rating.id), "resource": {
        "resourceType": "Observation", "status": "final", "category": [SURVEY],
        "code": {"coding": [{"system": GOAL, "code": goal.id, "display": goal.title}],
                 "text": f"Patient-Specific Functional Scale, 0-10: {goal.title}"},
        "effectiveDateTime": rating.day.isoformat(), "valueInteger": rating.score}}


def bundle(diary: Diary, *, now: datetime | None = None) -> Bundle:
    goals = {g.id: g for g in diary.goals}
    entries: list[dict[str, Any]] = []
    for entry in diary.entries:
        entries += entry_resources(entry)
    for checkin in diary.checkins:
        entries += checkin_resources(checkin)
    entries += [goal_rating_resource(goals[r.goal_id], r) for r in diary.goal_ratings]
    stamp = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    return Bundle.model_validate({"resourceType": "Bundle", "type": "collection", "timestamp": stamp,
                                  "entry": entries})


def dumps(diary: Diary) -> str:
    return bundle(diary).model_dump_json(indent=2, exclude_none=True) + "\n"
