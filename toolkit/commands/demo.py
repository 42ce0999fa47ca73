"""``toolkit demo``: the whole cycle on a bundled sample, with returns filled the way agencies
fill them (``agency``), including a few realistic mistakes in one period (``samples``)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from toolkit.commands.agency import agency_values, fill_return
from toolkit.commands.samples import DEFAULT_SAMPLE, SAMPLES, Sample, sample
from toolkit.plan.model import Plan
from toolkit.reporting.layout import WorkbookLayout
from toolkit.reporting.periods import Period

STORE = "nap-history.sqlite"
DEFAULT = SAMPLES[DEFAULT_SAMPLE]
SAMPLE = DEFAULT.path
DEMO_PERIOD = DEFAULT.quirks_period
DEMO_PERIODS = DEFAULT.periods
"""The default sample's periods, recorded one after the other into one store; only
DEMO_PERIOD has the mistakes, the others have every return, one of them late."""
DEMO_YEAR = DEFAULT.year

__all__ = ["DEMO_PERIOD", "DEMO_PERIODS", "DEMO_YEAR", "SAMPLE", "agency_values",
           "fill_return", "fill_returns", "run_demo", "run_history_demo"]


def _first_activity(layout: WorkbookLayout) -> str:
    sheet = next(s for s in layout.sheets if s.kind == "area")
    return sheet.row_keys[min(sheet.row_keys)]


def _delayed_without_reason(values, layout, text, formats, scenario=None) -> None:
    code = _first_activity(layout)
    values[(code, "status")] = text["report.status.delayed"]
    values[(code, "done")] = values.get((code, "done")) or "Preparations started."
    values.pop((code, "problems"), None)


def _number_as_text(values, layout, text, formats, scenario=None) -> None:
    code = _first_activity(layout)
    values[(code, "status")] = text["report.status.on_track"]
    values[(code, "done")] = values.get((code, "done")) or "Inspections carried out."
    values[(code, "spent")] = "1250,5"


def _own_funds(values, layout, text, formats, scenario=None) -> None:
    """An NGO names its own funds as the source of what it spent, not the plan's source."""
    for (row, key), value in list(values.items()):
        if key == "spent_source":
            values[(row, key)] = scenario.own_funds


def _percent_typed(values, layout, text, formats, scenario=None) -> None:
    """"% complete" typed as 60% : the spreadsheet stores 0.6 with a percentage format."""
    for (row, key), value in list(values.items()):
        if key == "percent" and isinstance(value, (int, float)):
            values[(row, key)] = value / 100
            formats[(row, key)] = "0%"


def _unsigned(values, layout, text, formats) -> None:
    values.pop(("confirm", "confirm"), None)
    values.pop(("name", "name"), None)


def _no_evidence(values, layout, text, formats, scenario=None) -> None:
    """A recommendation reported implemented without saying where the evidence is."""
    from toolkit.language import codelist_label

    code = next(iter(layout.sheet("recommendations").row_keys.values()))
    values[(code, "status")] = codelist_label(layout.language, "recommendation_status",
                                              "implemented")
    values.pop((code, "evidence"), None)


TWEAKS = {"delayed_without_reason": _delayed_without_reason, "number_as_text": _number_as_text,
          "own_funds": _own_funds, "percent_typed": _percent_typed, "no_evidence": _no_evidence}
"""The mistakes and habits a sample's scenario gives its institutions (``Sample.tweaks``)."""


def fill_returns(plan: Plan, period: Period, layouts: dict, generated: dict[str, Path],
                 returns: Path, deadline: dt.date, text: dict[str, str],
                 quirks: bool = True, scenario: Sample = DEFAULT) -> list[Path]:
    """Fill every generated workbook but one, with a late return and a resubmission (without
    ``quirks``: every workbook, one of them late)."""
    returns.mkdir(parents=True, exist_ok=True)
    written = []
    base = dt.datetime.combine(deadline, dt.time(16, 0))
    for n, (code, path) in enumerate(sorted(generated.items())):
        if quirks and code in (scenario.missing, scenario.wrong_period):
            continue
        saved = base + dt.timedelta(days=9) if code == scenario.late else \
            base - dt.timedelta(days=n % 9)
        out = returns / path.name
        if not quirks:
            fill_return(path, out, layouts[code], plan, period, saved, n, text)
            written.append(out)
            continue
        if code == scenario.resubmitted:
            first = returns / path.name.replace(".xlsx", "_first.xlsx")
            fill_return(path, first, layouts[code], plan, period, saved - dt.timedelta(days=6),
                        n, text, _unsigned)
            written.append(first)
        tweak = TWEAKS.get(scenario.tweaks.get(code, ""))
        fill_return(path, out, layouts[code], plan, period, saved, n, text,
                    tweak and (lambda *args, t=tweak: t(*args, scenario=scenario)))
        written.append(out)
    return written


def _earlier_return(plan: Plan, period: Period, institution: str, folder: Path,
                    returns: Path, text: dict[str, str]) -> Path | None:
    """The institution's filled workbook of the period before ``period``: sent by mistake."""
    from toolkit.generate.workbooks import generate
    from toolkit.reporting.layout import build_layout, default_deadline
    from toolkit.reporting.periods import previous_period
    from toolkit.reporting.scope import assignments

    earlier = previous_period(period, plan.meta.frequency, plan.meta.start, plan.meta.end)
    if earlier is None or institution not in assignments(plan, earlier):
        return None
    [made] = generate(plan, earlier, folder, [institution], password="demo")
    deadline = default_deadline(plan, earlier)
    layout = build_layout(plan, earlier, assignments(plan, earlier)[institution], deadline)
    out = returns / made.path.name
    fill_return(made.path, out, layout, plan, earlier, dt.datetime.combine(deadline, dt.time(9)),
                0, text)
    return out


def run_demo(out: Path, progress=None, period_code: str | None = None, store=None,
             scenario: Sample | str | None = None):
    """Generate, fill and consolidate a sample plan's returns for a period (the period with
    the sample's mistakes by default), recording the consolidation in ``store`` when given.

    Raises:
        FindingError: SAVE_002 to SAVE_004 when ``out`` cannot be written.
    """
    from toolkit.aggregate.run import aggregate
    from toolkit.commands.outputs import writing
    from toolkit.commands.plan import period as read_period
    from toolkit.commands.plan import usable_plan
    from toolkit.declarations.labels import labels
    from toolkit.generate.workbooks import generate
    from toolkit.reporting.layout import build_layout, default_deadline
    from toolkit.reporting.scope import assignments

    chosen = scenario if isinstance(scenario, Sample) else sample(scenario)
    period_code = period_code or chosen.quirks_period
    plan = usable_plan(chosen.path).plan
    period = read_period(plan, period_code)
    deadline = default_deadline(plan, period)
    with writing(out, plan.meta.language):
        for sub in ("workbooks", "returns", "report"):
            shutil.rmtree(out / sub, ignore_errors=True)
        generated = generate(plan, period, out / "workbooks", password="demo")
        layouts = {code: build_layout(plan, period, a, deadline)
                   for code, a in assignments(plan, period).items()}
        quirks = period_code == chosen.quirks_period
        text = labels(plan.meta.language)
        fill_returns(plan, period, layouts, {g.institution: g.path for g in generated},
                     out / "returns", deadline, text, quirks=quirks, scenario=chosen)
        if quirks and chosen.wrong_period:
            _earlier_return(plan, period, chosen.wrong_period, out / "workbooks" / "earlier",
                            out / "returns", text)
        if store is None:
            return aggregate(plan, period, [out / "returns"], out / "report", progress=progress)
    from toolkit.commands.aggregate import aggregate as consolidate

    return consolidate(chosen.path, period_code, [out / "returns"], out / "report",
                       store=store, progress=progress)


def run_history_demo(out: Path, progress=None, on_period=None,
                     scenario: Sample | str | None = None, told: list[str] | None = None):
    """A year or two of a sample's reporting, period after period, each consolidated into
    ``out/PERIOD/report`` and recorded in ``out/nap-history.sqlite``, with the coordination
    body's review of each year that ends before the last period (``demo_review``); then the
    annual report of the sample's year from the store alone, in ``out/annual``.

    Args:
        told: Collects what to tell about the reviews.

    Returns:
        (every period's consolidation, the annual report's path).

    Raises:
        FindingError: SAVE_002 to SAVE_004 when ``out`` cannot be written.
    """
    from toolkit.commands.demo_review import review_round
    from toolkit.commands.history import open_for, report
    from toolkit.commands.outputs import writing
    from toolkit.commands.plan import usable_plan

    chosen = scenario if isinstance(scenario, Sample) else sample(scenario)
    store = out / STORE
    with writing(out):
        store.unlink(missing_ok=True)
    results = []
    plan = usable_plan(chosen.path).plan
    for before, code in zip((None, *chosen.periods), chosen.periods):
        if before is not None and before[:4] != code[:4]:
            lines = review_round(out, chosen.path, plan, int(before[:4]))
            if told is not None:
                told.extend(lines)
        if on_period:
            on_period(code)
        results.append(run_demo(out / code, progress, code, store, chosen))
    with open_for(store) as opened, writing(out / "annual", plan.meta.language):
        annual = report(opened, plan, out / "annual", chosen.year)
    return results, annual


def cycle_documents(out: Path, scenario: Sample | str | None = None) -> list[str]:
    """After ``run_history_demo``: the sample's coverage of the standard measures, its
    recommendations followed across the periods in the store, the mid-term review pack and the
    evaluation documents; what to tell about them."""
    from toolkit.commands.coverage import plan_coverage
    from toolkit.commands.demo_review import closing_documents
    from toolkit.commands.followup import write_plan_tracker

    chosen = scenario if isinstance(scenario, Sample) else sample(scenario)
    covered = plan_coverage(chosen.path, out / "coverage.xlsx")
    tracked = write_plan_tracker(chosen.path, str(out / STORE), out / "tracker.xlsx")
    return [*covered.lines(), *tracked.lines(), *closing_documents(out, chosen.path)]
