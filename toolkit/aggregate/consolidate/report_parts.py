"""The pieces the report model is made of: labelled columns and tables, headline figures,
budget lines, and the words of the plan's language (labels, numbers and dates as its readers
write them). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from toolkit.language import codelist_label
from toolkit.reporting.sheets import STATUS_KEYS


@dataclass(frozen=True)
class Column:
    """One column of a table of the report: its key, heading, kind of value and width.

    Kinds: ``code``, ``text``, ``long`` (wrapped text), ``count``, ``number``, ``share`` (0-1),
    ``amount``, ``date``, ``status`` and ``rating`` (labels of the plan's language).
    """

    key: str
    label: str
    kind: str = "text"
    width: int = 12
    hidden: bool = False
    """Kept for filters and formulas, but not shown or printed."""


@dataclass
class Table:
    """A table of the report: columns and rows of values (blank is None, never 0)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple]

    def index(self, key: str) -> int:
        """The position of the column with this key."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def column(self, key: str) -> list:
        """The values of one column."""
        i = self.index(key)
        return [row[i] for row in self.rows]


@dataclass(frozen=True)
class Figure:
    """One headline figure: a stable key, its label and value, and how to show it
    (``count``, ``share``, ``amount``). A share without a denominator is an empty text."""

    key: str
    label: str
    value: object
    kind: str = "count"

    @property
    def shown_as(self) -> str:
        """The cell format a workbook writes the value in: ``share``, ``amount`` or ``count``."""
        return self.kind if self.kind in ("share", "amount") else "count"


@dataclass(frozen=True)
class BudgetLine:
    """The budget of one area, institution or funding source (docs/indicators.md §7)."""

    code: str
    label: str
    planned: float
    """The plan's estimated cost, for the whole plan: for reference."""
    allocated: float | None
    """The allocations of the period's year; None: nothing allocated."""
    spent: float
    """Spent in the year to date."""
    basis: str = ""
    """Why there is no execution rate: no allocation for the year, or no budget share."""

    @property
    def execution(self) -> float | None:
        """Spent in the year to date against the year's allocations; None without them."""
        return self.spent / self.allocated if self.allocated else None


def written_number(value, decimals: int, decimal: str, thousands: str) -> str:
    """``value`` with ``decimals`` decimals and the language's separators, halves rounded away
    from zero as Excel shows the same number in a workbook (Python's formatting rounds them to
    even)."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{rounded if rounded else abs(rounded):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


class Words:
    """The report's labels (``monitoring.*`` in the label catalogue of the plan's language),
    and numbers, shares and dates written as its readers write them."""

    def __init__(self, text: dict[str, str], language: str):
        self.text, self.language = text, language

    def __call__(self, key: str, **params) -> str:
        value = self.text[f"monitoring.{key}"]
        return value.format(**params) if params else value

    def label(self, key: str) -> str:
        """Any label of the catalogue, by its full key."""
        return self.text[key]

    def code(self, codelist: str, code: str) -> str:
        """How a codelist value is shown: its label, or the code itself without one."""
        return codelist_label(self.language, codelist, code)

    def status(self, code: str) -> str:
        """The label of an activity status code, as the agencies' drop-down shows it."""
        return self.text[f"report.status.{STATUS_KEYS[code]}"]

    def number(self, value, decimals: int = 0) -> str:
        """``1,234`` or ``1 234``: thousands and decimals as the language writes them."""
        if value is None or value == "":
            return self("blank")
        return written_number(value, decimals, self("format.decimal"), self("format.thousands"))

    def percent(self, share) -> str:
        """A share of 0-1 as a whole percentage: ``80 %``; a dash without a share."""
        if share is None or share == "":
            return self("blank")
        return self("format.percent", value=self.number(share * 100))

    def date(self, value: dt.date | None) -> str:
        """A date as YYYY-MM-DD (unambiguous in every language)."""
        return value.isoformat() if value else self("blank")
