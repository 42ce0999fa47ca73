"""Opening a history store: where it is (a path, a ``sqlite:`` or ``postgresql:`` address, the
``NAP_STORE`` variable, a settings file, or the default beside the outputs), connecting, and
bringing its schema up to this toolkit's with the shipped migrations.

The store is input like any other: a database that is not a store, or one written by a newer
toolkit, is refused with a message and left unchanged.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from toolkit.findings import FindingError, finding
from toolkit.store.schema import metadata

DEFAULT_NAME = "nap-history.sqlite"
"""The store made beside the output folders when no other is given."""
SETTINGS = "nap-toolkit.toml"
"""The settings file looked for beside the plan: ``[history] store = "..."``."""
ENVIRONMENT = "NAP_STORE"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(FindingError):
    """The store cannot be used, or a recording failed; ``finding`` says why and what to do."""


@dataclass(frozen=True)
class Location:
    """Where a store is: the SQLAlchemy address and the name shown to people."""

    url: URL
    shown: str

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"


def location(given: str | Path) -> Location:
    """The store at ``given``: a file path (SQLite), ``sqlite:///PATH`` or
    ``postgresql://...`` (the password is never shown).

    Raises:
        StoreError: STORE_009 for an address of another kind.
    """
    text = str(given)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return Location(URL.create("sqlite+pysqlite", database=str(path)), str(path))
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StoreError(finding("STORE_009", text, value=f'"{text}"')) from exc
    backend = url.get_backend_name()
    if backend == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    elif backend == "sqlite" and url.database:
        url = url.set(drivername="sqlite+pysqlite")
    else:
        raise StoreError(finding("STORE_009", text, value=f'"{url.render_as_string()}"'))
    return Location(url, url.render_as_string(hide_password=True))


def settings_store(folder: Path) -> str | None:
    """The store named by ``nap-toolkit.toml`` in ``folder`` (relative to that folder), if any.

    Raises:
        StoreError: STORE_013 when the file is there but cannot be read.
    """
    path = folder / SETTINGS
    if not path.is_file():
        return None
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("history", {}).get("store")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError) as exc:
        raise StoreError(finding("STORE_013", path, reason=str(exc))) from exc
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise StoreError(finding("STORE_013", path, reason=f"store is {value!r}, not text"))
    return value if "://" in value else str((folder / value).resolve())


def choose(given: str | Path | None, out_dir: Path | None, plan_path: Path | None) -> str:
    """The store to use: ``given`` (``--store``), else ``NAP_STORE``, else the settings file
    beside the plan, else ``nap-history.sqlite`` in the folder that holds the outputs."""
    if given:
        return str(given)
    if os.environ.get(ENVIRONMENT):
        return os.environ[ENVIRONMENT]
    if plan_path is not None and (named := settings_store(Path(plan_path).resolve().parent)):
        return named
    base = Path(out_dir).resolve().parent if out_dir is not None else Path.cwd()
    return str(base / DEFAULT_NAME)


def _engine(where: Location) -> Engine:
    if not where.is_sqlite:
        return sa.create_engine(where.url, pool_pre_ping=True)
    engine = sa.create_engine(where.url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
    return engine


def reason(exc: BaseException) -> str:
    """What the database said, on one line, without SQLAlchemy's background links."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split())
    return text.split(" (Background on this error")[0] or type(orig).__name__


class Store:
    """An open history store, at the schema of this toolkit."""

    def __init__(self, where: Location, engine: Engine):
        self.where, self.engine = where, engine

    @property
    def shown(self) -> str:
        """The store as people are told of it: a file path or an address without password."""
        return self.where.shown

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def open_store(given: str | Path, create: bool = True) -> Store:
    """Open the store at ``given`` (made when new, if ``create``) and bring its schema up to
    date.

    Raises:
        StoreError: STORE_001 it cannot be reached or read; STORE_002 it is another kind of
            database; STORE_003 a newer toolkit wrote it; STORE_009 the address is unusable.
    """
    where = location(given)
    if where.is_sqlite:
        _check_sqlite_file(where, create)
    engine = _engine(where)
    try:
        upgrade(engine, where)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(finding("STORE_001", where.shown, reason=reason(exc))) from exc
    except StoreError:
        engine.dispose()
        raise
    return Store(where, engine)


def _check_sqlite_file(where: Location, create: bool) -> None:
    path = Path(where.url.database)
    if not create and not path.exists():
        raise StoreError(finding("STORE_001", where.shown, reason="there is no store there: "
                                 "the file does not exist"))
    if path.is_dir():
        raise StoreError(finding("STORE_001", where.shown, reason="it is a folder; give the "
                                 "path of a file, for example " + str(path / DEFAULT_NAME)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(finding("STORE_001", where.shown,
                                 reason=f"its folder cannot be made: {exc.strerror}")) from exc


def _script():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config, ScriptDirectory.from_config(config)


def schema_revision(connection) -> str | None:
    """The schema revision the store is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, where: Location, to: str = "head") -> None:
    """Bring the store's schema to ``to`` (the newest by default) within one transaction."""
    from alembic import command

    config, script = _script()
    with engine.begin() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        current = schema_revision(connection) if "alembic_version" in tables else None
        if current is None and tables:
            raise StoreError(finding("STORE_002", where.shown,
                                     found=", ".join(sorted(tables))))
        known = {s.revision for s in script.walk_revisions()}
        if current is not None and current not in known:
            raise StoreError(finding("STORE_003", where.shown, found=current,
                                     known=script.get_current_head()))
        target = script.get_current_head() if to == "head" else to
        if current == target:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, to)


__all__ = ["DBAPIError", "Location", "Store", "StoreError", "choose", "location", "metadata",
           "open_store", "reason", "schema_revision", "upgrade"]
