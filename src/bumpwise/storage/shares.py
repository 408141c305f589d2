"""Shares with the midwife (issue 11): a read-only link and a short code to one person's summary,
for the dates she chose, until it expires or she revokes it. Only hashes of the link's token and
the code are stored. Every opening is recorded for her to see.

Listing and revoking are scoped by the owner here; opening a share yields the owner's diary for
that share's dates only (`Store.load_shared`), so a share can reach nothing else.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from bumpwise.storage.accounts import now, token_hash
from bumpwise.storage.db import busy_guard
from bumpwise.storage.models import ShareOpeningRow, ShareRow

DEFAULT_DAYS = 14
# Short codes: 8 letters and digits that cannot be mistaken for each other when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What she reads out ("kq7m-4xpa", "KQ7M 4XPA") as the stored form ("KQ7M4XPA")."""
    return "".join(c for c in text.upper() if c.isalnum()).replace("O", "0").replace("I", "1").replace("L", "1")


def shown_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Opening:
    at: datetime
    what: str


@dataclass(frozen=True)
class Share:
    id: str
    owner: str
    start: date
    end: date
    earlier_warnings: bool
    name: str | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    openings: tuple[Opening, ...] = field(default=())

    @property
    def last_opened(self) -> datetime | None:
        return max((o.at for o in self.openings), default=None)

    def active(self, at: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > at


@dataclass(frozen=True)
class NewShare:
    share: Share
    token: str  # for the link; shown once
    code: str  # the short code; shown once


def _share(row: ShareRow, openings: tuple[Opening, ...] = ()) -> Share:
    return Share(id=row.id, owner=row.account_id, start=row.start_day, end=row.end_day,
                 earlier_warnings=row.earlier_warnings, name=row.name, created_at=row.created_at,
                 expires_at=row.expires_at, revoked_at=row.revoked_at, openings=openings)


class Shares:
    def __init__(self, engine: Engine, owner: str) -> None:
        """The shares of one owner: what she can create, list and revoke."""
        if not owner:
            raise ValueError("shares need an owner")
        self.engine = engine
        self.owner = owner

    def create(self, start: date, end: date, days: int = DEFAULT_DAYS, earlier_warnings: bool = True,
               name: str | None = None) -> NewShare:
        token, code = secrets.token_urlsafe(24), new_code()
        at = now()
        row = ShareRow(id=secrets.token_hex(16), account_id=self.owner, token_hash=token_hash(token),
                       code_hash=token_hash(code), start_day=start, end_day=end, earlier_warnings=earlier_warnings,
                       name=name, created_at=at, expires_at=at + timedelta(days=days), revoked_at=None)
        with _tx(self.engine) as session:
            session.add(row)
        return NewShare(share=_share(row), token=token, code=code)

    def list(self) -> list[Share]:
        with _tx(self.engine, write=False) as session:
            rows = list(session.scalars(select(ShareRow).where(ShareRow.account_id == self.owner)
                                        .order_by(ShareRow.created_at.desc(), ShareRow.id)))
            opened: dict[str, list[Opening]] = {}
            if rows:
                for o in session.scalars(select(ShareOpeningRow).where(
                        ShareOpeningRow.share_id.in_([r.id for r in rows]))
                        .order_by(ShareOpeningRow.opened_at.desc(), ShareOpeningRow.id.desc())):
                    opened.setdefault(o.share_id, []).append(Opening(at=o.opened_at, what=o.what))
            return [_share(r, tuple(opened.get(r.id, ()))) for r in rows]

    def revoke(self, share_id: str) -> bool:
        with _tx(self.engine) as session:
            done = session.execute(update(ShareRow).where(
                ShareRow.account_id == self.owner, ShareRow.id == share_id, ShareRow.revoked_at.is_(None))
                .values(revoked_at=now()))
            return bool(getattr(done, "rowcount", 0))

    def count(self) -> int:
        with _tx(self.engine, write=False) as session:
            return session.scalar(select(func.count()).select_from(ShareRow)
                                  .where(ShareRow.account_id == self.owner)) or 0


@contextmanager
def _tx(engine: Engine, write: bool = True) -> Iterator[Session]:
    with busy_guard(), Session(engine, expire_on_commit=False) as session, session.begin():
        if write:
            session.connection(execution_options={"sqlite_write": True})
        yield session


def open_share(engine: Engine, secret: str, what: str) -> Share | None:
    """The share whose link token or short code this is, if it is still active; the opening is
    recorded. None for anything else (unknown, expired, revoked): the caller says the same for all."""
    key = token_hash(secret)
    at = now()
    with _tx(engine) as session:
        row = session.scalar(select(ShareRow).where((ShareRow.token_hash == key) | (ShareRow.code_hash == key)))
        if row is None or row.revoked_at is not None or row.expires_at <= at:
            return None
        session.add(ShareOpeningRow(share_id=row.id, opened_at=at, what=what))
        return _share(row)
