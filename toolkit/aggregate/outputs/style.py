"""What every rendering of the report shares: one fixed colour per activity status and per
indicator rating (green completed or on track, amber delayed, red not implemented or off
track, grey not started or no data), and the page setup of every printed sheet."""

from __future__ import annotations

GREEN, LIGHT_GREEN, AMBER, ORANGE, RED = "#2E7D32", "#8BC34A", "#FFC000", "#ED7D31", "#C00000"
GREY, LIGHT_GREY, BLUE, DARK_GREY = "#A6A6A6", "#D9D9D9", "#5B9BD5", "#595959"

STATUS_COLOURS = {
    "Not started": GREY,
    "Ongoing - on track": LIGHT_GREEN,
    "Ongoing - delayed": AMBER,
    "Completed": GREEN,
    "Partially completed": ORANGE,
    "Not implemented": RED,
    "Continuous": BLUE,
    "Cancelled / superseded": DARK_GREY,
    "No data": LIGHT_GREY,
}
"""Each status code's colour, in every chart and table of the report."""

RATING_COLOURS = {"green": GREEN, "amber": AMBER, "red": RED, "grey": LIGHT_GREY,
                  "not rated": BLUE}
"""Each rating code's colour."""

RATING_FILLS = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE", "grey": "#EDEDED",
                "not rated": "#DDEBF7"}
"""The light fill of a table cell that shows a rating, readable under black text."""

BUDGET_COLOURS = ("#4472C4", "#ED7D31")
"""Planned, spent."""

HEADING_FILL = "#DDEBF7"

A4 = 9
"""XlsxWriter's paper code for A4."""


def print_setup(ws, words, identity: dict[str, str], heading_rows: int | None = None,
                one_page: bool = False) -> None:
    """Landscape A4, fitted to the page width (and height, for a dashboard), narrow margins,
    headings repeated on every page, and a footer naming the plan, the period and the page.

    Args:
        ws: An XlsxWriter worksheet.
        words: The report's words (for "page x of y" in the plan's language).
        identity: The report's identity (plan and period).
        heading_rows: The 0-based row of the headings to repeat, if any.
        one_page: Fit the whole sheet on one page (a dashboard with charts).
    """
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=0.55, bottom=0.6)
    ws.fit_to_pages(1, 1 if one_page else 0)
    if one_page:
        ws.center_horizontally()
    if heading_rows is not None:
        ws.repeat_rows(heading_rows)
    ws.set_footer(footer(words, identity))


def footer(words, identity: dict[str, str]) -> str:
    """The printed footer: plan on the left, period in the centre, page x of y on the right."""
    def escape(text: str) -> str:
        return text.replace("&", "&&")

    # Excel: a font size code (&8) runs into digits that follow it, so none is used.
    return (f"&L{escape(identity['footer_left'])}&C{escape(identity['footer_centre'])}"
            f"&R{escape(words('page')).replace('{page}', '&P').replace('{pages}', '&N')}")
