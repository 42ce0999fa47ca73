"""Every path given or found is in the ledger with a verdict, links are followed only inside the
returns folders, the output folder never swallows the returns, and names print as they came."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
from pathlib import Path

import pytest
from fault_support import Case, assert_sound, environment, read_csv, sha

from toolkit.aggregate.returned import shown


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Case:
    return Case(tmp_path_factory.mktemp("paths"))


def _ledger(out: Path) -> dict[str, dict]:
    rows = read_csv(out / "ledger.csv")
    return {row["name"]: {**row, "reasons": row["reasons"].strip()} for row in rows}


@pytest.mark.parametrize("where", ["same", "parent"])
def test_an_output_folder_holding_the_returns__is_refused_before_anything_is_written(
        case, tmp_path, where):
    returns = case.folder(tmp_path / "returns")
    out = returns if where == "same" else tmp_path
    before = sorted(p.name for p in out.iterdir())

    done = case.run(out, returns)

    assert done.returncode == 2, done.stderr
    err = done.stderr.decode()
    assert "[IN_008]" in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == before, "nothing written"


def test_an_output_folder_inside_the_returns__and_earlier_ones__are_skipped_and_named(
        case, tmp_path):
    returns = case.folder(tmp_path / "returns")
    earlier = returns / "old-out"
    assert case.run(earlier, returns).returncode == 0
    out = returns / "out"

    done = case.run(out, returns)

    assert done.returncode == 0, done.stderr
    ledger = _ledger(out)
    assert ledger[str(earlier)]["verdict"] == "ignored"
    assert ledger[str(earlier)]["reasons"] == "IN_007"
    assert ledger[str(out)]["reasons"] == "IN_007", "this run's own folder is named too"
    assert_sound(out, [returns / p.name for p in case.clean.values()], done.stderr)


def _odd_folder(case: Case, base: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    """A returns folder with one of every odd kind of path; the expected verdict and code of
    each, by name."""
    returns = case.folder(base / "returns")
    inside = returns / next(iter(case.clean.values())).name
    outside = base / "elsewhere"
    outside.mkdir()
    (outside / "secret.xlsx").write_bytes(b"not for the archive")
    os.mkfifo(returns / "pipe.xlsx")
    (returns / "gone.xlsx").symlink_to(returns / "missing.xlsx")
    (returns / "loop-a.xlsx").symlink_to(returns / "loop-b.xlsx")
    (returns / "loop-b.xlsx").symlink_to(returns / "loop-a.xlsx")
    (returns / "outside.xlsx").symlink_to("/etc/passwd")
    (returns / "outside-folder").symlink_to(outside)
    (returns / "linked.xlsx").symlink_to(inside)
    (returns / "sub").mkdir()
    (returns / "sub" / "empty").mkdir()
    (returns / "sub-link").symlink_to(returns / "sub")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(returns / "socket.xlsx"))
    sock.close()
    expected = {"pipe.xlsx": ("rejected", "IN_001"), "gone.xlsx": ("rejected", "IN_002"),
                "loop-a.xlsx": ("rejected", "IN_003"), "loop-b.xlsx": ("rejected", "IN_003"),
                "outside.xlsx": ("rejected", "IN_004"),
                "outside-folder": ("rejected", "IN_004"),
                "sub/empty": ("ignored", "IN_006"), "sub-link": ("ignored", "IN_009"),
                "socket.xlsx": ("rejected", "IN_001"), "linked.xlsx": ("duplicate", "WB_008")}
    if os.geteuid() == 0:
        os.mknod(returns / "device.xlsx", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        expected["device.xlsx"] = ("rejected", "IN_001")
    return returns, expected


def test_every_odd_path__is_in_the_ledger_with_its_verdict(case, tmp_path):
    returns, expected = _odd_folder(case, tmp_path)
    out = tmp_path / "out"

    done = case.run(out, returns)

    assert done.returncode == 1, done.stderr
    ledger = _ledger(out)
    for name, (verdict, code) in expected.items():
        row = ledger[str(returns / name)]
        assert (row["verdict"], row["reasons"]) == (verdict, code), name
    assert ledger[str(returns / "outside.xlsx")]["link_target"] == "/etc/passwd"
    assert ledger[str(returns / "outside.xlsx")]["archived_as"] == ""
    linked = ledger[str(returns / "linked.xlsx")]
    target = returns / next(iter(case.clean.values())).name
    assert linked["link_target"] == str(target.resolve()), "the ledger names link and target"
    archived = {sha(p) for p in (out / "archive").iterdir()}
    assert sha(Path("/etc/passwd")) not in archived
    assert sha(tmp_path / "elsewhere" / "secret.xlsx") not in archived
    assert_sound(out, [returns / p.name for p in case.clean.values()], done.stderr)


def _without_root_reading() -> list[str]:
    """The command prefix that takes away root's right to open any folder (a run as root
    opens every folder, so it consolidates without that right)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        if os.environ.get("CI"):
            pytest.fail("setpriv (util-linux) is needed to run without root's reading rights")
        pytest.skip("running as root without setpriv: every folder can be opened")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_a_folder_or_file_that_cannot_be_read__is_named_in_the_ledger(case, tmp_path):
    returns = case.folder(tmp_path / "returns")
    (returns / "closed").mkdir()
    shutil.copy(next(iter(case.clean.values())), returns / "closed" / "hidden.xlsx")
    shutil.copy(next(iter(case.clean.values())), returns / "closed.xlsx")
    os.chmod(returns / "closed", 0)
    os.chmod(returns / "closed.xlsx", 0)
    prefix = _without_root_reading()
    try:
        done = subprocess.run(prefix + case.command(tmp_path / "out", returns),
                              capture_output=True, env=environment(), timeout=240)
    finally:
        os.chmod(returns / "closed", 0o700)
        os.chmod(returns / "closed.xlsx", 0o600)
    assert done.returncode == 1, done.stderr
    ledger = _ledger(tmp_path / "out")
    row = ledger[str(returns / "closed")]
    assert (row["verdict"], row["reasons"]) == ("rejected", "IN_005")
    row = ledger[str(returns / "closed.xlsx")]
    assert (row["verdict"], row["reasons"], row["archived_as"]) == ("rejected", "WB_013", "")
    assert_sound(tmp_path / "out", [returns / p.name for p in case.clean.values()],
                 done.stderr)


def test_a_link_given_on_the_command_line__to_a_file_elsewhere__is_not_read(case, tmp_path):
    link = tmp_path / "returns" / "outside.xlsx"
    link.parent.mkdir()
    link.symlink_to("/etc/passwd")
    out = tmp_path / "out"

    done = case.run(out, link, *case.clean.values())

    assert done.returncode == 1
    row = _ledger(out)[str(link)]
    assert (row["verdict"], row["reasons"], row["sha256"]) == ("rejected", "IN_004", "")


def test_a_name_that_is_not_utf8__works_in_ledger_findings_report_and_archive(case, tmp_path):
    from openpyxl import load_workbook

    returns = tmp_path / "returns"
    returns.mkdir()
    source = next(iter(case.clean.values()))
    odd = Path(os.fsdecode(os.fsencode(returns) + b"/caf\xe9 " + source.name.encode()))
    shutil.copy(source, odd)
    broken = Path(os.fsdecode(os.fsencode(returns) + b"/not a workbook \xff.xlsx"))
    broken.write_bytes(b"plain text")
    out = tmp_path / "out"

    done = case.run(out, returns, quiet=False)

    assert done.returncode == 1, done.stderr
    err = done.stdout.decode() + done.stderr.decode()
    assert "not a workbook %FF.xlsx" in err and "Traceback" not in err
    ledger = _ledger(out)
    assert ledger[shown(str(odd))]["verdict"] == "accepted"
    assert "caf%E9 " in shown(str(odd))
    assert ledger[shown(str(broken))]["reasons"] == "WB_001"
    report = load_workbook(out / "report.xlsx", read_only=True)
    cells = [str(c) for ws in report.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c]
    assert any("%FF" in c for c in cells), "the report names the file"
    assert_sound(out, [odd, broken], done.stderr)


def test_control_characters_in_a_name__print_harmlessly(case, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / "\x1b[2J\x1b[1;1Hall fine\u202e.xlsx").write_bytes(b"plain text")
    out = tmp_path / "out"

    done = case.run(out, returns, *case.clean.values(), quiet=False)

    printed = done.stdout + done.stderr
    assert b"\x1b" not in printed and "\u202e".encode() not in printed
    assert b"%1B[2J%1B[1;1Hall fine%u202E.xlsx" in printed
    assert_sound(out, list(case.clean.values()), done.stderr)

