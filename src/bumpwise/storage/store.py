"""The diary's storage: every write is one transaction, so nothing is ever half-saved."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from bumpwise.diary.records import (
    MAX_GOALS,
    CheckIn,
    Diary,
    DiaryEntry,
    DiaryInputError,
    FieldError,
    Goal,
    GoalRating,
)
from bumpwise.settings import Settings
from bumpwise.storage import convert
from bumpwise.storage.db import make_engine, migrate
from bumpwise.storage.models import CheckInRow, EntryRow, GoalRatingRow, GoalRow, PainRow

_ENTRIES: Table = EntryRow.__table__  # type: ignore[assignment]
_PAINS: Table = PainRow.__table__  # type: ignore[assignment]
_CHECKINS: Table = CheckInRow.__table__  # type: ignore[assignment]
Processor = Callable[[Any], Any] | None


@cache
def _plain_insert(engine: Engine, table: Table) -> tuple[str, tuple[str, ...], tuple[Processor, ...]]:
    """An INSERT of every column compiled once for this engine: its SQL, the column order, and
    each column type's bind processor (JSON, dates, aware times, booleans)."""
    compiled = insert(table).compile(dialect=engine.dialect, column_keys=[c.key for c in table.columns])
    keys = tuple(compiled.positiontup or ())
    processors: Mapping[str, Any] = compiled._bind_processors
    return compiled.string, keys, tuple(processors.get(k) for k in keys)


def _active_goals(session: Session) -> int:
    count = session.scalar(select(func.count()).select_from(GoalRow).where(GoalRow.retired_on.is_(None)))
    return count or 0


@dataclass
class ImportReport:
    mode: str
    added: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)  # merge: already there, left unchanged


def open_store(settings: Settings | None = None, url: str | None = None) -> Store:
    """Open (creating and migrating on first use) the database the settings or URL name."""
    if url is None:
        if settings is None:
            raise TypeError("open_store needs settings or a url")
        url = settings.effective_database_url
    engine = make_engine(url)
    migrate(engine)
    return Store(engine)


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            session.connection(execution_options={"sqlite_write": True})
            yield session

    @contextmanager
    def _write_core(self) -> Iterator[Connection]:
        """One write transaction on a plain connection, for the hot paths (SQLAlchemy Core: the
        same tables and column types, without the ORM's unit of work)."""
        with self.engine.connect().execution_options(sqlite_write=True) as connection, connection.begin():
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    # --- writing ---------------------------------------------------------------------------

    def add_entry(self, entry: DiaryEntry) -> DiaryEntry:
        self._insert((_ENTRIES, [convert.entry_values(entry)]), (_PAINS, convert.pain_values(entry)))
        return entry

    def save_checkin(self, checkin: CheckIn) -> CheckIn:
        self._insert((_CHECKINS, [convert.checkin_values(checkin)]))
        return checkin

    def _insert(self, *rows: tuple[Table, list[dict[str, Any]]]) -> None:
        """Insert rows in one write transaction: the hot paths (a diary entry, a saved check-in).

        On SQLite the rows go straight to the driver, each value through the column type's own
        bind processor (so stored exactly as the ORM stores it; tests/test_storage_store.py
        compares), in BEGIN IMMEDIATE ... COMMIT with synchronous=FULL as ever; the ORM's unit of
        work cost about 1 ms an entry. Elsewhere, SQLAlchemy Core."""
        if self.engine.dialect.name != "sqlite":
            with self._write_core() as connection:
                for table, values in rows:
                    if values:
                        connection.execute(insert(table), values)
            return
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                for table, values in rows:
                    if values:
                        sql, keys, processors = _plain_insert(self.engine, table)
                        cursor.executemany(sql, [[v[k] if p is None else p(v[k]) for k, p in zip(keys, processors,
                                                                                                   strict=True)]
                                                 for v in values])
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            finally:
                cursor.close()
        finally:
            raw.close()

    def add_goal(self, goal: Goal) -> Goal:
        with self._write() as session:
            active = _active_goals(session)
            if goal.retired_on is None and active >= MAX_GOALS:
                raise DiaryInputError([FieldError(field="title", message=(
                    f"you already have {MAX_GOALS} goals; retire one before adding another"))])
            session.add(convert.goal_row(goal))
        return goal

    def retire_goal(self, goal_id: str, day: date) -> None:
        with self._write() as session:
            row = session.get(GoalRow, goal_id)
            if row is None:
                raise DiaryInputError([FieldError(field="goal_id", message=f"no goal has id {goal_id!r}")])
            row.retired_on = day

    def rate_goal(self, rating: GoalRating) -> GoalRating:
        """Save a goal's score for a day, replacing a score already given that day."""
        with self._write() as session:
            if session.get(GoalRow, rating.goal_id) is None:
                raise DiaryInputError([FieldError(field="goal_id",
                                                  message=f"no goal has id {rating.goal_id!r}")])
            session.execute(delete(GoalRatingRow).where(
                GoalRatingRow.goal_id == rating.goal_id, GoalRatingRow.day == rating.day))
            session.add(convert.rating_row(rating))
        return rating

    def delete_entry(self, entry_id: str) -> bool:
        with self._write() as session:
            row = session.get(EntryRow, entry_id)
            if row is None:
                return False
            session.delete(row)
            return True

    def save_entry(self, entry: DiaryEntry, checkin: CheckIn | None = None, replace: bool = False) -> DiaryEntry:
        """Add an entry (or, with `replace`, put it in place of the stored entry with its id)
        together with the check-in made from it, if any, in one transaction. Replacing also
        removes the check-in made from the old version."""
        with self._write() as session:
            if replace:
                row = session.get(EntryRow, entry.id)
                if row is None:
                    raise DiaryInputError([FieldError(field="id", message=f"no diary entry has id {entry.id!r}")])
                session.delete(row)
                session.execute(delete(CheckInRow).where(CheckInRow.id == entry.id))
                session.flush()
            session.add(convert.entry_row(entry))
            if checkin is not None:
                session.add(convert.checkin_row(checkin))
        return entry

    def entry(self, entry_id: str) -> DiaryEntry | None:
        with self._read() as session:
            row = session.get(EntryRow, entry_id)
            return None if row is None else convert.entry_record(row)

    def remove_entry(self, entry_id: str) -> bool:
        """Delete one entry, its ratings and the check-in made from it; False if there is none."""
        with self._write() as session:
            row = session.get(EntryRow, entry_id)
            if row is None:
                return False
            session.delete(row)
            session.execute(delete(CheckInRow).where(CheckInRow.id == entry_id))
            return True

    def delete_all(self) -> None:
        """Remove every record in one transaction, then scrub what SQLite keeps of deleted pages."""
        with self._write() as session:
            for model in (PainRow, EntryRow, CheckInRow, GoalRatingRow, GoalRow):
                session.execute(delete(model))
        if self.engine.dialect.name == "sqlite":
            # Deleted rows linger in free pages and the write-ahead log until overwritten;
            # for health data, rewrite the file and empty the log now.
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def import_diary(self, diary: Diary, mode: Literal["replace", "merge"]) -> ImportReport:
        """Replace everything with `diary`, or add what is not there yet; all or nothing."""
        report = ImportReport(mode=mode)
        with self._write() as session:
            if mode == "replace":
                for model in (PainRow, EntryRow, CheckInRow, GoalRatingRow, GoalRow):
                    session.execute(delete(model))
            rows: dict[str, list[Any]] = {
                "goals": [convert.goal_row(r) for r in diary.goals],
                "goal_ratings": [convert.rating_row(r) for r in diary.goal_ratings],
                "entries": [convert.entry_row(r) for r in diary.entries],
                "checkins": [convert.checkin_row(r) for r in diary.checkins],
            }
            if mode == "merge":
                rows = self._only_new(session, rows)
            for name, new in rows.items():  # goals before their ratings: foreign keys
                session.add_all(new)
                session.flush()
                report.added[name] = len(new)
                report.kept[name] = len(getattr(diary, name)) - len(new)
            active = _active_goals(session)
            if active > MAX_GOALS:
                raise DiaryInputError([FieldError(field="goals", message=(
                    f"merging would leave {active} active goals; at most {MAX_GOALS} are accepted. "
                    "Use --replace, or retire goals first"))])
        return report

    @staticmethod
    def _only_new(session: Session, rows: dict[str, list[Any]]) -> dict[str, list[Any]]:
        """Merge: leave records already stored (same id) unchanged, and a goal's rating for a day
        already rated."""
        out = {}
        for name, model in (("goals", GoalRow), ("goal_ratings", GoalRatingRow), ("entries", EntryRow),
                            ("checkins", CheckInRow)):
            have = set(session.scalars(select(model.id)))
            out[name] = [r for r in rows[name] if r.id not in have]
        rated = {(r.goal_id, r.day)
                 for r in session.execute(select(GoalRatingRow.goal_id, GoalRatingRow.day))}
        out["goal_ratings"] = [r for r in out["goal_ratings"] if (r.goal_id, r.day) not in rated]
        return out

    # --- reading ---------------------------------------------------------------------------

    def load(self, start: date | None = None, end: date | None = None) -> Diary:
        """Everything stored (or the records dated within [start, end]), in a stable order."""
        with self._read() as session:
            def dated(stmt: Any, model: Any) -> Any:
                if start is not None:
                    stmt = stmt.where(model.day >= start)
                if end is not None:
                    stmt = stmt.where(model.day <= end)
                return stmt
            entries = session.scalars(dated(select(EntryRow), EntryRow)
                                      .order_by(EntryRow.day, EntryRow.created_at, EntryRow.id))
            checkins = session.scalars(dated(select(CheckInRow), CheckInRow)
                                       .order_by(CheckInRow.day, CheckInRow.created_at, CheckInRow.id))
            goals = session.scalars(select(GoalRow).order_by(GoalRow.created_on, GoalRow.title, GoalRow.id))
            ratings = session.scalars(dated(select(GoalRatingRow), GoalRatingRow)
                                      .order_by(GoalRatingRow.day, GoalRatingRow.goal_id))
            return Diary.model_construct(
                entries=tuple(convert.entry_record(r) for r in entries),
                checkins=tuple(convert.checkin_record(r) for r in checkins),
                goals=tuple(convert.goal_record(r) for r in goals),
                goal_ratings=tuple(convert.rating_record(r) for r in ratings),
            )

    def counts(self) -> Mapping[str, int]:
        with self._read() as session:
            return {name: session.scalar(select(func.count()).select_from(model)) or 0
                    for name, model in (("entries", EntryRow), ("checkins", CheckInRow),
                                        ("goals", GoalRow), ("goal_ratings", GoalRatingRow))}
