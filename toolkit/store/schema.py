"""The tables of the history store, defined once (SQLAlchemy Core). The migrations in
``migrations/versions`` build exactly these, step by step from the first schema; a test compares
the two.

A plan is known by its code; each version of it (version and content hash) is kept with the plan
as JSON, so that targets and series breaks can be told from the store alone. Each recording of a
period is a consolidation with a revision number; the current one is flagged, the earlier ones
are kept.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s"})
"""Named constraints, so that migrations can alter them on SQLite and PostgreSQL alike."""

CODE, SHA = String(60), String(64)

plans = Table(
    "plans", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", CODE, nullable=False, unique=True),
    Column("country", String(200), nullable=False),
    Column("title", Text, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("frequency", String(20), nullable=False),
    Column("currency", String(3), nullable=False),
)

plan_versions = Table(
    "plan_versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False),
    Column("version", String(30), nullable=False),
    Column("content_hash", SHA, nullable=False),
    Column("first_period", String(10), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("plan_json", Text, nullable=False),
    UniqueConstraint("plan_id", "version", "content_hash", name="uq_plan_versions_identity"),
)

consolidations = Table(
    "consolidations", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False),
    Column("plan_version_id", Integer, ForeignKey("plan_versions.id"), nullable=False),
    Column("period", String(10), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("is_current", Boolean, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("source", String(10), nullable=False),
    Column("out_dir", Text, nullable=False),
    Column("deadline", Date),
    UniqueConstraint("plan_id", "period", "revision", name="uq_consolidations_revision"),
)
Index("ix_consolidations_current", consolidations.c.plan_id, consolidations.c.period,
      unique=True, sqlite_where=consolidations.c.is_current == true(),
      postgresql_where=consolidations.c.is_current == true())
"""One current recording per plan and period, whatever the back end."""


def _child(name: str, *columns: Column) -> Table:
    """A table of rows belonging to one consolidation, with their provenance."""
    return Table(
        name, metadata,
        Column("id", Integer, primary_key=True),
        Column("consolidation_id", Integer, ForeignKey("consolidations.id"), nullable=False,
               index=True),
        *columns,
    )


def _provenance() -> tuple[Column, ...]:
    return (Column("file_sha256", SHA), Column("sheet", String(31)), Column("cell", String(12)))


indicator_values = _child(
    "indicator_values",
    Column("indicator", CODE, nullable=False),
    Column("institution", CODE, nullable=False),
    Column("dimension", String(60), nullable=False),
    Column("category", String(200), nullable=False),
    Column("value", Float),
    Column("period_target", Float),
    Column("achievement", Float),
    Column("rating", String(12)),
    *_provenance(),
)

submissions = _child(
    "submissions",
    Column("institution", CODE, nullable=False),
    Column("expected", Boolean, nullable=False),
    Column("state", String(12), nullable=False),
    Column("file", Text, nullable=False),
    Column("verdict", String(30), nullable=False),
    Column("saved_at", String(32), nullable=False),
    Column("timeliness", String(12), nullable=False),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
)

activity_values = _child(
    "activity_values",
    Column("activity", CODE, nullable=False),
    Column("institution", CODE, nullable=False),
    Column("role", String(10), nullable=False),
    Column("area", CODE),
    Column("objective", CODE),
    Column("due", Boolean),
    Column("budget", Float),
    Column("funding_source", String(200)),
    Column("status", String(60)),
    Column("percent", Float),
    Column("spent", Float),
    *_provenance(),
)

statistics_values = _child(
    "statistics_values",
    Column("stat_table", String(20), nullable=False),
    Column("stat_row", CODE, nullable=False),
    Column("stat_column", CODE, nullable=False),
    Column("institution", CODE, nullable=False),
    Column("value", Float),
    *_provenance(),
)

recommendation_values = _child(
    "recommendation_values",
    Column("recommendation", CODE, nullable=False),
    Column("institution", CODE, nullable=False),
    Column("status", String(30)),
    Column("action", Text),
    Column("evidence", Text),
    Column("next_step", Text),
    *_provenance(),
)

review_decisions = Table(
    "review_decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id"), nullable=False, index=True),
    Column("review", String(20), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("meeting", Text),
    Column("meeting_date", Date),
    Column("participants", Text),
    Column("objective", CODE, nullable=False),
    Column("relevant", String(20)),
    Column("obstacles", Text),
    Column("adjustment", String(30)),
    Column("justification", Text),
    Column("decision", String(20)),
    Column("responsible", CODE),
    Column("deadline", Date),
    *_provenance(),
)
"""The decision log (T15): the coordination body's entries on each objective at a review (an
annual review by its year, the mid-term review as ``to-date``), with the meeting that took them
and where each row was read from. Reading a review again replaces that review's entries."""

ROWS = {"indicators": indicator_values, "activities": activity_values,
        "statistics": statistics_values, "submissions": submissions,
        "recommendations": recommendation_values}
"""The table of each kind of row of a period record."""
RENAMED = {"table": "stat_table", "row": "stat_row", "column": "stat_column"}
"""Record fields kept under another column name (words SQL reserves)."""
