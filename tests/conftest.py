"""Shared fixtures: the sample plan in its forms, paths, and one LibreOffice per test process.

The suite runs in parallel (pytest-xdist, see ``support/parallel.py``): session-scoped fixtures
are built once in each worker process.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_JSON = ROOT / "samples" / "valdoria-nap.json"
SAMPLE_XLSX = ROOT / "samples" / "valdoria-nap.xlsx"
sys.path.insert(0, str(Path(__file__).resolve().parent))

pytest_plugins = ["tests.support.parallel"]


@pytest.fixture(scope="session")
def sample_plan():
    """The bundled sample plan, read from its JSON form."""
    from toolkit.plan.jsonio import load

    return load(SAMPLE_JSON)


@pytest.fixture(scope="module")
def period(sample_plan, request):
    """The sample plan's period named by the test module's ``PERIOD``."""
    from toolkit.reporting.periods import parse_period

    m = sample_plan.meta
    return parse_period(request.module.PERIOD, m.frequency, m.start, m.end)


@pytest.fixture(scope="session")
def sample_xlsx(tmp_path_factory, sample_plan) -> Path:
    """The sample plan written afresh as a plan workbook."""
    from toolkit.plan.write_xlsx import write_plan_workbook

    return write_plan_workbook(tmp_path_factory.mktemp("sample") / "plan.xlsx", sample_plan)


@pytest.fixture(scope="session")
def calc():
    """One LibreOffice for every test of this process that opens workbooks in it.

    Close what you open (``with calc.open(path) as doc``). A test that stops or hangs
    LibreOffice on purpose, or needs other settings (locale, timeouts), starts its own
    ``lo.Calc``; after a failure this one starts afresh at the next ``open``.
    """
    from tests.support import libreoffice as lo

    with lo.Calc() as instance:
        yield instance


def pytest_sessionstart(session):
    """Where LibreOffice is required (CI, `make test`), its absence fails the run instead of
    silently skipping every real-client test."""
    import os

    if os.environ.get("NAP_REQUIRE_LIBREOFFICE") == "1" or os.environ.get("CI") == "true":
        from tests.support import libreoffice as lo

        if not lo.available():
            pytest.exit("LibreOffice (soffice and python3-uno) is required here but missing: "
                        "run `make libreoffice` or install libreoffice-calc-nogui and "
                        "python3-uno.", returncode=3)


@pytest.fixture(scope="session")
def pg_cluster():
    """A throw-away PostgreSQL cluster in a temporary folder, for the whole run; stopped and
    removed at the end. Missing PostgreSQL fails the run under CI and `make test`, and skips
    the PostgreSQL tests elsewhere."""
    from support import postgres

    if postgres.binaries() is None:
        message = ("PostgreSQL is not installed (no initdb): run `make postgresql` or install "
                   "Debian's postgresql package")
        if postgres.required():
            pytest.fail(message)
        pytest.skip(message)
    import signal

    def interrupted(*_args):
        raise KeyboardInterrupt  # pytest then runs the teardown below, so the server stops

    before = signal.signal(signal.SIGTERM, interrupted)
    cluster = postgres.Cluster()
    try:
        yield cluster
    finally:
        cluster.stop()
        signal.signal(signal.SIGTERM, before)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty store: a SQLite file, and a new database of the throw-away cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite")
    cluster = request.getfixturevalue("pg_cluster")
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name)[-50:].lower()
    return cluster.create_database(f"{name}_{id(request) % 100000}")


@pytest.fixture(scope="module")
def plan():
    """The history tests' plan: small, with periodic, cumulative and level indicators."""
    from history_cases import history_plan

    return history_plan()


@pytest.fixture(scope="module")
def plan_path(plan, tmp_path_factory):
    from history_cases import save_plan

    return save_plan(plan, tmp_path_factory.mktemp("plan"))


@pytest.fixture(scope="module")
def periods(plan, tmp_path_factory):
    """Clean returns of every institution of ``plan`` for each of its three periods."""
    from history_cases import returns_of

    return returns_of(plan, tmp_path_factory.mktemp("returns"))
