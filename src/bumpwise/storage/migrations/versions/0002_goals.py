"""Personal goals (Patient-Specific Functional Scale style) and their weekly ratings.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_goals"),
    )
    op.create_table(
        "goal_ratings",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("goal_id", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("week", sa.SmallInteger(), nullable=True),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name="ck_goal_ratings_score_range"),
        sa.ForeignKeyConstraint(["goal_id"], ["goals.id"], ondelete="CASCADE",
                                name="fk_goal_ratings_goal_id_goals"),
        sa.PrimaryKeyConstraint("id", name="pk_goal_ratings"),
        sa.UniqueConstraint("goal_id", "day", name="uq_goal_ratings_goal_day"),
    )
    op.create_index("ix_goal_ratings_day", "goal_ratings", ["day"])


def downgrade() -> None:
    op.drop_index("ix_goal_ratings_day", "goal_ratings")
    op.drop_table("goal_ratings")
    op.drop_table("goals")
