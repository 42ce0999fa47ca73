"""The commands of the cycle's documents beyond the period report: ``toolkit tracker`` (the
follow-up of recommendations across periods) and ``toolkit review`` (the coordination body's
review pack and its decision log) and ``toolkit evaluation`` (the terms of reference and
the evaluation matrix); arguments and printing around
:mod:`toolkit.commands`. What stops a command is a finding (see ``toolkit.cli_errors``)."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli_errors import (
    Choice,
    PathParam,
    ToolkitCommand,
    WholeNumber,
    echo_findings,
    exit_with,
)
from toolkit.findings import FindingError, finding, has_errors

FILE = PathParam(dir_okay=False, path_type=Path)
STORE_HELP = ("The history store: a SQLite file or postgresql://USER@HOST/DB (default: "
              "NAP_STORE, nap-toolkit.toml beside the plan, or nap-history.sqlite here).")


@click.command("tracker", cls=ToolkitCommand)
@click.argument("plan", type=FILE)
@click.option("--store", help=STORE_HELP)
@click.option("--out", type=FILE,
              help="The tracker workbook to write (default: PLAN-tracker.xlsx beside PLAN).")
@click.option("--language", default=None, help="Language of the workbook (default: the plan's).")
def tracker(plan: Path, store: str | None, out: Path | None, language: str | None) -> None:
    """Follow every recommendation of PLAN across the periods in the history store (T10)."""
    from toolkit.commands.followup import write_plan_tracker

    for line in write_plan_tracker(plan, store, out, language).lines():
        click.echo(line)


@click.command("review", cls=ToolkitCommand)
@click.option("--plan", "plan_path", required=True, type=FILE, help="The plan workbook or JSON.")
@click.option("--year", type=WholeNumber(1990, 2100), help="The year of an annual review.")
@click.option("--to-date", is_flag=True, help="Every period recorded: the mid-term review.")
@click.option("--read", "returned", type=PathParam(exists=True, dir_okay=False, path_type=Path),
              help="A review workbook with the body's decisions, to record in the decision log.")
@click.option("--out", type=FILE,
              help="The review workbook to write (default: PLAN-review-YEAR.xlsx beside PLAN).")
@click.option("--store", help=STORE_HELP)
def review(plan_path: Path, year: int | None, to_date: bool, returned: Path | None,
           out: Path | None, store: str | None) -> None:
    """Write the coordination body's review pack of --year, or of every period recorded
    (--to-date), from the history store; or --read one back into the decision log."""
    from toolkit.commands.review import read_review, write_review_pack

    if returned is not None:
        done = read_review(plan_path, returned, store)
        echo_findings(done.findings, done.language)
        for line in done.lines():
            click.echo(line)
        exit_with(1 if has_errors(done.findings) else 0)
        return
    if (year is None) == (not to_date):
        raise FindingError(finding("USE_019", "toolkit review"))
    for line in write_review_pack(plan_path, year, store, out).lines():
        click.echo(line)


@click.command("evaluation", cls=ToolkitCommand)
@click.option("--plan", "plan_path", required=True, type=FILE, help="The plan workbook or JSON.")
@click.option("--out", "out_dir", required=True,
              type=PathParam(file_okay=False, path_type=Path),
              help="Folder for the terms of reference and the evaluation matrix.")
@click.option("--type", "kind", type=Choice(("mid-term", "final")), default="final",
              show_default=True, help="The evaluation: mid-term or final.")
@click.option("--store", help=STORE_HELP)
def evaluation(plan_path: Path, out_dir: Path, kind: str, store: str | None) -> None:
    """Write the terms of reference (T8) and the evaluation matrix (T9) of the plan's
    evaluation, filled from the plan and the history store."""
    from toolkit.commands.evaluation import write_evaluation

    for line in write_evaluation(plan_path, out_dir, kind, store).lines():
        click.echo(line)


def register(main) -> None:
    """Add the cycle's commands to the ``toolkit`` command."""
    main.add_command(tracker)
    main.add_command(review)
    main.add_command(evaluation)
