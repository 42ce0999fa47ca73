"""Alembic migrations of the history store, shipped with the package: ``env.py`` runs them on
the connection the store opened, ``versions/`` holds one step per schema change. May import
Alembic, SQLAlchemy and the store's schema."""
