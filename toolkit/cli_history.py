"""The ``toolkit history`` commands and ``toolkit report``: arguments, printing and exit codes
around :mod:`toolkit.commands.history`."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli_errors import PathParam, ToolkitCommand, ToolkitGroup, WholeNumber
from toolkit.findings import FindingError, finding

STORE_HELP = ("The history store: a SQLite file or postgresql://USER@HOST/DB (default: "
              "NAP_STORE, nap-toolkit.toml beside the plan, or nap-history.sqlite here).")


def _opened(store: str | None, plan_path: Path | None = None, create: bool = False):
    from toolkit.commands.history import open_for

    return open_for(store, None, plan_path, create=create)


def _usable(plan_path: Path):
    """The plan, stopped with CMD_005 when it has errors."""
    from toolkit.commands.plan import usable_plan

    return usable_plan(plan_path, "CMD_005").plan


def _number(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@click.group(cls=ToolkitGroup)
def history() -> None:
    """The history store: what it holds, one indicator's series, exports and imports."""


@history.command("list")
@click.option("--store", help=STORE_HELP)
def history_list(store: str | None) -> None:
    """List every consolidation recorded: plan, version, period, revision and returns."""
    from toolkit.commands.history import listing

    with _opened(store) as opened:
        rows = listing(opened)
    if not rows:
        click.echo(f"{opened.shown}: the store holds no consolidation yet.")
        return
    click.echo(f"{'plan':<12} {'version':<8} {'period':<8} {'rev':>3}  {'returns':>9}  "
               f"{'recorded':<19}  source")
    for r in rows:
        mark = "" if r["is_current"] else " (replaced)"
        returns = f"{r['received'] or 0}/{r['expected'] or 0}"
        click.echo(f"{r['plan']:<12} {r['version']:<8} {r['period']:<8} {r['revision']:>3}  "
                   f"{returns:>9}  {r['recorded_at']:%Y-%m-%d %H:%M:%S}  {r['source']} "
                   f"{r['out_dir']}{mark}")


@history.command("show")
@click.option("--indicator", "code", required=True, help="The indicator's code.")
@click.option("--plan", "plan_code", help="The plan's code (default: the only plan stored).")
@click.option("--store", help=STORE_HELP)
def history_show(code: str, plan_code: str | None, store: str | None) -> None:
    """Show one indicator's series, period by period, with its targets."""
    from toolkit.commands.history import listing, show

    with _opened(store) as opened:
        plans = sorted({r["plan"] for r in listing(opened)})
        plan_code = plan_code or (plans[0] if len(plans) == 1 else None)
        if plan_code is None:
            raise FindingError(finding("USE_018", "--plan", store=opened.shown,
                                       plans=", ".join(plans)))
        shown = show(opened, plan_code, code)
    ind = shown.indicator
    click.echo(f"{ind.code}: {ind.name} ({ind.unit}, {ind.aggregation}, {ind.polarity})")
    click.echo(f"Baseline {_number(ind.baseline_value)} ({ind.baseline_year or 'year unknown'})"
               f"; mid-term target {_number(ind.target_midterm)}; final target "
               f"{_number(ind.target_final)}; yearly targets: " +
               (", ".join(f"{y} {_number(v)}" for y, v in sorted(shown.targets.items()))
                or "none"))
    click.echo(f"{'period':<8} {'value':>12} {'target':>12}  rating")
    for p in shown.points:
        note = "  (before the series broke)" if p.broken else ""
        click.echo(f"{p.period:<8} {_number(p.value):>12} {_number(p.target):>12}  "
                   f"{p.rating or 'not reported'}{note}")
    for b in shown.breaks:
        click.echo(f"The series broke at a plan revision: {b}.")


@history.command("export")
@click.argument("out", type=PathParam(file_okay=False, path_type=Path))
@click.option("--store", help=STORE_HELP)
def history_export(out: Path, store: str | None) -> None:
    """Write every current consolidation as tidy CSV and Parquet tables to the folder OUT."""
    from toolkit.commands.history import export
    from toolkit.commands.outputs import writing

    with _opened(store) as opened, writing(out):
        written = export(opened, out)
    click.echo(f"Wrote {len(written)} files to {out}: indicators, activities, statistics, "
               "submissions and consolidations, as .csv and .parquet.")


@history.command("import")
@click.argument("folders", nargs=-1, required=True,
                type=PathParam(exists=True, file_okay=False, path_type=Path))
@click.option("--plan", "plan_path", required=True, type=PathParam(dir_okay=False, path_type=Path),
              help="The plan the folders were consolidated with.")
@click.option("--store", help=STORE_HELP)
def history_import(folders: tuple[Path, ...], plan_path: Path, store: str | None) -> None:
    """Record earlier consolidations (their output folders, FOLDERS) from their exports."""
    from toolkit.commands.history import import_folders

    plan = _usable(plan_path)
    with _opened(store, plan_path, create=True) as opened:
        done = import_folders(opened, plan, list(folders))
    for recorded in done:
        for line in recorded.sentences(plan.meta.language):
            click.echo(line)


@click.command("report", cls=ToolkitCommand)
@click.option("--plan", "plan_path", required=True, type=PathParam(dir_okay=False, path_type=Path),
              help="The plan workbook or JSON.")
@click.option("--year", type=WholeNumber(1990, 2100), help="The calendar year of the annual report.")
@click.option("--to-date", is_flag=True, help="Every period recorded: the plan-to-date report.")
@click.option("--out", "out_dir", required=True, type=PathParam(file_okay=False, path_type=Path),
              help="Folder for the report.")
@click.option("--store", help=STORE_HELP)
def report(plan_path: Path, year: int | None, to_date: bool, out_dir: Path,
           store: str | None) -> None:
    """Build the annual report of --year, or the plan-to-date report (--to-date), from the
    history store alone, without reading returns again."""
    from toolkit.commands.history import report as build
    from toolkit.commands.history import report_document
    from toolkit.commands.outputs import writing

    if (year is None) == (not to_date):
        raise FindingError(finding("USE_019", "toolkit report"))
    plan = _usable(plan_path)
    with _opened(store, plan_path) as opened, writing(out_dir, plan.meta.language):
        path = build(opened, plan, out_dir, year)
    click.echo(f"Report: {path}")
    click.echo(f"Document: {report_document(path)}")


def register(main) -> None:
    """Add ``history`` and ``report`` to the ``toolkit`` command."""
    main.add_command(history)
    main.add_command(report)
