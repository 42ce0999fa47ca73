"""The cell layout of a reporting workbook: for every field its sheet, cell, kind and rule.

This is the contract between generation and consolidation. The generator renders a layout; the
aggregator rebuilds the same layout from the plan (never from the returned file) and reads and
checks every cell through it. Pure: no openpyxl, no XlsxWriter.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from toolkit.declarations.reporting import declarations
from toolkit.limits import col_letter
from toolkit.plan.identity import content_hash
from toolkit.plan.model import Plan
from toolkit.reporting.periods import Period
from toolkit.reporting.scope import Assignment

LOCKED, INPUT, FORMULA = "locked", "input", "formula"


@dataclass(frozen=True)
class Field:
    """One cell the workbook holds for data: locked plan content, an input or a formula."""

    sheet: str
    row: int
    col: int
    key: str
    row_key: str
    kind: str
    value: object = None
    type: str = ""
    required: str = ""

    def __init__(self, sheet: str, row: int, col: int, key: str, row_key: str, kind: str,
                 value: object = None, type: str = "", required: str = "") -> None:
        # A frozen dataclass sets each attribute through object.__setattr__; a layout holds
        # hundreds of fields and the aggregator builds one per institution: fill the instance
        # dictionary directly.
        d = self.__dict__
        d["sheet"], d["row"], d["col"], d["key"], d["row_key"] = sheet, row, col, key, row_key
        d["kind"], d["value"], d["type"], d["required"] = kind, value, type, required

    @property
    def ref(self) -> str:
        """The cell as Excel names it: ``G12``."""
        return f"{col_letter(self.col)}{self.row}"


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: its name and kind, its data rows and fields."""

    name: str
    kind: str
    fields: tuple[Field, ...]
    row_keys: dict[int, str] = field(default_factory=dict)
    """Row number -> the code that identifies the row (column A holds it)."""
    first_row: int = 5
    last_row: int = 5
    state: str = "visible"
    extra: dict = field(default_factory=dict)

    def inputs(self) -> list[Field]:
        """The input fields, in row then column order."""
        return [f for f in self.fields if f.kind == INPUT]

    @cached_property
    def fingerprint_text(self) -> str:
        """The sheet's part of the layout's fingerprint, as JSON (sheets shared between
        layouts are serialised once)."""
        doc = [self.name, self.kind, sorted(self.row_keys.items()),
               [[f.ref, f.key, f.row_key, f.kind, f.type] for f in self.fields]]
        return json.dumps(doc, sort_keys=True, default=str, separators=(",", ":"))


@dataclass(frozen=True)
class WorkbookLayout:
    """Every sheet of one institution's workbook for one period."""

    plan_code: str
    plan_version: str
    plan_hash: str
    institution: str
    period: str
    language: str
    sheets: tuple[SheetLayout, ...]

    def sheet(self, kind_or_name: str) -> SheetLayout | None:
        """The sheet with this name, or the first of this kind."""
        return next((s for s in self.sheets if s.name == kind_or_name), None) or \
            next((s for s in self.sheets if s.kind == kind_or_name), None)

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the structure: sheet names, row keys and every field's cell and kind."""
        # The JSON of the list of sheets is the JSON of each sheet, joined.
        text = "[" + ",".join(s.fingerprint_text for s in self.sheets) + "]"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_name(plan: Plan, period: Period, institution: str) -> str:
    """``<plan>_<period>_<institution>.xlsx``."""
    return f"{plan.meta.code}_{period.code}_{institution}.xlsx"


def default_deadline(plan: Plan, period: Period):
    """The period's end plus the plan's days to report."""
    import datetime as dt

    return period.end + dt.timedelta(days=plan.meta.report_due_days)


def build_layout(plan: Plan, period: Period, assignment: Assignment, deadline=None,
                 language: str | None = None, plan_hash: str | None = None) -> WorkbookLayout:
    """The layout of one institution's workbook for one period.

    Args:
        plan_hash: the plan's content hash when the caller has it already (hashing a large
            plan costs far more than building one layout).
    """
    from toolkit.reporting import sheets

    ctx = _context(plan, period, assignment, language, plan_hash or content_hash(plan))
    built = sheets.build_all(ctx, deadline or default_deadline(plan, period))
    return WorkbookLayout(plan.meta.code, plan.meta.version, ctx.plan_hash,
                          assignment.institution, period.code, ctx.language, tuple(built))


def _context(plan: Plan, period: Period, assignment: Assignment, language: str | None,
             plan_hash: str = ""):
    from toolkit.reporting import sheets

    return sheets.Context(plan, period, assignment, language or plan.meta.language,
                          declarations(), plan_hash)


def last_row(plan: Plan, period: Period, assignment: Assignment,
             language: str | None = None) -> int:
    """The last row any sheet of the institution's workbook uses, as ``build_layout`` lays it
    out, found without building the layout."""
    from toolkit.reporting import sheets

    return sheets.last_row(_context(plan, period, assignment, language))


def statistics_layout(plan: Plan, period: Period, assignment: Assignment,
                      language: str | None = None) -> SheetLayout | None:
    """The Statistics sheet of the institution's workbook (the same as ``build_layout``
    gives), or None when it holds no tables; built without the rest of the layout."""
    from toolkit.reporting import sheets

    if not assignment.statistics:
        return None
    return sheets.statistics(_context(plan, period, assignment, language))
