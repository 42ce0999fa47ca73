"""The trend charts of the T5 document as PNG images, drawn with matplotlib's Agg backend (no
display, no pyplot state) in the colours of the workbook's trend charts: each indicator's value
against its target period by period, six indicators to a figure."""

from __future__ import annotations

import io
import textwrap

from toolkit.aggregate.outputs.charts import DPI, WIDTH_INCHES

PER_FIGURE, COLUMNS = 6, 2
ACTUAL, TARGET = "#4472C4", "#ED7D31"
PANEL_INCHES = 2.0


def _png(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _panel(ax, title: str, periods: list[str], actual: list, target: list, number) -> None:
    """One indicator: its values as a line with markers, its targets dashed; a gap where a
    period has no value."""
    x = list(range(len(periods)))
    nan = float("nan")
    ax.plot(x, [nan if v is None else v for v in actual], color=ACTUAL, marker="o",
            markersize=3.5, linewidth=1.5)
    ax.plot(x, [nan if v is None else v for v in target], color=TARGET, linestyle="--",
            linewidth=1.2)
    ax.set_title("\n".join(textwrap.wrap(title, 48)[:2]), fontsize=7, loc="left")
    ax.set_xticks(x, periods)
    ax.tick_params(labelsize=6)
    ax.yaxis.set_major_formatter(lambda value, _pos: number(value))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", linewidth=0.4, alpha=0.6)
    if len(periods) == 1:
        ax.set_xlim(-0.5, 0.5)


def series_figures(trends, words) -> list[tuple[str, bytes]]:
    """(title, PNG) of each figure of six indicators' series against their targets."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    out = []
    charts = trends.charts
    for start in range(0, len(charts), PER_FIGURE):
        group = charts[start:start + PER_FIGURE]
        rows = -(-len(group) // COLUMNS)
        fig = Figure(figsize=(WIDTH_INCHES, PANEL_INCHES * rows + 0.4), dpi=DPI)
        FigureCanvasAgg(fig)
        axes = fig.subplots(rows, COLUMNS, squeeze=False)
        for n, spec in enumerate(group):
            _panel(axes[n // COLUMNS][n % COLUMNS], spec.title, trends.periods,
                   trends.values(spec.actual), trends.values(spec.target),
                   lambda v: words.number(v, 0 if float(v).is_integer() else 1))
        for n in range(len(group), rows * COLUMNS):
            axes[n // COLUMNS][n % COLUMNS].set_visible(False)
        fig.legend([Line2D([], [], color=ACTUAL, marker="o"),
                    Line2D([], [], color=TARGET, linestyle="--")],
                   [words("trends.line.actual"), words("trends.line.target")], fontsize=7,
                   ncol=2, loc="lower center", frameon=False)
        fig.tight_layout(rect=(0, 0.4 / (PANEL_INCHES * rows + 0.4), 1, 1), h_pad=1.2)
        title = words("trends.figures_of", first=group[0].code, last=group[-1].code)
        out.append((title, _png(fig)))
    return out
