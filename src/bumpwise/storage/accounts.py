"""Accounts, passkeys, sessions, WebAuthn challenges and rate-limit attempts (issue 11).

Everything a second worker or host needs lives here, in the database: nothing about a signed-in
person is kept in process memory. Secrets are never stored: sessions are kept by a hash of the
cookie's token, challenges by a hash of the browser's token, attempts by a keyed hash.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bumpwise.storage.db import busy_guard
from bumpwise.storage.models import (
    AccountRow,
    AttemptRow,
    ChallengeRow,
    CredentialRow,
    SessionRow,
    ShareRow,
)
from bumpwise.storage.store import DIARY_MODELS, Store, scrub

SESSION_DAYS = 30  # a session ends 30 days after it was last used
TOUCH_EVERY = timedelta(hours=1)  # last use is written at most once an hour, not on every request
CHALLENGE_MINUTES = 5


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class NameTaken(Exception):  # noqa: N818 - a state, shown to the person as such
    pass


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    has_passphrase: bool
    user_handle: str
    created_at: datetime


@dataclass(frozen=True)
class Passkey:
    id: str
    account_id: str
    public_key: bytes
    sign_count: int
    created_at: datetime
    last_used_at: datetime | None


def _account(row: AccountRow) -> Account:
    return Account(id=row.id, name=row.name, has_passphrase=row.passphrase is not None,
                   user_handle=row.user_handle, created_at=row.created_at)


def _passkey(row: CredentialRow) -> Passkey:
    return Passkey(id=row.id, account_id=row.account_id, public_key=row.public_key, sign_count=row.sign_count,
                   created_at=row.created_at, last_used_at=row.last_used_at)


class Accounts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def _tx(self, write: bool = True) -> Iterator[Session]:
        with busy_guard(), Session(self.engine, expire_on_commit=False) as session, session.begin():
            if write:
                session.connection(execution_options={"sqlite_write": True})
            yield session

    # --- accounts ----------------------------------------------------------------------------

    def create(self, name: str, passphrase_hash: str | None = None, user_handle: str | None = None) -> Account:
        row = AccountRow(id=secrets.token_hex(16), name=name, passphrase=passphrase_hash,
                         user_handle=user_handle or secrets.token_urlsafe(32), created_at=now())
        try:
            with self._tx() as session:
                session.add(row)
        except IntegrityError as error:
            raise NameTaken(name) from error
        return _account(row)

    def by_name(self, name: str) -> Account | None:
        with self._tx(write=False) as session:
            row = session.scalar(select(AccountRow).where(AccountRow.name == name))
            return None if row is None else _account(row)

    def by_id(self, account_id: str) -> Account | None:
        with self._tx(write=False) as session:
            row = session.get(AccountRow, account_id)
            return None if row is None else _account(row)

    def passphrase_hash(self, name: str) -> tuple[Account, str] | None:
        with self._tx(write=False) as session:
            row = session.scalar(select(AccountRow).where(AccountRow.name == name))
            if row is None or row.passphrase is None:
                return None
            return _account(row), row.passphrase

    def set_passphrase(self, account_id: str, passphrase_hash: str | None) -> None:
        with self._tx() as session:
            row = session.get(AccountRow, account_id)
            if row is not None:
                row.passphrase = passphrase_hash

    def delete(self, account_id: str) -> bool:
        """Everything she stored, in one transaction: her diary, passkeys, sessions and shares
        (with their openings), then the account itself."""
        with self._tx() as session:
            row = session.get(AccountRow, account_id)
            if row is None:
                return False
            for model in DIARY_MODELS:
                session.execute(delete(model).where(model.owner_id == account_id))
            for owned in (ShareRow, SessionRow, CredentialRow):
                session.execute(delete(owned).where(owned.account_id == account_id))  # openings cascade
            session.delete(row)
        scrub(self.engine)
        return True

    def diary(self, account_id: str) -> Store:
        return Store(self.engine, account_id, owns_engine=False)

    # --- passkeys ----------------------------------------------------------------------------

    def add_passkey(self, account_id: str, credential_id: str, public_key: bytes, sign_count: int) -> None:
        with self._tx() as session:
            session.add(CredentialRow(id=credential_id, account_id=account_id, public_key=public_key,
                                      sign_count=sign_count, created_at=now(), last_used_at=None))

    def passkey(self, credential_id: str) -> Passkey | None:
        with self._tx(write=False) as session:
            row = session.get(CredentialRow, credential_id)
            return None if row is None else _passkey(row)

    def passkeys(self, account_id: str) -> list[Passkey]:
        with self._tx(write=False) as session:
            rows = session.scalars(select(CredentialRow).where(CredentialRow.account_id == account_id)
                                   .order_by(CredentialRow.created_at, CredentialRow.id))
            return [_passkey(r) for r in rows]

    def used_passkey(self, credential_id: str, sign_count: int) -> None:
        with self._tx() as session:
            row = session.get(CredentialRow, credential_id)
            if row is not None:
                row.sign_count, row.last_used_at = sign_count, now()

    def remove_passkey(self, account_id: str, credential_id: str) -> bool:
        with self._tx() as session:
            done = session.execute(delete(CredentialRow).where(
                CredentialRow.account_id == account_id, CredentialRow.id == credential_id))
            return bool(getattr(done, "rowcount", 0))

    # --- sessions ----------------------------------------------------------------------------

    def start_session(self, account_id: str) -> str:
        """A new session; returns the token for the cookie (only its hash is stored)."""
        token = secrets.token_urlsafe(32)
        at = now()
        with self._tx() as session:
            session.add(SessionRow(id=token_hash(token), account_id=account_id, created_at=at, last_seen_at=at,
                                   expires_at=at + timedelta(days=SESSION_DAYS)))
        return token

    def session_account(self, token: str) -> Account | None:
        """The account a session token is signed in to, or None (unknown or expired). Its use is
        recorded at most once an hour, which keeps it alive for another SESSION_DAYS."""
        at = now()
        key = token_hash(token)
        with self._tx(write=False) as session:
            found = session.execute(select(SessionRow, AccountRow).join(
                AccountRow, AccountRow.id == SessionRow.account_id).where(SessionRow.id == key)).first()
            if found is None or found[0].expires_at <= at:
                return None
            row, account = found
            stale = at - row.last_seen_at >= TOUCH_EVERY
        if stale:
            with self._tx() as session:
                fresh = session.get(SessionRow, key)
                if fresh is not None:
                    fresh.last_seen_at, fresh.expires_at = at, at + timedelta(days=SESSION_DAYS)
        return _account(account)

    def end_session(self, token: str) -> None:
        with self._tx() as session:
            session.execute(delete(SessionRow).where(SessionRow.id == token_hash(token)))

    def end_all_sessions(self, account_id: str) -> int:
        with self._tx() as session:
            done = session.execute(delete(SessionRow).where(SessionRow.account_id == account_id))
            return int(getattr(done, "rowcount", 0))

    def sessions(self, account_id: str) -> int:
        with self._tx(write=False) as session:
            return session.scalar(select(func.count()).select_from(SessionRow).where(
                SessionRow.account_id == account_id, SessionRow.expires_at > now())) or 0

    # --- WebAuthn challenges -----------------------------------------------------------------

    def put_challenge(self, purpose: str, challenge: bytes, data: dict[str, Any]) -> str:
        """Keep a challenge for CHALLENGE_MINUTES; returns the browser's token for it."""
        token = secrets.token_urlsafe(32)
        at = now()
        with self._tx() as session:
            session.execute(delete(ChallengeRow).where(ChallengeRow.expires_at < at))
            session.add(ChallengeRow(id=token_hash(token), purpose=purpose, challenge=challenge, data=data,
                                     expires_at=at + timedelta(minutes=CHALLENGE_MINUTES)))
        return token

    def take_challenge(self, token: str, purpose: str) -> tuple[bytes, dict[str, Any]] | None:
        """The challenge for this token, used once: it is deleted as it is read."""
        with self._tx() as session:
            row = session.get(ChallengeRow, token_hash(token))
            if row is None:
                return None
            session.delete(row)
            if row.purpose != purpose or row.expires_at <= now():
                return None
            return row.challenge, dict(row.data)

    # --- rate limits -------------------------------------------------------------------------

    def failures(self, keys: list[str], window: timedelta) -> int:
        """The most failures recorded under any of these keys within the window."""
        since = now() - window
        with self._tx(write=False) as session:
            counts = session.execute(select(AttemptRow.key, func.count()).where(
                AttemptRow.key.in_(keys), AttemptRow.at > since).group_by(AttemptRow.key)).all()
            return max((int(c) for _, c in counts), default=0)

    def fail(self, keys: list[str], window: timedelta) -> None:
        at = now()
        with self._tx() as session:
            session.execute(delete(AttemptRow).where(AttemptRow.at <= at - window))
            session.add_all([AttemptRow(key=k, at=at) for k in keys])

    def forget_failures(self, keys: list[str]) -> None:
        with self._tx() as session:
            session.execute(delete(AttemptRow).where(AttemptRow.key.in_(keys)))
