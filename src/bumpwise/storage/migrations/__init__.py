"""Alembic migrations, run programmatically on first use (no alembic.ini needed)."""
