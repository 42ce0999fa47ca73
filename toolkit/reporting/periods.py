"""Reporting periods (``2026-Q3``, ``2026-H1``, ``2026``), checked against the plan's frequency."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from toolkit.findings import FindingError, finding
from toolkit.language import phrase

_FORMS = {
    "quarterly": (re.compile(r"^(\d{4})-Q([1-4])$"), 4),
    "semi-annual": (re.compile(r"^(\d{4})-H([12])$"), 2),
    "annual": (re.compile(r"^(\d{4})$"), 1),
}


class PeriodError(FindingError, ValueError):
    """A period that does not follow the plan's frequency or lies outside the plan. Its finding
    has no place: the caller knows where the period was typed (``Finding.at``)."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period of a plan."""

    year: int
    index: int
    parts: int

    @property
    def code(self) -> str:
        """The period as written: ``2026-H1``."""
        if self.parts == 1:
            return str(self.year)
        return f"{self.year}-{'Q' if self.parts == 4 else 'H'}{self.index}"

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        return dt.date(self.year, 12 // self.parts * (self.index - 1) + 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        month = 12 // self.parts * self.index
        if month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, month + 1, 1) - dt.timedelta(days=1)

    @property
    def ends_year(self) -> bool:
        """True for the last period of a calendar year."""
        return self.index == self.parts

    def __str__(self) -> str:
        return self.code


def parse_period(text: str, frequency: str, plan_start: dt.date | None = None,
                 plan_end: dt.date | None = None) -> Period:
    """Parse a period code for a plan of the given frequency.

    Raises:
        PeriodError: the code does not follow the frequency, or lies outside the plan.
    """
    if frequency not in _FORMS:
        raise PeriodError(finding("PER_003", "", value=f'"{frequency}"',
                                  expected=", ".join(_FORMS)))
    pattern, parts = _FORMS[frequency]
    match = pattern.match(text.strip())
    if not match:
        raise PeriodError(finding("PER_001", "", value=f'"{text}"',
                                  frequency=phrase(f"period.frequency.{frequency}"),
                                  expected=phrase(f"period.form.{frequency}")))
    period = Period(int(match.group(1)), int(match.group(2)) if parts > 1 else 1, parts)
    if plan_start and plan_end and (period.end < plan_start or period.start > plan_end):
        periods = plan_periods(frequency, plan_start, plan_end)
        raise PeriodError(finding("PER_002", "", value=period.code, start=plan_start,
                                  end=plan_end, first=periods[0].code, last=periods[-1].code))
    return period


def plan_periods(frequency: str, start: dt.date, end: dt.date) -> list[Period]:
    """Every reporting period of a plan, in order."""
    parts = _FORMS[frequency][1]
    periods = []
    for year in range(start.year, end.year + 1):
        for index in range(1, parts + 1):
            period = Period(year, index, parts)
            if period.end >= start and period.start <= end:
                periods.append(period)
    return periods


def previous_period(period: Period, frequency: str, start: dt.date,
                    end: dt.date) -> Period | None:
    """The plan's reporting period just before ``period``; None for the plan's first."""
    earlier = [p for p in plan_periods(frequency, start, end) if p < period]
    return earlier[-1] if earlier else None
