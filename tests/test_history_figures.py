"""The rules of docs/indicators.md §10, one test each: what the annual and plan-to-date reports
take from the periods recorded. Counts and spending are reported for the year to date, so a
later report of a year replaces an earlier one.

The expected figures are worked out by hand from the values given, never by the code under test.
"""

from __future__ import annotations

import dataclasses

import pytest
from plans import small_plan

from toolkit.history.figures import combine, spent_by_year
from toolkit.history.records import PeriodRecord
from toolkit.history.series import History, Point


def _indicator(unit: str, aggregation: str):
    ind = small_plan().indicators[0]
    return dataclasses.replace(ind, unit=unit, aggregation=aggregation)


def _points(*pairs, broken=()) -> list[Point]:
    return [Point(period, value, None, "", period in broken) for period, value in pairs]


H = (("2025-H1", 4), ("2025-H2", 10), ("2026-H1", 3), ("2026-H2", 7))


def test_count_of_a_year__is_its_last_report_never_the_sum_of_its_periods():
    count = _indicator("number", "periodic")

    assert combine(count, _points(*H[2:])).value == 7
    assert combine(count, _points(*H[:2])).value == 10


def test_year_whose_closing_period_has_no_report__takes_the_last_it_has_and_says_how_many():
    count = _indicator("number", "periodic")

    year = combine(count, _points(("2026-Q1", 2), ("2026-Q2", 5), ("2026-Q3", None),
                                  ("2026-Q4", None)))

    assert (year.value, year.reported, year.periods, year.last) == (5, 2, 4, "2026-Q2")


@pytest.mark.parametrize("unit, aggregation", [("number", "cumulative"), ("percent", "periodic"),
                                               ("yes/no", "periodic")])
def test_running_total_and_level__are_the_last_report(unit, aggregation):
    ind = _indicator(unit, aggregation)

    assert combine(ind, _points(*H)).value == 7


def test_count_to_date__adds_each_years_figure_over_the_years():
    count = _indicator("number", "periodic")

    assert combine(count, _points(*H)).value == 10 + 7
    assert combine(count, _points(*H[:3])).value == 10 + 3


def test_quarterly_counts_to_date__take_each_years_last_quarter():
    count = _indicator("number", "periodic")
    quarters = _points(("2025-Q3", 1), ("2025-Q4", 6), ("2026-Q1", 2), ("2026-Q2", 9))

    assert combine(count, quarters).value == 6 + 9


def test_value_measured_before_a_break__is_left_out():
    count = _indicator("number", "periodic")

    assert combine(count, _points(*H, broken=("2025-H1", "2025-H2"))).value == 7


def _record(period: str, *rows) -> PeriodRecord:
    plan = small_plan()
    return PeriodRecord(plan.meta.code, plan.meta.version, "", period, None, "aggregate", "",
                        activities=[{"activity": act, "institution": inst, "area": area,
                                     "funding_source": source, "spent": spent}
                                    for act, inst, area, source, spent in rows])


def test_funds_spent__are_each_institutions_last_report_of_the_year_added_over_years():
    plan = small_plan()
    records = [
        _record("2025-H1", ("A1.1.1", "POL", "A", "State budget", 100),
                ("A1.1.1", "OFF", "A", "State budget", 40)),
        _record("2025-H2", ("A1.1.1", "POL", "A", "State budget", 250),
                ("A1.1.1", "OFF", "A", "State budget", None)),
        _record("2026-H1", ("A1.1.1", "POL", "A", "Donor", 30),
                ("B1.1.1", "POL", "B", "State budget", 5)),
    ]
    history = History(plan, records)

    by_area = spent_by_year(history, "area")
    by_source = spent_by_year(history, "funding_source")

    # 2025: the police's H2 report (250) replaces its H1 one; the office's H1 report (40) is
    # its last of the year. 2026: the first reports of the year.
    assert by_area == {"A": {2025: 290, 2026: 30}, "B": {2026: 5}}
    assert by_source == {"State budget": {2025: 290, 2026: 5}, "Donor": {2026: 30}}
    assert spent_by_year(history, "area", records[:1]) == {"A": {2025: 140}}


def test_series_breaks__are_told_in_the_plans_language():
    from toolkit.history.series import Break

    changed = Break("X-01", (("unit", '"number"', '"percent"'),
                             ("polarity", '"higher-is-better"', '"lower-is-better"')))

    assert str(changed) == ('X-01 (unit changed from "number" to "percent"; polarity changed '
                            'from "higher-is-better" to "lower-is-better")')
    assert changed.render("fr") == ('X-01 (unité\u00a0: "number" devenu "percent"; '
                                    'sens\u00a0: "higher-is-better" devenu "lower-is-better")')
    assert Break("Y-02").render("fr") == "Y-02 (ne figure plus dans le plan)"
