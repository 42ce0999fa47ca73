"""The first schema: plans and their versions, consolidations with revisions, indicator values
with provenance, and submissions with their timeliness.

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

CODE, SHA = sa.String(60), sa.String(64)


def _provenance() -> list[sa.Column]:
    return [sa.Column("file_sha256", SHA), sa.Column("sheet", sa.String(31)),
            sa.Column("cell", sa.String(12))]


def _child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("consolidation_id", sa.Integer, sa.ForeignKey(
            "consolidations.id", name=f"fk_{name}_consolidation_id_consolidations"),
            nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_consolidation_id", name, ["consolidation_id"])


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer),
        sa.Column("code", CODE, nullable=False),
        sa.Column("country", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.UniqueConstraint("code", name="uq_plans_code"),
    )
    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey(
            "plans.id", name="fk_plan_versions_plan_id_plans"), nullable=False),
        sa.Column("version", sa.String(30), nullable=False),
        sa.Column("content_hash", SHA, nullable=False),
        sa.Column("first_period", sa.String(10), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("plan_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_versions"),
        sa.UniqueConstraint("plan_id", "version", "content_hash",
                            name="uq_plan_versions_identity"),
    )
    op.create_table(
        "consolidations",
        sa.Column("id", sa.Integer),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey(
            "plans.id", name="fk_consolidations_plan_id_plans"), nullable=False),
        sa.Column("plan_version_id", sa.Integer, sa.ForeignKey(
            "plan_versions.id", name="fk_consolidations_plan_version_id_plan_versions"),
            nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("out_dir", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date),
        sa.PrimaryKeyConstraint("id", name="pk_consolidations"),
        sa.UniqueConstraint("plan_id", "period", "revision", name="uq_consolidations_revision"),
    )
    current = sa.column("is_current") == sa.true()
    op.create_index("ix_consolidations_current", "consolidations", ["plan_id", "period"],
                    unique=True, sqlite_where=current, postgresql_where=current)
    _child("indicator_values",
           sa.Column("indicator", CODE, nullable=False),
           sa.Column("institution", CODE, nullable=False),
           sa.Column("dimension", sa.String(60), nullable=False),
           sa.Column("category", sa.String(200), nullable=False),
           sa.Column("value", sa.Float),
           sa.Column("period_target", sa.Float),
           sa.Column("achievement", sa.Float),
           sa.Column("rating", sa.String(12)),
           *_provenance())
    _child("submissions",
           sa.Column("institution", CODE, nullable=False),
           sa.Column("expected", sa.Boolean, nullable=False),
           sa.Column("state", sa.String(12), nullable=False),
           sa.Column("file", sa.Text, nullable=False),
           sa.Column("verdict", sa.String(30), nullable=False),
           sa.Column("saved_at", sa.String(32), nullable=False),
           sa.Column("timeliness", sa.String(12), nullable=False),
           sa.Column("errors", sa.Integer, nullable=False),
           sa.Column("warnings", sa.Integer, nullable=False))


def downgrade() -> None:
    for name in ("submissions", "indicator_values", "consolidations", "plan_versions", "plans"):
        op.drop_table(name)
