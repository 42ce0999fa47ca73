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


def _panels(periods: list[str], words):
    """A figure of three rows of two panels, drawn again for each group of indicators: each
    panel a line with markers for the values and a dashed line for the targets."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    rows = PER_FIGURE // COLUMNS
    height = PANEL_INCHES * rows + 0.4
    fig = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(fig)
    x = list(range(len(periods)))
    panels = []
    for ax in fig.subplots(rows, COLUMNS).flat:
        actual = ax.plot(x, [0.0] * len(x), color=ACTUAL, marker="o", markersize=3.5,
                         linewidth=1.5)[0]
        target = ax.plot(x, [0.0] * len(x), color=TARGET, linestyle="--", linewidth=1.2)[0]
        ax.set_xticks(x, periods)
        ax.set_xlim(-0.3, max(len(x) - 0.7, 0.3))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(
            lambda v, _pos: words.number(v, 0 if float(v).is_integer() else 1))
        ax.tick_params(labelsize=6)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", linewidth=0.4, alpha=0.6)
        panels.append((ax, actual, target))
    fig.legend([panels[0][1], panels[0][2]],
               [words("trends.line.actual"), words("trends.line.target")], fontsize=7,
               ncol=2, loc="lower center", frameon=False)
    fig.subplots_adjust(left=0.08, right=0.98, top=1 - 0.35 / height, bottom=0.65 / height,
                        hspace=0.75, wspace=0.22)
    return fig, panels


def _show(panel, title: str, actual: list, target: list) -> None:
    """One indicator in a panel; a gap where a period has no value."""
    ax, line, dashed = panel
    nan = float("nan")
    line.set_ydata([nan if v is None else v for v in actual])
    dashed.set_ydata([nan if v is None else v for v in target])
    ax.set_title("\n".join(textwrap.wrap(title, 48)[:2]), fontsize=7, loc="left")
    ax.relim()
    ax.autoscale_view(scalex=False)
    ax.set_visible(True)


def series_figures(trends, words) -> list[tuple[str, bytes]]:
    """(title, PNG) of each figure of six indicators' series against their targets."""
    out = []
    charts = trends.charts
    fig, panels = _panels(trends.periods, words) if charts else (None, [])
    for start in range(0, len(charts), PER_FIGURE):
        group = charts[start:start + PER_FIGURE]
        for panel, spec in zip(panels, group):
            _show(panel, spec.title, trends.values(spec.actual), trends.values(spec.target))
        for ax, _line, _dashed in panels[len(group):]:
            ax.set_visible(False)
        title = words("trends.figures_of", first=group[0].code, last=group[-1].code)
        out.append((title, _png(fig)))
    return out
