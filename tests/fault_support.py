"""Runs of `toolkit aggregate` as a coordinator's machine sees them, and what must hold after
any of them: every input in the ledger and byte for byte in the archive, and outputs complete
and of one run, or plainly marked incomplete."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT
from returns import Returns

from toolkit.aggregate.returned import shown

PERIOD = "2025-H2"
OUTPUTS = ("report.xlsx", "report.docx", "report.pdf", "ledger.csv", "ledger.json", "exports",
           "feedback")


class Case:
    """The small test plan on disk and its clean returns."""

    def __init__(self, folder: Path):
        from plans import small_plan

        from toolkit.plan.jsonio import save

        self.plan = small_plan()
        self.plan_path = folder / "plan.json"
        save(self.plan, self.plan_path)
        self.returns = Returns(self.plan, PERIOD, folder / "r")
        self.clean = self.returns.clean

    def folder(self, target: Path) -> Path:
        """A returns folder holding a copy of every clean return."""
        target.mkdir(parents=True, exist_ok=True)
        for path in self.clean.values():
            shutil.copy(path, target / path.name)
        return target

    def many(self, target: Path, count: int) -> Path:
        """A returns folder of ``count`` distinct files: the clean returns again and again,
        each copy told apart by its zip comment (so none is a byte-identical copy)."""
        target.mkdir(parents=True, exist_ok=True)
        sources = list(self.clean.values())
        for n in range(count):
            source = sources[n % len(sources)]
            copy = target / f"{n:04d}_{source.name}"
            shutil.copy(source, copy)
            with zipfile.ZipFile(copy, "a") as zf:
                zf.comment = f"copy {n}".encode()
        return target

    def command(self, out: Path, *returns: Path, extra=(), quiet: bool = True) -> list[str]:
        return [sys.executable, "-m", "toolkit", "aggregate", "--plan", str(self.plan_path),
                "--period", PERIOD, "--out", str(out), "--no-store",
                *(["--quiet"] if quiet else []), *extra, *map(str, returns)]

    def run(self, out: Path, *returns: Path, extra=(), quiet: bool = True,
            **kw) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(out, *returns, extra=extra, quiet=quiet),
                              capture_output=True, cwd=ROOT, env=environment(), timeout=240,
                              **kw)


def environment() -> dict:
    env = dict(os.environ)
    env.pop("NAP_TOOLKIT_TRACEBACK", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def inputs_under(*paths: Path) -> list[Path]:
    """Every regular file given or under a folder given (links not followed), as the ledger
    must name them."""
    found = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for folder, dirs, files in os.walk(path):
                found += [Path(folder, f) for f in files
                          if Path(folder, f).is_file() and not Path(folder, f).is_symlink()]
        elif path.is_file():
            found.append(path)
    return found


def ledger_of(out: Path) -> tuple[list[dict], str]:
    """The ledger of the last run, and whether its set is complete (``complete``) or only its
    ledger was kept (``incomplete``)."""
    run = json.loads((out / "run.json").read_text()) if (out / "run.json").exists() else None
    staged = sorted(out.glob("incomplete-*/ledger.csv"), key=lambda p: p.stat().st_mtime)
    if run is not None and run["status"] == "complete" and (
            not staged or staged[-1].stat().st_mtime <= (out / "ledger.csv").stat().st_mtime):
        return read_csv(out / "ledger.csv"), "complete"
    assert staged, "a run that did not finish keeps its ledger"
    return read_csv(staged[-1]), "incomplete"


def assert_sound(out: Path, inputs: list[Path], *stderr: bytes | str,
                 require_ledger: bool = True, whole: bool = True, killed: bool = False) -> str:
    """What must hold after any run, finished or not; returns ``complete``, ``incomplete`` or
    ``none`` (no ledger was kept). A run ``killed`` outright (SIGKILL, a power cut) may leave
    copies cut short, but only under the hidden ``.name.pid.part`` names the next run clears."""
    for text in stderr:
        text = text.decode(errors="replace") if isinstance(text, bytes) else text
        assert "Traceback" not in text, text
    if not killed:
        assert not list((out / "archive").glob(".*.part")), "nothing cut short stays"
    if (out / "run.json").exists() and whole:
        assert_set_whole(out)
    if not require_ledger and not (out / "ledger.csv").exists() and \
            not list(out.glob("incomplete-*/ledger.csv")):
        return "none"
    ledger, state = ledger_of(out)
    by_name = {row["name"]: row for row in ledger}
    for path in inputs:
        row = by_name.get(shown(str(path)))
        assert row is not None, f"{path} is in the ledger"
        assert row["archived_as"], f"{path} was archived"
        assert (out / row["archived_as"]).read_bytes() == path.read_bytes(), path
    return state


def assert_set_whole(out: Path) -> None:
    """``run.json`` says complete and every output is the one it names, nothing else beside;
    or it says incomplete."""
    run = json.loads((out / "run.json").read_text())
    if run["status"] != "complete":
        assert run["status"] == "incomplete"
        return
    present = {p.relative_to(out).as_posix() for name in OUTPUTS
               for p in ([out / name] if (out / name).is_file() else (out / name).rglob("*"))
               if p.is_file()}
    assert present == set(run["outputs"]), "the outputs are this run's and no other's"
    for name, digest in run["outputs"].items():
        assert sha(out / name) == digest, name
