"""The ``toolkit`` command: parses arguments, calls ``toolkit.commands``, prints and exits.

Exit codes: 0 clean, 1 problems of error severity found, 2 usage error, 3 an input or output could
not be processed. Whatever stops a command prints as a finding with its code (see
``toolkit.cli_errors``), in the plan's language once a plan was read.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit import __version__
from toolkit.cli_errors import (
    Choice,
    Day,
    PathParam,
    ToolkitGroup,
    WholeNumber,
    echo_findings,
    exit_with,
)
from toolkit.findings import FindingError, finding, has_errors, severity_counts, summary
from toolkit.language import phrase, say

FILE = PathParam(dir_okay=False, path_type=Path)
FOLDER = PathParam(file_okay=False, path_type=Path)


@click.group("toolkit", cls=ToolkitGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toolkit")
def main() -> None:
    """Plan, generate, check and consolidate National Action Plan reporting workbooks."""
    from toolkit.declarations.labels import check_all

    check_all()
    from toolkit.declarations.labels import check_all

    check_all()


@main.command("new-plan")
@click.argument("out", type=FILE)
@click.option("--language", default="en", show_default=True,
              help="Language of the headings and notes.")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def new_plan(out: Path, language: str, force: bool) -> None:
    """Write a blank plan workbook to OUT, ready to fill by hand."""
    from toolkit.commands.plan import new_plan as write

    write(out, language, force)
    click.echo(say(language, "cli.new_plan", out=out))


@main.command("check-plan")
@click.argument("plan", type=FILE)
def check_plan_cmd(plan: Path) -> None:
    """Check a plan workbook (or its JSON form) and list every problem with its cell."""
    from toolkit.commands.plan import check_plan
    from toolkit.plan.identity import short_hash

    checked = check_plan(plan)
    if checked.errors:
        errors, warnings = severity_counts(checked.findings)
        raise FindingError(finding("CMD_001", plan, errors=errors, warnings=warnings),
                           checked.findings, checked.language)
    model, language = checked.plan, checked.language
    echo_findings(checked.findings, language)
    click.echo(say(language, "cli.plan_ready", plan=plan, code=model.meta.code,
                   version=model.meta.version, activities=len(model.activities),
                   indicators=len(model.indicators), institutions=len(model.institutions),
                   hash=short_hash(model), summary=summary(checked.findings, language)))


@main.command("plan-export")
@click.argument("plan", type=FILE)
@click.argument("out", type=FILE)
def plan_export(plan: Path, out: Path) -> None:
    """Write the plan in PLAN (a workbook) to OUT as JSON, for version control and diffs."""
    from toolkit.commands.plan import export_plan

    checked = export_plan(plan, out)
    click.echo(say(checked.language, "cli.wrote", out=out))


@main.command("plan-import")
@click.argument("plan_json", type=FILE)
@click.argument("out", type=FILE)
def plan_import(plan_json: Path, out: Path) -> None:
    """Write the plan in PLAN_JSON to the plan workbook OUT."""
    from toolkit.commands.plan import import_plan

    checked = import_plan(plan_json, out)
    echo_findings(checked.findings, checked.language)
    click.echo(say(checked.language, "cli.wrote", out=out))


@main.command()
@click.argument("plan", type=FILE)
@click.option("--out", type=FILE,
              help="The coverage workbook to write (default: PLAN-coverage.xlsx beside PLAN).")
@click.option("--language", default=None,
              help="Language of the workbook (default: the plan's).")
def coverage(plan: Path, out: Path | None, language: str | None) -> None:
    """Show which standard measures PLAN covers, and which it leaves out, in a workbook."""
    from toolkit.commands.coverage import plan_coverage

    result = plan_coverage(plan, out, language)
    shown = result.coverage.plan.meta.language
    if has_errors(result.findings):
        errors, warnings = severity_counts(result.findings)
        click.echo(finding("CMD_006", plan, errors=errors, warnings=warnings).text(shown),
                   err=True)
    for line in result.lines():
        click.echo(line)


@main.command()
@click.argument("plan", type=FILE)
@click.option("--period", "period_text", required=True,
              help="The reporting period: 2026-Q3, 2026-H1 or 2026, by the plan's frequency.")
@click.option("--out", "out_dir", required=True, type=FOLDER,
              help="Folder for the workbooks and the manifest.")
@click.option("--institution", "institutions", multiple=True,
              help="Only this institution (repeat for several).")
@click.option("--deadline", type=Day(),
              help="Date returns are due (default: end of period plus the plan's days).")
def generate(plan: Path, period_text: str, out_dir: Path, institutions: tuple[str, ...],
             deadline) -> None:
    """Write one locked reporting workbook per institution for a period, and a manifest."""
    from toolkit.commands.generate import generate as run
    from toolkit.generate.workbooks import MANIFEST

    done = run(plan, period_text, out_dir, institutions, deadline)
    language = done.language
    if done.password_file is not None:
        click.echo(say(language, "cli.password", file=done.password_file))
    click.echo(say(language, "cli.generated", count=len(done.written), period=done.period.code,
                   folder=out_dir, manifest=out_dir / MANIFEST))


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


def _report_outcome(result, language: str) -> None:
    errors, warnings = severity_counts(result.findings)
    used = sum(1 for r in result.results if r.verdict.startswith("accepted"))
    which = f" ({', '.join(result.missing)})" if result.missing else ""
    click.echo(say(language, "cli.consolidated", used=used, rejected=len(result.rejected),
                   missing=len(result.missing), which=which, errors=errors, warnings=warnings))
    if result.previous is not None:
        click.echo(result.previous.compared.render(language))
    for line in result.recorded.sentences(language) if result.recorded is not None else ():
        click.echo(line)
    click.echo(say(language, "cli.report", path=result.report_path))
    if result.document_path is not None:
        click.echo(say(language, "cli.document_pdf", path=result.document_path,
                       pdf=result.pdf_path) if result.pdf_path else
                   say(language, "cli.document", path=result.document_path))
    for problem in result.output_problems:
        click.echo(problem.text(language), err=True)
    click.echo(say(language, "cli.outputs", ledger=result.ledger_path,
                   feedback=result.out_dir / "feedback", exports=result.out_dir / "exports"))


@main.command()
@click.option("--plan", "plan_path", required=True, type=FILE, help="The plan workbook or JSON.")
@click.option("--period", "period_text", required=True, help="The reporting period.")
@click.option("--out", "out_dir", required=True, type=FOLDER,
              help="Folder for the report, the archive, the ledger and the exports.")
@click.option("--jobs", type=WholeNumber(1, 256), default=None,
              help="Processes to use (default: one per core).")
@click.option("--deadline", type=Day(),
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
@click.option("--correction-deadline", type=click.DateTime(["%Y-%m-%d"]),
              help="Date the feedback workbooks ask corrections by (default: today plus the "
                   "days declared in reporting.toml).")
@click.option("--pdf", is_flag=True,
              help="Also make report.pdf from report.docx with LibreOffice, when installed.")
@click.option("--quiet", is_flag=True, help="Print only the summary, not every finding.")
@click.argument("returns", nargs=-1, required=True, type=PathParam(exists=True, path_type=Path))
def aggregate(plan_path: Path, period_text: str, out_dir: Path, jobs, deadline,
              previous: Path | None, store: str | None, no_store: bool,
              correction_deadline, pdf: bool, quiet: bool,
              returns: tuple[Path, ...]) -> None:
    """Check every returned workbook in RETURNS (files or folders), consolidate them and record
    the consolidation in the history store."""
    from toolkit.aggregate.outputs.write import OutputOptions
    from toolkit.commands.aggregate import aggregate as run

    progress = _Progress("Checking returns")
    try:
        result = run(plan_path, period_text, list(returns), out_dir, jobs, previous, store,
                     not no_store, deadline, progress=progress.step, on_total=progress.total,
                     outputs=OutputOptions(pdf=pdf, correction_deadline=correction_deadline.date()
                                           if correction_deadline else None))
    except KeyboardInterrupt as exc:  # before the run began to write
        raise FindingError(finding("OUT_004", out_dir, kept=phrase("kept.none"))) from exc
    finally:
        progress.close()
    language = result.language
    if not quiet:
        echo_findings(result.findings, language)
    _report_outcome(result, language)
    exit_with(result.exit_code)


@main.command()
@click.option("--out", "out_dir", default=Path("out/demo"), show_default=True, type=FOLDER)
@click.option("--sample", "sample_name", default="valdoria", show_default=True,
              type=Choice(["valdoria", "merande"]),
              help="The bundled sample: valdoria (English, semi-annual) or merande (French, "
                   "quarterly).")
def demo(out_dir: Path, sample_name: str) -> None:
    """Run the whole cycle on a bundled sample plan for a year or two of reporting: generate,
    fill and consolidate each period into a history store, then write the annual report."""
    from toolkit.commands.demo import cycle_documents, run_history_demo
    from toolkit.commands.samples import sample

    chosen = sample(sample_name)
    click.echo(say(chosen.language, "cli.demo", periods=", ".join(chosen.periods),
                   file=chosen.file, out=out_dir, period=chosen.quirks_period))

    def started(code: str) -> None:
        click.echo(f"{code}:")

    told: list[str] = []
    results, annual = run_history_demo(out_dir, on_period=started, scenario=chosen, told=told)
    for line in told:
        click.echo(line)
    for result in results:
        click.echo(say(result.language, "cli.demo_period", used=result.summary.get("received", 0),
                       period=result.out_dir.parent.name, report=result.report_path))
    demo_result = results[chosen.periods.index(chosen.quirks_period)]
    language = demo_result.language
    click.echo(say(language, "cli.demo_findings", period=chosen.quirks_period))
    echo_findings(demo_result.findings, language)
    _report_outcome(demo_result, language)
    click.echo(say(language, "cli.demo_annual", year=chosen.year, path=annual))
    for line in cycle_documents(out_dir, chosen):
        click.echo(line)


@main.command("control-panel")
@click.argument("out", type=FILE)
def control_panel(out: Path) -> None:
    """Write the coordinator's control panel OUT (.xlsm): settings, buttons, Log and Findings."""
    from toolkit.buttons.control_panel import build_control_panel
    from toolkit.commands.macros import build_macro_workbook

    build_macro_workbook(out, build_control_panel, ".xlsm")
    click.echo(say("en", "cli.control_panel", out=out))


@main.command()
@click.argument("out", type=FILE)
def addin(out: Path) -> None:
    """Write the Excel add-in OUT (.xlam) with a NAP toolkit ribbon tab."""
    from toolkit.buttons.addin import build_addin
    from toolkit.commands.macros import build_macro_workbook

    build_macro_workbook(out, build_addin, ".xlam")
    click.echo(say("en", "cli.addin", out=out))


@main.group()
def vba() -> None:
    """Inspect the VBA projects of macro-enabled workbooks and add-ins."""


@vba.command("inspect")
@click.argument("file", type=FILE)
def vba_inspect(file: Path) -> None:
    """List the modules of FILE (.xlsm, .xlam or vbaProject.bin) and compare them with macros/.

    Exits 0 when they equal macros/ plus xlwings' module, 1 when they differ, 3 when FILE
    cannot be read.
    """
    from toolkit.commands.macros import MACROS_DIR, inspect

    found = inspect(file)
    for module in found.modules:
        lines = len(module.code.rstrip("\n").split("\n")) if module.code.strip() else 0
        click.echo(f"{module.name:<24} {module.kind:<9} {lines:>5} lines")
    for difference in found.differences:
        click.echo(difference.rstrip("\n"))
    differ = found.difference()
    if differ is not None:
        raise FindingError(differ)
    click.echo(say("en", "cli.vba_same", file=file, folder=MACROS_DIR))


from toolkit import cli_cycle, cli_history  # noqa: E402  (register the other commands)

cli_history.register(main)
cli_cycle.register(main)
