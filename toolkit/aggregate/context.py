"""What consolidation knows before it opens any return: the plan, the period and every layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from toolkit.aggregate.checks.values import CellRules, rules_for
from toolkit.declarations.labels import labels
from toolkit.declarations.reporting import declarations
from toolkit.plan.identity import content_hash
from toolkit.plan.model import Plan
from toolkit.reporting.layout import (
    SheetLayout,
    WorkbookLayout,
    build_layout,
    default_deadline,
    last_row,
    statistics_layout,
)
from toolkit.reporting.periods import Period
from toolkit.reporting.scope import Assignment, assignments

if TYPE_CHECKING:
    from toolkit.aggregate.intake.previous import PreviousFigures


@dataclass
class PlanContext:
    """The trusted side of every check: built from the plan, never from a returned file."""

    plan: Plan
    period: Period
    deadline: dt.date
    assignments: dict[str, Assignment]
    plan_hash: str = ""
    previous: PreviousFigures | None = None
    """An earlier consolidation's running totals, when one was given to compare with."""
    _layouts: dict[str, WorkbookLayout] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.plan_hash = content_hash(self.plan)
        self.text = labels(self.plan.meta.language)
        self.decl = declarations()
        limit = int(self.decl["workbook"]["text_limit"])
        self.rules: CellRules = rules_for(self.plan, self.period, self.text, limit)

    @property
    def language(self) -> str:
        """The plan's working language, which its workbooks and report are in."""
        return self.plan.meta.language

    def t(self, key: str, **params) -> str:
        """A label of the plan's language (as the workbooks show it)."""
        text = self.text[f"report.{key}"]
        return text.format(**params) if params else text

    @property
    def first_row(self) -> int:
        """First data row of the area and indicator sheets."""
        return int(declarations()["workbook"]["first_data_row"])

    @property
    def last_row(self) -> int:
        """The last row any expected sheet uses (found without building the layouts)."""
        if not hasattr(self, "_last"):
            self._last = max(last_row(self.plan, self.period, a)
                             for a in self.assignments.values())
        return self._last

    def layout(self, institution: str) -> WorkbookLayout:
        """The layout the institution's workbook was generated with (built once)."""
        if institution not in self._layouts:
            self._layouts[institution] = build_layout(
                self.plan, self.period, self.assignments[institution], self.deadline,
                plan_hash=self.plan_hash)
        return self._layouts[institution]

    def statistics_sheet(self, institution: str) -> SheetLayout | None:
        """The Statistics sheet of the institution's layout, built without the rest of it."""
        return statistics_layout(self.plan, self.period, self.assignments[institution])

    def all_layouts(self) -> dict[str, WorkbookLayout]:
        """Every expected institution's layout."""
        return {code: self.layout(code) for code in self.assignments}


def make_context(plan: Plan, period: Period, deadline: dt.date | None = None,
                 previous: PreviousFigures | None = None) -> PlanContext:
    """The context of one consolidation, with the earlier consolidation's running totals when
    one is given."""
    return PlanContext(plan, period, deadline or default_deadline(plan, period),
                       assignments(plan, period), previous=previous)
