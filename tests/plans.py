"""Small valid plans for tests: a fixed one, and a hypothesis strategy that generates more."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from toolkit.plan.codelists import DEFAULTS
from toolkit.plan.model import (
    DEFAULT_AREAS,
    Activity,
    Area,
    Goal,
    Indicator,
    Institution,
    OfficialSource,
    Plan,
    PlanMeta,
    Risk,
    Target,
)

META = PlanMeta(code="TST-NAP", version="1.0", country="Testland", title="Test plan 2025-2026",
                start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31),
                coordinating_office="OFF", coordinator_contact="office@test.example")

INSTITUTIONS = (
    Institution("OFF", "Coordinator's office", "agency", statistics=("P",),
                email="office@test.example"),
    Institution("POL", "Police directorate", "police", statistics=("V", "J")),
    Institution("NGO-1", "Shelter association", "ngo", "local", ("V", "A")),
)


def small_plan(n_objectives: int = 2, n_activities: int = 2, cumulative: bool = False) -> Plan:
    """A valid plan with two areas, one goal each and the given counts below them."""
    areas = tuple(Area(*a) for a in DEFAULT_AREAS[:2])
    goals = tuple(Goal(f"SG-{a.code}1", a.code, f"Goal of area {a.code}") for a in areas)
    objectives, activities, indicators, targets = [], [], [], []
    for g in goals:
        for o in range(1, n_objectives + 1):
            obj = f"SO-{g.area}1.{o}"
            objectives.append(_objective(obj, g.code))
            for a in range(1, n_activities + 1):
                code = f"{g.area}1.{o}.{a}"
                activities.append(Activity(
                    code, obj, f"Activity {code}", "POL" if a % 2 else "NGO-1",
                    partners=("OFF",), start=dt.date(2025, 2, 1),
                    deadline="continuous" if a == 3 else dt.date(2026, 6, 30),
                    expected_output=f"Output of {code}", cost=1000 * a,
                    funding_source="State budget", funding_status="secured"))
                ind = f"{code}-OUT"
                indicators.append(Indicator(
                    ind, "output", code, f"Output count of {code}", "number",
                    "higher-is-better", "cumulative" if cumulative else "periodic", 0, 2024,
                    5, 10, "semi-annual", activities[-1].lead,
                    disaggregations=("sex",) if a == 1 else ()))
                targets.extend(Target(ind, y, 5 * (y - 2024)) for y in (2025, 2026))
            indicators.append(Indicator(
                f"{obj}-OC", "outcome", obj, f"Outcome of {obj}", "percent",
                "higher-is-better", "periodic", 10.5, 2024, None, 50, "annual", "OFF"))
    risks = (Risk("R01", "Funding is cut", (goals[0].code,), "medium", "high", "Lobby", "OFF",
                  "open"),)
    # The police and the shelter both hold the victims tables: the police's are official.
    official = tuple(OfficialSource(t, "POL") for t in ("V1", "V2", "V3", "V4"))
    return Plan(META, areas, goals, tuple(objectives), tuple(activities), tuple(indicators),
                tuple(targets), INSTITUTIONS, risks, dict(DEFAULTS), official_sources=official)


def _objective(code: str, goal: str):
    from toolkit.plan.model import Objective

    return Objective(code, goal, f"Objective {code}")


@st.composite
def plans(draw) -> Plan:
    """Valid plans of varying size and content."""
    plan = small_plan(draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.booleans()))
    words = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF,
                                  blacklist_categories=("Cs",)), min_size=1, max_size=40)
    title = draw(words.filter(lambda s: s.strip() == s and s.strip()))
    cost = draw(st.one_of(st.none(), st.integers(0, 10**7), st.floats(0, 1e7, allow_nan=False)
                          .map(lambda x: round(x, 2))))
    activities = list(plan.activities)
    activities[0] = _replace(activities[0], description=title, cost=cost)
    return _replace(plan, activities=tuple(activities))


def _replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)
