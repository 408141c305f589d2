"""The diary's storage, run identically on SQLite and PostgreSQL (see test_storage_backends)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

import test_storage_backends as backends
from bumpwise.diary.records import (
    CheckIn,
    Diary,
    DiaryEntry,
    DiaryInputError,
    Goal,
    GoalRating,
    PainRating,
    parse,
)
from bumpwise.storage import Store, open_store
from bumpwise.storage.db import json_loads

# Shared fixtures: the same tests on SQLite and PostgreSQL.
database_url, postgres_url, store = backends.database_url, backends.postgres_url, backends.store


def result(level: str = "urgent", red_flags: tuple[str, ...] = ("vaginal_bleeding",)) -> dict[str, Any]:
    return {"triage": {"level": level, "label": "Contact your maternity team today", "action": "Call now.",
                       "reasons": [{"rule": "bleeding_any", "findings": list(red_flags),
                                    "explanation": "Any bleeding needs a same-day check."}]},
            "red_flags": [{"id": f, "label": f.replace("_", " ")} for f in red_flags],
            "causes": [], "plan": {"items": [], "withheld": []},
            "knowledge_version": "kb-7", "engine_version": "0.1.0"}


def test_an_entry_comes_back_exactly_keeping_not_asked_apart_from_no(store: Store) -> None:
    asked = parse(DiaryEntry, {"day": "2025-03-01", "week": 24,
                               "pains": [{"region": "pubic", "score": 7}, {"region": "low_back", "score": 0}],
                               "character": [], "tried": ["warm bath"], "helped": [],
                               "sleep_hours": 6.5, "sleep_disturbed": False, "note": "stairs were hard"})
    not_asked = parse(DiaryEntry, {"day": "2025-03-02"})
    store.add_entry(asked)
    store.add_entry(not_asked)
    entries = store.load().entries
    assert entries == (asked, not_asked)
    assert entries[0].sleep_disturbed is False and entries[1].sleep_disturbed is None
    assert entries[0].character == () and entries[1].character is None
    assert [p.region for p in entries[0].pains] == ["pubic", "low_back"], "order as given"


def test_a_checkin_keeps_its_full_input_result_and_versions(store: Store) -> None:
    given = {"week": 30, "findings": ["sacroiliac", "vaginal_bleeding"], "text": "spotting, no fever"}
    saved = store.save_checkin(CheckIn(day=date(2025, 3, 3), week=30, input=given, result=result(),
                                       knowledge_version="kb-7", engine_version="0.1.0"))
    (loaded,) = store.load().checkins
    assert loaded == saved
    assert loaded.input == given and loaded.result == result()
    assert (loaded.knowledge_version, loaded.engine_version) == ("kb-7", "0.1.0")
    assert [f.id for f in loaded.red_flags] == ["vaginal_bleeding"]
    assert loaded.created_at.tzinfo is not None


def test_stored_json_reads_back_as_written_also_what_orjson_refuses(store: Store) -> None:
    """JSON columns are read with orjson (faster on big check-in results), falling back to the
    standard library for what orjson refuses: an integer past 64 bits, NaN."""
    odd = result() | {"big": 2**70, "words": "é, 🤰, \u2028", "nested": [[{"x": 1.5e-7}]]}
    saved = store.save_checkin(CheckIn(day=date(2025, 3, 3), week=30, input={"week": 30}, result=odd,
                                       knowledge_version="kb-7", engine_version="0.1.0"))
    (loaded,) = store.load().checkins
    assert loaded == saved and loaded.result == odd and loaded.result["big"] == 2**70
    assert store.engine.dialect._json_deserializer is json_loads  # type: ignore[attr-defined]
    assert math.isnan(json_loads("NaN")) and json_loads(b'{"a": [1, 2.5]}') == {"a": [1, 2.5]}


def test_load_filters_by_date_range_inclusive(store: Store) -> None:
    for day in (1, 2, 3, 4):
        store.add_entry(DiaryEntry(day=date(2025, 5, day), pains=(PainRating(region="buttock", score=day),)))
    got = store.load(start=date(2025, 5, 2), end=date(2025, 5, 3)).entries
    assert [e.day.day for e in got] == [2, 3]


def test_at_most_three_active_goals_and_one_rating_per_goal_per_day(store: Store) -> None:
    goals = [store.add_goal(Goal(title=t, created_on=date(2025, 1, 1)))
             for t in ("stairs", "walk 20 min", "sleep")]
    with pytest.raises(DiaryInputError, match="title: you already have 3 goals"):
        store.add_goal(Goal(title="swim", created_on=date(2025, 1, 1)))
    store.retire_goal(goals[0].id, date(2025, 2, 1))
    store.add_goal(Goal(title="swim", created_on=date(2025, 2, 1)))
    store.rate_goal(GoalRating(goal_id=goals[1].id, day=date(2025, 2, 1), score=3))
    store.rate_goal(GoalRating(goal_id=goals[1].id, day=date(2025, 2, 1), score=5))
    assert [r.score for r in store.load().goal_ratings] == [5]
    with pytest.raises(DiaryInputError, match="goal_id: no goal"):
        store.rate_goal(GoalRating(goal_id="0" * 32, day=date(2025, 2, 1), score=5))


def sample_diary() -> Diary:
    goal = Goal(title="climb the stairs", created_on=date(2025, 1, 6))
    return Diary(
        entries=(DiaryEntry(day=date(2025, 1, 6), week=20, pains=(PainRating(region="sacroiliac", score=4),),
                            sleep_disturbed=True, created_at=datetime(2025, 1, 6, 20, tzinfo=UTC)),),
        checkins=(CheckIn(day=date(2025, 1, 7), week=20, input={"week": 20}, result=result(),
                          knowledge_version="kb-7", engine_version="0.1.0"),),
        goals=(goal,),
        goal_ratings=(GoalRating(goal_id=goal.id, day=date(2025, 1, 6), week=20, score=4),),
    )


def test_import_replace_gives_exactly_the_imported_diary(store: Store) -> None:
    store.add_entry(DiaryEntry(day=date(2024, 12, 1)))
    diary = sample_diary()
    report = store.import_diary(diary, "replace")
    assert report.added == {"goals": 1, "goal_ratings": 1, "entries": 1, "checkins": 1}
    assert store.load() == diary


def test_import_merge_adds_only_what_is_new(store: Store) -> None:
    own = store.add_entry(DiaryEntry(day=date(2024, 12, 1)))
    diary = sample_diary()
    store.import_diary(diary, "merge")
    report = store.import_diary(diary, "merge")
    assert report.added == {"goals": 0, "goal_ratings": 0, "entries": 0, "checkins": 0}
    assert report.kept["entries"] == 1
    assert [e.id for e in store.load().entries] == [own.id, diary.entries[0].id]


def test_a_merge_that_would_break_a_rule_changes_nothing(store: Store) -> None:
    for title in ("a", "b"):
        store.add_goal(Goal(title=title, created_on=date(2025, 1, 1)))
    before = store.load()
    two_more = Diary(goals=tuple(Goal(title=t, created_on=date(2025, 1, 2)) for t in "cd"))
    with pytest.raises(DiaryInputError, match="goals: merging would leave 4 active goals"):
        store.import_diary(two_more, "merge")
    assert store.load() == before


def test_an_import_failing_half_way_in_the_database_rolls_back_completely(store: Store) -> None:
    store.add_entry(DiaryEntry(day=date(2024, 12, 1)))
    before = store.load()
    good = sample_diary()
    # model_construct skips validation, so the database's own check (score 0..10) is what refuses it.
    too_high = (PainRating.model_construct(region="pubic", score=11),)
    bad_entry = DiaryEntry.model_construct(**{**good.entries[0].model_dump(), "id": "f" * 32,
                                              "pains": too_high})
    broken = Diary.model_construct(entries=(*good.entries, bad_entry), checkins=good.checkins,
                                   goals=good.goals, goal_ratings=good.goal_ratings)
    with pytest.raises(IntegrityError):
        store.import_diary(broken, "replace")
    assert store.load() == before


def test_what_a_back_end_cannot_store_is_refused_by_name_on_every_back_end(store: Store) -> None:
    """PostgreSQL refuses NUL in text and versions over VARCHAR(64): those must be field errors (a
    422 on the web, a message on the CLI) before the database is reached, not a 500 there."""
    store.add_entry(DiaryEntry(day=date(2025, 1, 1), note="kept"))
    before = store.load()
    bad: list[tuple[type[Any], dict[str, Any], str]] = [
        (DiaryEntry, {"day": "2025-01-02", "note": "a\x00b"}, "note"),
        (DiaryEntry, {"day": "2025-01-02", "tried": ["walk\x00"]}, "tried.0"),
        (Goal, {"title": "stairs\x00", "created_on": "2025-01-02"}, "title"),
        (CheckIn, {"day": "2025-01-02", "input": {}, "result": result(), "knowledge_version": "k" * 65,
                   "engine_version": "0.1.0"}, "knowledge_version"),
    ]
    for model, data, field in bad:
        with pytest.raises(DiaryInputError) as refused:
            parse(model, data)
        assert [e.field for e in refused.value.errors] == [field]
    with pytest.raises(DiaryInputError, match=r"entries\.0\.note"):
        store.import_diary(parse(Diary, {"entries": [{"day": "2025-01-02", "note": "\x00"}]}), "replace")
    assert store.load() == before


def test_delete_all_removes_every_record(store: Store, database_url: str) -> None:
    store.import_diary(sample_diary(), "replace")
    store.delete_all()
    assert dict(store.counts()) == {"entries": 0, "checkins": 0, "goals": 0, "goal_ratings": 0}
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pain_ratings")).scalar_one() == 0
    # and a reopened store sees the same
    with open_store(url=database_url) as again:
        assert again.load() == Diary()


def test_deleting_an_entry_deletes_its_ratings(store: Store) -> None:
    entry = store.add_entry(DiaryEntry(day=date(2025, 1, 1), pains=(PainRating(region="calf", score=2),)))
    assert store.delete_entry(entry.id) is True
    assert store.delete_entry(entry.id) is False
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pain_ratings")).scalar_one() == 0


def test_the_fast_writes_store_exactly_what_the_orm_stored(tmp_path: Any) -> None:
    """Entries and check-ins go to SQLite without the ORM (issue 14): the rows are the ORM's, byte
    for byte: JSON lists and NULLs, dates, aware times as naive UTC, booleans, pain order."""
    from sqlalchemy.orm import Session

    from bumpwise.storage import convert

    entries = [
        parse(DiaryEntry, {"day": "2025-03-01", "week": 24, "pains": [{"region": "pubic", "score": 7},
                                                                     {"region": "low_back", "score": 0}],
                           "character": ["sharp_stabbing"], "tried": [], "helped": None, "sleep_hours": 6.5,
                           "sleep_disturbed": True, "note": "naïve “quoted” 😀"}),
        parse(DiaryEntry, {"day": "2025-03-02", "pains": []}),
    ]
    checkin = CheckIn(day=date(2025, 3, 1), week=24, input={"week": 24, "text": "ça tire"}, result=result(),
                      knowledge_version="kb-7", engine_version="0.1.0",
                      created_at=datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC))
    tables = {"entries": "id", "pain_ratings": "entry_id, position", "checkins": "id"}
    dumps = []
    for fast in (True, False):
        with open_store(url=f"sqlite:///{tmp_path / f'{fast}.sqlite3'}") as base:
            # an account of her own (issue 11): the owner is written by the fast path too
            with base.engine.begin() as connection:
                connection.execute(text("INSERT INTO accounts (id, name, user_handle, created_at) "
                                        "VALUES ('b' || :x, 'b', 'b', '2025-01-01 00:00:00')"), {"x": "0" * 31})
            one = base.scoped("b" + "0" * 31)
            if fast:
                for e in entries:
                    one.add_entry(e)
                one.save_checkin(checkin)
            else:
                with Session(one.engine) as session, session.begin():
                    session.add_all([convert.entry_row(e, one.owner) for e in entries]
                                    + [convert.checkin_row(checkin, one.owner)])
            with one.engine.connect() as connection:
                dumps.append({t: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {t} ORDER BY {o}"))]
                              for t, o in tables.items()})
            loaded = one.load()
            assert list(loaded.entries) == entries and list(loaded.checkins) == [checkin]
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["pain_ratings"]) == 2
    assert all("b" + "0" * 31 in row for rows in dumps[0].values() for row in rows), "the owner is written"
