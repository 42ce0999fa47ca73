"""The history store: every consolidation of every plan, period by period, in SQLite (a file,
the default) or PostgreSQL (a shared server). ``schema`` defines the tables once, ``migrations``
moves a store from any earlier schema to this toolkit's, ``connect`` opens and checks a store,
``record`` writes a period and ``read`` gives it back as plain records.

May import SQLAlchemy and Alembic (and, through SQLAlchemy, the PostgreSQL driver), the standard
library and ``toolkit``'s pure modules; nothing that reads or writes workbooks.
"""
