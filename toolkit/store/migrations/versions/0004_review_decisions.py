"""The decision log of the coordination body's reviews (T15): its entries on each objective,
with the meeting that took them and where each was read from.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

first = importlib.import_module("toolkit.store.migrations.versions.0001_first_schema")


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey(
            "plans.id", name="fk_review_decisions_plan_id_plans"), nullable=False),
        sa.Column("review", sa.String(20), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("meeting", sa.Text),
        sa.Column("meeting_date", sa.Date),
        sa.Column("participants", sa.Text),
        sa.Column("objective", first.CODE, nullable=False),
        sa.Column("relevant", sa.String(20)),
        sa.Column("obstacles", sa.Text),
        sa.Column("adjustment", sa.String(30)),
        sa.Column("justification", sa.Text),
        sa.Column("decision", sa.String(20)),
        sa.Column("responsible", first.CODE),
        sa.Column("deadline", sa.Date),
        *first._provenance(),
        sa.PrimaryKeyConstraint("id", name="pk_review_decisions"),
    )
    op.create_index("ix_review_decisions_plan_id", "review_decisions", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_review_decisions_plan_id", "review_decisions")
    op.drop_table("review_decisions")
