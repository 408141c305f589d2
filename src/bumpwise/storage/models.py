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
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
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


# The account that owns the personal-mode diary: the first account, made by migration 0004, which
# moved the diary kept before accounts existed into it.
PERSONAL = "personal"


def _owner() -> Mapped[str]:
    """Every diary row's owner: part of its primary key, so each person has her own ids (an import
    of someone else's export can neither clash with nor reveal their rows)."""
    return mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)  # her sign-in name, lower case; no e-mail
    passphrase: Mapped[str | None] = mapped_column(String(200))  # argon2id hash; NULL: passkeys only
    user_handle: Mapped[str] = mapped_column(String(64), unique=True)  # what authenticators keep for her
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CredentialRow(Base):
    """A passkey: the public key an authenticator made for her account."""

    __tablename__ = "credentials"

    id: Mapped[str] = mapped_column(String(1400), primary_key=True)  # credential id, base64url
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SessionRow(Base):
    """A signed-in browser. Only a hash of the cookie's token is kept."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChallengeRow(Base):
    """A WebAuthn challenge between its options and the authenticator's answer; used once."""

    __tablename__ = "challenges"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # hash of the browser's token
    purpose: Mapped[str] = mapped_column(String(16))  # register, add, sign_in
    challenge: Mapped[bytes] = mapped_column(LargeBinary)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class AttemptRow(Base):
    """A failed sign-in or share-code try, for rate limits that every worker and host sees."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), index=True)  # a keyed hash of the name or address
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ShareRow(Base):
    """A read-only link (and short code) to her summary for her midwife."""

    __tablename__ = "shares"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    start_day: Mapped[date] = mapped_column(Date)
    end_day: Mapped[date] = mapped_column(Date)
    earlier_warnings: Mapped[bool] = mapped_column(Boolean)  # also warning signs from before start_day
    name: Mapped[str | None] = mapped_column(String(80))  # her name on the summary, if she gave it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ShareOpeningRow(Base):
    __tablename__ = "share_openings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    share_id: Mapped[str] = mapped_column(ForeignKey("shares.id", ondelete="CASCADE"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    what: Mapped[str] = mapped_column(String(8))  # page, pdf, fhir


class EntryRow(Base):
    __tablename__ = "entries"

    owner_id: Mapped[str] = _owner()
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
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),
        ForeignKeyConstraint(["owner_id", "entry_id"], ["entries.owner_id", "entries.id"], ondelete="CASCADE",
                             name="fk_pain_ratings_entry_entries"),
        PrimaryKeyConstraint("owner_id", "entry_id", "region", name="pk_pain_ratings"),
    )

    owner_id: Mapped[str] = mapped_column(String(32))
    entry_id: Mapped[str] = mapped_column(String(32))
    region: Mapped[str] = mapped_column(String(40))
    score: Mapped[int] = mapped_column(SmallInteger)
    position: Mapped[int] = mapped_column(SmallInteger)  # keeps the order the person gave
    side: Mapped[str | None] = mapped_column(String(5))  # left, right, both; NULL: not asked

    entry: Mapped[EntryRow] = relationship(back_populates="pains")


class CheckInRow(Base):
    __tablename__ = "checkins"

    owner_id: Mapped[str] = _owner()
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

    owner_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[date] = mapped_column(Date)
    retired_on: Mapped[date | None] = mapped_column(Date)


class GoalRatingRow(Base):
    __tablename__ = "goal_ratings"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),
        UniqueConstraint("owner_id", "goal_id", "day", name="uq_goal_ratings_goal_day"),
        Index("ix_goal_ratings_day", "day"),
        ForeignKeyConstraint(["owner_id", "goal_id"], ["goals.owner_id", "goals.id"], ondelete="CASCADE",
                             name="fk_goal_ratings_goal_goals"),
    )

    owner_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    goal_id: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date)
    week: Mapped[int | None] = mapped_column(SmallInteger)
    score: Mapped[int] = mapped_column(SmallInteger)
