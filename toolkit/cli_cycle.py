"""The commands of the cycle's documents beyond the period report: ``toolkit tracker`` (the
follow-up of recommendations across periods); arguments and printing around
:mod:`toolkit.commands`. What stops a command is a finding (see ``toolkit.cli_errors``)."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli_errors import PathParam, ToolkitCommand

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


def register(main) -> None:
    """Add the cycle's commands to the ``toolkit`` command."""
    main.add_command(tracker)
