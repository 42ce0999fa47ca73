"""Checks of the parts of a plan that the report's figures rest on: the yearly budget
allocations, the official sources of the statistics and the targets of yes/no indicators
(docs/indicators.md §3, §6 and §7). Called by :func:`toolkit.plan.check.check_plan`.
"""

from __future__ import annotations

from toolkit.declarations.plan import plan_layout
from toolkit.findings import finding, quote
from toolkit.language import phrase
from toolkit.plan.layout import FIRST_DATA_ROW
from toolkit.plan.model import Plan


def statistics_tables(plan: Plan) -> dict[str, tuple[str, tuple[str, ...], bool]]:
    """Declared statistics table -> (holder group, row codes, whether it has totals)."""
    from toolkit.declarations.reporting import declarations
    from toolkit.reporting.statistics_sheet import axis_codes

    decl = declarations()
    return {t["table"]: (t["holder"], axis_codes(plan, decl, t["rows"]),
                         bool(t["row_totals"] or t["column_totals"]))
            for t in decl["statistics"]}


def holders(plan: Plan, group: str) -> list[str]:
    """Codes of the institutions holding a statistics group (V, A, J or P), in plan order."""
    return [i.code for i in plan.institutions if group in i.statistics]


class FigureChecks:
    """The checks, adding to a :class:`toolkit.plan.check._Checker`'s findings."""

    def __init__(self, checker) -> None:
        self.c = checker
        self.plan: Plan = checker.plan

    def run(self) -> None:
        self.yes_no_targets()
        self.allocations()
        self.official_sources()

    def invalid(self, *key) -> bool:
        return self.c.sources.is_invalid(*key)

    # -- targets of yes/no indicators ----------------------------------------------------
    def yes_no_targets(self) -> None:
        yes_no = {i.code for i in self.plan.indicators if i.unit == "yes-no"}
        for n, ind in enumerate(self.plan.indicators):
            if ind.code not in yes_no:
                continue
            for name in ("target_midterm", "target_final"):
                value = getattr(ind, name)
                if value not in (None, 0, 1) and not self.invalid("indicators", n, name):
                    self.c.add("PLAN_040", ("indicators", n, name), value=quote(value),
                               indicator=ind.code)
        for n, target in enumerate(self.plan.targets):
            if target.indicator in yes_no and target.value not in (None, 0, 1) \
                    and not self.invalid("targets", n, "value"):
                self.c.add("PLAN_040", ("targets", n, "value"), value=quote(target.value),
                           indicator=target.indicator)

    # -- yearly allocations --------------------------------------------------------------
    def allocations(self) -> None:
        activities = {a.code: a for a in self.plan.activities}
        meta = self.plan.meta
        years = meta.years if meta.start and meta.end and meta.start <= meta.end else None
        first: dict[tuple, int] = {}
        totals: dict[str, float] = {}
        for n, alloc in enumerate(self.plan.allocations):
            act = activities.get(alloc.activity)
            if years and isinstance(alloc.year, int) and alloc.year not in years \
                    and not self.invalid("allocations", n, "year"):
                self.c.add("PLAN_037", ("allocations", n, "year"), value=alloc.year,
                           first=years[0], last=years[-1])
            if act is None:
                continue  # an unknown activity is PLAN_006
            if alloc.institution and alloc.institution != act.lead and \
                    alloc.institution not in act.partners and \
                    alloc.institution in self.c.codes["institutions"]:
                self.c.add("PLAN_038", ("allocations", n, "institution"),
                           value=quote(alloc.institution), activity=act.code)
            ident = (alloc.activity, alloc.year, alloc.institution or act.lead)
            if ident in first:
                cell = self.c.sources.locate("allocations", first[ident], "year")[1]
                self.c.add("PLAN_039", ("allocations", n, "year"), activity=act.code,
                           year=alloc.year, who=ident[2], first=cell)
            first.setdefault(ident, n)
            if isinstance(alloc.amount, (int, float)):
                totals[act.code] = totals.get(act.code, 0) + alloc.amount
        for n, act in enumerate(self.plan.activities):
            total = totals.get(act.code)
            if total is not None and isinstance(act.cost, (int, float)) and act.cost >= 0 and \
                    total > act.cost + 0.005:
                self.c.add("PLAN_041", ("activities", n, "cost"), activity=act.code,
                           total=f"{total:,.2f}", cost=f"{act.cost:,.2f}")

    # -- official sources of the statistics ----------------------------------------------
    def official_sources(self) -> None:
        tables = statistics_tables(self.plan)
        covered: dict[tuple[str, str], tuple[str, int]] = {}
        for n, src in enumerate(self.plan.official_sources):
            if src.table not in tables:
                continue  # not in the statistics_table list: PLAN_011
            group, rows, totals = tables[src.table]
            key = ("official_sources", n)
            chosen = src.rows
            if totals and src.rows:
                self.c.add("PLAN_034", (*key, "rows"), table=src.table)
                chosen = ()  # taken as the source of the whole table, as the hint says
            unknown = [r for r in chosen if r not in rows]
            for row in unknown:
                self.c.add("PLAN_033", (*key, "rows"), value=quote(row), table=src.table,
                           rows=", ".join(rows))
            held = holders(self.plan, group)
            inst = self.plan.institution(src.institution)
            if inst is not None and src.institution not in held:
                self.c.add("PLAN_032", (*key, "institution"), value=quote(src.institution),
                           table=src.table, group=group,
                           holders=", ".join(held) or phrase("value.none"))
            for row in (chosen or rows):
                if row in unknown:
                    continue
                other = covered.get((src.table, row))
                if other is not None and other[0] != src.institution:
                    cell = self.c.sources.locate("official_sources", other[1], "institution")[1]
                    self.c.add("PLAN_035", (*key, "institution"), table=src.table, row=row,
                               other=other[0], first=cell)
                    break
                covered.setdefault((src.table, row), (src.institution, n))
        self.without_source(tables, covered)

    def without_source(self, tables, covered) -> None:
        """PLAN_036 for each table held by several institutions with rows that no official
        source covers."""
        decl = plan_layout().sheet("official_sources")
        sheet, cell = decl.name, f"A{FIRST_DATA_ROW + len(self.plan.official_sources)}"
        if self.c.sources.locate("meta", 0, "code")[0] == "":
            sheet, cell = "", "official_sources"  # a plan read from JSON
        for table, (group, rows, _totals) in tables.items():
            held = holders(self.plan, group)
            open_rows = [r for r in rows if (table, r) not in covered]
            if len(held) < 2 or not open_rows:
                continue
            self.c.found.append(finding("PLAN_036", self.c.sources.file, sheet, cell,
                                        table=table, count=len(held), holders=", ".join(held),
                                        rows=", ".join(open_rows)))
