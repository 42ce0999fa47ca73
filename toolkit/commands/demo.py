"""``toolkit demo``: the whole cycle on the bundled sample, with returns filled the way agencies
fill them, including a few realistic mistakes."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from openpyxl import load_workbook

from toolkit.plan.model import Plan
from toolkit.reporting.layout import INPUT, WorkbookLayout
from toolkit.reporting.periods import Period
from toolkit.reporting.sheets import STATUS_KEYS
from toolkit.resources import folder

SAMPLE = folder("samples") / "valdoria-nap.xlsx"
DEMO_PERIOD = "2026-H1"
DEMO_PERIODS = ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
"""Two years of the sample's reporting, recorded one after the other into one store; only
DEMO_PERIOD has the mistakes below, the others have every return, one of them late."""
DEMO_YEAR = 2026
STORE = "nap-history.sqlite"
MISSING = "MUN-ASSOC"
"""The institution that does not send its return."""
LATE = "MFA"
RESUBMITTED = "SOC-CTR"
DELAYED_WITHOUT_REASON = "MOJ"
TEXT_NUMBER = "LI"


def _status_choice(rng: random.Random, activity, period: Period) -> str:
    if activity.is_continuous:
        return "Continuous"
    if activity.start and activity.start > period.end - dt.timedelta(days=60):
        return "Not started"
    if activity.deadline and activity.deadline <= period.end:
        return rng.choice(["Completed", "Completed", "Completed", "Partially completed"])
    return rng.choice(["Ongoing - on track", "Ongoing - on track", "Ongoing - delayed"])


def _activity_values(rng, act, role, period, text) -> dict[str, object]:
    status = _status_choice(rng, act, period)
    values = {"status": text[f"report.status.{STATUS_KEYS[status]}"]}
    if status == "Not started":
        return values
    percent = {"Completed": 100, "Partially completed": rng.randint(50, 90),
               "Continuous": 50}.get(status, rng.randint(20, 80))
    values.update(percent=percent, done=f"{act.expected_output.split(';')[0]}: work carried "
                  f"out as planned by the {role} institution in {period.code}.",
                  outputs="Progress note and activity records", evidence="Internal report "
                  f"ref. {act.code}/{period.code}")
    if act.cost:
        values.update(spent=round(act.cost * rng.uniform(0.05, 0.25), -2),
                      spent_source=act.funding_source or "State budget")
    if status == "Ongoing - delayed":
        values.update(problems="Procurement took longer than planned.",
                      corrective_action="Procedure completed; work resumes next period.")
    return values


def _indicator_values(rng, layout: WorkbookLayout, plan: Plan) -> dict[tuple, object]:
    sheet = layout.sheet("indicators")
    values: dict[tuple, object] = {}
    if sheet is None:
        return values
    locked = {(f.row_key, f.key): f.value for f in sheet.fields if f.kind == "locked"}
    by_code = {i.code: i for i in plan.indicators}
    for row, key in sorted(sheet.row_keys.items()):
        if "|" in key:
            continue
        ind = by_code[key]
        target = locked.get((key, "period_target")) or locked.get((key, "final_target")) or 10
        if ind.unit == "yes-no":
            values[(key, "actual")] = rng.choice(["Yes", "Yes", "No"])
        elif ind.unit == "percent":
            values[(key, "actual")] = round(min(100, target * rng.uniform(0.6, 1.1)), 1)
        else:
            actual = max(0, round(target * rng.uniform(0.5, 1.15)))
            if ind.aggregation == "cumulative":
                actual = max(actual, round(ind.baseline_value or 0))
            values[(key, "actual")] = actual
            for dim in ind.disaggregations:
                cats = plan.codelists.get(dim, ())
                shares = [rng.random() + 0.1 for _ in cats]
                parts = [int(actual * s / sum(shares)) for s in shares]
                parts[0] += actual - sum(parts)
                for cat, part in zip(cats, parts):
                    values[(f"{key}|{dim}={cat}", "actual")] = part
        values[(key, "source")] = ind.data_source or "Administrative records"
        values[(key, "comment")] = "Value for the period; see the data-quality notes."
    return values


def _split(rng: random.Random, total: int, n: int) -> list[int]:
    weights = [rng.random() + 0.2 for _ in range(n)]
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[rng.randrange(n)] += total - sum(parts)
    return parts


def _statistics_values(rng, layout: WorkbookLayout) -> dict[tuple, object]:
    sheet = layout.sheet("statistics")
    values: dict[tuple, object] = {}
    if sheet is None:
        return values
    victims = rng.randint(6, 40)
    grids: dict[str, list] = {}
    for f in sheet.inputs():
        table, _, col = f.key.partition(":")
        if col in ("source", "definition"):
            values[(f.row_key, f.key)] = ("Case register of the institution" if col == "source"
                                          else "none")
            continue
        grids.setdefault(table, []).append(f)
    for table, fields in grids.items():
        if table.startswith("V"):
            for f, n in zip(fields, _split(rng, victims, len(fields))):
                values[(f.row_key, f.key)] = n
        else:
            for f in fields:
                values[(f.row_key, f.key)] = rng.randint(0, victims)
    return values


def _put(wb, layout: WorkbookLayout, values: dict[tuple[str, str], object]) -> None:
    for sheet in layout.sheets:
        ws = wb[sheet.name] if sheet.name in wb.sheetnames else None
        for f in sheet.fields:
            if f.kind != INPUT or ws is None or (f.row_key, f.key) not in values:
                continue
            ws.cell(row=f.row, column=f.col + 1, value=values[(f.row_key, f.key)])


def agency_values(plan: Plan, period: Period, layout: WorkbookLayout, seed: int,
                  text: dict[str, str], signed: dt.date) -> dict[tuple, object]:
    """What an agency types into its workbook, deterministically for a seed: by (row key,
    field key)."""
    rng = random.Random(seed)
    values: dict[tuple, object] = {}
    for act, role in _activities(plan, layout):
        for key, value in _activity_values(rng, act, role, period, text).items():
            values[(act.code, key)] = value
    values.update(_indicator_values(rng, layout, plan))
    values.update(_statistics_values(rng, layout))
    inst = plan.institution(layout.institution)
    values.update({("achievements", "achievements"): "Most planned measures were carried out.",
                   ("challenges", "challenges"): "Staff turnover in regional offices.",
                   ("confirm", "confirm"): text["report.yes"],
                   ("name", "name"): inst.focal_point or "Focal point",
                   ("position", "position"): inst.position or "Focal point",
                   ("date", "date"): signed})
    return values


def fill_return(path: Path, out: Path, layout: WorkbookLayout, plan: Plan, period: Period,
                saved: dt.datetime, seed: int, text: dict[str, str],
                tweak=None) -> dict[tuple, object]:
    """Fill one generated workbook as an agency would, and save it with the given save time.

    Returns:
        The values typed, by (row key, field key).
    """
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    values = agency_values(plan, period, layout, seed, text, saved.date())
    if tweak:
        tweak(values, layout, text)
    wb = load_workbook(path)
    _put(wb, layout, values)
    wb.properties.modified = saved
    inst = plan.institution(layout.institution)
    wb.properties.lastModifiedBy = inst.focal_point or inst.code
    with ZipFile(out, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return values


def _activities(plan: Plan, layout: WorkbookLayout):
    codes = {f.row_key for s in layout.sheets if s.kind == "area" for f in s.fields}
    for act in plan.activities:
        if act.code in codes:
            role = "lead" if act.lead == layout.institution else "partner"
            yield act, role


def _first_activity(layout: WorkbookLayout) -> str:
    return next(s for s in layout.sheets if s.kind == "area").row_keys[
        min(next(s for s in layout.sheets if s.kind == "area").row_keys)]


def _delayed_without_reason(values, layout, text) -> None:
    code = _first_activity(layout)
    values[(code, "status")] = text["report.status.delayed"]
    values[(code, "done")] = values.get((code, "done")) or "Preparations started."
    values.pop((code, "problems"), None)


def _number_as_text(values, layout, text) -> None:
    code = _first_activity(layout)
    values[(code, "status")] = text["report.status.on_track"]
    values[(code, "done")] = values.get((code, "done")) or "Inspections carried out."
    values[(code, "spent")] = "1250,5"


def _unsigned(values, layout, text) -> None:
    values.pop(("confirm", "confirm"), None)
    values.pop(("name", "name"), None)


TWEAKS = {DELAYED_WITHOUT_REASON: _delayed_without_reason, TEXT_NUMBER: _number_as_text}


def fill_returns(plan: Plan, period: Period, layouts: dict, generated: dict[str, Path],
                 returns: Path, deadline: dt.date, text: dict[str, str],
                 quirks: bool = True) -> list[Path]:
    """Fill every generated workbook but one, with a late return and a resubmission (without
    ``quirks``: every workbook, one of them late)."""
    returns.mkdir(parents=True, exist_ok=True)
    written = []
    base = dt.datetime.combine(deadline, dt.time(16, 0))
    for n, (code, path) in enumerate(sorted(generated.items())):
        if code == MISSING and quirks:
            continue
        saved = base + dt.timedelta(days=9) if code == LATE else base - dt.timedelta(days=n % 9)
        out = returns / path.name
        if not quirks:
            fill_return(path, out, layouts[code], plan, period, saved, n, text)
            written.append(out)
            continue
        if code == RESUBMITTED:
            first = returns / path.name.replace(".xlsx", "_first.xlsx")
            fill_return(path, first, layouts[code], plan, period, saved - dt.timedelta(days=6),
                        n, text, _unsigned)
            written.append(first)
        fill_return(path, out, layouts[code], plan, period, saved, n, text, TWEAKS.get(code))
        written.append(out)
    return written


def run_demo(out: Path, progress=None, period_code: str = DEMO_PERIOD, store=None):
    """Generate, fill and consolidate the sample plan's returns for a period (the demo period
    by default, with its mistakes), recording the consolidation in ``store`` when given."""
    from toolkit.aggregate.run import aggregate
    from toolkit.declarations.labels import labels
    from toolkit.generate.workbooks import generate
    from toolkit.plan.load import load_checked_plan
    from toolkit.reporting.layout import build_layout, default_deadline
    from toolkit.reporting.periods import parse_period
    from toolkit.reporting.scope import assignments

    plan, _findings = load_checked_plan(SAMPLE)
    period = parse_period(period_code, plan.meta.frequency, plan.meta.start, plan.meta.end)
    deadline = default_deadline(plan, period)
    for sub in ("workbooks", "returns", "report"):
        shutil.rmtree(out / sub, ignore_errors=True)
    generated = generate(plan, period, out / "workbooks", password="demo")
    layouts = {code: build_layout(plan, period, a, deadline)
               for code, a in assignments(plan, period).items()}
    fill_returns(plan, period, layouts, {g.institution: g.path for g in generated},
                 out / "returns", deadline, labels(plan.meta.language),
                 quirks=period_code == DEMO_PERIOD)
    if store is None:
        return aggregate(plan, period, [out / "returns"], out / "report", progress=progress)
    from toolkit.commands.aggregate import aggregate as consolidate

    return consolidate(SAMPLE, period_code, [out / "returns"], out / "report", store=store,
                       progress=progress)


def run_history_demo(out: Path, progress=None, on_period=None):
    """Two years of the sample's reporting, period after period, each consolidated into
    ``out/PERIOD/report`` and recorded in ``out/nap-history.sqlite``; then the annual report of
    DEMO_YEAR from the store alone, in ``out/annual``.

    Returns:
        (every period's consolidation, the annual report's path).
    """
    from toolkit.commands.history import open_for, report
    from toolkit.plan.load import load_checked_plan

    store = out / STORE
    store.unlink(missing_ok=True)
    results = []
    for code in DEMO_PERIODS:
        if on_period:
            on_period(code)
        results.append(run_demo(out / code, progress, code, store))
    plan, _findings = load_checked_plan(SAMPLE)
    with open_for(store) as opened:
        annual = report(opened, plan, out / "annual", DEMO_YEAR)
    return results, annual
