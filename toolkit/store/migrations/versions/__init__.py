"""One module per schema change, oldest first (Alembic revisions). Each may import Alembic,
SQLAlchemy and the revisions before it; never the current schema, which moves on."""
