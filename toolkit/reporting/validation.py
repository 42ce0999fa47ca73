"""The data validation of each input type: what a cell accepts, its prompt and its alert."""

from __future__ import annotations

import datetime as dt

from toolkit.excel import xlsx

LIST_NAMES = {"list:status": "list_status", "list:funding_source": "list_funding_source",
              "list:yes_no": "list_yes_no", "actual:yes-no": "list_yes_no"}
"""Defined names over the hidden lists sheet."""


def date_window(ctx, ftype: str) -> tuple[dt.date, dt.date]:
    """The dates a date input accepts: within the plan, or for sign-off around the period."""
    if ftype == "signdate":
        return ctx.period.start, ctx.period.end + dt.timedelta(days=366)
    return ctx.plan.meta.start, ctx.plan.meta.end


def _section(sheet) -> str:
    return {"area": "area", "indicators": "indicators", "statistics": "statistics",
            "narrative": "narrative", "signoff": "signoff"}[sheet.kind]


def _texts(ctx, sheet, field) -> tuple[str, str]:
    section = _section(sheet)
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
        return xlsx.validation_options("list", source=LIST_NAMES[ftype], error=msg, **common)
    if ftype in ("percent", "actual:percent"):
        return xlsx.validation_options("number", minimum=0, maximum=100,
                                       error=ctx.t("validation.percent"), **common)
    if ftype == "count":
        return xlsx.validation_options("number", minimum=0, integer=True,
                                       error=ctx.t("validation.count"), **common)
    if ftype in ("amount", "actual:number", "actual:rate-100k", "actual:score"):
        return xlsx.validation_options("number", minimum=0, error=ctx.t("validation.amount"),
                                       **common)
    if ftype in ("date", "signdate"):
        first, last = date_window(ctx, ftype)
        return xlsx.validation_options("date", minimum=xlsx.as_datetime(first),
                                       maximum=xlsx.as_datetime(last),
                                       error=ctx.t("validation.date", first=first, last=last),
                                       **common)
    limit = int(ctx.decl["workbook"]["text_limit"])
    return xlsx.validation_options("length", length=limit,
                                   error=ctx.t("validation.text", limit=limit), **common)
