"""The sheets of ``report.xlsx`` made of titled blocks: the budget (by area, institution and
funding source) and the statistics, restricted and for publication."""

from __future__ import annotations

from toolkit.aggregate.outputs.style import print_setup
from toolkit.findings import sheet_ref
from toolkit.xlsx.rows import fitted_height


class BlockWriter:
    """The budget and statistics sheets (mixed into :class:`report.ReportWriter`)."""

    def budget(self, ws) -> None:
        """The estimated cost (for reference), the year's allocations and the spending of the
        year to date, and execution against the allocations (docs/indicators.md §7)."""
        m, w = self.model, self.words
        year = m.identity["period"][:4]
        ws.write_string(0, 0, w("budget_title", period=m.identity["period"], year=year,
                                currency=m.identity["currency"]), self.f["title"])
        ws.write_string(1, 0, w("budget_note", year=year), self.f["subtitle"])
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 48)
        ws.set_column(2, 5, 15)
        act = self.ref("activities")
        lead = f'{act("role")},"{w.label("report.role.lead")}"'
        row = 3
        for key in ("area", "institution", "funding_source"):
            ws.write_string(row, 0, w(f"budget_by.{key}"), self.f["group"])
            heads = [w("column.code"), w(f"column.{key}"), w("column.planned"),
                     w("column.allocated"), w("column.spent_to_date"),
                     w("column.execution_to_date")]
            ws.write_row(row + 1, 0, heads, self.f["head"])
            first = row + 2
            for n, line in enumerate(m.budget[key]):
                r = first + n
                ws.write_string(r, 0, line.code)
                ws.write_string(r, 1, line.label, self.f["long"])
                ws.set_row(r, fitted_height([(line.label, 48)]))
                # A blank key (no funding source) needs a criterion that matches blank cells:
                # an empty criteria cell matches none.
                match = f"$A{r + 1}" if line.code else '""'
                ws.write_formula(r, 2, f"=SUMIFS({act('budget')},{act(key)},{match},{lead})",
                                 self.f["amount"], line.planned)
                ws.write_formula(r, 3, f"=SUMIFS({act('allocation')},{act(key)},{match})",
                                 self.f["amount"], line.allocated or 0)
                spent_key = "spent_under" if key == "funding_source" else key
                ws.write_formula(r, 4, f"=SUMIFS({act('spent')},{act(spent_key)},{match})",
                                 self.f["amount"], line.spent)
                ws.write_formula(r, 5, f'=IF(D{r + 1}=0,"{line.basis}",E{r + 1}/D{r + 1})',
                                 self.f["share"],
                                 line.basis if line.execution is None else line.execution)
            last = first + max(len(m.budget[key]), 1) - 1
            self.ranges[f"budget_{key}"] = {"chart": (ws.name, first, last, 1, [3, 4]),
                                            "rows": (first, last)}
            row = last + 3
        print_setup(ws, w, m.identity)

    def budget_total(self, column: str) -> str:
        """The sum of the estimated cost, the allocations or the spending over the areas."""
        sheet = self.words("sheet.budget")
        if "budget_area" not in self.ranges:
            return ""
        first, last = self.ranges["budget_area"]["rows"]
        letter = {"planned": "C", "allocated": "D", "spent": "E"}[column]
        return f"=SUM({sheet_ref(sheet)}!{letter}{first + 1}:{letter}{last + 1})"

    def statistics_restricted(self, ws) -> None:
        self._statistics(ws, public=False)

    def statistics_public(self, ws) -> None:
        self._statistics(ws, public=True)

    def _statistics(self, ws, public: bool) -> None:
        """The T6 tables, exact (restricted) or as they may be published, each under its
        title; counts and flags aligned alike on the right."""
        m, w = self.model, self.words
        ws.set_column(0, 0, 42, self.f["long"])
        ws.set_column(1, 14, 12)
        note = m.sentences["public_note"] if public else w("statistics.restricted_note")
        ws.write_string(0, 0, w("sheet.statistics_public" if public else
                                "sheet.statistics_restricted"), self.f["title"])
        ws.merge_range(1, 0, 1, 8, note, self.f["long"])
        ws.set_row(1, fitted_height([(note, 42 + 8 * 12)]))
        row = 3
        if not m.statistics:
            ws.write_string(row, 0, m.sentences["no_statistics"])
        for table in m.statistics:
            ws.write_string(row, 0, table.title, self.f["group"])
            grid = table.public if public else table.restricted
            for r, values in enumerate(grid):
                for c, value in enumerate(values):
                    fmt = self.f["head"] if r == 0 else (
                        self.f["right_count"] if c else self.f["long"])
                    if r == 0 and c:
                        fmt = self.f["head_right"]
                    if value is None or value == "":
                        ws.write_blank(row + 1 + r, c, None, fmt)
                    elif isinstance(value, (int, float)):
                        ws.write_number(row + 1 + r, c, value, fmt)
                    else:
                        ws.write_string(row + 1 + r, c, str(value), fmt)
            ws.set_row(row + 1, fitted_height([(v, 12) for v in grid[0][1:]], minimum=30,
                                              bold=True))
            if table.note:  # under the table, after a blank line
                row += 2
                ws.merge_range(row + len(grid), 0, row + len(grid), 8, table.note,
                               self.f["long"])
                ws.set_row(row + len(grid), fitted_height([(table.note, 42 + 8 * 12)]))
            row += len(grid) + 2
        print_setup(ws, w, m.identity)

