"""The ``toolkit`` command: parses arguments, calls the library, prints findings, picks exit codes.

Exit codes: 0 clean, 1 problems of error severity found, 2 usage error, 3 an input or output could
not be processed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit import __version__
from toolkit.findings import Finding, has_errors

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNPROCESSABLE = 0, 1, 2, 3


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


def _summary(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return f"{errors} error(s), {warnings} warning(s)"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toolkit")
def main() -> None:
    """Plan, generate, check and consolidate National Action Plan reporting workbooks."""


@main.command("new-plan")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", default="en", show_default=True,
              help="Language of the headings and notes.")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def new_plan(out: Path, language: str, force: bool) -> None:
    """Write a blank plan workbook to OUT, ready to fill by hand."""
    from toolkit.plan.write_xlsx import write_plan_workbook
    from toolkit.templates import languages

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
    from toolkit.plan import PlanReadError, load_checked_plan

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
