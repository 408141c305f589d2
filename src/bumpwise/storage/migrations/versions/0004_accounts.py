"""Accounts (issue 11): every diary row gets an owner, part of its primary key; the diary kept
before is moved into the first account, `personal` (the one personal mode uses). Also passkeys,
sessions, WebAuthn challenges, rate-limit attempts, and shares with the midwife and their openings.

Downgrading keeps only the first account's diary (the earlier schema has one diary).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PERSONAL = "personal"
DIARY = ("entries", "pain_ratings", "checkins", "goals", "goal_ratings")


def _owner(nullable: bool = True) -> sa.Column[str]:
    return sa.Column("owner_id", sa.String(32), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("passphrase", sa.String(200), nullable=True),
        sa.Column("user_handle", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("name", name="uq_accounts_name"),
        sa.UniqueConstraint("user_handle", name="uq_accounts_user_handle"),
    )
    # The first account: the person who used this diary before there were accounts.
    op.execute(sa.text("INSERT INTO accounts (id, name, passphrase, user_handle, created_at) "
                       "VALUES (:id, :id, NULL, :id, :at)").bindparams(
        id=PERSONAL, at=datetime.now(UTC).replace(tzinfo=None, microsecond=0)))

    for table in DIARY:
        with op.batch_alter_table(table) as batch:
            batch.add_column(_owner())
        op.execute(sa.text(f"UPDATE {table} SET owner_id = :owner").bindparams(owner=PERSONAL))

    # Children first: their foreign keys name the parents' primary keys.
    with op.batch_alter_table("pain_ratings") as batch:
        batch.drop_constraint("fk_pain_ratings_entry_id_entries", type_="foreignkey")
    with op.batch_alter_table("goal_ratings") as batch:
        batch.drop_constraint("fk_goal_ratings_goal_id_goals", type_="foreignkey")
        batch.drop_constraint("uq_goal_ratings_goal_day", type_="unique")
    for table in ("entries", "checkins", "goals"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("owner_id", existing_type=sa.String(32), nullable=False)
            batch.drop_constraint(f"pk_{table}", type_="primary")
            batch.create_primary_key(f"pk_{table}", ["owner_id", "id"])
            batch.create_foreign_key(f"fk_{table}_owner_id_accounts", "accounts", ["owner_id"], ["id"],
                                     ondelete="CASCADE")
    with op.batch_alter_table("pain_ratings") as batch:
        batch.alter_column("owner_id", existing_type=sa.String(32), nullable=False)
        batch.drop_constraint("pk_pain_ratings", type_="primary")
        batch.create_primary_key("pk_pain_ratings", ["owner_id", "entry_id", "region"])
        batch.create_foreign_key("fk_pain_ratings_entry_entries", "entries", ["owner_id", "entry_id"],
                                 ["owner_id", "id"], ondelete="CASCADE")
    with op.batch_alter_table("goal_ratings") as batch:
        batch.alter_column("owner_id", existing_type=sa.String(32), nullable=False)
        batch.drop_constraint("pk_goal_ratings", type_="primary")
        batch.create_primary_key("pk_goal_ratings", ["owner_id", "id"])
        batch.create_foreign_key("fk_goal_ratings_owner_id_accounts", "accounts", ["owner_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_foreign_key("fk_goal_ratings_goal_goals", "goals", ["owner_id", "goal_id"],
                                 ["owner_id", "id"], ondelete="CASCADE")
        batch.create_unique_constraint("uq_goal_ratings_goal_day", ["owner_id", "goal_id", "day"])

    op.create_table(
        "credentials",
        sa.Column("id", sa.String(1400), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE",
                                name="fk_credentials_account_id_accounts"),
        sa.PrimaryKeyConstraint("id", name="pk_credentials"),
    )
    op.create_index("ix_credentials_account_id", "credentials", ["account_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE",
                                name="fk_sessions_account_id_accounts"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_account_id", "sessions", ["account_id"])
    op.create_table(
        "challenges",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("challenge", sa.LargeBinary(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_challenges"),
    )
    op.create_index("ix_challenges_expires_at", "challenges", ["expires_at"])
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
    )
    op.create_index("ix_attempts_key", "attempts", ["key"])
    op.create_index("ix_attempts_at", "attempts", ["at"])
    op.create_table(
        "shares",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("earlier_warnings", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE",
                                name="fk_shares_account_id_accounts"),
        sa.PrimaryKeyConstraint("id", name="pk_shares"),
        sa.UniqueConstraint("token_hash", name="uq_shares_token_hash"),
        sa.UniqueConstraint("code_hash", name="uq_shares_code_hash"),
    )
    op.create_index("ix_shares_account_id", "shares", ["account_id"])
    op.create_table(
        "share_openings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("share_id", sa.String(32), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("what", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(["share_id"], ["shares.id"], ondelete="CASCADE",
                                name="fk_share_openings_share_id_shares"),
        sa.PrimaryKeyConstraint("id", name="pk_share_openings"),
    )
    op.create_index("ix_share_openings_share_id", "share_openings", ["share_id"])


def downgrade() -> None:
    for table in ("share_openings", "shares", "attempts", "challenges", "sessions", "credentials"):
        op.drop_table(table)
    for table in ("pain_ratings", "goal_ratings", "entries", "checkins", "goals"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE owner_id <> :owner").bindparams(owner=PERSONAL))
    with op.batch_alter_table("pain_ratings") as batch:
        batch.drop_constraint("fk_pain_ratings_entry_entries", type_="foreignkey")
    with op.batch_alter_table("goal_ratings") as batch:
        batch.drop_constraint("fk_goal_ratings_goal_goals", type_="foreignkey")
        batch.drop_constraint("fk_goal_ratings_owner_id_accounts", type_="foreignkey")
        batch.drop_constraint("uq_goal_ratings_goal_day", type_="unique")
    for table in ("entries", "checkins", "goals"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_owner_id_accounts", type_="foreignkey")
            batch.drop_constraint(f"pk_{table}", type_="primary")
            batch.create_primary_key(f"pk_{table}", ["id"])
            batch.drop_column("owner_id")
    with op.batch_alter_table("pain_ratings") as batch:
        batch.drop_constraint("pk_pain_ratings", type_="primary")
        batch.create_primary_key("pk_pain_ratings", ["entry_id", "region"])
        batch.drop_column("owner_id")
        batch.create_foreign_key("fk_pain_ratings_entry_id_entries", "entries", ["entry_id"], ["id"],
                                 ondelete="CASCADE")
    with op.batch_alter_table("goal_ratings") as batch:
        batch.drop_constraint("pk_goal_ratings", type_="primary")
        batch.create_primary_key("pk_goal_ratings", ["id"])
        batch.drop_column("owner_id")
        batch.create_foreign_key("fk_goal_ratings_goal_id_goals", "goals", ["goal_id"], ["id"], ondelete="CASCADE")
        batch.create_unique_constraint("uq_goal_ratings_goal_day", ["goal_id", "day"])
    op.drop_table("accounts")
