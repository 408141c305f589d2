"""A diary entry is triaged like a check-in: its places, sides, pain and what it felt like go to
the engine, and an entry that needs more than self-care is saved with a check-in made from it
(same id, input id "diary-entry:<id>"). That check-in carries the level, the action and the
warning signs, so every view and export that counts "warning signs ever reported" counts it.

Nothing a diary entry does not ask is sent as "no": the warning-sign questions stay unanswered,
so the engine's level is the least it can be (unknown is not no)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bumpwise.diary.records import ENTRY_PREFIX, CheckIn, Diary, DiaryEntry, parse
from bumpwise.diary.trends import week_on


def assessment_input(entry: DiaryEntry, diary: Diary | None = None) -> dict[str, Any]:
    """What the entry tells the engine: places, their sides, what it felt like, the worst pain and
    the week (given, or worked out from the diary)."""
    findings = [p.region for p in entry.pains if p.score > 0]
    sides = {p.side for p in entry.pains if p.score > 0 and p.side}
    if sides == {"both"}:
        findings.append("both_sides")
    elif sides and "both" not in sides and len(sides) == 1:
        findings.append("one_side")
    findings += [c for c in entry.character or () if c not in findings]
    data: dict[str, Any] = {"id": ENTRY_PREFIX + entry.id, "findings": findings}
    if diary is not None:  # an older version of this entry says nothing about its week
        diary = Diary.model_construct(entries=tuple(e for e in diary.entries if e.id != entry.id),
                                      checkins=tuple(c for c in diary.checkins if c.id != entry.id),
                                      goals=diary.goals, goal_ratings=diary.goal_ratings)
    week = entry.week if entry.week is not None else (week_on(diary, entry.day) if diary is not None else None)
    if week is not None:
        data["week"] = week
    if entry.worst is not None:
        data["pain_score"] = entry.worst
    return data


def checkin_for(entry: DiaryEntry, diary: Diary | None = None) -> CheckIn | None:
    """The check-in made from an entry whose level is above self-care, or None."""
    import bumpwise  # the engine loads only when an entry is triaged

    given = assessment_input(entry, diary)
    result = bumpwise.assess(given)
    if result["triage"]["level"] == "self_care" and not result.get("red_flags"):
        return None
    # Its week is the entry's own (None when not given): a week worked out for triage must not
    # become an anchor of the diary's axis.
    return parse(CheckIn, {"id": entry.id, "day": entry.day, "week": entry.week,
                           "input": given, "result": result,
                           "knowledge_version": str(result["knowledge_version"]),
                           "engine_version": str(result["engine_version"]), "created_at": entry.created_at})


def entry_checkins(diary: Diary) -> dict[str, CheckIn]:
    """Each entry's check-in, by entry id."""
    return {c.entry_id: c for c in diary.checkins if c.entry_id is not None}


def day_label(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
