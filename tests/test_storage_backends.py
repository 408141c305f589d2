"""Fixtures that run the same storage tests on SQLite and on a real PostgreSQL server, and tests of
how a database is opened. Other test modules import `database_url` and `store` from here.

PostgreSQL comes from BUMPWISE_TEST_POSTGRES_URL (scripts/test-env.d/20-postgres.sh starts one).
Each test gets its own database, so `pytest -n 2` workers never see each other's rows. Without
the URL the PostgreSQL cases skip locally and FAIL in CI, so CI can never pass them silently.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bumpwise.settings import load_settings
from bumpwise.storage import StorageError, Store, open_store
from bumpwise.storage.db import head_revision, make_engine, migrate


def _postgres_admin_url() -> str:
    url = os.environ.get("BUMPWISE_TEST_POSTGRES_URL", "")
    if not url:
        message = "BUMPWISE_TEST_POSTGRES_URL is not set (scripts/test-env.d/20-postgres.sh starts a server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; in CI the PostgreSQL storage tests must run")
        pytest.skip(message)
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = make_url(_postgres_admin_url())
    name = f"bw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'bumpwise.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(url=database_url)
    try:
        yield opened
    finally:
        opened.close()


def test_first_use_creates_one_sqlite_file_in_the_data_dir_in_wal_mode(tmp_path: Path) -> None:
    settings = load_settings(env={"BUMPWISE_DATA_DIR": str(tmp_path / "new" / "dir")},
                             config_file=tmp_path / "none")
    assert not (tmp_path / "new").exists()
    with open_store(settings) as store:
        assert store.counts()["entries"] == 0
    db = tmp_path / "new" / "dir" / "bumpwise.sqlite3"
    assert db.is_file()
    assert (db.parent.stat().st_mode & 0o077) == 0, "the data folder must be private to this user"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()


def test_the_database_and_its_journal_files_are_private_even_in_a_shared_folder(tmp_path: Path) -> None:
    """--data-dir may name a folder others can read (a home folder is often 0755): the database,
    its write-ahead log and shared-memory file must still be readable by this user only."""
    from datetime import date

    from bumpwise.diary.records import DiaryEntry

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    old = shared / "old.sqlite3"
    sqlite3.connect(old).close()
    old.chmod(0o644)  # a database made before this rule: tightened when opened
    previous = os.umask(0o022)
    try:
        for db in (shared / "bumpwise.sqlite3", old):
            with open_store(url=f"sqlite:///{db}") as store:
                store.add_entry(DiaryEntry(day=date(2025, 1, 1), note="private"))
                files = [f for f in shared.iterdir() if f.name.startswith(db.name)]
                assert {f.name for f in files} >= {db.name, db.name + "-wal", db.name + "-shm"}
                for f in files:
                    assert f.stat().st_mode & 0o077 == 0, f"{f.name} is {oct(f.stat().st_mode)}"
    finally:
        os.umask(previous)


def test_a_postgresql_url_selects_postgresql_with_psycopg3() -> None:
    engine = make_engine("postgresql://someone@127.0.0.1:1/db")
    assert engine.dialect.name == "postgresql"
    assert engine.dialect.driver == "psycopg"


@pytest.mark.parametrize("url", ["mysql://x@y/z", "not a url at all"])
def test_an_unsupported_url_is_refused_naming_what_is_accepted(url: str) -> None:
    with pytest.raises(StorageError, match="accepted: sqlite:///PATH or postgresql"):
        make_engine(url)


def test_opening_twice_migrates_once_and_keeps_data(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)  # already at head: a no-op
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
    engine.dispose()
