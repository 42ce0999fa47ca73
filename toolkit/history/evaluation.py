"""The evaluation of the plan (templates T8 and T9): the evaluation matrix, one row per question
of the criteria of DOMAIN.md §2.8 (OECD-DAC, with coordination and ownership and a human rights
and gender lens), filled with the plan's objectives, indicators, sources and institutions and
with the data the history store holds; and the facts the terms of reference state.

Texts come from the label catalogue of the language (``evaluation.*``) through ``words``; the
figures from the plan and the recorded periods. Pure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from toolkit.history.figures import budget_to_date, rates, reporting, to_date
from toolkit.history.series import History

CRITERIA = ("relevance", "coherence", "effectiveness", "efficiency", "impact",
            "sustainability", "coordination", "human_rights")
"""The criteria of DOMAIN.md §2.8, in the order the matrix and the terms of reference give
them."""
QUESTIONS = {"relevance": 2, "coherence": 2, "effectiveness": 1, "efficiency": 2, "impact": 2,
             "sustainability": 2, "coordination": 3, "human_rights": 2}
"""How many general questions each criterion has in the catalogue (``q1``, ``q2``...)."""
TYPES = ("mid-term", "final")


@dataclass(frozen=True)
class MatrixRow:
    """One evaluation question (T9)."""

    criterion: str
    question: str
    sub: str
    judgement: str
    sources: str
    available: str
    methods: str
    stakeholders: str
    limitations: str


class Facts:
    """What the plan and the store say, once, for every row that cites it."""

    def __init__(self, history: History):
        self.history, self.plan = history, history.plan
        self.periods = history.codes
        self.progress = {p.indicator.code: p for p in to_date(history)} if self.periods else {}
        self.reporting = reporting(history)

    def name(self, code: str) -> str:
        """An institution's name, or its code when the register lacks it."""
        found = self.plan.institution(code)
        return found.name if found else code

    def indicators_of(self, objective: str) -> list:
        plan = self.plan
        results = {objective} | {a.code for a in plan.activities if a.objective == objective}
        return [i for i in plan.indicators if i.linked_result in results]

    def recorded(self, indicators) -> tuple[int, Counter]:
        """How many of the indicators have a value recorded, and their ratings to date."""
        got = [self.progress[i.code] for i in indicators if i.code in self.progress
               and self.progress[i.code].combined.reported]
        return len(got), Counter(p.rating for p in got)

    def timeliness(self) -> tuple[float | None, float | None]:
        """Reporting and on-time rates over every institution and period recorded."""
        states = {f"{inst}:{period}": state for inst, by in self.reporting.items()
                  for period, state in by.items()}
        return rates(states)


def _join(items, limit: int = 12) -> str:
    items = [str(i) for i in items if i]
    return "; ".join(items[:limit]) + (" …" if len(items) > limit else "")


def general_rows(words, facts: Facts, criterion: str) -> list[MatrixRow]:
    """The criterion's general questions, with the sources the plan and store give."""
    common = {k: words(f"{criterion}.{k}") for k in ("sub", "judgement", "sources", "methods",
                                                       "stakeholders", "limitations")}
    available = _available(words, facts, criterion)
    return [MatrixRow(words(f"criterion.{criterion}"), words(f"{criterion}.q{n}"),
                      common["sub"], common["judgement"], common["sources"], available,
                      common["methods"], common["stakeholders"], common["limitations"])
            for n in range(1, QUESTIONS[criterion] + 1)]


def _available(words, facts: Facts, criterion: str) -> str:
    plan = facts.plan
    periods = len(facts.periods)
    if not periods:
        return words("nothing_recorded")
    if criterion == "relevance":
        return words("available.recommendations", count=len(plan.recommendations),
                     sources=_join(sorted({r.source for r in plan.recommendations})) or "–",
                     versions=_join(facts.history.versions) or plan.meta.version)
    if criterion in ("efficiency", "sustainability"):
        planned = sum(r[1] for r in budget_to_date(facts.history))
        spent = sum(r[3] for r in budget_to_date(facts.history))
        return words("available.budget", spent=round(spent), planned=round(planned),
                     currency=plan.meta.currency, periods=periods)
    if criterion == "coordination":
        received, on_time = facts.timeliness()
        return words("available.reporting", periods=periods,
                     received=words.percent(received), on_time=words.percent(on_time),
                     ngos=sum(1 for i in plan.institutions if i.type == "ngo"))
    if criterion == "impact":
        tables = sorted({r["table"] for p in facts.history.periods for r in p.statistics})
        return words("available.statistics", tables=_join(tables) or "–", periods=periods)
    return words("available.periods", periods=_join(facts.periods))


def objective_rows(words, facts: Facts) -> list[MatrixRow]:
    """Effectiveness: one question per specific objective, judged by its indicators."""
    rows = []
    for obj in facts.plan.objectives:
        indicators = facts.indicators_of(obj.code)
        count, ratings = facts.recorded(indicators)
        missing = [i.code for i in indicators if i.code not in facts.progress
                   or not facts.progress[i.code].combined.reported]
        rows.append(MatrixRow(
            words("criterion.effectiveness"),
            words("effectiveness.objective", code=obj.code, title=obj.title),
            words("effectiveness.sub"),
            _join((words("indicator", code=i.code, name=i.name,
                         baseline=_number(i.baseline_value), target=_number(i.target_final))
                   for i in indicators), 30) or words("no_indicator"),
            _join(sorted({f"{i.data_source} ({i.provider})" if i.data_source else i.provider
                          for i in indicators})) or "–",
            words("available.indicators", recorded=count, indicators=len(indicators),
                  periods=len(facts.periods), green=ratings.get("green", 0),
                  amber=ratings.get("amber", 0), red=ratings.get("red", 0))
            if facts.periods else words("nothing_recorded"),
            words("effectiveness.methods"),
            _join(sorted({facts.name(a.lead) for a in facts.plan.activities
                          if a.objective == obj.code})),
            words("limitations.no_values", codes=_join(missing)) if missing else ""))
    return rows


def _number(value) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def matrix(words, history: History) -> list[MatrixRow]:
    """Every row of the evaluation matrix, criterion by criterion."""
    facts = Facts(history)
    out = []
    for criterion in CRITERIA:
        out += general_rows(words, facts, criterion)
        if criterion == "effectiveness":
            out += objective_rows(words, facts)
    return out
