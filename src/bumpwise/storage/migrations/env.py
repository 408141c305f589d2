"""Alembic environment: always called by bumpwise.storage.db.migrate with an open connection."""

from __future__ import annotations

from alembic import context

from bumpwise.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bumpwise.storage.db.migrate(), which passes a connection")

# render_as_batch lets ALTERs work on SQLite, which cannot alter most things in place.
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
