"""The diary's storage: every write is one transaction, so nothing is ever half-saved.

A `Store` is one person's diary: it is made for an owner (an account id; `PERSONAL` in personal
mode) and every query it runs is scoped by that owner here, in the storage layer, so that no
caller (a web route, a CLI command) can forget to. Ids are unique per owner only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
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
from bumpwise.storage.db import DEFAULT_WAIT, StorageBusy, busy_guard, is_busy, make_engine, migrate
from bumpwise.storage.models import PERSONAL, CheckInRow, EntryRow, GoalRatingRow, GoalRow, PainRow

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


def _active_goals(session: Session, owner: str) -> int:
    count = session.scalar(select(func.count()).select_from(GoalRow).where(
        GoalRow.owner_id == owner, GoalRow.retired_on.is_(None)))
    return count or 0


DIARY_MODELS = (PainRow, EntryRow, CheckInRow, GoalRatingRow, GoalRow)


@dataclass(frozen=True)
class TimelinePage:
    """One page of the diary's timeline, and what every diary page shows about the whole diary,
    read without loading it whole (10,000 entries: GET /diary under 300 ms)."""

    items: list[tuple[str, date, datetime, DiaryEntry | CheckIn]]  # newest first: ("entry"|"checkin", ...)
    entry_checkins: dict[str, CheckIn]  # the check-ins made from this page's entries
    total: int  # items in the whole timeline
    warnings: Diary  # every check-in that reported warning signs (level urgent or emergency)
    ratings: list[tuple[str, date, int]]  # every pain rating (region, day, score), in the diary's order
    dated: list[tuple[date, int | None]]  # the axis's anchors and first day, as axis_from wants them


@dataclass
class ImportReport:
    mode: str
    added: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)  # merge: already there, left unchanged


def open_store(settings: Settings | None = None, url: str | None = None, owner: str = PERSONAL,
               wait: float = DEFAULT_WAIT) -> Store:
    """Open (creating and migrating on first use) the database the settings or URL name, as the
    diary of `owner` (by default the personal-mode diary)."""
    if url is None:
        if settings is None:
            raise TypeError("open_store needs settings or a url")
        url = settings.effective_database_url
    engine = make_engine(url, wait)
    try:
        migrate(engine)
    except Exception as error:
        engine.dispose()
        if is_busy(error):
            raise StorageBusy() from error
        raise
    return Store(engine, owner)


class Store:
    def __init__(self, engine: Engine, owner: str = PERSONAL, owns_engine: bool = True):
        if not owner:
            raise ValueError("a diary store needs an owner")
        self.engine = engine
        self.owner = owner
        self._owns_engine = owns_engine

    def scoped(self, owner: str) -> Store:
        """The diary of another owner on the same database (closing it leaves the engine open)."""
        return Store(self.engine, owner, owns_engine=False)

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with busy_guard(), Session(self.engine, expire_on_commit=False) as session, session.begin():
            session.connection(execution_options={"sqlite_write": True})
            yield session

    @contextmanager
    def _write_core(self) -> Iterator[Connection]:
        """One write transaction on a plain connection, for the hot paths (SQLAlchemy Core: the
        same tables and column types, without the ORM's unit of work)."""
        with busy_guard(), self.engine.connect().execution_options(sqlite_write=True) as connection, \
                connection.begin():
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with busy_guard(), Session(self.engine) as session, session.begin():
            yield session

    # --- writing ---------------------------------------------------------------------------

    def add_entry(self, entry: DiaryEntry) -> DiaryEntry:
        self._insert((_ENTRIES, [convert.entry_values(entry, self.owner)]),
                     (_PAINS, convert.pain_values(entry, self.owner)))
        return entry

    def save_checkin(self, checkin: CheckIn) -> CheckIn:
        self._insert((_CHECKINS, [convert.checkin_values(checkin, self.owner)]))
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
        with busy_guard():
            self._insert_sqlite(rows)

    def _insert_sqlite(self, rows: tuple[tuple[Table, list[dict[str, Any]]], ...]) -> None:
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
                if getattr(raw.driver_connection, "in_transaction", True):  # not when BEGIN timed out
                    cursor.execute("ROLLBACK")
                raise
            finally:
                cursor.close()
        finally:
            raw.close()

    def add_goal(self, goal: Goal) -> Goal:
        with self._write() as session:
            active = _active_goals(session, self.owner)
            if goal.retired_on is None and active >= MAX_GOALS:
                raise DiaryInputError([FieldError(field="title", message=(
                    f"you already have {MAX_GOALS} goals; retire one before adding another"))])
            session.add(convert.goal_row(goal, self.owner))
        return goal

    def retire_goal(self, goal_id: str, day: date) -> None:
        with self._write() as session:
            row = session.get(GoalRow, (self.owner, goal_id))
            if row is None:
                raise DiaryInputError([FieldError(field="goal_id", message=f"no goal has id {goal_id!r}")])
            row.retired_on = day

    def rate_goal(self, rating: GoalRating) -> GoalRating:
        """Save a goal's score for a day, replacing a score already given that day."""
        with self._write() as session:
            if session.get(GoalRow, (self.owner, rating.goal_id)) is None:
                raise DiaryInputError([FieldError(field="goal_id",
                                                  message=f"no goal has id {rating.goal_id!r}")])
            session.execute(delete(GoalRatingRow).where(
                GoalRatingRow.owner_id == self.owner, GoalRatingRow.goal_id == rating.goal_id,
                GoalRatingRow.day == rating.day))
            session.add(convert.rating_row(rating, self.owner))
        return rating

    def delete_entry(self, entry_id: str) -> bool:
        with self._write() as session:
            row = session.get(EntryRow, (self.owner, entry_id))
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
                row = session.get(EntryRow, (self.owner, entry.id))
                if row is None:
                    raise DiaryInputError([FieldError(field="id", message=f"no diary entry has id {entry.id!r}")])
                session.delete(row)
                session.execute(delete(CheckInRow).where(CheckInRow.owner_id == self.owner,
                                                         CheckInRow.id == entry.id))
                session.flush()
            session.add(convert.entry_row(entry, self.owner))
            if checkin is not None:
                session.add(convert.checkin_row(checkin, self.owner))
        return entry

    def entry(self, entry_id: str) -> DiaryEntry | None:
        with self._read() as session:
            row = session.get(EntryRow, (self.owner, entry_id))
            return None if row is None else convert.entry_record(row)

    def remove_entry(self, entry_id: str) -> bool:
        """Delete one entry, its ratings and the check-in made from it; False if there is none."""
        with self._write() as session:
            row = session.get(EntryRow, (self.owner, entry_id))
            if row is None:
                return False
            session.delete(row)
            session.execute(delete(CheckInRow).where(CheckInRow.owner_id == self.owner, CheckInRow.id == entry_id))
            return True

    def delete_all(self) -> None:
        """Remove every record of this diary in one transaction, then scrub what SQLite keeps of
        deleted pages."""
        with self._write() as session:
            self._delete_everything(session)
        self.scrub()

    def _delete_everything(self, session: Session) -> None:
        for model in DIARY_MODELS:
            session.execute(delete(model).where(model.owner_id == self.owner))

    def scrub(self) -> None:
        scrub(self.engine)


    def import_diary(self, diary: Diary, mode: Literal["replace", "merge"]) -> ImportReport:
        """Replace everything with `diary`, or add what is not there yet; all or nothing."""
        report = ImportReport(mode=mode)
        with self._write() as session:
            if mode == "replace":
                self._delete_everything(session)
            rows: dict[str, list[Any]] = {
                "goals": [convert.goal_row(r, self.owner) for r in diary.goals],
                "goal_ratings": [convert.rating_row(r, self.owner) for r in diary.goal_ratings],
                "entries": [convert.entry_row(r, self.owner) for r in diary.entries],
                "checkins": [convert.checkin_row(r, self.owner) for r in diary.checkins],
            }
            if mode == "merge":
                rows = self._only_new(session, rows, self.owner)
            for name, new in rows.items():  # goals before their ratings: foreign keys
                session.add_all(new)
                session.flush()
                report.added[name] = len(new)
                report.kept[name] = len(getattr(diary, name)) - len(new)
            active = _active_goals(session, self.owner)
            if active > MAX_GOALS:
                raise DiaryInputError([FieldError(field="goals", message=(
                    f"merging would leave {active} active goals; at most {MAX_GOALS} are accepted. "
                    "Use --replace, or retire goals first"))])
        return report

    @staticmethod
    def _only_new(session: Session, rows: dict[str, list[Any]], owner: str) -> dict[str, list[Any]]:
        """Merge: leave records already stored (same id) unchanged, and a goal's rating for a day
        already rated."""
        out = {}
        for name, model in (("goals", GoalRow), ("goal_ratings", GoalRatingRow), ("entries", EntryRow),
                            ("checkins", CheckInRow)):
            have = set(session.scalars(select(model.id).where(model.owner_id == owner)))
            out[name] = [r for r in rows[name] if r.id not in have]
        rated = {(r.goal_id, r.day)
                 for r in session.execute(select(GoalRatingRow.goal_id, GoalRatingRow.day)
                                          .where(GoalRatingRow.owner_id == owner))}
        out["goal_ratings"] = [r for r in out["goal_ratings"] if (r.goal_id, r.day) not in rated]
        return out

    # --- reading ---------------------------------------------------------------------------

    def load(self, start: date | None = None, end: date | None = None) -> Diary:
        """Everything stored (or the records dated within [start, end]), in a stable order."""
        with self._read() as session:
            def dated(stmt: Any, model: Any) -> Any:
                stmt = stmt.where(model.owner_id == self.owner)
                if start is not None:
                    stmt = stmt.where(model.day >= start)
                if end is not None:
                    stmt = stmt.where(model.day <= end)
                return stmt
            entries = self._entries(session, dated)
            checkins = session.scalars(dated(select(CheckInRow), CheckInRow)
                                       .order_by(CheckInRow.day, CheckInRow.created_at, CheckInRow.id))
            goals = session.scalars(select(GoalRow).where(GoalRow.owner_id == self.owner)
                                    .order_by(GoalRow.created_on, GoalRow.title, GoalRow.id))
            ratings = session.scalars(dated(select(GoalRatingRow), GoalRatingRow)
                                      .order_by(GoalRatingRow.day, GoalRatingRow.goal_id))
            return Diary.model_construct(
                entries=entries,
                checkins=tuple(convert.checkin_record(r) for r in checkins),
                goals=tuple(convert.goal_record(r) for r in goals),
                goal_ratings=tuple(convert.rating_record(r) for r in ratings),
            )

    def _entries(self, session: Session, dated: Callable[[Any, Any], Any]) -> tuple[DiaryEntry, ...]:
        """Entries with their ratings through SQLAlchemy Core (plain rows, no ORM objects): 10,000
        entries in about a tenth of the ORM's time (2.5 s)."""
        pains: dict[str, list[Any]] = {}
        query = (dated(select(PainRow.entry_id, PainRow.region, PainRow.score, PainRow.side), EntryRow)
                 .join(EntryRow, (EntryRow.owner_id == PainRow.owner_id) & (EntryRow.id == PainRow.entry_id))
                 .order_by(PainRow.entry_id, PainRow.position))
        for entry_id, region, score, side in session.execute(query):
            pains.setdefault(entry_id, []).append((region, score, side))
        rows = session.execute(dated(select(*(c for c in _ENTRIES.columns if c.key != "owner_id")), EntryRow)
                               .order_by(EntryRow.day, EntryRow.created_at, EntryRow.id))
        return tuple(convert.entry_from(row._mapping, pains.get(row.id, ())) for row in rows)

    def load_shared(self, start: date, end: date, earlier_warnings: bool) -> Diary:
        """What a share shows: the records dated within [start, end], the goals rated then, and (if
        she chose) the check-ins before `start` that reported warning signs. Nothing else."""
        diary = self.load(start, end)
        earlier: tuple[CheckIn, ...] = ()
        if earlier_warnings:
            with self._read() as session:
                earlier = tuple(c for c in (convert.checkin_record(r) for r in session.scalars(
                    select(CheckInRow).where(CheckInRow.owner_id == self.owner, CheckInRow.day < start,
                                             CheckInRow.level.in_(("urgent", "emergency")))
                    .order_by(CheckInRow.day, CheckInRow.created_at, CheckInRow.id))) if c.red_flags)
        rated = {r.goal_id for r in diary.goal_ratings}
        return Diary.model_construct(entries=diary.entries, checkins=earlier + diary.checkins,
                                     goals=tuple(g for g in diary.goals if g.id in rated),
                                     goal_ratings=diary.goal_ratings)

    def timeline(self, offset: int = 0, limit: int = 50) -> TimelinePage:
        """Entries and check-ins (not those made from an entry, which show with it), newest first,
        `limit` of them from `offset`; with the outline of the whole diary the pages need."""
        owner = self.owner
        with self._read() as session:
            keys = [("entry", d, at, i) for i, d, at in session.execute(
                select(EntryRow.id, EntryRow.day, EntryRow.created_at).where(EntryRow.owner_id == owner))]
            entry_ids = {k[3] for k in keys}
            checkin_keys = list(session.execute(select(CheckInRow.id, CheckInRow.day, CheckInRow.created_at)
                                                .where(CheckInRow.owner_id == owner)))
            keys += [("checkin", d, at, i) for i, d, at in checkin_keys if i not in entry_ids]
            keys.sort(key=lambda k: (k[1], k[2]), reverse=True)
            page = keys[offset:offset + limit]
            page_entries = [k[3] for k in page if k[0] == "entry"]
            wanted = [k[3] for k in page]

            def scoped(stmt: Any, model: Any) -> Any:
                return stmt.where(model.owner_id == owner, model.id.in_(page_entries))
            entries = {e.id: e for e in self._entries(session, scoped)} if page_entries else {}
            checkins = {r.id: convert.checkin_record(r) for r in session.scalars(
                select(CheckInRow).where(CheckInRow.owner_id == owner, CheckInRow.id.in_(wanted)))}
            warnings = tuple(c for c in (convert.checkin_record(r) for r in session.scalars(
                select(CheckInRow).where(CheckInRow.owner_id == owner, CheckInRow.level.in_(("urgent", "emergency")))
                .order_by(CheckInRow.day, CheckInRow.created_at, CheckInRow.id))) if c.red_flags)
            ratings = [(r, d, s) for r, d, s in session.execute(
                select(PainRow.region, EntryRow.day, PainRow.score)
                .join(EntryRow, (EntryRow.owner_id == PainRow.owner_id) & (EntryRow.id == PainRow.entry_id))
                .where(PainRow.owner_id == owner)
                .order_by(EntryRow.day, EntryRow.created_at, EntryRow.id, PainRow.position))]
            dated: list[tuple[date, int | None]] = []
            for model, order in ((EntryRow, (EntryRow.created_at, EntryRow.id)),
                                 (CheckInRow, (CheckInRow.created_at, CheckInRow.id)),
                                 (GoalRatingRow, (GoalRatingRow.goal_id,))):
                latest = session.execute(select(model.day, model.week).where(
                    model.owner_id == owner, model.week.is_not(None))
                    .order_by(model.day.desc(), *order).limit(1)).first()
                first = session.scalar(select(func.min(model.day)).where(model.owner_id == owner))
                dated += [(latest[0], latest[1])] if latest else []
                dated += [(first, None)] if first else []
        items: list[tuple[str, date, datetime, DiaryEntry | CheckIn]] = [
            (kind, day, at, entries[i] if kind == "entry" else checkins[i]) for kind, day, at, i in page]
        return TimelinePage(items=items, entry_checkins={i: c for i, c in checkins.items() if i in entries},
                            total=len(keys), warnings=Diary.model_construct(checkins=warnings, entries=(),
                                                                            goals=(), goal_ratings=()),
                            ratings=ratings, dated=dated)

    def counts(self) -> Mapping[str, int]:
        with self._read() as session:
            return {name: session.scalar(select(func.count()).select_from(model)
                                         .where(model.owner_id == self.owner)) or 0
                    for name, model in (("entries", EntryRow), ("checkins", CheckInRow),
                                        ("goals", GoalRow), ("goal_ratings", GoalRatingRow))}


def scrub(engine: Engine) -> None:
    """After deleting health data: on SQLite, deleted rows linger in free pages and the write-ahead
    log until overwritten, so rewrite the file and empty the log now."""
    if engine.dialect.name == "sqlite":
        with busy_guard(), engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
