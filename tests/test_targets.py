"""The rules of docs/indicators.md §1 to §5, one test each: when an indicator is asked, the
target of a year, the target used for a period, what a value covers, achievement and rating.

The expected figures are the ones the document gives (its worked table among them), worked out
by hand, never by the code under test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import load_workbook
from plans import small_plan

from toolkit.aggregate.consolidate.rating import achievement, rate
from toolkit.plan.model import Indicator, Target
from toolkit.reporting.periods import parse_period, plan_periods
from toolkit.reporting.scope import (
    covers,
    expected,
    indicator_due,
    mid_term_year,
    year_target,
)


def _plan(frequency="quarterly", start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31),
          indicators=(), targets=()):
    base = small_plan()
    meta = dataclasses.replace(base.meta, frequency=frequency, start=start, end=end)
    return dataclasses.replace(base, meta=meta, indicators=tuple(indicators),
                               targets=tuple(targets))


def _ind(code, unit="number", aggregation="periodic", polarity="higher-is-better",
         frequency="quarterly", baseline=0, midterm=None, final=None):
    return Indicator(code, "output", "A1.1.1", f"Indicator {code}", unit, polarity, aggregation,
                     baseline, 2024, midterm, final, frequency, "POL")


def _targets(code, **years):
    return [Target(code, int(y[1:]), v) for y, v in years.items()]


SESSIONS = _ind("SESSIONS")
ASSISTED = _ind("ASSISTED", aggregation="cumulative", baseline=20)
LEGAL_AID = _ind("LEGAL-AID", unit="percent")
PLACED = _ind("PLACED", polarity="lower-is-better")
NRM = _ind("NRM", unit="yes-no", frequency="annual")
REVIEWED = _ind("REVIEWED", frequency="annual")
WORKED = _plan(indicators=[SESSIONS, ASSISTED, LEGAL_AID, PLACED, NRM, REVIEWED], targets=[
    *_targets("SESSIONS", y2026=10), *_targets("ASSISTED", y2025=40, y2026=60),
    *_targets("LEGAL-AID", y2026=75), *_targets("PLACED", y2026=8),
    *_targets("NRM", y2025=0, y2026=1), *_targets("REVIEWED", y2026=12)])


def _q(code: str):
    return parse_period(code, "quarterly")


def _rating(ind, value, period, plan=WORKED):
    target = expected(plan, ind, period).target
    return target, rate(ind, value, target, 90, 60)


# -- §5 worked table ------------------------------------------------------------------------

WORKED_TABLE = [
    (SESSIONS, "2026-Q1", 2, 3, 0.6667, "amber"),
    (SESSIONS, "2026-Q2", 6, 5, 1.2, "green"),
    (SESSIONS, "2026-Q3", 7, 8, 0.875, "amber"),
    (SESSIONS, "2026-Q4", 11, 10, 1.1, "green"),
    (ASSISTED, "2026-Q1", 47, 45, 1.0444, "green"),
    (ASSISTED, "2026-Q3", 30, 55, 0.5455, "red"),
    (LEGAL_AID, "2026-Q1", 70, 75, 0.9333, "green"),
    (LEGAL_AID, "2026-Q3", 70, 75, 0.9333, "green"),
    (PLACED, "2026-Q2", 6, 4, 0.6667, "amber"),
    (NRM, "2025-Q4", 0, 0, 1.0, "green"),
    (NRM, "2026-Q4", 0, 1, 0.0, "red"),
    (REVIEWED, "2026-Q4", 9, 12, 0.75, "amber"),
]


@pytest.mark.parametrize("ind,period,value,target,share,rating", WORKED_TABLE,
                         ids=[f"{r[0].code}-{r[1]}" for r in WORKED_TABLE])
def test_worked_table__gives_the_documented_target_achievement_and_rating(ind, period, value,
                                                                         target, share,
                                                                         rating):
    used, got = _rating(ind, value, _q(period))
    assert used == target
    assert achievement(ind, value, used) == pytest.approx(share, abs=1e-4)
    assert got == rating


def test_annual_indicator__is_not_due_before_the_period_that_closes_the_year():
    periods = plan_periods("quarterly", WORKED.meta.start, WORKED.meta.end)
    due = [p.code for p in periods if p.year == 2026 and indicator_due(REVIEWED, p, periods)]
    assert due == ["2026-Q4"]


# -- §2 when an indicator is asked ----------------------------------------------------------

DUE = {
    # (plan frequency, indicator frequency): the periods of 2026 it is asked in
    ("quarterly", "quarterly"): ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
    ("quarterly", "semi-annual"): ["2026-Q2", "2026-Q4"],
    ("quarterly", "annual"): ["2026-Q4"],
    ("quarterly", "once"): [],
    ("semi-annual", "quarterly"): ["2026-H1", "2026-H2"],
    ("semi-annual", "semi-annual"): ["2026-H1", "2026-H2"],
    ("semi-annual", "annual"): ["2026-H2"],
    ("annual", "semi-annual"): ["2026"],
    ("annual", "annual"): ["2026"],
}


@pytest.mark.parametrize("plan_freq,ind_freq", sorted(DUE))
def test_indicator__is_asked_in_the_periods_its_frequency_calls_for(plan_freq, ind_freq):
    plan = _plan(plan_freq)
    periods = plan_periods(plan_freq, plan.meta.start, plan.meta.end)
    ind = _ind("X", frequency=ind_freq)
    assert [p.code for p in periods if p.year == 2026 and indicator_due(ind, p, periods)] == \
        DUE[(plan_freq, ind_freq)]


def test_indicator_asked_once__is_due_in_the_plans_last_period_only():
    plan = _plan("semi-annual")
    periods = plan_periods("semi-annual", plan.meta.start, plan.meta.end)
    ind = _ind("X", frequency="once")
    assert [p.code for p in periods if indicator_due(ind, p, periods)] == ["2027-H2"]


def test_annual_indicator_of_a_plan_ending_mid_year__is_due_in_its_last_period():
    plan = _plan("quarterly", end=dt.date(2027, 6, 30))
    periods = plan_periods("quarterly", plan.meta.start, plan.meta.end)
    ind = _ind("X", frequency="annual")
    assert [p.code for p in periods if p.year == 2027 and indicator_due(ind, p, periods)] == \
        ["2027-Q2"]


# -- §3 the target of a year ----------------------------------------------------------------

@pytest.mark.parametrize("start,end,year", [(2025, 2028, 2026), (2025, 2027, 2026),
                                            (2025, 2029, 2027), (2025, 2026, 2025)])
def test_mid_term_year__is_year_ceil_n_over_2(start, end, year):
    plan = _plan(start=dt.date(start, 1, 1), end=dt.date(end, 12, 31))
    assert mid_term_year(plan) == year


def test_year_target__comes_from_the_targets_then_mid_term_then_final():
    ind = _ind("X", midterm=30, final=50)
    plan = _plan(indicators=[ind], targets=_targets("X", y2025=10, y2026=25))
    assert (year_target(plan, ind, 2025).value, year_target(plan, ind, 2025).source) == \
        (10, "year")
    assert (year_target(plan, ind, 2026).value, year_target(plan, ind, 2026).source) == \
        (25, "year"), "a yearly target comes before the mid-term one"
    plan = _plan(indicators=[ind])
    assert (year_target(plan, ind, 2026).value, year_target(plan, ind, 2026).source) == \
        (30, "midterm")
    assert (year_target(plan, ind, 2027).value, year_target(plan, ind, 2027).source) == \
        (50, "final")
    assert (year_target(plan, ind, 2025).value, year_target(plan, ind, 2025).source) == \
        (None, "none")


def test_yes_no_target__stays_in_force_until_a_later_year_replaces_it():
    ind = _ind("LAW", unit="yes-no", frequency="annual", midterm=1, final=1)
    plan = _plan(end=dt.date(2028, 12, 31), indicators=[ind])
    assert year_target(plan, ind, 2025).value is None, "nothing before the mid-term year"
    carried = year_target(plan, ind, 2027)
    assert (carried.value, carried.source, carried.from_year) == (1, "carried", 2026)


def test_count_without_a_target_for_the_year__is_shown_but_not_rated():
    ind = _ind("X", final=50)
    plan = _plan(indicators=[ind])
    target, rating = _rating(ind, 12, _q("2025-Q2"), plan)
    assert (target, rating) == (None, "not rated")


# -- §4 the target used for a period --------------------------------------------------------

def test_periodic_count__expects_its_share_of_the_year_rounded_half_up():
    ind = _ind("X")
    plan = _plan(indicators=[ind], targets=_targets("X", y2026=3))
    assert [expected(plan, ind, _q(f"2026-Q{k}")).target for k in (1, 2, 3, 4)] == \
        [1, 2, 2, 3], "0.75, 1.5, 2.25 and 3 rounded half up"


def test_count_target__is_never_fractional_in_a_half_yearly_plan():
    """The defect: an annual count with a 2026 target of 3 showed 1.5 in 2026-H2."""
    ind = _ind("X", frequency="annual")
    plan = _plan("semi-annual", indicators=[ind], targets=_targets("X", y2026=3))
    exp = expected(plan, ind, parse_period("2026-H2", "semi-annual"))
    assert (exp.target, exp.basis) == (3, "year")
    ind = _ind("Y", frequency="semi-annual")
    plan = _plan("semi-annual", indicators=[ind], targets=_targets("Y", y2026=3))
    assert expected(plan, ind, parse_period("2026-H1", "semi-annual")).target == 2


def test_cumulative_count__moves_from_the_previous_years_target_towards_this_years():
    assert [expected(WORKED, ASSISTED, _q(f"2026-Q{k}")).target for k in (1, 2, 3, 4)] == \
        [45, 50, 55, 60]
    assert [expected(WORKED, ASSISTED, _q(f"2025-Q{k}")).target for k in (1, 2, 3, 4)] == \
        [25, 30, 35, 40], "from the baseline in the first year"


@pytest.mark.parametrize("unit", ["percent", "rate-100k", "score"])
def test_level__is_never_pro_rated(unit):
    ind = _ind("X", unit=unit)
    plan = _plan(indicators=[ind], targets=_targets("X", y2026=7.5))
    assert {expected(plan, ind, _q(f"2026-Q{k}")).target for k in (1, 2, 3, 4)} == {7.5}


def test_indicator_asked_once__is_compared_with_the_final_target():
    ind = _ind("X", unit="yes-no", frequency="once", final=1)
    plan = _plan(indicators=[ind], targets=_targets("X", y2027=0))
    exp = expected(plan, ind, _q("2027-Q4"))
    assert (exp.target, exp.basis) == (1, "final")


def test_first_year_partly_covered__shares_the_year_over_the_plans_periods_in_it():
    ind = _ind("X")
    plan = _plan(start=dt.date(2025, 7, 1), indicators=[ind], targets=_targets("X", y2025=10))
    assert [expected(plan, ind, _q(p)).target for p in ("2025-Q3", "2025-Q4")] == [5, 10]


# -- §1 what a value covers -------------------------------------------------------------

def test_value__covers_the_year_to_date_the_running_total_or_the_state():
    assert covers(WORKED, SESSIONS, _q("2026-Q3")) == ("year_to_date", dt.date(2026, 1, 1),
                                                       dt.date(2026, 9, 30))
    assert covers(WORKED, ASSISTED, _q("2026-Q3")) == ("running_total", None,
                                                       dt.date(2026, 9, 30))
    assert covers(WORKED, NRM, _q("2026-Q4")) == ("state", None, dt.date(2026, 12, 31))
    late = _plan(start=dt.date(2025, 7, 1), indicators=[SESSIONS])
    assert covers(late, SESSIONS, _q("2025-Q4"))[1] == dt.date(2025, 7, 1)


# -- §5 achievement and rating --------------------------------------------------------------

def test_lower_is_better__is_met_at_or_below_the_target():
    assert achievement(PLACED, 4, 4) == 1.0 and achievement(PLACED, 0, 4) == 1.0
    assert achievement(PLACED, 8, 4) == 0.5
    assert achievement(PLACED, 3, 0) == 0.0


def test_higher_is_better_with_a_target_of_zero__is_met():
    assert achievement(SESSIONS, 0, 0) == 1.0


def test_yes_no__is_met_against_the_years_target_in_either_polarity():
    """The defect: a No that meets the 2025 target of No was rated red."""
    assert rate(NRM, 0, 0, 90, 60) == "green"
    assert rate(NRM, 1, 0, 90, 60) == "green", "ahead of the milestone"
    assert rate(NRM, 0, 1, 90, 60) == "red"
    repealed = dataclasses.replace(NRM, polarity="lower-is-better")
    assert rate(repealed, 1, 0, 90, 60) == "red"
    assert rate(repealed, 0, 1, 90, 60) == "green"


def test_no_value_is_grey_and_context_dependent_is_not_rated():
    assert rate(SESSIONS, None, 10, 90, 60) == "grey"
    context = dataclasses.replace(SESSIONS, polarity="context-dependent")
    assert rate(context, 5, 10, 90, 60) == "not rated"
    assert achievement(context, 5, 10) is None


def test_thresholds__are_the_plans():
    assert rate(SESSIONS, 8, 10, 80, 50) == "green"
    assert rate(SESSIONS, 8, 10, 90, 60) == "amber"
    assert rate(SESSIONS, 5, 10, 90, 60) == "red"


# -- the workbooks show the same targets --------------------------------------------------

def test_sample_workbook_of_2026_H2__shows_the_yearly_target_of_an_annual_count(sample_plan,
                                                                                tmp_path):
    """SG-B2-IM-02 (annual count, 2026 target 3) showed "Target for the period 1.5"."""
    from toolkit.generate.workbooks import generate
    from toolkit.reporting.layout import build_layout
    from toolkit.reporting.scope import assignments

    period = parse_period("2026-H2", "semi-annual")
    ind = next(i for i in sample_plan.indicators if i.code == "SG-B2-IM-02")
    assert (ind.frequency, ind.unit, sample_plan.targets_of(ind.code)[2026]) == \
        ("annual", "number", 3)
    [made] = generate(sample_plan, period, tmp_path, [ind.provider], password="pw")
    layout = build_layout(sample_plan, period, assignments(sample_plan, period)[ind.provider])
    sheet = layout.sheet("indicators")
    cells = {f.key: f.ref for f in sheet.fields if f.row_key == ind.code}
    ws = load_workbook(made.path)[sheet.name]
    assert ws[cells["period_target"]].value == 3
    assert ws[cells["year_target"]].value == 3
    assert ws[cells["covers"]].value == "2026-01-01 to 2026-12-31"
