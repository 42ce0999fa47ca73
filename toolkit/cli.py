"""The ``toolkit`` command: parses arguments, calls the library, prints findings, picks exit codes.

Exit codes: 0 clean, 1 problems of error severity found, 2 usage error, 3 an input or output could
not be processed.

Longer than 400 lines: one thin function per command, and the toolkit has many commands; what
each does is in ``toolkit.commands``.
"""

from __future__ import annotations

import struct
import sys
import zipfile
from pathlib import Path

import click

from toolkit import __version__
from toolkit.findings import Finding, has_errors, severity_counts
from toolkit.findings import summary as _summary
from toolkit.resources import folder

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNPROCESSABLE = 0, 1, 2, 3
MACROS_DIR = folder("macros")


class ToolkitExit(click.ClickException):
    """A problem that stops a command: it prints itself and knows its exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_UNPROCESSABLE):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def _print_findings(findings: list[Finding]) -> None:
    for item in findings:
        click.echo(str(item))


class _Toolkit(click.Group):
    """The command group: a wrong declaration in workbook_templates/, found when the command
    starts or later, stops any command with its located problems (exit 3)."""

    def invoke(self, ctx: click.Context):
        from toolkit.declarations.source import DeclarationError

        try:
            return super().invoke(ctx)
        except DeclarationError as exc:
            raise ToolkitExit(str(exc)) from exc


@click.group(cls=_Toolkit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toolkit")
def main() -> None:
    """Plan, generate, check and consolidate National Action Plan reporting workbooks."""
    from toolkit.declarations.labels import check_all

    check_all()


@main.command("new-plan")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", default="en", show_default=True,
              help="Language of the headings and notes.")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def new_plan(out: Path, language: str, force: bool) -> None:
    """Write a blank plan workbook to OUT, ready to fill by hand."""
    from toolkit.declarations.labels import languages
    from toolkit.plan.write_xlsx import write_plan_workbook

    if language not in languages():
        raise ToolkitExit(f"--language {language}: no label catalogue for it. Use one of: "
                          f"{', '.join(languages())}.", EXIT_USAGE)
    if out.exists() and not force:
        raise ToolkitExit(f"{out}: the file exists. Choose another name or add --force.")
    _write_or_fail(out, lambda: write_plan_workbook(out, None, language))
    click.echo(f"Wrote the blank plan {out}. Fill it in, then run: toolkit check-plan {out}")


def _write_or_fail(out: Path, write) -> None:
    try:
        write()
    except OSError as exc:
        raise ToolkitExit(f"{out}: cannot write the file ({exc.strerror or exc}). Check that "
                          "the folder exists, that you may write there and that the file is not "
                          "open in Excel.") from exc


def _load(path: Path):
    from toolkit.plan.load import PlanReadError, load_checked_plan

    try:
        return load_checked_plan(path)
    except PlanReadError as exc:
        raise ToolkitExit(str(exc.finding)) from exc


@main.command("check-plan")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
def check_plan_cmd(plan: Path) -> None:
    """Check a plan workbook (or its JSON form) and list every problem with its cell."""
    from toolkit.plan.identity import short_hash

    model, findings = _load(plan)
    _print_findings(findings)
    if has_errors(findings):
        click.echo(f"{plan}: {_summary(findings)}. Correct them and run check-plan again.",
                   err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{plan}: plan {model.meta.code} version {model.meta.version} is ready "
               f"({len(model.activities)} activities, {len(model.indicators)} indicators, "
               f"{len(model.institutions)} institutions; content hash {short_hash(model)}); "
               f"{_summary(findings)}.")


@main.command("plan-export")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def plan_export(plan: Path, out: Path) -> None:
    """Write the plan in PLAN (a workbook) to OUT as JSON, for version control and diffs."""
    from toolkit.plan.jsonio import save

    model, findings = _load(plan)
    if has_errors(findings):
        _print_findings(findings)
        raise ToolkitExit(f"{plan}: not exported, {_summary(findings)}. Run check-plan and "
                          "correct them first.", EXIT_FINDINGS)
    _write_or_fail(out, lambda: save(model, out))
    click.echo(f"Wrote {out}.")


@main.command("plan-import")
@click.argument("plan_json", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def plan_import(plan_json: Path, out: Path) -> None:
    """Write the plan in PLAN_JSON to the plan workbook OUT."""
    from toolkit.plan.write_xlsx import write_plan_workbook

    model, findings = _load(plan_json)
    _print_findings(findings)
    _write_or_fail(out, lambda: write_plan_workbook(out, model))
    click.echo(f"Wrote {out}.")


@main.command()
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The coverage workbook to write (default: PLAN-coverage.xlsx beside PLAN).")
@click.option("--language", default=None,
              help="Language of the workbook (default: the plan's).")
def coverage(plan: Path, out: Path | None, language: str | None) -> None:
    """Show which standard measures PLAN covers, and which it leaves out, in a workbook."""
    from toolkit.commands.coverage import default_output, plan_coverage
    from toolkit.declarations.labels import languages
    from toolkit.findings import FindingError

    if language is not None and language not in languages():
        raise ToolkitExit(f"--language {language}: no label catalogue for it. Use one of: "
                          f"{', '.join(languages())}.", EXIT_USAGE)
    target = out or default_output(plan)
    try:
        result = plan_coverage(plan, target, language)
    except FindingError as exc:
        raise ToolkitExit(str(exc.finding)) from exc
    except OSError as exc:
        raise ToolkitExit(f"{target}: cannot write the file ({exc}). Check that the folder "
                          "exists, that you may write there and that the file is not open in "
                          "Excel.") from exc
    if has_errors(result.findings):
        click.echo(f"{plan}: the plan has {_summary(result.findings)}; coverage is computed "
                   f"from what could be read. Run `toolkit check-plan {plan}` to see them.",
                   err=True)
    for line in result.lines():
        click.echo(line)


def _checked_plan(plan_path: Path, exit_code: int = EXIT_FINDINGS):
    """Load a plan and stop with its problems when it has errors."""
    model, findings = _load(plan_path)
    if has_errors(findings):
        _print_findings(findings)
        raise ToolkitExit(f"{plan_path}: the plan has {_summary(findings)}. Run "
                          f"`toolkit check-plan {plan_path}` and correct them first.",
                          exit_code)
    return model


def _period(model, text: str):
    from toolkit.reporting.periods import PeriodError, parse_period

    try:
        return parse_period(text, model.meta.frequency, model.meta.start, model.meta.end)
    except PeriodError as exc:
        raise ToolkitExit(f"--period: {exc}.", EXIT_USAGE) from exc


@main.command()
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--period", "period_text", required=True,
              help="The reporting period: 2026-Q3, 2026-H1 or 2026, by the plan's frequency.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the workbooks and the manifest.")
@click.option("--institution", "institutions", multiple=True,
              help="Only this institution (repeat for several).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]),
              help="Date returns are due (default: end of period plus the plan's days).")
def generate(plan: Path, period_text: str, out_dir: Path, institutions: tuple[str, ...],
             deadline) -> None:
    """Write one locked reporting workbook per institution for a period, and a manifest."""
    from toolkit.generate import workbooks as G
    from toolkit.plan.check import suggest
    from toolkit.reporting.scope import assignments

    model = _checked_plan(plan)
    period = _period(model, period_text)
    reporting = assignments(model, period)
    for code in institutions:
        if code not in reporting:
            known = model.institution(code) is not None
            reason = ("has nothing to report in this period" if known else
                      f"is not in the plan's Institutions sheet{suggest(code, reporting)}")
            raise ToolkitExit(f"--institution {code}: the institution {reason}.", EXIT_USAGE)
    password, chosen = G.sheet_password()
    try:
        written = G.generate(model, period, out_dir, list(institutions) or None,
                             deadline.date() if deadline else None, password)
    except OSError as exc:
        raise ToolkitExit(f"{out_dir}: cannot write the workbooks ({exc}). Check that you may "
                          "write there and that no workbook is open in Excel.") from exc
    if not chosen:
        (out_dir / G.PASSWORD_FILE).write_text(password + "\n", encoding="utf-8")
        click.echo(f"Sheets are protected with a new random password, kept in "
                   f"{out_dir / G.PASSWORD_FILE}. Set NAP_SHEET_PASSWORD to choose your own.")
    click.echo(f"Wrote {len(written)} workbook(s) for {period.code} to {out_dir}, and "
               f"{out_dir / G.MANIFEST} listing the expected returns.")


class _Progress:
    """A progress bar on standard error for long runs (silent for a handful of files)."""

    def __init__(self, label: str):
        self.label, self.bar = label, None

    def total(self, n: int) -> None:
        if n >= 20:
            self.bar = click.progressbar(length=n, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def step(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _report_outcome(result) -> None:
    errors, warnings = severity_counts(result.findings)
    used = sum(1 for r in result.results if r.verdict.startswith("accepted"))
    click.echo(f"Consolidated {used} return(s); {len(result.rejected)} rejected, "
               f"{len(result.missing)} missing"
               + (f" ({', '.join(result.missing)})" if result.missing else "")
               + f"; {errors} error(s) and {warnings} warning(s) in "
               "the returns.")
    if result.previous is not None:
        click.echo(result.previous.compared)
    for line in result.recorded.sentences() if result.recorded is not None else ():
        click.echo(line)
    click.echo(f"Report: {result.report_path}")
    click.echo(f"Ledger of every file: {result.ledger_path}; feedback workbooks in "
               f"{result.out_dir / 'feedback'}; tidy exports in {result.out_dir / 'exports'}.")


@main.command()
@click.option("--plan", "plan_path", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The plan workbook or JSON.")
@click.option("--period", "period_text", required=True, help="The reporting period.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the report, the archive, the ledger and the exports.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Processes to use (default: one per core).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]),
              help="Date returns were due, if generate was given one (default: end of period "
                   "plus the plan's days).")
@click.option("--previous", type=click.Path(path_type=Path),
              help="An earlier consolidation of the plan (its --out folder, its exports folder "
                   "or its indicators.csv): running totals lower than there are flagged. "
                   "Without it, they are compared with the last period in the history store.")
@click.option("--store", help="The history store: a SQLite file or postgresql://USER@HOST/DB "
                              "(default: NAP_STORE, nap-toolkit.toml beside the plan, or "
                              "nap-history.sqlite in the folder that holds OUTDIR).")
@click.option("--no-store", is_flag=True, help="Do not record the consolidation in a store.")
@click.option("--quiet", is_flag=True, help="Print only the summary, not every finding.")
@click.argument("returns", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def aggregate(plan_path: Path, period_text: str, out_dir: Path, jobs, deadline,
              previous: Path | None, store: str | None, no_store: bool, quiet: bool,
              returns: tuple[Path, ...]) -> None:
    """Check every returned workbook in RETURNS (files or folders), consolidate them and record
    the consolidation in the history store."""
    from toolkit.aggregate.intake.previous import PreviousError
    from toolkit.commands.aggregate import ConsolidationError
    from toolkit.commands.aggregate import aggregate as run
    from toolkit.store.connect import StoreError

    model = _checked_plan(plan_path, EXIT_UNPROCESSABLE)
    period = _period(model, period_text)
    progress = _Progress("Checking returns")
    try:
        # the outputs' folder is made by the run, once the previous consolidation is read
        result = run(plan_path, period.code, list(returns), out_dir, jobs, previous, store,
                     not no_store, deadline.date() if deadline else None,
                     progress=progress.step, on_total=progress.total)
    except (PreviousError, StoreError) as exc:
        raise ToolkitExit(str(exc.finding)) from exc
    except ConsolidationError as exc:
        raise ToolkitExit(str(exc)) from exc
    except OSError as exc:
        raise ToolkitExit(f"{out_dir}: cannot write the outputs ({exc}). Check that you may "
                          "write there and that report.xlsx is not open in Excel.") from exc
    finally:
        progress.close()
    if not quiet:
        _print_findings(result.findings)
    _report_outcome(result)
    sys.exit(result.exit_code)


@main.command()
@click.option("--out", "out_dir", default=Path("out/demo"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--sample", "sample_name", default="valdoria", show_default=True,
              type=click.Choice(["valdoria", "merande"]),
              help="The bundled sample: valdoria (English, semi-annual) or merande (French, "
                   "quarterly).")
def demo(out_dir: Path, sample_name: str) -> None:
    """Run the whole cycle on a bundled sample plan for a year or two of reporting: generate,
    fill and consolidate each period into a history store, then write the annual report."""
    from toolkit.commands.demo import run_history_demo
    from toolkit.commands.samples import sample

    chosen = sample(sample_name)
    click.echo(f"Running {', '.join(chosen.periods)} of the sample plan {chosen.file} in "
               f"{out_dir}: for each, generating the workbooks, filling them as agencies would "
               f"and consolidating them (in {chosen.quirks_period}: one late, one sent twice, "
               "one missing, a few mistakes), recorded in one history store...")

    def started(code: str) -> None:
        click.echo(f"{code}:")

    results, annual = run_history_demo(out_dir, on_period=started, scenario=chosen)
    for result in results:
        click.echo(f"{result.summary.get('received', 0)} return(s) used for "
                   f"{result.out_dir.parent.name}; report {result.report_path}")
    demo_result = results[chosen.periods.index(chosen.quirks_period)]
    click.echo(f"Findings of {chosen.quirks_period}:")
    _print_findings(demo_result.findings)
    _report_outcome(demo_result)
    click.echo(f"Annual report {chosen.year}, built from the history store: {annual}")


def _project_modules():
    from toolkit.vba.project import VbaBuildError
    from toolkit.vba.sources import load_project_modules

    try:
        return load_project_modules(MACROS_DIR)
    except VbaBuildError as exc:
        raise ToolkitExit(str(exc)) from exc


def _build(out: Path, build, suffix: str) -> None:
    """Build a macro workbook: a wrong suffix is a usage error, a bad project exits 3."""
    from toolkit.vba.project import VbaBuildError

    if out.suffix.lower() != suffix:
        raise ToolkitExit(f"{out}: the file name must end in {suffix}. Choose a name such as "
                          f"nap-toolkit{suffix}.", EXIT_USAGE)
    try:
        _write_or_fail(out, lambda: build(out, _project_modules()))
    except VbaBuildError as exc:
        raise ToolkitExit(str(exc)) from exc


@main.command("control-panel")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def control_panel(out: Path) -> None:
    """Write the coordinator's control panel OUT (.xlsm): settings, buttons, Log and Findings."""
    from toolkit.buttons.control_panel import build_control_panel

    _build(out, build_control_panel, ".xlsm")
    click.echo(f"Wrote {out}. Open it in Excel, type the settings in the yellow cells and click "
               "a button; see docs/excel-buttons.md for the one-time setup.")


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def addin(out: Path) -> None:
    """Write the Excel add-in OUT (.xlam) with a NAP toolkit ribbon tab."""
    from toolkit.buttons.addin import build_addin

    _build(out, build_addin, ".xlam")
    click.echo(f"Wrote {out}. Add it in Excel under File > Options > Add-ins > Excel Add-ins > "
               "Browse; see docs/excel-buttons.md.")


@main.group()
def vba() -> None:
    """Inspect the VBA projects of macro-enabled workbooks and add-ins."""


@vba.command("inspect")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def vba_inspect(file: Path) -> None:
    """List the modules of FILE (.xlsm, .xlam or vbaProject.bin) and compare them with macros/.

    Exits 0 when they equal macros/ plus xlwings' module, 1 when they differ, 3 when FILE
    cannot be read.
    """
    from toolkit.vba.inspect import VbaInspectError, diff_against, inspect_vba

    try:
        modules = inspect_vba(file)
    except FileNotFoundError as exc:
        raise ToolkitExit(f"{file}: the file does not exist. Check the path.") from exc
    except VbaInspectError as exc:
        raise ToolkitExit(f"{exc}. Check that it is an .xlsm or .xlam saved by Excel or made by "
                          "the toolkit.") from exc
    except (OSError, ValueError, struct.error, zipfile.BadZipFile) as exc:
        raise ToolkitExit(f"{file}: no readable VBA project ({exc}). Check that it is an .xlsm "
                          "or .xlam saved by Excel or made by the toolkit.") from exc
    for module in modules:
        lines = len(module.code.rstrip("\n").split("\n")) if module.code.strip() else 0
        click.echo(f"{module.name:<24} {module.kind:<9} {lines:>5} lines")
    differences = diff_against(modules, MACROS_DIR)
    for difference in differences:
        click.echo(difference.rstrip("\n"))
    if differences:
        click.echo(f"{file}: {len(differences)} module(s) differ from {MACROS_DIR}. Rebuild the "
                   "file with `toolkit control-panel` or `toolkit addin`.", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"{file}: the modules equal {MACROS_DIR} and xlwings' module.")


from toolkit import cli_history  # noqa: E402  (registers the history and report commands)

cli_history.register(main)
