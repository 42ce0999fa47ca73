"""The sheets of ``report.xlsx`` after the Overview: progress by area, goal and objective, the
detail tables (Excel tables with filters, headings in words, codes in their own columns), the
budget, statistics and findings. Each sheet prints on landscape pages as wide as the paper,
its headings repeated on every page."""

from __future__ import annotations

import datetime as dt

from xlsxwriter.utility import xl_col_to_name

from toolkit.aggregate.outputs.style import print_setup
from toolkit.findings import sheet_ref
from toolkit.xlsx.rows import fitted_height

TABLE_STYLE = "Table Style Light 9"


def write_cell(ws, row: int, col: int, value, fmt=None) -> None:
    """One value as its own type; text always as text, so it can never become a formula."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_string(row, col, "yes" if value else "no", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def heights(table) -> list[float | None]:
    """The height of each row of a table that fits its wrapped columns (None: one line)."""
    long = [(i, c.width) for i, c in enumerate(table.columns) if c.kind == "long" and not c.hidden]
    out = []
    for row in table.rows:
        cells = [(row[i], width) for i, width in long if isinstance(row[i], str)
                 and (len(row[i]) > width * 0.9 or "\n" in row[i])]
        out.append(fitted_height(cells) if cells else None)
    return out


class SheetWriter:
    """The sheets after the Overview (mixed into :class:`report.ReportWriter`)."""

    def ref(self, sheet_key: str):
        """``column key -> absolute range of its data`` on one of the detail sheets."""
        sheet, table = self.ranges[sheet_key]["table"]

        def rng(key: str) -> str:
            letter = xl_col_to_name(table.index(key))
            return f"{sheet_ref(sheet)}!${letter}$2:${letter}${max(len(table.rows), 1) + 1}"

        return rng

    def table_sheet(self, ws, table, key: str) -> None:
        """A detail table: headings in words, one row per record, as an Excel table."""
        for i, column in enumerate(table.columns):
            ws.set_column(i, i, column.width, self.f[column.kind]
                          if column.kind in self.f else None, {"hidden": column.hidden})
        ws.write_records([c.label for c in table.columns], table.rows, self.f["head"],
                         self.f["date"], heights(table),
                         fitted_height([(c.label, c.width) for c in table.columns], bold=True))
        last = max(len(table.rows), 1)
        ws.add_table(0, 0, last, len(table.columns) - 1, {
            "columns": [{"header": c.label} for c in table.columns], "style": TABLE_STYLE,
            "name": f"T_{key}"})
        ws.freeze_panes(1, 0)
        self.ranges[key] = {"table": (ws.name, table)}
        print_setup(ws, self.words, self.model.identity, heading_rows=0)

    def indicators(self, ws) -> None:
        self.table_sheet(ws, self.model.indicators, "indicators")
        rating = self.model.indicators.index("rating")
        for code, label in self.model.ratings:
            from toolkit.aggregate.outputs.style import RATING_FILLS

            ws.conditional_format(1, rating, max(len(self.model.indicators.rows), 1), rating, {
                "type": "cell", "criteria": "==", "value": f'"{label}"',
                "format": self.wb.add_format({"bg_color": RATING_FILLS[code]})})

    def activities(self, ws) -> None:
        self.table_sheet(ws, self.model.activities, "activities")

    def submissions(self, ws) -> None:
        self.table_sheet(ws, self.model.submissions, "submissions")

    def followup(self, ws) -> None:
        self.table_sheet(ws, self.model.followup, "followup")

    def decisions(self, ws) -> None:
        self.table_sheet(ws, self.model.decisions, "decisions")

    def findings(self, ws) -> None:
        self.table_sheet(ws, self.model.findings, "findings")

    def narrative(self, ws) -> None:
        from toolkit.aggregate.consolidate.report_parts import Column, Table

        w = self.words
        rows = [(name, heading, text) for _key, heading, quotes in self.model.narratives
                for name, text in quotes]
        table = Table("narrative", w("sheet.narrative"), (
            Column("institution", w("column.institution"), "text", 30),
            Column("question", w("column.question"), "text", 24),
            Column("answer", w("column.answer"), "long", 90)), rows)
        self.table_sheet(ws, table, "narrative")

    # -- progress ---------------------------------------------------------------------------
    def progress(self, ws) -> None:
        """Activities by status per area (the chart's data), then per area, goal and objective;
        indicators by rating per area. Counts are formulas over the detail sheets."""
        m, w = self.model, self.words
        ws.write_string(0, 0, w("progress_title"), self.f["title"])
        ws.write_string(1, 0, w("progress_note"), self.f["subtitle"])
        areas = [r for r in m.progress.rows if r[0] == w("level_name.area")]
        status_cols = [c.key for c in m.progress.columns if c.key.startswith("status:")]
        row = self._count_block(ws, 3, w("progress_areas"), m.progress.columns[1:],
                                [r[1:] for r in areas], "status_by_area", "area", status_cols)
        row = self._count_block(ws, row + 2, w("progress_tree"), m.progress.columns,
                                m.progress.rows, "progress_tree", None, status_cols)
        rating_cols = [c.key for c in m.ratings_by_area.columns if c.key.startswith("rating:")]
        self._count_block(ws, row + 2, w("progress_ratings"), m.ratings_by_area.columns,
                          m.ratings_by_area.rows, "rating_by_area", "area", rating_cols)
        widths = [max(c.width for c in m.progress.columns[:3])] + [10] * 12
        ws.set_column(0, 0, 12)
        ws.set_column(1, 1, 12)
        ws.set_column(2, 2, 44)
        ws.set_column(3, len(widths) + 2, 11)
        print_setup(ws, self.words, m.identity)

    def _count_block(self, ws, top: int, title: str, columns, rows, key: str, level,
                     counted: list[str]) -> int:
        """A titled table of counts with a total column; returns its last row."""
        ws.write_string(top, 0, title, self.f["group"])
        offset = 3 - len([c for c in columns if not c.key.startswith(("status:", "rating:",
                                                                      "total"))])
        first_col = max(0, offset)
        heading = top + 1
        for j, c in enumerate(columns):
            ws.write_string(heading, first_col + j, c.label, self.f["head"])
        ws.set_row(heading, fitted_height([(c.label, 11) for c in columns], minimum=30,
                                          bold=True))
        for n, values in enumerate(rows):
            r = heading + 1 + n
            ws.set_row(r, fitted_height([(v, 44) for c, v in zip(columns, values)
                                         if c.kind == "long"]))
            for j, (c, value) in enumerate(zip(columns, values)):
                col = first_col + j
                if c.key in counted:
                    ws.write_formula(r, col, self._count_formula(c.key, values, columns, r,
                                                                 first_col, level),
                                     self.f["count"], value)
                elif c.key == "total":
                    ws.write_formula(r, col, f"=SUM({xl_col_to_name(col - len(counted))}{r + 1}"
                                             f":{xl_col_to_name(col - 1)}{r + 1})",
                                     self.f["count"], value)
                else:
                    write_cell(ws, r, col, value, self.f["long"] if c.kind == "long" else None)
        last = heading + max(len(rows), 1)
        name_col = next(first_col + j for j, c in enumerate(columns) if c.key == "title")
        values = [first_col + j for j, c in enumerate(columns) if c.key in counted]
        self.ranges[key] = {"chart": (ws.name, heading + 1, last, name_col, values)}
        return last

    def _count_formula(self, key: str, values, columns, r: int, first_col: int, level) -> str:
        w = self.words
        code_col = first_col + next(j for j, c in enumerate(columns) if c.key == "code")
        code = f"${xl_col_to_name(code_col)}{r + 1}"
        kind, _, value = key.partition(":")
        if kind == "rating":
            ind = self.ref("indicators")
            label = self.model.rating_label(value)
            return f'=COUNTIFS({ind("area")},{code},{ind("rating")},"{label}")'
        act = self.ref("activities")
        levels = {w("level_name.area"): "area", w("level_name.goal"): "goal",
                  w("level_name.objective"): "objective"}
        column = level or levels[values[0]]
        lead = f'{act("role")},"{w.label("report.role.lead")}"'
        if value == "No data":
            return (f'=SUMPRODUCT(({act(column)}={code})*({act("role")}='
                    f'"{w.label("report.role.lead")}")*(LEN({act("status")})=0))')
        return f'=COUNTIFS({act(column)},{code},{lead},{act("status")},"{w.status(value)}")'
