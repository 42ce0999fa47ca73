"""The data validation of each input type: what a cell accepts, its prompt and its alert."""

from __future__ import annotations

import datetime as dt

from toolkit.declarations.reporting import LISTS
from toolkit.limits import ERROR_TEXT, PROMPT_TEXT, PROMPT_TITLE, clip

LIST_NAMES = {**{f"list:{name}": f"list_{name}" for name in LISTS},
              "actual:yes-no": "list_yes_no"}
"""Defined names over the hidden lists sheet, by input type."""


def date_window(ctx, ftype: str) -> tuple[dt.date, dt.date]:
    """The dates a date input accepts: within the plan, or for sign-off around the period."""
    if ftype == "signdate":
        return ctx.period.start, ctx.period.end + dt.timedelta(days=366)
    return ctx.plan.meta.start, ctx.plan.meta.end


def _texts(ctx, sheet, field) -> tuple[str, str]:
    section = sheet.kind
    if sheet.kind == "statistics":
        key = field.key.split(":")[1]
        if key in ("source", "definition"):
            return ctx.t(f"statistics.{key}"), ctx.t(f"statistics.{key}_note")
        kind = "amount" if field.type == "amount" else "count"
        return ctx.t(f"statistics.{kind}"), ctx.t(f"statistics.{kind}_note")
    return ctx.t(f"{section}.{field.key}"), ctx.t(f"{section}.{field.key}_note")


def input_validation(ctx, sheet, field) -> dict:
    """XlsxWriter validation options for one input field."""
    title, prompt = _texts(ctx, sheet, field)
    common = {"title": title, "prompt": prompt, "error_title": ctx.t("validation.title")}
    ftype = field.type
    if ftype in LIST_NAMES:
        msg = ctx.t("validation.actual_yes_no" if ftype == "actual:yes-no" else "validation.list")
        return validation_options("list", source=LIST_NAMES[ftype], error=msg, **common)
    if ftype in ("percent", "actual:percent"):
        return validation_options("number", minimum=0, maximum=100,
                                       error=ctx.t("validation.percent"), **common)
    if ftype == "count":
        return validation_options("number", minimum=0, integer=True,
                                       error=ctx.t("validation.count"), **common)
    if ftype in ("amount", "actual:number", "actual:rate-100k", "actual:score"):
        return validation_options("number", minimum=0, error=ctx.t("validation.amount"),
                                       **common)
    if ftype in ("date", "signdate"):
        first, last = date_window(ctx, ftype)
        return validation_options("date", minimum=as_datetime(first),
                                       maximum=as_datetime(last),
                                       error=ctx.t("validation.date", first=first, last=last),
                                       **common)
    limit = int(ctx.decl["workbook"]["text_limit"])
    return validation_options("length", length=limit,
                                   error=ctx.t("validation.text", limit=limit), **common)


def validation_options(kind: str, *, title: str, prompt: str, error: str,
                       error_title: str, source: str | None = None, minimum=None, maximum=None,
                       integer: bool = False, length: int | None = None) -> dict:
    """XlsxWriter data-validation options with the prompt shown and a stop alert.

    Args:
        kind: ``list`` (needs ``source``, a defined name), ``number``, ``date`` or ``length``.
    """
    base = {"input_title": clip(title, PROMPT_TITLE), "input_message": clip(prompt, PROMPT_TEXT),
            "error_title": clip(error_title, PROMPT_TITLE),
            "error_message": clip(error, ERROR_TEXT), "error_type": "stop",
            "show_input": True, "show_error": True, "ignore_blank": True}
    if kind == "list":
        if not source or source.startswith('"'):
            raise ValueError("lists must come from a range or defined name, never inline")
        return {**base, "validate": "list", "source": f"={source}"}
    if kind == "length":
        return {**base, "validate": "length", "criteria": "<=", "value": length}
    if kind == "date":
        return {**base, "validate": "date", "criteria": "between", "minimum": minimum,
                "maximum": maximum}
    validate = "integer" if integer else "decimal"
    if maximum is None:
        return {**base, "validate": validate, "criteria": ">=", "value": minimum}
    return {**base, "validate": validate, "criteria": "between", "minimum": minimum,
            "maximum": maximum}


def as_datetime(value):
    """XlsxWriter writes dates from datetime objects."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value
