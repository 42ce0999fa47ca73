"""Every way a command can stop, driven through the command line: each ends in one line with a
catalogue code, at the place it concerns, with the exit code the catalogue gives that code, and
never a traceback. Also: the same errors in the plan's language, and click's own usage errors in
the house style."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE_JSON

from toolkit.cli import main
from toolkit.cli_errors import usage_finding
from toolkit.messages import CATALOGUE
from toolkit.vba.sources import xlwings_module_path

BROKEN = ROOT / "samples" / "broken" / "unknown-institution.xlsx"
PERIOD = "2026-H1"


@dataclass(frozen=True)
class Case:
    """A command line (built in a scratch folder), the code it must stop with, and where."""

    args: Callable[[Path], list[str]]
    code: str
    at: Callable[[Path], str] = lambda tmp: ""
    setup: Callable | None = None
    """Called with (tmp_path, monkeypatch) before the command runs."""


def _gen(tmp: Path, *more: str) -> list[str]:
    return ["generate", str(SAMPLE_JSON), "--period", PERIOD, "--out", str(tmp / "out"), *more]


def _agg(tmp: Path, *more: str) -> list[str]:
    return ["aggregate", "--plan", str(SAMPLE_JSON), "--period", PERIOD, "--out",
            str(tmp / "out"), *more, str(SAMPLE_JSON)]


def _a_file(tmp: Path) -> Path:
    (tmp / "a-file.txt").write_text("not a folder", encoding="utf-8")
    return tmp / "a-file.txt"


def _raise(error: BaseException):
    def fail(*args, **kwargs):
        raise error
    return fail


def _locked(tmp, monkeypatch):
    from xlsxwriter.exceptions import FileCreateError

    from toolkit.generate import workbooks as G

    target = str(tmp / "out" / "VAL-NAP_2026-H1_MOI.xlsx")
    monkeypatch.setattr(G, "generate", _raise(
        FileCreateError(PermissionError(13, "Permission denied", target))))


def _duplicate_sheet(tmp, monkeypatch):
    from xlsxwriter.exceptions import DuplicateWorksheetName

    from toolkit.generate import workbooks as G

    monkeypatch.setattr(G, "generate", _raise(DuplicateWorksheetName(
        "Sheetname 'prevention', with case ignored, is already in use.")))


def _broken_macros(tmp, monkeypatch):
    from toolkit.commands import macros

    folder = tmp / "macros"
    shutil.copytree(macros.MACROS_DIR, folder)
    (folder / "Broken.bas").write_bytes(b'Attribute VB_Name = "Broken"\r\n\x81\r\n')
    monkeypatch.setattr(macros, "MACROS_DIR", folder)


def _xlwings_version(tmp, monkeypatch):
    from toolkit.vba import sources

    monkeypatch.setattr(sources.metadata, "version", lambda name: "0.1.0")


def _no_xlwings(tmp, monkeypatch):
    from toolkit.vba import sources

    monkeypatch.setattr(sources.util, "find_spec", lambda name: None)


def _other_macros(tmp, monkeypatch):
    from toolkit.commands import macros

    CliRunner().invoke(main, ["addin", str(tmp / "a.xlam")], catch_exceptions=False)
    folder = tmp / "macros"
    shutil.copytree(macros.MACROS_DIR, folder)
    module = next(folder.glob("*.bas"))
    module.write_bytes(module.read_bytes() + b"' changed\r\n")
    monkeypatch.setattr(macros, "MACROS_DIR", folder)


def _plain_workbook(tmp, monkeypatch):
    import openpyxl

    openpyxl.Workbook().save(tmp / "plain.xlsx")


def _two_plans(tmp, monkeypatch):
    from contextlib import nullcontext
    from types import SimpleNamespace

    from toolkit.commands import history

    store = SimpleNamespace(shown="nap-history.sqlite")
    monkeypatch.setattr(history, "open_for", lambda *a, **k: nullcontext(store))
    monkeypatch.setattr(history, "listing", lambda opened: [{"plan": "VAL-NAP"},
                                                           {"plan": "OTHER-NAP"}])


def _failing_check(tmp, monkeypatch):
    from toolkit.commands import plan

    monkeypatch.setattr(plan, "check_plan", _raise(RuntimeError("a fault in the toolkit")))


CASES = {
    # click's usage errors, in the house style
    "no command": Case(lambda t: [], "USE_015", lambda t: "toolkit"),
    "unknown command": Case(lambda t: ["consolidat"], "USE_001", lambda t: "toolkit"),
    "unknown option": Case(lambda t: _gen(t, "--institutions", "MOI"), "USE_002",
                           lambda t: "toolkit generate"),
    "missing option": Case(lambda t: ["generate", str(SAMPLE_JSON), "--out", str(t)], "USE_003",
                           lambda t: "toolkit generate"),
    "missing argument": Case(lambda t: ["check-plan"], "USE_003", lambda t: "toolkit check-plan"),
    "option without its value": Case(lambda t: ["generate", str(SAMPLE_JSON), "--period"],
                                     "USE_004", lambda t: "toolkit generate"),
    "extra argument": Case(lambda t: ["check-plan", str(SAMPLE_JSON), "more"], "USE_005",
                           lambda t: "toolkit check-plan"),
    "returned file that is not there": Case(lambda t: [*_agg(t)[:-1], str(t / "moi.xlsx")],
                                            "USE_006", lambda t: str(t / "moi.xlsx")),
    "folder given as a file": Case(lambda t: ["check-plan", str(t)], "USE_007", str),
    "file given as a folder": Case(lambda t: ["generate", str(SAMPLE_JSON), "--period", PERIOD,
                                              "--out", str(_a_file(t))], "USE_008",
                                   lambda t: str(t / "a-file.txt")),
    "jobs out of range": Case(lambda t: _agg(t, "--jobs", "0"), "USE_009",
                              lambda t: "toolkit aggregate"),
    "not a date": Case(lambda t: _gen(t, "--deadline", "15/07/2026"), "USE_010",
                       lambda t: "toolkit generate"),
    "sample that is not bundled": Case(lambda t: ["demo", "--out", str(t), "--sample", "valdora"],
                                       "USE_020", lambda t: "toolkit demo"),
    "flag given a value": Case(lambda t: _agg(t, "--quiet=yes"), "USE_016",
                               lambda t: "toolkit aggregate"),
    # the toolkit's own usage errors
    "unknown language": Case(lambda t: ["new-plan", str(t / "p.xlsx"), "--language", "xx"],
                             "USE_011", lambda t: "--language"),
    "coverage in an unknown language": Case(
        lambda t: ["coverage", str(SAMPLE_JSON), "--language", "xx", "--out", str(t / "c.xlsx")],
        "USE_011", lambda t: "--language"),
    "unknown institution": Case(lambda t: _gen(t, "--institution", "POLX"), "USE_012",
                                lambda t: "--institution"),
    "institution with nothing to report": Case(
        lambda t: ["generate", str(SAMPLE_JSON), "--period", "2028-H2", "--out", str(t),
                   "--institution", "MUN-ASSOC"], "USE_013", lambda t: "--institution"),
    "control panel not .xlsm": Case(lambda t: ["control-panel", str(t / "panel.xlsx")],
                                    "USE_014", lambda t: str(t / "panel.xlsx")),
    "add-in not .xlam": Case(lambda t: ["addin", str(t / "addin.xlsm")], "USE_014",
                             lambda t: str(t / "addin.xlsm")),
    "period off the frequency": Case(lambda t: ["generate", str(SAMPLE_JSON), "--period",
                                                "2026-Q1", "--out", str(t)], "PER_001",
                                     lambda t: "--period"),
    "period outside the plan": Case(lambda t: _agg(t)[:4] + ["2030-H1", *_agg(t)[5:]],
                                    "PER_002", lambda t: "--period"),
    "report of no year": Case(lambda t: ["report", "--plan", str(SAMPLE_JSON), "--out", str(t)],
                              "USE_019", lambda t: "toolkit report"),
    "report year out of range": Case(lambda t: ["report", "--plan", str(SAMPLE_JSON), "--year",
                                                "26", "--out", str(t)], "USE_009",
                                     lambda t: "toolkit report"),
    "store of several plans": Case(lambda t: ["history", "show", "--indicator", "A1.1-OUT-01"],
                                   "USE_018", lambda t: "--plan", _two_plans),
    "history show without indicator": Case(lambda t: ["history", "show"], "USE_003",
                                           lambda t: "toolkit history show"),
    "history import of no folder": Case(
        lambda t: ["history", "import", str(t / "none"), "--plan", str(SAMPLE_JSON)], "USE_006",
        lambda t: str(t / "none")),
    "history export to a file": Case(lambda t: ["history", "export", str(_a_file(t))], "USE_008",
                                     lambda t: str(t / "a-file.txt")),
    # plans that cannot be used
    "plan that is not there": Case(lambda t: ["check-plan", str(t / "none.xlsx")], "PLAN_030",
                                   lambda t: str(t / "none.xlsx")),
    "plan with errors, checked": Case(lambda t: ["check-plan", str(BROKEN)], "CMD_001",
                                      lambda t: str(BROKEN)),
    "plan with errors, generated": Case(lambda t: ["generate", str(BROKEN), "--period", PERIOD,
                                                   "--out", str(t)], "CMD_002",
                                        lambda t: str(BROKEN)),
    "plan with errors, exported": Case(lambda t: ["plan-export", str(BROKEN), str(t / "p.json")],
                                       "CMD_002", lambda t: str(BROKEN)),
    "plan with errors, consolidated": Case(
        lambda t: ["aggregate", "--plan", str(BROKEN), "--period", PERIOD, "--out", str(t),
                   str(SAMPLE_JSON)], "CMD_003", lambda t: str(BROKEN)),
    "plan with errors, reported": Case(
        lambda t: ["report", "--plan", str(BROKEN), "--year", "2026", "--out", str(t)], "CMD_005",
        lambda t: str(BROKEN)),
    "a fault of the toolkit": Case(lambda t: ["check-plan", str(SAMPLE_JSON)], "CMD_004",
                                   lambda t: "toolkit", _failing_check),
    # outputs that cannot be written
    "plan that exists": Case(lambda t: ["new-plan", str(_a_file(t))], "SAVE_001",
                             lambda t: str(t / "a-file.txt")),
    "folder that is a file": Case(lambda t: ["plan-export", str(SAMPLE_JSON),
                                             str(_a_file(t) / "plan.json")], "SAVE_002",
                                  lambda t: str(t / "a-file.txt" / "plan.json")),
    "workbooks under a file": Case(lambda t: ["generate", str(SAMPLE_JSON), "--period", PERIOD,
                                              "--out", str(_a_file(t) / "out")], "SAVE_002",
                                   lambda t: str(t / "a-file.txt" / "out")),
    "demo under a file": Case(lambda t: ["demo", "--out", str(_a_file(t) / "demo")], "SAVE_002",
                              lambda t: str(t / "a-file.txt" / "demo" / "nap-history.sqlite")),
    "workbook open in Excel": Case(lambda t: _gen(t), "SAVE_003",
                                   lambda t: str(t / "out" / "VAL-NAP_2026-H1_MOI.xlsx"),
                                   _locked),
    "workbook Excel would refuse": Case(lambda t: _gen(t), "SAVE_004",
                                        lambda t: str(t / "out"), _duplicate_sheet),
    # the VBA projects
    "module that is not cp1252": Case(lambda t: ["control-panel", str(t / "p.xlsm")], "VBA_001",
                                      lambda t: str(t / "macros" / "Broken.bas"),
                                      _broken_macros),
    "xlwings of another version": Case(lambda t: ["addin", str(t / "a.xlam")], "VBA_002",
                                       lambda t: str(xlwings_module_path()), _xlwings_version),
    "xlwings missing": Case(lambda t: ["control-panel", str(t / "p.xlsm")], "VBA_003",
                            lambda t: "xlwings", _no_xlwings),
    "workbook without macros": Case(lambda t: ["vba", "inspect", str(t / "plain.xlsx")],
                                    "VBA_004", lambda t: str(t / "plain.xlsx"),
                                    _plain_workbook),
    "modules that differ": Case(lambda t: ["vba", "inspect", str(t / "a.xlam")], "VBA_005",
                                lambda t: str(t / "a.xlam"), _other_macros),
    "file to inspect not there": Case(lambda t: ["vba", "inspect", str(t / "none.xlsm")],
                                      "VBA_006", lambda t: str(t / "none.xlsm")),
}


@pytest.mark.parametrize("name", CASES)
def test_cli_error__ends_in_its_code_with_its_exit_code_and_no_traceback(name, tmp_path,
                                                                         monkeypatch):
    case = CASES[name]
    if case.setup:
        case.setup(tmp_path, monkeypatch)

    result = CliRunner().invoke(main, case.args(tmp_path))

    assert isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code == CATALOGUE[case.code].exit, result.output
    last = result.stderr.rstrip("\n").splitlines()[-1]
    assert last.endswith(f"[{case.code}]"), result.output
    assert last.startswith(f"{case.at(tmp_path)}: "), last


def test_cli_errors__cover_every_code_a_command_line_can_stop_with():
    stops = {code for code, m in CATALOGUE.items() if code.startswith(("USE_", "CMD_", "SAVE_",
                                                                       "VBA_", "PER_"))}
    unit_tested = {"USE_017", "PER_003", "CMD_006"}
    assert stops - {case.code for case in CASES.values()} == unit_tested


def test_coverage_of_a_plan_with_errors__warns_and_still_writes_the_workbook(tmp_path):
    result = CliRunner().invoke(main, ["coverage", str(BROKEN), "--out", str(tmp_path / "c.xlsx")])

    assert result.exit_code == CATALOGUE["CMD_006"].exit == 0, result.output
    assert result.stderr.strip() == (
        f"{BROKEN}: the plan has 1 error(s) and 0 warning(s); the coverage is computed from what "
        "could be read. Run `toolkit check-plan` on it to see them [CMD_006]")
    assert (tmp_path / "c.xlsx").is_file()


def test_exit_codes__are_the_documented_ones():
    assert {CATALOGUE[c].exit for c in CATALOGUE if c.startswith("USE_")} == {2}
    assert {CATALOGUE[c].exit for c in ("PLAN_030", "CMD_003", "CMD_004", "SAVE_001", "VBA_004",
                                        "PREV_001")} == {3}
    assert {CATALOGUE[c].exit for c in ("CMD_001", "CMD_002", "VBA_005", "PLAN_006")} == {1}
    assert CATALOGUE["ID_001"].exit == 0


def test_usage_error__that_click_words_otherwise_is_still_a_finding():
    ctx = click.Context(main, info_name="toolkit")
    found = usage_finding(click.UsageError("Something else went wrong.", ctx))
    assert str(found) == ("toolkit: the command line cannot be read (Something else went "
                          "wrong). Run `toolkit --help` for what the command takes [USE_017]")


def test_period_of_a_frequency_the_toolkit_does_not_know__is_a_finding():
    from toolkit.reporting.periods import PeriodError, parse_period

    with pytest.raises(PeriodError) as error:
        parse_period("2026-M3", "monthly")
    assert error.value.finding.code == "PER_003"
    assert error.value.exit_code == 3


def test_unknown_option__suggests_the_near_miss():
    result = CliRunner().invoke(main, ["generate", "--instituton", "MOI"])
    assert result.stderr.strip() == (
        'toolkit generate: there is no option --instituton (did you mean "--institution"?). '
        "Run `toolkit generate --help` for the options it takes [USE_002]")


def _french_plan(tmp_path: Path) -> Path:
    doc = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    doc["meta"]["language"] = "fr"
    doc["activities"][0]["lead"] = "MOIX"
    path = tmp_path / "plan-fr.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_french_plan__findings_and_the_stop_are_in_french(tmp_path):
    plan = _french_plan(tmp_path)

    result = CliRunner().invoke(main, ["check-plan", str(plan)])

    assert result.exit_code == 1
    [found] = result.stdout.splitlines()
    assert found.startswith(f'{plan}:activities["A1.1.1"].lead\u00a0: ')
    assert "ne figure pas dans la feuille" in found and found.endswith("[PLAN_006]")
    assert result.stderr.strip() == (
        f"{plan}\u00a0: le plan contient 1 erreur(s) et 0 avertissement(s), listées ci-dessus. "
        "Corrigez les cellules indiquées, puis relancez `toolkit check-plan` [CMD_001]")


def test_french_plan__period_error_is_in_french(tmp_path):
    doc = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    doc["meta"]["language"] = "fr"
    plan = tmp_path / "plan-fr.json"
    plan.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    result = CliRunner().invoke(main, ["generate", str(plan), "--period", "2026-Q1", "--out",
                                       str(tmp_path / "out")])

    assert result.exit_code == 2
    assert result.stderr.strip() == (
        '--period\u00a0: la période "2026-Q1" ne correspond pas à la périodicité semestrielle '
        "du plan. Attendu\u00a0: AAAA-H1 ou AAAA-H2 (semestres), p.\u00a0ex. 2026-H1. Saisissez "
        "la période sous cette forme [PER_001]")
