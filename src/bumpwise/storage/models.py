"""Tables, as the ORM sees them. Every change here needs a migration in migrations/versions/
(tests/test_storage_migrations.py compares the migrated schema with these models)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Fixed constraint names, so migrations name things the same way on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (SQLite has no time zones); always handed back aware, in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the diary stores only aware times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class EntryRow(Base):
    __tablename__ = "entries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    week: Mapped[int | None] = mapped_column(SmallInteger)
    # JSON lists; NULL means "not asked", [] means "asked, none".
    character: Mapped[list[Any] | None] = mapped_column(JSON)
    tried: Mapped[list[Any] | None] = mapped_column(JSON)
    helped: Mapped[list[Any] | None] = mapped_column(JSON)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    sleep_disturbed: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    pains: Mapped[list[PainRow]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="PainRow.position", lazy="selectin")


class PainRow(Base):
    __tablename__ = "pain_ratings"
    __table_args__ = (CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),)

    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True)
    region: Mapped[str] = mapped_column(String(40), primary_key=True)
    score: Mapped[int] = mapped_column(SmallInteger)
    position: Mapped[int] = mapped_column(SmallInteger)  # keeps the order the person gave
    side: Mapped[str | None] = mapped_column(String(5))  # left, right, both; NULL: not asked

    entry: Mapped[EntryRow] = relationship(back_populates="pains")


class CheckInRow(Base):
    __tablename__ = "checkins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    week: Mapped[int | None] = mapped_column(SmallInteger)
    level: Mapped[str] = mapped_column(String(16))  # copied from result, for listing without parsing JSON
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    knowledge_version: Mapped[str] = mapped_column(String(64))
    engine_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GoalRow(Base):
    __tablename__ = "goals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[date] = mapped_column(Date)
    retired_on: Mapped[date | None] = mapped_column(Date)


class GoalRatingRow(Base):
    __tablename__ = "goal_ratings"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),
        UniqueConstraint("goal_id", "day", name="uq_goal_ratings_goal_day"),
        Index("ix_goal_ratings_day", "day"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    week: Mapped[int | None] = mapped_column(SmallInteger)
    score: Mapped[int] = mapped_column(SmallInteger)
