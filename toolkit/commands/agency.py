"""What an agency types into its reporting workbook, as ``toolkit demo``, the tests and the
benchmark fill returns: statuses that follow the activities' dates, values over the span
docs/indicators.md §1 gives (the year to date, running totals), close to what the plan expects,
spending against the year's allocations, statistics, narrative and sign-off.

The values are deterministic: each comes from a random generator seeded by the institution and
the row, not by the period, so that one institution's year-to-date values and running totals
grow from one period of a year to the next as real ones do.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import load_workbook

from toolkit.commands.agency_followup import followup_values
from toolkit.plan.model import Plan
from toolkit.reporting.layout import INPUT, WorkbookLayout
from toolkit.reporting.periods import Period
from toolkit.reporting.scope import expected, half_up, year_share
from toolkit.reporting.sheets import STATUS_KEYS

PHRASES = {
    "en": {"done": "{output}: work carried out as planned by the {role} institution by {end}.",
           "outputs": "Progress note and activity records", "evidence": "Internal report ref. "
           "{code}/{period}", "problems": "Procurement took longer than planned.",
           "corrective": "Procedure completed; work resumes next period.",
           "source": "Administrative records", "comment": "Value since 1 January; see the "
           "data-quality notes.", "stats_source": "Case register of the institution",
           "stats_definition": "none", "achievements": "Most planned measures were carried out.",
           "challenges": "Staff turnover in regional offices.", "lead": "lead",
           "partner": "partner", "focal": "Focal point"},
    "fr": {"done": "{output} : travaux menés comme prévu par l'institution {role} jusqu'au "
           "{end}.", "outputs": "Note d'étape et registres de l'activité",
           "evidence": "Rapport interne réf. {code}/{period}", "problems": "La passation du "
           "marché a pris plus de temps que prévu.", "corrective": "Procédure achevée ; les "
           "travaux reprennent à la période suivante.", "source": "Registres administratifs",
           "comment": "Valeur depuis le 1er janvier ; voir les notes sur la qualité des "
           "données.", "stats_source": "Registre des dossiers de l'institution",
           "stats_definition": "aucun", "achievements": "La plupart des mesures prévues ont "
           "été réalisées.", "challenges": "Rotation du personnel dans les antennes "
           "régionales.", "lead": "chef de file", "partner": "partenaire",
           "focal": "Point focal"},
}
"""The texts an agency types, in the plan's working language."""


def _rng(*parts) -> random.Random:
    """A generator for one institution and row, the same in every period."""
    return random.Random("|".join(str(p) for p in parts))


def _phrases(plan: Plan) -> dict[str, str]:
    return PHRASES.get(plan.meta.language, PHRASES["en"])


def status_of(rng: random.Random, activity, period: Period) -> str:
    """The status an institution reports for an activity at the end of the period."""
    if activity.is_continuous:
        return "Continuous"
    if activity.start and activity.start > period.end - dt.timedelta(days=60):
        return "Not started"
    if activity.deadline and activity.deadline <= period.end:
        return rng.choice(["Completed", "Completed", "Completed", "Partially completed"])
    return rng.choice(["Ongoing - on track", "Ongoing - on track", "Ongoing - delayed"])


def _spent(plan: Plan, act, institution: str, period: Period, factor: float):
    """Funds spent since 1 January: the year's allocation to the institution, in proportion to
    the part of the year gone, times ``factor``; without an allocation, a small amount from the
    estimated cost for the lead and nothing for a partner."""
    part, parts = year_share(plan, period)
    allocated = plan.allocations_of(act.code, period.year).get(institution)
    if allocated is None:
        if institution != act.lead or not act.cost:
            return None
        allocated = act.cost / max(1, len(plan.meta.years))
    return round(allocated * part / parts * factor, -2)


def activity_values(plan: Plan, act, role: str, institution: str, period: Period,
                    text: dict[str, str]) -> dict[str, object]:
    """What an institution types on an activity's row."""
    rng = _rng(institution, act.code, period.code)
    steady = _rng(institution, act.code, period.year)
    # Lead and partners mostly see the same state of an activity.
    words = _phrases(plan)
    status = status_of(_rng(act.code, period.code), act, period)
    values: dict[str, object] = {"status": text[f"report.status.{STATUS_KEYS[status]}"]}
    if status == "Not started":
        return values
    percent = {"Completed": 100, "Partially completed": rng.randint(50, 90),
               "Continuous": 50}.get(status, rng.randint(20, 80))
    values.update(percent=percent, done=words["done"].format(
        output=act.expected_output.split(";")[0], role=words[role], end=period.end),
        outputs=words["outputs"], evidence=words["evidence"].format(code=act.code,
                                                                    period=period.code))
    spent = _spent(plan, act, institution, period, steady.uniform(0.6, 1.05))
    if spent:
        values.update(spent=spent, spent_source=act.funding_source or
                      plan.codelists.get("funding_source", ("",))[0])
    if status == "Ongoing - delayed":
        values.update(problems=words["problems"], corrective_action=words["corrective"])
    return values


def _indicator_value(plan: Plan, ind, institution: str, period: Period):
    """A value over the span the indicator covers, close to what the plan expects."""
    rng = _rng(institution, ind.code, period.year)
    exp = expected(plan, ind, period)
    if ind.unit == "yes-no":
        met = rng.random() < 0.75
        target = exp.target if exp.target is not None else 1
        return target if met else 1 - target
    target = exp.target if exp.target is not None else (ind.baseline_value or 10)
    factor = rng.uniform(0.55, 1.2)
    if ind.unit == "number":
        value = half_up(target * factor)
        if ind.aggregation == "cumulative":
            value = max(value, half_up(ind.baseline_value or 0))
        return value
    value = round(target * factor, 1)
    return min(value, 100) if ind.unit == "percent" else value


def _parts(rng: random.Random, total: int, n: int) -> list[int]:
    """``total`` split into ``n`` whole parts."""
    weights = [rng.random() + 0.1 for _ in range(n)]
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[0] += total - sum(parts)
    return parts


def indicator_values(plan: Plan, layout: WorkbookLayout, text: dict[str, str],
                     period: Period) -> dict[tuple, object]:
    """The values of the Indicators sheet, with the parts of every breakdown."""
    sheet = layout.sheet("indicators")
    values: dict[tuple, object] = {}
    if sheet is None:
        return values
    by_code = {i.code: i for i in plan.indicators}
    words = _phrases(plan)
    for _row, key in sorted(sheet.row_keys.items()):
        if "|" in key:
            continue
        ind = by_code[key]
        value = _indicator_value(plan, ind, layout.institution, period)
        if ind.unit == "yes-no":
            values[(key, "actual")] = text["report.yes"] if value else text["report.no"]
        else:
            values[(key, "actual")] = value
        if ind.unit == "number":
            rng = _rng(layout.institution, key, period.code, "parts")
            for dim in ind.disaggregations:
                cats = plan.codelists.get(dim, ())
                for cat, part in zip(cats, _parts(rng, value, len(cats))):
                    values[(f"{key}|{dim}={cat}", "actual")] = part
        values[(key, "source")] = ind.data_source or words["source"]
        values[(key, "comment")] = words["comment"]
    return values


def statistics_values(plan: Plan, layout: WorkbookLayout,
                      period: Period) -> dict[tuple, object]:
    """Counts since 1 January for every statistics table the institution holds: the victims
    tables all count the same persons."""
    sheet = layout.sheet("statistics")
    values: dict[tuple, object] = {}
    if sheet is None:
        return values
    part, parts = year_share(plan, period)
    year = _rng(layout.institution, "victims", period.year)
    victims = max(1, round(year.randint(12, 80) * part / parts))
    words = _phrases(plan)
    grids: dict[str, list] = {}
    for f in sheet.inputs():
        table, _, col = f.key.partition(":")
        if col in ("source", "definition"):
            values[(f.row_key, f.key)] = words["stats_source"] if col == "source" else \
                words["stats_definition"]
            continue
        grids.setdefault(table, []).append(f)
    rng = _rng(layout.institution, "statistics", period.code)
    for table, fields in grids.items():
        if table.startswith("V"):
            for f, n in zip(fields, _parts(rng, victims, len(fields))):
                values[(f.row_key, f.key)] = n
        else:
            for f in fields:
                values[(f.row_key, f.key)] = rng.randint(0, victims)
    return values


def agency_values(plan: Plan, period: Period, layout: WorkbookLayout, seed: int,
                  text: dict[str, str], signed: dt.date) -> dict[tuple, object]:
    """What an agency types into its workbook: by (row key, field key). The values depend on
    the institution, the rows and the period only; ``seed`` is kept for callers that vary
    nothing else."""
    values: dict[tuple, object] = {}
    for act, role in activities_of(plan, layout):
        for key, value in activity_values(plan, act, role, layout.institution, period,
                                          text).items():
            values[(act.code, key)] = value
    values.update(indicator_values(plan, layout, text, period))
    values.update(statistics_values(plan, layout, period))
    values.update(followup_values(plan, period, layout))
    inst = plan.institution(layout.institution)
    words = _phrases(plan)
    values.update({("achievements", "achievements"): words["achievements"],
                   ("challenges", "challenges"): words["challenges"],
                   ("confirm", "confirm"): text["report.yes"],
                   ("name", "name"): inst.focal_point or words["focal"],
                   ("position", "position"): inst.position or words["focal"],
                   ("date", "date"): signed})
    return values


def activities_of(plan: Plan, layout: WorkbookLayout):
    """(activity, role) of every activity row of the workbook, in plan order."""
    codes = {f.row_key for s in layout.sheets if s.kind == "area" for f in s.fields}
    for act in plan.activities:
        if act.code in codes:
            yield act, "lead" if act.lead == layout.institution else "partner"


def put_values(wb, layout: WorkbookLayout, values: dict[tuple[str, str], object],
               formats: dict[tuple[str, str], str] | None = None) -> None:
    """Write values into an openpyxl workbook by (row key, field key), with a number format
    where ``formats`` gives one (as a spreadsheet sets it on what a person types)."""
    for sheet in layout.sheets:
        ws = wb[sheet.name] if sheet.name in wb.sheetnames else None
        for f in sheet.fields:
            key = (f.row_key, f.key)
            if f.kind != INPUT or ws is None or key not in values:
                continue
            cell = ws.cell(row=f.row, column=f.col + 1, value=values[key])
            if formats and key in formats:
                cell.number_format = formats[key]


def fill_return(path: Path, out: Path, layout: WorkbookLayout, plan: Plan, period: Period,
                saved: dt.datetime, seed: int, text: dict[str, str],
                tweak=None) -> dict[tuple, object]:
    """Fill one generated workbook as an agency would, and save it with the given save time.

    Args:
        tweak: ``tweak(values, layout, text, formats)`` changes what is typed before it is
            written (a mistake or a habit); ``formats`` takes number formats by field.

    Returns:
        The values typed, by (row key, field key).
    """
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    values = agency_values(plan, period, layout, seed, text, saved.date())
    formats: dict[tuple[str, str], str] = {}
    if tweak:
        tweak(values, layout, text, formats)
    wb = load_workbook(path)
    put_values(wb, layout, values, formats)
    wb.properties.modified = saved
    inst = plan.institution(layout.institution)
    wb.properties.lastModifiedBy = inst.focal_point or inst.code
    with ZipFile(out, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return values
