"""The trends part of the T5 document (mixed into the document writers): each indicator's
series against its targets as figures, progress to date against the mid-term and final
targets, reporting and on-time rates per institution over the periods, and budget execution to
date, as tables. The writer gives ``trends`` (``report_trends.Trends``), ``w`` (the words),
``heading``, ``para``, ``table``, ``figure`` and ``number``."""

from __future__ import annotations

from toolkit.aggregate.outputs.style import BUDGET_COLOURS, RATING_FILLS


class DocxTrends:
    """Writes the trends, when there are any."""

    def trends(self) -> None:
        from toolkit.aggregate.outputs.trend_charts import series_figures

        t, w = self.trends_model, self.w
        if t is None:
            return
        self.heading(w("trends.heading"), 1)
        self.para(t.text["lead"])
        self.heading(w("trends.charts_title"), 2)
        for title, png in series_figures(t, w):
            self.figure(title, png)
        self.trend_progress()
        self.trend_reporting()
        self.trend_budget()

    def cells(self, table, keys) -> list[list[str]]:
        """The rows of a table's columns, as the document writes numbers and shares."""
        index = [table.index(k) for k in keys]
        kinds = [table.columns[i].kind for i in index]
        return [[self.number(row[i], kind) if isinstance(row[i], (int, float))
                 else (row[i] or "") for i, kind in zip(index, kinds)] for row in table.rows]

    def trend_progress(self) -> None:
        t, w = self.trends_model, self.w
        table = t.progress
        self.heading(table.title, 2)
        self.para(w("trends.progress_note"))
        keys = ("indicator", "name", "value", "reported", "midterm", "to_midterm", "final",
                "to_final", "rating")
        labels = dict((label, code) for code, label in self.trend_ratings)
        rating = table.index("rating")
        fills = {(i, len(keys) - 1): RATING_FILLS[labels[row[rating]]]
                 for i, row in enumerate(table.rows) if row[rating] in labels}
        self.table([table.columns[table.index(k)].label for k in keys],
                   self.cells(table, keys), [2.0, 3.0, 1.2, 1.4, 1.4, 1.6, 1.2, 1.6, 1.8],
                   right={2, 4, 5, 6, 7}, fills=fills, size=16)

    def trend_reporting(self) -> None:
        t = self.trends_model
        table = t.reporting
        self.heading(table.title, 2)
        periods = [c.key for c in table.columns if c.key.startswith("period:")]
        keys = ("name", *periods, "reporting_rate", "on_time_rate")
        rows = self.cells(table, keys)
        for row in t.overall.rows:
            rows.append([row[0], *(self.number(v, "share") for v in row[2:]), "", ""])
        width = len(periods) + 2
        self.table([table.columns[table.index(k)].label for k in keys], rows,
                   [4.5] + [1.4] * width, right=set(range(1, width + 1)), size=16)

    def trend_budget(self) -> None:
        from toolkit.aggregate.outputs.charts import grouped_bars

        t, w = self.trends_model, self.w
        self.heading(t.text["budget_title"], 2)
        for key in ("area", "funding_source"):
            table = t.budget[key]
            keys = [c.key for c in table.columns if c.key != "code"]
            self.para(table.title, "Caption", keep=True)
            self.table([table.columns[table.index(k)].label for k in keys],
                       self.cells(table, keys), [4.5] + [1.6] * (len(keys) - 1),
                       right=set(range(1, len(keys))), size=16)
        area = t.budget["area"]
        if area.rows:
            money = [(w("column.planned"), BUDGET_COLOURS[0], area.column("planned")),
                     (w("trends.column.spent_to_date"), BUDGET_COLOURS[1],
                      area.column("spent"))]
            self.figure(t.text["budget_chart"],
                        grouped_bars(t.text["budget_chart"], area.column("name"), money,
                                     w.number))
