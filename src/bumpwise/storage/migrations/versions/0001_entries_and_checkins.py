"""Daily entries with per-region pain ratings, and saved check-ins.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("week", sa.SmallInteger(), nullable=True),
        sa.Column("character", sa.JSON(), nullable=True),
        sa.Column("tried", sa.JSON(), nullable=True),
        sa.Column("helped", sa.JSON(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("sleep_disturbed", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_entries"),
    )
    op.create_index("ix_entries_day", "entries", ["day"])
    op.create_table(
        "pain_ratings",
        sa.Column("entry_id", sa.String(32), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name="ck_pain_ratings_score_range"),
        sa.ForeignKeyConstraint(["entry_id"], ["entries.id"], ondelete="CASCADE",
                                name="fk_pain_ratings_entry_id_entries"),
        sa.PrimaryKeyConstraint("entry_id", "region", name="pk_pain_ratings"),
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("week", sa.SmallInteger(), nullable=True),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("input", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("knowledge_version", sa.String(64), nullable=False),
        sa.Column("engine_version", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkins"),
    )
    op.create_index("ix_checkins_day", "checkins", ["day"])


def downgrade() -> None:
    op.drop_index("ix_checkins_day", "checkins")
    op.drop_table("checkins")
    op.drop_table("pain_ratings")
    op.drop_index("ix_entries_day", "entries")
    op.drop_table("entries")
