"""Checks a plan as a whole and reports every problem in one pass, each at its sheet and cell.

The checks see only the model and the source map, so they serve plans read from a workbook and
from JSON alike. Values that could not be read are already reported and are skipped here.
"""

from __future__ import annotations

import re
from typing import Iterator

from toolkit.declarations.plan import Column, plan_layout
from toolkit.findings import Finding, finding, quote
from toolkit.language import Label, did_you_mean, label, phrase
from toolkit.limits import MAX_CELL_TEXT, STAMP_SHEET, sheet_name_problem, utf16_len
from toolkit.plan.check_figures import FigureChecks
from toolkit.plan.codelists import DEFAULTS, FIXED
from toolkit.plan.layout import FIRST_DATA_ROW
from toolkit.plan.model import CONTINUOUS, Plan
from toolkit.plan.sources import SourceMap

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
EMAIL_RE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
YEARS = (1990, 2100)
CHECKED_APART = {("indicators", "baseline_value"), ("indicators", "target_final")}
"""Required values with a message of their own (PLAN_012, PLAN_013)."""

REF_TARGETS = {"institutions": "Institutions", "areas": "Areas", "goals": "Goals",
               "objectives": "Objectives", "indicators": "Indicators",
               "activities": "Activities",
               "results": "Goals, Objectives or Activities"}
LEVEL_LINKS = {"impact": "goals", "outcome": "objectives", "output": "activities"}


class _Checker:
    def __init__(self, plan: Plan, sources: SourceMap):
        self.plan, self.sources = plan, sources
        self.found: list[Finding] = []
        self.codes = {part: {r.code for r in getattr(plan, part)}
                      for part in ("areas", "goals", "objectives", "activities", "indicators",
                                   "institutions")}
        self.codes["results"] = self.codes["goals"] | self.codes["objectives"] | \
            self.codes["activities"]
        self._measures: set[str] | None = None

    def measure_ids(self) -> set[str]:
        """The ids of the catalogue of measures, read on first use; a country file that
        cannot be used is a finding, and references to measures are then left unchecked."""
        from toolkit.measures.catalogue import CatalogueError, load_catalogue

        if self._measures is None:
            try:
                self._measures = set(load_catalogue().by_id)
            except CatalogueError as exc:
                self.found.append(exc.finding)
                self._measures = set()
        return self._measures

    def add(self, code: str, key: tuple, **params) -> None:
        sheet, cell = self.sources.locate(*key)
        self.found.append(finding(code, self.sources.file, sheet, cell, **params))

    def records(self) -> Iterator[tuple[str, int, object, Column]]:
        """Every (part, index, record, column) of the declared data sheets."""
        for decl in plan_layout().sheets:
            for i, record in enumerate(getattr(self.plan, decl.part)):
                for column in decl.columns:
                    yield decl.part, i, record, column

    # -- one value against its declared column -------------------------------------------
    def value(self, part: str, index, column: Column, value, what: Label | str) -> None:
        key = (part, index, column.key)
        if self.sources.is_invalid(*key):
            return
        if value in (None, "", ()):
            if column.required and (part, column.key) not in CHECKED_APART:
                self.add("PLAN_003", key, what=what)
            return
        kind = column.kind
        if kind == "code" and not CODE_RE.match(value):
            self.add("PLAN_004", key, value=quote(value))
        elif kind in ("enum", "multi"):
            self.members(key, column.arg, value if kind == "multi" else (value,))
        elif kind in ("ref", "refs"):
            for item in (value if kind == "refs" else (value,)):
                if item not in self.codes[column.arg]:
                    self.add("PLAN_006", key, what=what, value=quote(item),
                             target=REF_TARGETS[column.arg],
                             suggestion=did_you_mean(item, self.codes[column.arg]))
        elif kind == "measures":
            known = self.measure_ids()
            for item in value if known else ():
                if item not in known:
                    self.add("MEAS_005", key, value=quote(item), suggestion=did_you_mean(item, known))
        elif kind in ("int", "number", "target"):
            self.in_range(key, column, value)
        elif kind == "year" and not YEARS[0] <= value <= YEARS[1]:
            self.add("PLAN_017", key, value=value)
        elif kind == "sheetname":
            problem = sheet_name_problem(value)
            if problem:
                self.add("PLAN_015", key, value=quote(value), reason=problem)
        elif kind == "email" and not EMAIL_RE.match(value):
            self.add("PLAN_021", key, value=quote(value))
        elif kind == "currency" and not CURRENCY_RE.match(value):
            self.add("PLAN_022", key, value=quote(value))
        elif kind == "text" and utf16_len(value) > MAX_CELL_TEXT:
            self.add("PLAN_027", key, length=f"{utf16_len(value):,}")

    def members(self, key: tuple, codelist: str, values: tuple) -> None:
        allowed = self.plan.codelists.get(codelist, ())
        for item in values:
            if item not in allowed:
                self.add("PLAN_011", key, value=quote(item), codelist=codelist,
                         suggestion=did_you_mean(item, allowed))

    def in_range(self, key: tuple, column: Column, value) -> None:
        low, high = column.min, column.max
        if (low is not None and value < low) or (high is not None and value > high):
            expected = (phrase("expect.value_range", low=f"{low:g}", high=f"{high:g}")
                        if low is not None and high is not None
                        else phrase("expect.value_min", low=f"{low:g}") if low is not None
                        else phrase("expect.value_max", high=f"{high:g}"))
            self.add("PLAN_008", key, value=value, expected=expected)

    # -- the plan as a whole -------------------------------------------------------------
    def meta(self, heading) -> None:
        meta = self.plan.meta
        for column in plan_layout().meta:
            self.value("meta", 0, column, getattr(meta, column.key), heading("meta", column.key))
        ok = lambda name: not self.sources.is_invalid("meta", 0, name)  # noqa: E731
        if meta.start and meta.end and ok("start") and ok("end") and meta.end < meta.start:
            self.add("PLAN_018", ("meta", 0, "end"), start=meta.start, end=meta.end)
        if (isinstance(meta.amber_threshold, int) and isinstance(meta.green_threshold, int)
                and meta.amber_threshold >= meta.green_threshold):
            self.add("PLAN_023", ("meta", 0, "amber_threshold"), amber=meta.amber_threshold,
                     green=meta.green_threshold)

    def duplicates(self) -> None:
        for decl in plan_layout().sheets:
            first: dict[object, int] = {}
            for i, record in enumerate(getattr(self.plan, decl.part)):
                if not hasattr(record, "code") and decl.part != "targets":
                    continue  # parts without codes check their own repeats
                ident = (record.indicator, record.year) if decl.part == "targets" else record.code
                if ident in (None, "") or (decl.part == "targets" and None in ident):
                    continue
                if ident not in first:
                    first[ident] = i
                    continue
                cell = self.sources.locate(decl.part, first[ident], "code" if decl.part !=
                                           "targets" else "year")[1]
                if decl.part == "targets":
                    self.add("PLAN_024", ("targets", i, "year"), indicator=ident[0],
                             year=ident[1], first=cell)
                else:
                    self.add("PLAN_005", (decl.part, i, "code"), value=quote(ident), first=cell)

    def area_sheets(self) -> None:
        seen: dict[str, str] = {}
        fixed = fixed_sheets(self.plan.meta.language)
        for i, area in enumerate(self.plan.areas):
            if not area.sheet or sheet_name_problem(area.sheet):
                continue
            if area.sheet.casefold() in fixed:
                self.add("PLAN_042", ("areas", i, "sheet"), value=quote(area.sheet),
                         fixed=quote(fixed[area.sheet.casefold()]))
                continue
            other = seen.setdefault(area.sheet.casefold(), area.code)
            if other != area.code:
                self.add("PLAN_016", ("areas", i, "sheet"), value=quote(area.sheet), other=other)

    def dates(self) -> None:
        start, end = self.plan.meta.start, self.plan.meta.end
        if not (start and end) or self.sources.is_invalid("meta", 0, "start") or \
                self.sources.is_invalid("meta", 0, "end") or end < start:
            return
        for i, act in enumerate(self.plan.activities):
            for name in ("start", "deadline"):
                value = getattr(act, name)
                if value in (None, CONTINUOUS) or self.sources.is_invalid("activities", i, name):
                    continue
                if not start <= value <= end:
                    self.add("PLAN_010", ("activities", i, name), value=value, start=start,
                             end=end)
            if act.start and act.deadline not in (None, CONTINUOUS) and act.deadline < act.start \
                    and start <= act.start <= end and start <= act.deadline <= end:
                self.add("PLAN_020", ("activities", i, "deadline"), deadline=act.deadline,
                         start=act.start)

    def indicators(self) -> None:
        meta = self.plan.meta
        period_ok = bool(meta.start and meta.end) and meta.start <= meta.end and not (
            self.sources.is_invalid("meta", 0, "start") or self.sources.is_invalid("meta", 0, "end"))
        years = meta.years if period_ok else None
        with_targets = {t.indicator for t in self.plan.targets if t.value is not None}
        for i, ind in enumerate(self.plan.indicators):
            key = ("indicators", i)
            if ind.baseline_value is None and not self.sources.is_invalid(*key, "baseline_value"):
                self.add("PLAN_012", (*key, "baseline_value"), indicator=ind.code)
            if ind.target_final is None and ind.code not in with_targets and \
                    not self.sources.is_invalid(*key, "target_final"):
                self.add("PLAN_013", (*key, "target_final"), indicator=ind.code)
            start = self.plan.meta.start
            if isinstance(ind.baseline_year, int) and start and \
                    start.year < ind.baseline_year <= YEARS[1]:
                self.add("PLAN_028", (*key, "baseline_year"), value=ind.baseline_year,
                         start=start)
            for dim in ind.disaggregations:
                if dim in self.plan.codelists.get("disaggregation", ()) and \
                        not self.plan.codelists.get(dim):
                    self.add("PLAN_025", (*key, "disaggregations"), indicator=ind.code,
                             dimension=dim)
            self.link_level(i, ind)
        for i, target in enumerate(self.plan.targets):
            if years and isinstance(target.year, int) and YEARS[0] <= target.year <= YEARS[1] \
                    and target.year not in years:
                self.add("PLAN_014", ("targets", i, "year"), value=target.year,
                         first=years[0], last=years[-1])

    def link_level(self, i: int, ind) -> None:
        expected = LEVEL_LINKS.get(ind.level)
        if not expected or ind.linked_result not in self.codes["results"]:
            return
        if ind.linked_result not in self.codes[expected]:
            kind = next(p for p in ("goals", "objectives", "activities")
                        if ind.linked_result in self.codes[p])
            self.add("PLAN_029", ("indicators", i, "linked_result"), level=ind.level,
                     value=quote(ind.linked_result), kind=phrase(f"plan.one_of.{kind}"),
                     expected=phrase(f"plan.one_of.{expected}"))

    def codelists(self) -> None:
        for name in sorted(FIXED):
            found = self.plan.codelists.get(name, ())
            missing = [v for v in DEFAULTS[name] if v not in found]
            extra = [v for v in found if v not in DEFAULTS[name]]
            if missing or extra:
                shown = {"missing": ", ".join(map(quote, missing)),
                         "added": ", ".join(map(quote, extra))}
                if missing and extra:
                    change = phrase("plan.list_missing_added", **shown)
                elif missing:
                    change = phrase("plan.list_missing", missing=shown["missing"])
                else:
                    change = phrase("plan.list_added", added=shown["added"])
                self.add("PLAN_019", ("codelists", name, ""), codelist=name, change=change)

    def empty_parts(self) -> None:
        for decl in plan_layout().sheets:
            if decl.part in ("targets", "risks") or decl.optional or \
                    getattr(self.plan, decl.part):
                continue
            sheet_missing = any(f.code == "PLAN_001" and f.sheet == decl.name
                                for f in self.found)
            if not sheet_missing:
                self.found.append(finding("PLAN_026", self.sources.file, decl.name,
                                          f"A{FIRST_DATA_ROW}", part=decl.name))


FIXED_SHEETS = ("cover", "indicators", "statistics", "narrative", "signoff", "passports",
                "lists", "recommendations", "observations", "civil_society")
"""The sheets an agency workbook may hold besides the area sheets (labels report.sheet.*)."""


def fixed_sheets(language: str) -> dict[str, str]:
    """The names of the workbook's own sheets in ``language``, case folded, to the names."""
    names = [label(language, f"report.sheet.{kind}") for kind in FIXED_SHEETS]
    return {name.casefold(): name for name in [*names, STAMP_SHEET]}


def check_plan(plan: Plan, sources: SourceMap, prior: list[Finding] | None = None) -> list[Finding]:
    """Every problem of a plan, in one pass.

    Args:
        plan: the plan as read.
        sources: where each value came from.
        prior: problems found while reading; they come first in the result.

    Returns:
        Reading problems followed by the problems of the plan itself.
    """
    from toolkit.declarations.labels import labels

    text = labels("en")

    def heading(part: str, key: str) -> Label | str:
        return Label(f"plan.{part}.{key}") if f"plan.{part}.{key}" in text else key

    checker = _Checker(plan, sources)
    checker.found.extend(prior or [])
    checker.meta(heading)
    for part, i, record, column in checker.records():
        checker.value(part, i, column, getattr(record, column.key), heading(part, column.key))
    checker.duplicates()
    checker.area_sheets()
    checker.dates()
    checker.indicators()
    checker.codelists()
    checker.empty_parts()
    FigureChecks(checker).run()
    return checker.found
