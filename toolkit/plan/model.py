"""The plan model: a national action plan as plain, immutable Python data.

Nothing here knows about Excel or JSON. Readers build these objects, checks inspect them and the
generator renders reporting workbooks from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Union

Number = Union[int, float]

CONTINUOUS = "continuous"
"""The deadline value of an activity that recurs for the whole plan period."""

DEFAULT_AREAS: tuple[tuple[str, str, str], ...] = (
    ("A", "Prevention", "A Prevention"),
    ("B", "Assistance and protection of victims and victim-witnesses", "B Protection"),
    ("C", "Investigation and prosecution", "C Prosecution"),
    ("D", "Enabling framework: coordination, partnership, policy, data and resources",
     "D Framework"),
)


@dataclass(frozen=True)
class PlanMeta:
    """Identity and settings of a plan (the "Plan" sheet)."""

    code: str
    version: str
    country: str
    title: str
    start: dt.date
    end: dt.date
    frequency: str = "semi-annual"
    currency: str = "EUR"
    language: str = "en"
    coordinating_office: str = ""
    coordinator_contact: str = ""
    publication_threshold: int = 5
    green_threshold: int = 90
    amber_threshold: int = 60
    report_due_days: int = 15

    @property
    def years(self) -> range:
        """Calendar years the plan covers, inclusive."""
        return range(self.start.year, self.end.year + 1)


@dataclass(frozen=True)
class Area:
    """A thematic area ("pillar") of the plan; ``sheet`` names its sheet in reporting workbooks."""

    code: str
    label: str
    sheet: str


@dataclass(frozen=True)
class Goal:
    """A strategic goal, under one area."""

    code: str
    area: str
    title: str


@dataclass(frozen=True)
class Objective:
    """A specific objective, under one strategic goal."""

    code: str
    goal: str
    title: str


@dataclass(frozen=True)
class Activity:
    """A measure or activity of the plan matrix (template T1)."""

    code: str
    objective: str
    description: str
    lead: str
    partners: tuple[str, ...] = ()
    start: dt.date | None = None
    deadline: dt.date | str | None = None
    expected_output: str = ""
    cost: Number | None = None
    funding_source: str = ""
    funding_status: str = ""
    legal_anchor: str = ""
    catalogue_ref: tuple[str, ...] = ()
    """Ids of the standard measures the activity serves (the catalogue in
    ``workbook_templates/measures/``)."""

    @property
    def is_continuous(self) -> bool:
        """True when the activity recurs for the whole plan period."""
        return self.deadline == CONTINUOUS


@dataclass(frozen=True)
class Target:
    """A yearly target of an indicator."""

    indicator: str
    year: int
    value: Number


@dataclass(frozen=True)
class Allocation:
    """A yearly budget allocation of an activity (template T12), for its lead or, when
    ``institution`` names a partner, for that partner's share."""

    activity: str
    year: int
    amount: Number
    institution: str = ""


@dataclass(frozen=True)
class OfficialSource:
    """The institution whose figures are the official ones for a statistics table, or for some
    rows of it (``rows`` empty: the whole table); see docs/indicators.md §6."""

    table: str
    institution: str
    rows: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Recommendation:
    """A recommendation the plan follows up (template T10): from GRETA, the Committee of the
    Parties, the EU, the national rapporteur, an evaluation..., addressed to institutions that
    report on it every period."""

    code: str
    source: str
    date: dt.date | None
    text: str
    addressees: tuple[str, ...]
    reference: str = ""
    """Where it was made: the report, round and paragraph."""
    strength: str = ""
    due: dt.date | None = None
    objective: str = ""
    activities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """An indicator with the full reference record (DOMAIN §2.4, templates T2 and T3)."""

    code: str
    level: str
    linked_result: str
    name: str
    unit: str
    polarity: str
    aggregation: str
    baseline_value: Number | None
    baseline_year: int | None
    target_midterm: Number | None
    target_final: Number | None
    frequency: str
    provider: str
    definition: str = ""
    calculation: str = ""
    baseline_source: str = ""
    data_source: str = ""
    means_of_verification: str = ""
    collection_method: str = ""
    disaggregations: tuple[str, ...] = ()
    confidentiality: str = "public"
    assumptions: str = ""
    notes: str = ""

    @property
    def counted_since_january(self) -> bool:
        """Whether the value is a count typed for the year to date: a periodic number
        (docs/indicators.md §1)."""
        return self.aggregation == "periodic" and self.unit == "number"

    @property
    def never_falls(self) -> bool:
        """Whether an institution's value cannot go down from one period to the next: a running
        total never does, a count since 1 January not within a year."""
        return self.aggregation == "cumulative" or self.counted_since_january


@dataclass(frozen=True)
class Institution:
    """An institution of the actor and focal-point register (template T11)."""

    code: str
    name: str
    type: str
    level: str = "national"
    statistics: tuple[str, ...] = ()
    focal_point: str = ""
    position: str = ""
    email: str = ""
    phone: str = ""
    deputy: str = ""


@dataclass(frozen=True)
class Risk:
    """A risk or assumption of the log (template T13)."""

    code: str
    description: str
    affected: tuple[str, ...] = ()
    likelihood: str = ""
    impact: str = ""
    mitigation: str = ""
    owner: str = ""
    status: str = ""


@dataclass(frozen=True)
class Plan:
    """A whole national action plan: the single source of truth for reporting."""

    meta: PlanMeta
    areas: tuple[Area, ...]
    goals: tuple[Goal, ...]
    objectives: tuple[Objective, ...]
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    institutions: tuple[Institution, ...]
    risks: tuple[Risk, ...] = ()
    codelists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    allocations: tuple[Allocation, ...] = ()
    official_sources: tuple[OfficialSource, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()

    @cached_property
    def _parents(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        # Built once per plan (as the indexes below): the parts are tuples of frozen records, so
        # they cannot go stale.
        return ({g.code: g.area for g in self.goals}, {o.code: o.goal for o in self.objectives},
                {a.code: a.objective for a in self.activities})

    def area_of(self, result_code: str) -> str | None:
        """Area code of a goal, objective or activity code, or None when unknown."""
        goals, objectives, activities = self._parents
        code = activities.get(result_code, result_code)
        code = objectives.get(code, code)
        return goals.get(code)

    @cached_property
    def _targets(self) -> dict[str, dict[int, Number]]:
        by_indicator: dict[str, dict[int, Number]] = {}
        for t in self.targets:
            by_indicator.setdefault(t.indicator, {})[t.year] = t.value
        return by_indicator

    @cached_property
    def _institutions(self) -> dict[str, Institution]:
        found: dict[str, Institution] = {}
        for i in self.institutions:
            found.setdefault(i.code, i)
        return found

    def targets_of(self, indicator: str) -> dict[int, Number]:
        """Yearly targets of one indicator, by year (a new dict)."""
        return dict(self._targets.get(indicator, {}))

    def institution(self, code: str) -> Institution | None:
        """The institution with this code (the first, should there be two), or None."""
        return self._institutions.get(code)

    @cached_property
    def _allocations(self) -> dict[tuple[str, int], dict[str, Number]]:
        lead = {a.code: a.lead for a in self.activities}
        found: dict[tuple[str, int], dict[str, Number]] = {}
        for a in self.allocations:
            if a.amount is None:
                continue
            shares = found.setdefault((a.activity, a.year), {})
            who = a.institution or lead.get(a.activity, "")
            shares[who] = shares.get(who, 0) + a.amount
        return found

    def allocations_of(self, activity: str, year: int) -> dict[str, Number]:
        """The activity's allocations for the year, by institution (the lead's under its own
        code); empty when the plan allocates nothing to it that year."""
        return dict(self._allocations.get((activity, year), {}))


PARTS: dict[str, type] = {
    "areas": Area,
    "goals": Goal,
    "objectives": Objective,
    "activities": Activity,
    "indicators": Indicator,
    "targets": Target,
    "institutions": Institution,
    "risks": Risk,
    "allocations": Allocation,
    "official_sources": OfficialSource,
    "recommendations": Recommendation,
}
"""The list-valued parts of a plan and the record type of each."""


def field_names(record_type: type) -> list[str]:
    """Names of the fields of a model record type, in declaration order."""
    return [f.name for f in fields(record_type)]


__all__ = [
    "Activity", "Allocation", "Area", "CONTINUOUS", "DEFAULT_AREAS", "Goal", "Indicator",
    "Institution", "Number", "OfficialSource", "PARTS", "Plan", "PlanMeta", "Recommendation", "Risk",
    "Target",
    "field_names", "replace",
]
