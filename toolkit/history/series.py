"""The history of one plan across periods, each indicator's series against its targets, and the
series a revision of the plan breaks.

A series is kept across plan versions as long as the indicator's code persists and it is still
measured the same way (unit, aggregation, polarity and definition); otherwise it breaks at the
first period of the new version, and the earlier values are shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.history.records import PeriodRecord
from toolkit.language import phrase, say
from toolkit.plan.model import Indicator, Plan

MEASURE = ("unit", "aggregation", "polarity", "definition")
"""What an indicator must keep for its values to stay comparable across versions."""


@dataclass(frozen=True)
class Break:
    """An indicator whose series does not continue into a new plan version."""

    indicator: str
    changes: tuple[tuple[str, str, str], ...] = ()
    """(what, before, after) of each way of measuring that changed; none: the indicator is no
    longer in the plan."""

    def render(self, language: str = "en") -> str:
        """``CODE (why)`` in ``language``."""
        why = [say(language, "series.changed", what=phrase(f"series.measure.{what}"),
                   before=before, after=after) for what, before, after in self.changes]
        return say(language, "series.break", indicator=self.indicator,
                   why="; ".join(why) if why else phrase("series.gone"))

    def __str__(self) -> str:
        return self.render()


def series_breaks(old: Plan, new: Plan) -> tuple[list[Break], list[str]]:
    """The series that break between two versions of a plan, and the codes new in ``new``."""
    before = {i.code: i for i in old.indicators}
    after = {i.code: i for i in new.indicators}
    breaks = [Break(code) for code in before if code not in after]
    for code, ind in after.items():
        if code in before:
            changed = tuple((name, _shown(getattr(before[code], name)),
                             _shown(getattr(ind, name))) for name in MEASURE
                            if getattr(before[code], name) != getattr(ind, name))
            if changed:
                breaks.append(Break(code, changed))
    return sorted(breaks, key=lambda b: b.indicator), [c for c in after if c not in before]


def _shown(value) -> str:
    text = str(value)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


@dataclass
class History:
    """A plan's current consolidations in period order, with the plan version of each."""

    plan: Plan
    """The latest version recorded (or the one given)."""
    periods: list[PeriodRecord] = field(default_factory=list)
    versions: dict[str, Plan] = field(default_factory=dict)
    """Each recorded version by its version string."""

    @property
    def codes(self) -> list[str]:
        return [p.period for p in self.periods]

    def plan_of(self, record: PeriodRecord) -> Plan:
        """The plan version a period was consolidated with."""
        return self.versions.get(record.version, self.plan)

    def breaks_before(self, record: PeriodRecord) -> dict[str, Break]:
        """Indicators of the current plan whose series broke between ``record``'s version and
        the current one, by code."""
        old = self.plan_of(record)
        if old is self.plan:
            return {}
        return {b.indicator: b for b in series_breaks(old, self.plan)[0]}

    def of_year(self, year: int) -> list[PeriodRecord]:
        """The periods of one calendar year."""
        return [p for p in self.periods if int(p.period[:4]) == year]


def as_recorded(history: History, record: PeriodRecord) -> History:
    """The history as it stands once ``record`` is recorded: its period replaced, the periods
    after it left out (the trends of a period's report end with that period)."""
    earlier = [p for p in history.periods if p.period < record.period]
    return History(history.plan, earlier + [record], dict(history.versions))


def total(indicator: Indicator, rows: list[dict]) -> float | None:
    """An indicator's value for a period from its institution totals: counts add up; a level
    reported by several institutions is their mean; None when nobody reported it."""
    values = [r["value"] for r in rows if r["value"] is not None]
    if not values:
        return None
    if indicator.unit == "number":
        return sum(values)
    return sum(values) / len(values)


def totals_by_indicator(record: PeriodRecord) -> dict[str, list[dict]]:
    """The institution-total rows of each indicator in one period."""
    out: dict[str, list[dict]] = {}
    for row in record.indicators:
        if not row["dimension"]:
            out.setdefault(row["indicator"], []).append(row)
    return out


@dataclass(frozen=True)
class Point:
    """One period of a series."""

    period: str
    value: float | None
    target: float | None
    rating: str
    broken: bool
    """True when the value was measured before a break of the series (not comparable)."""


def series(history: History, indicator: Indicator) -> list[Point]:
    """The indicator's value and period target in every recorded period."""
    points = []
    for record in history.periods:
        rows = totals_by_indicator(record).get(indicator.code, [])
        targets = [r["period_target"] for r in rows if r["period_target"] is not None]
        ratings = sorted({r["rating"] for r in rows if r["rating"]})
        points.append(Point(record.period, total(indicator, rows),
                            targets[0] if targets else None, "/".join(ratings),
                            indicator.code in history.breaks_before(record)))
    return points
