"""Rows <-> diary records. Kept apart from the queries so each stays short."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bumpwise.diary.records import CheckIn, DiaryEntry, Goal, GoalRating, PainRating
from bumpwise.storage.models import CheckInRow, EntryRow, GoalRatingRow, GoalRow, PainRow


def _listed(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


def _tupled(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def entry_row(entry: DiaryEntry, owner: str) -> EntryRow:
    return EntryRow(
        owner_id=owner, id=entry.id, day=entry.day, week=entry.week, character=_listed(entry.character),
        tried=_listed(entry.tried), helped=_listed(entry.helped), sleep_hours=entry.sleep_hours,
        sleep_disturbed=entry.sleep_disturbed, note=entry.note, created_at=entry.created_at,
        pains=[PainRow(owner_id=owner, region=p.region, score=p.score, position=i, side=p.side)
               for i, p in enumerate(entry.pains)],
    )


def entry_values(entry: DiaryEntry, owner: str) -> dict[str, Any]:
    """The entries row of an entry, as column values (for SQLAlchemy Core)."""
    return {"owner_id": owner, "id": entry.id, "day": entry.day, "week": entry.week,
            "character": _listed(entry.character),
            "tried": _listed(entry.tried), "helped": _listed(entry.helped), "sleep_hours": entry.sleep_hours,
            "sleep_disturbed": entry.sleep_disturbed, "note": entry.note, "created_at": entry.created_at}


def pain_values(entry: DiaryEntry, owner: str) -> list[dict[str, Any]]:
    return [{"owner_id": owner, "entry_id": entry.id, "region": p.region, "score": p.score, "position": i,
             "side": p.side} for i, p in enumerate(entry.pains)]


def checkin_values(checkin: CheckIn, owner: str) -> dict[str, Any]:
    return {"owner_id": owner, "id": checkin.id, "day": checkin.day, "week": checkin.week, "level": checkin.level,
            "input": checkin.input, "result": checkin.result, "knowledge_version": checkin.knowledge_version,
            "engine_version": checkin.engine_version, "created_at": checkin.created_at}


def entry_record(row: EntryRow) -> DiaryEntry:
    # model_construct: the row was validated on the way in; re-validating a year of entries
    # on every page view would cost more than the page.
    return DiaryEntry.model_construct(
        id=row.id, day=row.day, week=row.week,
        pains=tuple(PainRating.model_construct(region=p.region, score=p.score, side=p.side)  # type: ignore[arg-type]
                    for p in row.pains),  # side was validated on the way in
        character=_tupled(row.character), tried=_tupled(row.tried), helped=_tupled(row.helped),
        sleep_hours=row.sleep_hours, sleep_disturbed=row.sleep_disturbed, note=row.note,
        created_at=row.created_at,
    )


def entry_from(row: Mapping[Any, Any], pains: Iterable[tuple[str, int, str | None]]) -> DiaryEntry:
    """An entry from plain column values and its (region, score, side) ratings in order."""
    return DiaryEntry.model_construct(
        id=row["id"], day=row["day"], week=row["week"],
        pains=tuple(PainRating.model_construct(region=r, score=s, side=side)  # type: ignore[arg-type]
                    for r, s, side in pains),  # side was validated on the way in
        character=_tupled(row["character"]), tried=_tupled(row["tried"]), helped=_tupled(row["helped"]),
        sleep_hours=row["sleep_hours"], sleep_disturbed=row["sleep_disturbed"], note=row["note"],
        created_at=row["created_at"],
    )


def checkin_row(checkin: CheckIn, owner: str) -> CheckInRow:
    return CheckInRow(
        owner_id=owner, id=checkin.id, day=checkin.day, week=checkin.week, level=checkin.level, input=checkin.input,
        result=checkin.result, knowledge_version=checkin.knowledge_version,
        engine_version=checkin.engine_version, created_at=checkin.created_at,
    )


def checkin_record(row: CheckInRow) -> CheckIn:
    return CheckIn.model_construct(
        id=row.id, day=row.day, week=row.week, input=row.input, result=row.result,
        knowledge_version=row.knowledge_version, engine_version=row.engine_version, created_at=row.created_at,
    )


def goal_row(goal: Goal, owner: str) -> GoalRow:
    return GoalRow(owner_id=owner, id=goal.id, title=goal.title, created_on=goal.created_on, retired_on=goal.retired_on)


def goal_record(row: GoalRow) -> Goal:
    return Goal.model_construct(id=row.id, title=row.title, created_on=row.created_on,
                                retired_on=row.retired_on)


def rating_row(rating: GoalRating, owner: str) -> GoalRatingRow:
    return GoalRatingRow(owner_id=owner, id=rating.id, goal_id=rating.goal_id, day=rating.day, week=rating.week,
                         score=rating.score)


def rating_record(row: GoalRatingRow) -> GoalRating:
    return GoalRating.model_construct(id=row.id, goal_id=row.goal_id, day=row.day, week=row.week,
                                      score=row.score)
