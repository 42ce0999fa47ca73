"""The suite's parallel run: a test marked ``serial``, or a block in ``alone``, runs alone; the
others side by side."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.support.parallel import RunLock

ROOT = Path(__file__).resolve().parent.parent

TIMED = '''
import os, time
import pytest
from tests.support.parallel import alone

def _timed(name, seconds=0.3):
    start = time.monotonic()
    time.sleep(seconds)
    with open(os.environ["NAP_TIMES"], "a") as log:
        log.write(f"{name} {start} {time.monotonic()}\\n")

@pytest.mark.serial
def test_alone():
    _timed("serial", 1.0)

@pytest.fixture
def measured(request):
    with alone(request.config):
        _timed("block", 1.0)

def test_block_alone(measured):
    pass

@pytest.mark.parametrize("n", range(8))
def test_ordinary(n):
    _timed(f"ordinary{n}")
'''
BARRIER = '''
import os, time
from pathlib import Path

def pytest_sessionstart(session):
    """Both workers start their tests together, so that a test left unlocked would overlap."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        ready = Path(os.environ["NAP_TIMES"]).with_name("ready")
        ready.mkdir(exist_ok=True)
        (ready / worker).touch()
        deadline = time.monotonic() + 60
        while len(list(ready.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
'''


def _gate_taken(folder: Path) -> bool:
    fd = os.open(folder / "serial.gate", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_run_lock__a_serial_test_waits_for_running_tests_and_goes_before_later_ones(tmp_path):
    running, serial, later = RunLock(tmp_path), RunLock(tmp_path), RunLock(tmp_path)
    events: list[str] = []

    def hold(lock: RunLock, exclusive: bool, name: str) -> None:
        with lock.held(exclusive):
            events.append(name)

    with running.held(exclusive=False):
        first = threading.Thread(target=hold, args=(serial, True, "serial"))
        first.start()
        deadline = time.monotonic() + 10
        while not _gate_taken(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.01)
        second = threading.Thread(target=hold, args=(later, False, "later"))
        second.start()
        time.sleep(0.2)
        events.append("running ends")
    first.join(10)
    second.join(10)
    assert events == ["running ends", "serial", "later"]
    for lock in (running, serial, later):
        lock.close()


def test_under_xdist__serial_tests_and_blocks_overlap_no_other_while_the_others_overlap(
        tmp_path):
    (tmp_path / "test_timed.py").write_text(TIMED, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(BARRIER, encoding="utf-8")
    times = tmp_path / "times.txt"
    env = dict(os.environ, NAP_TIMES=str(times), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "-p",
                           "tests.support.parallel", "--dist", "load", "-p", "no:cacheprovider", "test_timed.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    spans = {name: (float(a), float(b)) for name, a, b in
             (line.split() for line in times.read_text().splitlines())}
    assert len(spans) == 10
    for name in ("serial", "block"):
        alone = spans[name]
        others = [span for other, span in spans.items() if other != name]
        assert all(end <= alone[0] or start >= alone[1] for start, end in others), name
    ordered = sorted(span for name, span in spans.items() if name.startswith("ordinary"))
    assert any(b[0] < a[1] for a, b in zip(ordered, ordered[1:])), "no two tests ran together"
