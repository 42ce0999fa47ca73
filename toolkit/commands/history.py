"""The history store as the command line and the buttons use it: which store, recording a
consolidation, the running totals of the previous period, importing earlier output folders,
listing, showing one indicator's series, and exporting everything as tidy tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.language import phrase
from toolkit.store.connect import Store, StoreError, choose, open_store

__all__ = ["Store", "StoreError", "export", "import_folders", "listing", "open_for",
           "previous_from_store", "record_result", "recorded_history", "recorded_or_none",
           "show"]


def open_for(given: str | Path | None, out_dir: Path | None = None,
             plan_path: Path | None = None, create: bool = True) -> Store:
    """The store a command uses: ``--store``, ``NAP_STORE``, the settings file beside the plan,
    or ``nap-history.sqlite`` beside the outputs (the current folder without outputs).

    Raises:
        StoreError: the store cannot be opened or is not usable.
    """
    return open_store(choose(given, out_dir, plan_path), create=create)


def recorded_or_none(store: str | None, plan_path: Path, plan):
    """The plan's history in the store a command uses; an empty history when the store holds
    nothing of the plan yet.

    Raises:
        StoreError: the store cannot be opened or read.
    """
    with open_for(store, None, plan_path, create=False) as opened:
        return recorded_history(opened, plan)


def check_plan(store: Store, plan) -> None:
    """Refuse, before anything is consolidated, a store that holds another plan under the code.

    Raises:
        StoreError: STORE_004.
    """
    from toolkit.store.read import _reading
    from toolkit.store.record import known_plan

    with _reading(store) as connection:
        known_plan(connection, plan, store.shown)


def previous_from_store(store: Store, plan, period):
    """The running totals of the last period recorded before ``period``, as ``--previous``
    gives them; None when the store holds no earlier period of the plan."""
    from toolkit.aggregate.intake.previous import PreviousFigures
    from toolkit.reporting.periods import parse_period, previous_period
    from toolkit.store.read import earlier_totals

    found = earlier_totals(store, plan, period)
    if found is None:
        return None
    code, values = found
    meta = plan.meta
    earlier = parse_period(code, meta.frequency)
    return PreviousFigures(phrase("previous.store", store=store.shown), earlier,
                           earlier == previous_period(period, meta.frequency, meta.start,
                                                      meta.end), values)


def recorded_history(store: Store, plan):
    """The plan's periods the store holds, for the trends of a period's report (an empty
    history when it holds none yet).

    Raises:
        StoreError: the store cannot be read.
    """
    from toolkit.history.series import History
    from toolkit.store.read import history

    try:
        return history(store, plan.meta.code, plan)
    except StoreError as exc:
        if exc.finding.code != "STORE_007":
            raise
        return History(plan)


def record_result(store: Store, plan, period, result):
    """Record a consolidation just made (its tables and summary) as a new revision."""
    from toolkit.history.records import from_tables
    from toolkit.plan.identity import content_hash
    from toolkit.store.record import record

    rec = from_tables(plan, period, result.deadline, result.tables, result.summary,
                      str(Path(result.out_dir).resolve()), content_hash(plan))
    return record(store, rec, plan, period)


def import_folders(store: Store, plan, folders: list[Path]) -> list:
    """Record the consolidations in earlier output folders, from their exports; a folder whose
    consolidation is already the current one is left as it is.

    Raises:
        ExportsError: a folder holds no usable exports of this plan.
        StoreError: the store refused or failed the recording.
    """
    from toolkit.aggregate.intake.exports import period_record
    from toolkit.plan.identity import content_hash
    from toolkit.store.record import record

    digest = content_hash(plan)
    records = [period_record(Path(folder), plan, digest) for folder in folders]
    return [record(store, rec, plan, period, skip_same=True) for period, rec in
            sorted(records, key=lambda pr: pr[0])]


def listing(store: Store) -> list[dict]:
    """Every recording in the store, plan by plan, period by period, revision by revision."""
    from toolkit.store.read import overview

    return overview(store)


@dataclass
class Shown:
    """An indicator's series, for ``history show``."""

    indicator: object
    points: list
    targets: dict[int, float]
    breaks: list


def show(store: Store, plan_code: str, code: str, plan=None) -> Shown:
    """One indicator's series with its targets.

    Raises:
        StoreError: STORE_007 nothing of the plan; STORE_010 no such indicator.
    """
    from toolkit.findings import finding
    from toolkit.history.series import series
    from toolkit.language import did_you_mean
    from toolkit.store.read import history

    found = history(store, plan_code, plan)
    indicator = next((i for i in found.plan.indicators if i.code == code), None)
    if indicator is None:
        known = [i.code for i in found.plan.indicators]
        raise StoreError(finding("STORE_010", store.shown, indicator=code, plan=plan_code,
                                 suggestion=did_you_mean(code, known)))
    breaks = [b for r in found.periods for b in found.breaks_before(r).values()
              if b.indicator == code][:1]
    return Shown(indicator, series(found, indicator), found.plan.targets_of(code), breaks)


def export(store: Store, out: Path) -> list[Path]:
    """Every current consolidation of every plan as tidy tables (CSV and Parquet), one row per
    value, each with its plan, version, period and revision."""
    from toolkit.aggregate.outputs.exports import write_table
    from toolkit.history.records import (
        ACTIVITY_FIELDS,
        INDICATOR_FIELDS,
        STATISTICS_FIELDS,
        SUBMISSION_FIELDS,
    )
    from toolkit.store.read import history

    plans = sorted({row["plan"] for row in listing(store)})
    head = ["plan", "version", "period", "revision"]
    tables = {"indicators": INDICATOR_FIELDS, "activities": ACTIVITY_FIELDS,
              "statistics": STATISTICS_FIELDS, "submissions": SUBMISSION_FIELDS}
    rows: dict[str, list[dict]] = {name: [] for name in tables}
    for code in plans:
        for rec in history(store, code).periods:
            ident = {"plan": rec.plan, "version": rec.version, "period": rec.period,
                     "revision": rec.revision}
            for name in tables:
                rows[name] += [ident | row for row in getattr(rec, name)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fields in tables.items():
        write_table(out / name, head + list(fields), rows[name])
        written += [out / f"{name}.csv", out / f"{name}.parquet"]
    consolidations = [{k: row[k] for k in ("plan", "version", "period", "revision",
                                           "is_current", "recorded_at", "source", "out_dir")}
                      for row in listing(store)]
    write_table(out / "consolidations", ["plan", "version", "period", "revision", "is_current",
                                         "recorded_at", "source", "out_dir"], consolidations)
    return written + [out / "consolidations.csv", out / "consolidations.parquet"]


def report(store: Store, plan, out_dir: Path, year: int | None) -> Path:
    """The annual report of ``year`` (or the plan-to-date report when None) from the store
    alone, written to ``out_dir``.

    Raises:
        StoreError: STORE_007 the store holds nothing of the plan (for that year).
    """
    from toolkit.aggregate.outputs.history_report import write_history_report
    from toolkit.findings import finding
    from toolkit.store.read import history
    from toolkit.timestamps import generated_time

    found = history(store, plan.meta.code, plan)
    if year is not None and not found.of_year(year):
        recorded = ", ".join(found.codes) or "none"
        raise StoreError(finding("STORE_007", store.shown, plan=plan.meta.code,
                                 what=f" for {year} (periods recorded: {recorded})"))
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"{plan.meta.code}_annual-report_{year}.xlsx" if year is not None else \
        f"{plan.meta.code}_report-to-date_{found.codes[-1]}.xlsx"
    return write_history_report(out_dir / name, found, year, generated_time())


def report_document(report: Path) -> Path:
    """The T5 document written beside an annual or plan-to-date workbook."""
    return report.with_suffix(".docx")
