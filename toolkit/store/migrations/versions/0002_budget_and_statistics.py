"""Budget execution and statistics across periods: each activity's budget, status and spending
by institution, and each statistics cell by holder, with their provenance.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

first = importlib.import_module("toolkit.store.migrations.versions.0001_first_schema")


def upgrade() -> None:
    first._child("activity_values",
                 sa.Column("activity", first.CODE, nullable=False),
                 sa.Column("institution", first.CODE, nullable=False),
                 sa.Column("role", sa.String(10), nullable=False),
                 sa.Column("area", first.CODE),
                 sa.Column("objective", first.CODE),
                 sa.Column("due", sa.Boolean),
                 sa.Column("budget", sa.Float),
                 sa.Column("funding_source", sa.String(200)),
                 sa.Column("status", sa.String(60)),
                 sa.Column("percent", sa.Float),
                 sa.Column("spent", sa.Float),
                 *first._provenance())
    first._child("statistics_values",
                 sa.Column("stat_table", sa.String(20), nullable=False),
                 sa.Column("stat_row", first.CODE, nullable=False),
                 sa.Column("stat_column", first.CODE, nullable=False),
                 sa.Column("institution", first.CODE, nullable=False),
                 sa.Column("value", sa.Float),
                 *first._provenance())


def downgrade() -> None:
    op.drop_table("statistics_values")
    op.drop_table("activity_values")
