"""The follow-up of recommendations across periods: where each recommendation stands, by
addressed institution, with the action taken, the evidence and the next step, and provenance.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

first = importlib.import_module("toolkit.store.migrations.versions.0001_first_schema")


def upgrade() -> None:
    first._child("recommendation_values",
                 sa.Column("recommendation", first.CODE, nullable=False),
                 sa.Column("institution", first.CODE, nullable=False),
                 sa.Column("status", sa.String(30)),
                 sa.Column("action", sa.Text),
                 sa.Column("evidence", sa.Text),
                 sa.Column("next_step", sa.Text),
                 *first._provenance())


def downgrade() -> None:
    op.drop_table("recommendation_values")
