"""Reads one input cell of a returned workbook by its declared type, trusting nothing in it.

Each reader returns the value to use (or None) and the findings about the cell. Blank stays
blank: it is never read as 0.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from toolkit.language import codelist_key, phrase
from toolkit.plan.codelists import ACTIVITY_STATUSES, DEFAULTS
from toolkit.reporting.sheets import STATUS_KEYS

_DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$|^-?\d+,\d{4,}$|^-?\d{1,3}(\.\d{3})+,\d+$")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
_SEPARATED = re.compile(r"^-?\d{1,3}([,.' \u00a0\u202f]\d{3})+([.,]\d+)?$|^-?\d+,\d{3}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_A_NUMBER = phrase("expect.number")


@dataclass(frozen=True)
class Problem:
    """A finding about one cell, before the file, sheet and cell are attached."""

    code: str
    params: dict


@dataclass(frozen=True)
class CellRules:
    """What the workbook's language and the plan say about the values a cell may hold."""

    statuses: dict[str, str]
    """Status label (either language) -> canonical status."""
    status_labels: tuple[str, ...]
    """The statuses as the workbook's drop-down shows them."""
    yes: str
    no: str
    funding_sources: tuple[str, ...]
    plan_start: dt.date
    plan_end: dt.date
    period_start: dt.date
    period_end: dt.date
    text_limit: int
    choices: dict[str, dict[str, str]] | None = None
    """Fixed lists of the follow-up sheets: label (either language) or code -> code."""
    choice_labels: dict[str, tuple[str, ...]] | None = None
    """The same lists as the workbook's drop-downs show them."""


def rules_for(plan, period, text: dict[str, str], text_limit: int) -> CellRules:
    """The cell rules of one workbook language."""
    statuses = {s: s for s in ACTIVITY_STATUSES}
    shown = tuple(text[f"report.status.{STATUS_KEYS[s]}"] for s in ACTIVITY_STATUSES)
    statuses.update(zip(shown, ACTIVITY_STATUSES))
    return CellRules(statuses, shown, text["report.yes"], text["report.no"],
                     tuple(plan.codelists.get("funding_source", ())), plan.meta.start,
                     plan.meta.end, period.start, period.end, text_limit,
                     {name: _choices(name) for name in FOLLOWUP_LISTS},
                     {name: tuple(text.get(codelist_key(name, code), code)
                                  for code in DEFAULTS[name]) for name in FOLLOWUP_LISTS})


FOLLOWUP_LISTS = ("recommendation_status", "observation")


def _choices(codelist: str) -> dict[str, str]:
    """A fixed list's codes and their labels in every language, each to its code."""
    from toolkit.declarations.labels import languages
    from toolkit.language import codelist_label

    found = {code: code for code in DEFAULTS[codelist]}
    for language in languages():
        found.update({codelist_label(language, codelist, code): code
                      for code in DEFAULTS[codelist]})
    return found


def _show(raw) -> str:
    text = str(raw)
    return f'"{text[:60]}"' if isinstance(raw, str) else text


def _number(raw) -> tuple[float | None, list[Problem]]:
    if isinstance(raw, bool):
        return None, [Problem("CELL_002", {"value": _show(raw), "expected": _A_NUMBER})]
    if isinstance(raw, (int, float)):
        return raw, []
    if isinstance(raw, (dt.date, dt.datetime)):
        return None, [Problem("CELL_002", {"value": _show(raw), "expected": _A_NUMBER})]
    text = str(raw).strip()
    if _PLAIN.match(text):
        value = float(text)
        return value, [Problem("CELL_003", {"value": _show(raw), "read": f"{value:g}"})]
    if _DECIMAL_COMMA.match(text):
        value = float(text.replace(".", "").replace(",", "."))
        return value, [Problem("CELL_003", {"value": _show(raw), "read": f"{value:g}"})]
    if _SEPARATED.match(text):
        return None, [Problem("CELL_011", {"value": _show(raw)})]
    return None, [Problem("CELL_002", {"value": _show(raw), "expected": _A_NUMBER})]


def read_number(raw, low: float | None, high: float | None, whole: bool = False):
    """A number within [low, high]; whole numbers only when asked."""
    value, problems = _number(raw)
    if value is None:
        return None, problems
    kind = "whole" if whole else "number"
    expected = (phrase(f"expect.{kind}_range", low=f"{low:g}", high=f"{high:g}")
                if high is not None else phrase(f"expect.{kind}_min", low=f"{low:g}"))
    if whole and float(value) != int(value):
        return None, problems + [Problem("CELL_005", {"value": _show(raw), "expected": expected})]
    if (low is not None and value < low) or (high is not None and value > high):
        return None, problems + [Problem("CELL_004", {"value": _show(raw), "expected": expected})]
    value = int(value) if float(value).is_integer() else value
    return value, problems


def read_date(raw, first: dt.date, last: dt.date):
    """A date within [first, last]."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date) and first <= raw <= last:
        return raw, []
    return None, [Problem("CELL_007", {"value": _show(raw), "first": first, "last": last})]


def _same_text(text: str) -> str:
    """A list value as it is compared: without surrounding spaces, with a hyphen for an en or
    em dash (AutoCorrect turns a typed hyphen into an en dash), case folded."""
    return text.strip().replace("\u2013", "-").replace("\u2014", "-").casefold()


def read_choice(raw, choices: dict[str, str], shown: tuple[str, ...] | None = None):
    """One of a list's values, matched without regard to case, surrounding spaces or the kind
    of dash, the same on both sides; ``shown`` are the values the message lists (by default
    the list's values)."""
    text = str(raw).strip()
    if text in choices:
        return choices[text], []
    folded = {_same_text(k): v for k, v in choices.items()}
    if _same_text(text) in folded:
        return folded[_same_text(text)], []
    listed = ", ".join(shown or dict.fromkeys(choices.values()))
    return None, [Problem("CELL_006", {"value": _show(raw), "expected": listed[:200]})]


def read_text(raw, limit: int):
    """Text up to ``limit`` characters (numbers and dates are taken as their text)."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if len(text) > limit:
        return None, [Problem("CELL_008", {"length": f"{len(text):,}", "limit": f"{limit:,}"})]
    return text, []


PERCENT_TYPES = ("percent", "actual:percent")
"""Whole-percent columns: 60 means 60 %."""


def shown_percent(ftype: str, raw, as_percentage: bool):
    """The number a whole-percent cell shows: a fraction in a cell formatted as a percentage
    (0.6 shown as 60 %, as "60%" typed gives) is the percentage shown."""
    if ftype in PERCENT_TYPES and as_percentage and isinstance(raw, (int, float)) and \
            not isinstance(raw, bool):
        return round(raw * 100, 10)
    return raw


def read_cell(ftype: str, raw, rules: CellRules):
    """Read a non-blank raw value by the field's type: (value or None, problems)."""
    if ftype == "list:status":
        return read_choice(raw, rules.statuses, rules.status_labels)
    if ftype == "list:funding_source":
        return read_choice(raw, {v: v for v in rules.funding_sources})
    if ftype.startswith("list:") and ftype[5:] in (rules.choices or {}):
        name = ftype[5:]
        return read_choice(raw, rules.choices[name], (rules.choice_labels or {}).get(name))
    if ftype in ("list:yes_no", "actual:yes-no"):
        value, problems = read_choice(raw, {rules.yes: "yes", rules.no: "no"},
                                      (rules.yes, rules.no))
        if ftype == "actual:yes-no" and value is not None:
            return (1 if value == "yes" else 0), problems
        return value, problems
    if ftype in PERCENT_TYPES:
        return read_number(raw, 0, 100)
    if ftype == "count":
        return read_number(raw, 0, None, whole=True)
    if ftype in ("amount", "actual:number", "actual:rate-100k", "actual:score"):
        return read_number(raw, 0, None)
    if ftype == "date":
        return read_date(raw, rules.plan_start, rules.plan_end)
    if ftype == "signdate":
        return read_date(raw, rules.period_start, rules.period_end + dt.timedelta(days=366))
    return read_text(raw, rules.text_limit)
