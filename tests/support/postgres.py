"""A throw-away PostgreSQL cluster for tests: made with initdb in a temporary folder, listening
on a Unix socket only (no TCP port), and stopped and removed when the tests are done.

``initdb`` and ``postgres`` refuse to run as root: as root (CI), they run as the ``postgres``
user Debian's package creates, on a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

USER = "nap"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl (the newest PostgreSQL installed), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def required() -> bool:
    """Where PostgreSQL is required (CI, `make test`), its absence fails instead of skipping."""
    return os.environ.get("CI") == "true" or os.environ.get("NAP_REQUIRE_POSTGRES") == "1"


class Cluster:
    """One running cluster; :meth:`stop` ends it and removes its folder."""

    def __init__(self) -> None:
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (no initdb)")
        self.folder = Path(tempfile.mkdtemp(prefix="nappg-"))
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.port = 5432
        self._run("initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", USER,
                  "--no-sync", "-E", "UTF8")
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"),
                  "-o", f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off",
                  "-w", "start")
        self.running = True

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stdout}{done.stderr}")

    def url(self, database: str = "postgres") -> str:
        """The address of a database of the cluster, through its socket."""
        return f"postgresql://{USER}@/{database}?host={self.folder}&port={self.port}"

    def create_database(self, name: str) -> str:
        """A new empty database; its address."""
        import psycopg

        with psycopg.connect(host=str(self.folder), port=self.port, user=USER,
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def terminate_others(self, database: str) -> int:
        """End every other session connected to ``database`` (as a dropped connection would);
        how many were ended."""
        import psycopg

        with psycopg.connect(host=str(self.folder), port=self.port, user=USER,
                             dbname="postgres", autocommit=True) as connection:
            return connection.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()", (database,)).fetchone()[0]

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)
