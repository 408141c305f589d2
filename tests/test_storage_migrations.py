"""Migrations: from an empty database and from every earlier revision up to head, on both back ends,
and the migrated schema matches the models exactly."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import test_storage_backends as backends
from bumpwise.storage import open_store
from bumpwise.storage.db import HEAD, MIGRATIONS, current_revision, downgrade, head_revision, make_engine, migrate
from bumpwise.storage.models import Base

REVISIONS = [s.revision for s in reversed(list(ScriptDirectory(str(MIGRATIONS)).walk_revisions()))]

# Shared fixtures: the same tests on SQLite and PostgreSQL.
database_url, postgres_url = backends.database_url, backends.postgres_url


def test_revisions_form_one_line_ending_at_the_declared_head() -> None:
    assert REVISIONS[0] == "0001" and REVISIONS[-1] == head_revision() == HEAD
    assert len(ScriptDirectory(str(MIGRATIONS)).get_heads()) == 1


def test_upgrade_from_empty_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


@pytest.mark.parametrize("start", REVISIONS[:-1])
def test_upgrade_from_every_earlier_revision_keeps_the_data(database_url: str, start: str) -> None:
    engine = make_engine(database_url)
    migrate(engine, start)
    with engine.begin() as conn:
        # An entry with a rating exists from the first revision on; write one the old way.
        conn.execute(text("INSERT INTO entries (id, day, week, sleep_disturbed, created_at) "
                          "VALUES (:id, :day, 20, :no, :at)"),
                     {"id": "a" * 32, "day": date(2025, 1, 2), "no": False, "at": "2025-01-02 10:00:00"})
        conn.execute(text("INSERT INTO pain_ratings (entry_id, region, score, position) "
                          "VALUES (:id, 'pubic', 6, 0)"), {"id": "a" * 32})
    engine.dispose()
    with open_store(url=database_url) as store:  # first use of the newer code migrates to head
        (entry,) = store.load().entries
        assert (entry.week, entry.pains[0].region, entry.pains[0].score) == (20, "pubic", 6)
        assert entry.sleep_disturbed is False and entry.character is None
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert {"goals", "goal_ratings"} <= set(inspect(conn).get_table_names())


def test_downgrade_to_empty_and_back_up(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    downgrade(engine, "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    engine.dispose()
