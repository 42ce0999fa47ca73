"""Runs the migrations on the connection :mod:`toolkit.store.connect` passes in (never a URL
from a configuration file)."""

from __future__ import annotations

from alembic import context

from toolkit.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
