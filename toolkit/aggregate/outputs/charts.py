"""The report's charts as PNG images for the T5 document, drawn with matplotlib's Agg backend
(no display needed) in the same fixed colours as the workbook's charts."""

from __future__ import annotations

import io
import textwrap

from toolkit.aggregate.outputs.style import (
    BUDGET_COLOURS,
    RATING_COLOURS,
    STATUS_COLOURS,
)

DPI = 130
WIDTH_INCHES = 6.3
LEFT_INCHES = 2.3
"""Room for the category labels, wrapped at 34 letters."""


LEGEND_ROW_INCHES = 0.2


def _figure(categories: int, legend_rows: int, bar_inches: float = 0.45):
    """A figure drawn by the Agg backend (no display, no pyplot state), with room for the
    title, the bars, the axis and the legend's rows below it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    bottom = 0.55 + LEGEND_ROW_INCHES * legend_rows
    height = 0.45 + bar_inches * max(categories, 1) + bottom
    fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=LEFT_INCHES / WIDTH_INCHES, right=0.97, top=1 - 0.45 / height,
                        bottom=bottom / height)
    return fig, fig.add_subplot()


def _labels(titles: list[str]) -> list[str]:
    return ["\n".join(textwrap.wrap(t, 34)) or t for t in titles]


def _finish(fig, ax, title: str, legend_columns: int) -> bytes:
    ax.set_title(title, fontsize=10, loc="left")
    ax.invert_yaxis()
    ax.tick_params(labelsize=7.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", linewidth=0.4, alpha=0.6)
    ax.set_axisbelow(True)
    fig.legend(fontsize=7, ncol=legend_columns, loc="lower center", frameon=False,
               bbox_to_anchor=(0.5, 0.02))
    out = io.BytesIO()
    fig.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def stacked_bars(title: str, categories: list[str], series: list[tuple[str, str, list]],
                 legend_columns: int = 3) -> bytes:
    """A horizontal stacked bar per category; ``series`` is (label, colour, values)."""
    fig, ax = _figure(len(categories), -(-len(series) // legend_columns))
    left = [0.0] * len(categories)
    labels = _labels(categories)
    for label, colour, values in series:
        numbers = [v or 0 for v in values]
        ax.barh(labels, numbers, left=left, color=colour, label=label, height=0.6)
        left = [a + b for a, b in zip(left, numbers)]
    return _finish(fig, ax, title, legend_columns)


def grouped_bars(title: str, categories: list[str], series: list[tuple[str, str, list]],
                 number=lambda value: f"{value:,.0f}") -> bytes:
    """Horizontal bars side by side per category; ``series`` is (label, colour, values);
    the axis's amounts written by ``number``."""
    from matplotlib.ticker import MaxNLocator

    fig, ax = _figure(len(categories), 1, 0.6)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    labels = _labels(categories)
    positions = list(range(len(categories)))
    size = 0.8 / max(len(series), 1)
    for n, (label, colour, values) in enumerate(series):
        ax.barh([p + n * size - 0.4 + size / 2 for p in positions], [v or 0 for v in values],
                height=size, color=colour, label=label)
    ax.set_yticks(positions, labels)
    ax.xaxis.set_major_formatter(lambda value, _pos: number(value))
    return _finish(fig, ax, title, len(series))


def report_charts(model) -> list[tuple[str, bytes]]:
    """(title, PNG) of each chart of the report: activities by status and indicators by
    rating per area, and the budget by area."""
    w = model.words
    areas = [row for row in model.progress.rows if row[0] == w("level_name.area")]
    names = [row[2] for row in areas]
    status = [(label, STATUS_COLOURS[code], [row[3 + j] for row in areas])
              for j, (code, label) in enumerate(model.statuses)]
    ratings = model.ratings_by_area
    rating = [(label, RATING_COLOURS[code], ratings.column(f"rating:{code}"))
              for code, label in model.ratings]
    budget = model.budget["area"]
    money = [(w("column.allocated"), BUDGET_COLOURS[0], [b.allocated or 0 for b in budget]),
             (w("column.spent_to_date"), BUDGET_COLOURS[1], [b.spent for b in budget])]
    return [
        (w("chart.status_by_area"), stacked_bars(w("chart.status_by_area"), names, status)),
        (w("chart.rating_by_area"), stacked_bars(w("chart.rating_by_area"),
                                                 ratings.column("title"), rating)),
        (w("chart.budget_by_area", currency=model.identity["currency"]),
         grouped_bars(w("chart.budget_by_area", currency=model.identity["currency"]),
                      [b.label for b in budget], money, w.number)),
    ]
