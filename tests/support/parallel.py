"""Running the tests in parallel: the lock that lets a test marked ``serial`` run alone (a
pytest plugin, loaded by ``tests/conftest.py``).

``make test`` runs the suite with pytest-xdist, one worker process per core. Each worker
holds a readers-writer lock, shared by all the workers of one run, while it runs a test: an
ordinary test holds it shared, a test marked ``serial`` exclusively, so that it starts once the
tests running elsewhere have finished and no other test starts before it ends. A gate taken
before the lock lets a waiting serial test in ahead of the tests that arrive after it. Within a
test or fixture, :func:`alone` does the same for a block (a measurement inside a shared fixture).

The lock is two files in the folder the workers' temporary folders share; ``flock`` releases
them when a worker dies, so a crash cannot leave the run waiting.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

_LOCK = pytest.StashKey["RunLock"]()


class RunLock:
    """The readers-writer lock of one test run.

    Args:
        folder: A folder every worker of the run sees (created if missing).
    """

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self._gate = os.open(folder / "serial.gate", os.O_RDWR | os.O_CREAT, 0o600)
        self._lock = os.open(folder / "serial.lock", os.O_RDWR | os.O_CREAT, 0o600)
        self._exclusive = False

    @contextmanager
    def held(self, exclusive: bool) -> Iterator[None]:
        """Hold the lock for one test: shared, or exclusive for a serial test."""
        fcntl.flock(self._gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        finally:
            if not exclusive:
                fcntl.flock(self._gate, fcntl.LOCK_UN)
        self._exclusive = exclusive
        try:
            yield
        finally:
            self._exclusive = False
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            if exclusive:
                fcntl.flock(self._gate, fcntl.LOCK_UN)

    @contextmanager
    def alone(self) -> Iterator[None]:
        """Within a test that holds the lock shared, hold it exclusively for a while: the
        tests running elsewhere finish and no other starts until the block ends."""
        if self._exclusive:
            yield
            return
        # Let go of the shared hold first: two workers each holding it shared while waiting for
        # the gate would wait for each other for ever.
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        fcntl.flock(self._gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX)
            self._exclusive = True
            try:
                yield
            finally:
                self._exclusive = False
                fcntl.flock(self._lock, fcntl.LOCK_SH)
        finally:
            fcntl.flock(self._gate, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release the files (and any lock still held)."""
        os.close(self._gate)
        os.close(self._lock)


def run_folder(config) -> Path | None:
    """The folder the workers of this run share, or None when the tests run in one process.

    pytest-xdist gives each worker the temporary folder ``<run's basetemp>/<worker id>``.
    """
    if not hasattr(config, "workerinput") or not config.option.basetemp:
        return None
    return Path(config.option.basetemp).parent


@contextmanager
def alone(config) -> Iterator[None]:
    """Run a block of a test or fixture while no other test runs, e.g. a measurement of time
    inside a fixture that several tests share::

        with alone(request.config):
            started = time.perf_counter()
            ...
    """
    lock = config.stash.get(_LOCK, None)
    if lock is None:
        yield
        return
    with lock.alone():
        yield


def pytest_configure(config) -> None:
    folder = run_folder(config)
    if folder is not None:
        config.stash[_LOCK] = RunLock(folder)


def pytest_unconfigure(config) -> None:
    lock = config.stash.get(_LOCK, None)
    if lock is not None:
        lock.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Run each test (its fixtures' set-up and tear-down included) under the run's lock."""
    lock = item.config.stash.get(_LOCK, None)
    if lock is None:
        return (yield)
    with lock.held(exclusive=item.get_closest_marker("serial") is not None):
        return (yield)
