"""The side of a pain rating: left, right or both (NULL: not asked).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pain_ratings", sa.Column("side", sa.String(5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pain_ratings") as batch:
        batch.drop_column("side")
