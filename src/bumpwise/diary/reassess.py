"""Imported check-ins are assessed again (issue 11).

A file's stored result may come from an older knowledge base, or have been edited to hide
warning signs. On import each check-in's result is computed again from its stored input with
this knowledge base, so its level and warning signs are what Bumpwise says today about what she
reported: a warning sign in the stored input is found again even if the stored result was
edited. The versions (and level) of the file's result are kept under `result["imported_from"]`.
"""

from __future__ import annotations

from typing import Any

from bumpwise.diary.records import CheckIn, Diary, DiaryInputError, FieldError


def reassessed(diary: Diary) -> Diary:
    """The diary with every check-in's result computed again; DiaryInputError names a check-in
    whose stored input this knowledge base refuses."""
    import bumpwise

    checkins = []
    errors = []
    for i, checkin in enumerate(diary.checkins):
        try:
            result: dict[str, Any] = bumpwise.assess(dict(checkin.input))
        except bumpwise.InputError as error:
            errors += [FieldError(field=f"checkins.{i}.input.{e.field}", message=e.message) for e in error.errors]
            continue
        result["imported_from"] = {"knowledge_version": checkin.knowledge_version,
                                   "engine_version": checkin.engine_version,
                                   "level": checkin.level}
        checkins.append(CheckIn.model_construct(**{
            **dict(checkin), "result": result, "knowledge_version": str(result["knowledge_version"]),
            "engine_version": str(result["engine_version"])}))
    if errors:
        raise DiaryInputError(errors)
    return Diary.model_construct(entries=diary.entries, checkins=tuple(checkins), goals=diary.goals,
                                 goal_ratings=diary.goal_ratings)
