"""Renders each kind of sheet: titles, headings, fields, conditional formats, freeze panes."""

from __future__ import annotations

from collections import defaultdict

from toolkit.reporting import formulas as F
from toolkit.reporting.cover import INFO_KEYS, INFO_ROW
from toolkit.reporting.layout import LOCKED
from toolkit.reporting.statistics_sheet import FIRST_VALUE_COL, axis
from toolkit.xlsx.rows import LINE_POINTS, fitted_height


def _title(r, ws, title: str, help_text: str, width: int = 8,
           widths: list[float] | None = None) -> None:
    """The title, and the help text merged over columns A to ``width`` (their ``widths``),
    in a row as high as the text needs."""
    ws.write_string(0, 0, title, r.fmt["title"])
    ws.merge_range(1, 0, 1, width, help_text, r.fmt["help"])
    chars = sum((widths or [14] * (width + 1))[:width + 1])
    ws.set_row(1, fitted_height([(help_text, chars)], minimum=2 * LINE_POINTS))


def fit_rows(ws, sheet, widths: dict[int, float], top: int | None = None) -> None:
    """Rows as high as the plan's text in them needs, wrapped in its column's width."""
    by_row: dict[int, list] = defaultdict(list)
    for f in sheet.fields:
        if f.kind == LOCKED and isinstance(f.value, str) and f.col in widths:
            by_row[f.row].append((f.value, widths[f.col]))
    for row, cells in by_row.items():
        height = fitted_height(cells)
        if height > LINE_POINTS + 2 and (top is None or row >= top):
            ws.set_row(row - 1, height)


def _widths(sheet) -> dict[int, float]:
    return {i: c.get("width", 14) for i, c in enumerate(sheet.extra["columns"])}


def _cond(r, ws, first: int, last: int, col: int, criteria: str, style: str) -> None:
    if last < first:
        return
    ws.conditional_format(first - 1, col, last - 1, col,
                          {"type": "formula", "criteria": criteria, "format": r.fmt[style]})


def _cols(sheet) -> dict[str, int]:
    return {c["key"]: i for i, c in enumerate(sheet.extra["columns"])}


def render_area(r, ws, sheet) -> None:
    ctx = r.ctx
    area = next(a for a in ctx.plan.areas if a.code == sheet.extra["area"])
    inst = ctx.plan.institution(ctx.assignment.institution)
    widths = _widths(sheet)
    _title(r, ws, r.t("area.title", area=area.label, institution=inst.name,
                      period=ctx.period.code), r.t("area.help"), 10, list(widths.values()))
    r.headings(ws, sheet.first_row - 1, sheet.extra["columns"], "area")
    r.fields(ws, sheet)
    fit_rows(ws, sheet, widths)
    c = _cols(sheet)
    s, p, d, pr = (F.col(c[k]) for k in ("status", "percent", "done", "problems"))
    row, first, last = sheet.first_row, sheet.first_row, sheet.last_row
    delayed = f'OR(${s}{row}={F.q(ctx.status("Ongoing - delayed"))},' \
              f'${s}{row}={F.q(ctx.status("Not implemented"))})'
    _cond(r, ws, first, last, c["status"], f"=LEN(${s}{row})=0", "missing")
    _cond(r, ws, first, last, c["done"], f'=AND(LEN(${s}{row})>0,'
          f'${s}{row}<>{F.q(ctx.status("Not started"))},LEN(${d}{row})=0)', "missing")
    _cond(r, ws, first, last, c["problems"], f"=AND({delayed},LEN(${pr}{row})=0)", "wrong")
    _cond(r, ws, first, last, c["percent"], f'=AND(${s}{row}={F.q(ctx.status("Completed"))},'
          f'LEN(${p}{row})>0,N(${p}{row})<100)', "wrong")
    ws.freeze_panes(sheet.first_row - 1, 1)


def render_indicators(r, ws, sheet) -> None:
    ctx = r.ctx
    inst = ctx.plan.institution(ctx.assignment.institution)
    widths = _widths(sheet)
    _title(r, ws, r.t("indicators.title", institution=inst.name, period=ctx.period.code),
           r.t("indicators.help"), 10, list(widths.values()))
    r.headings(ws, sheet.first_row - 1, sheet.extra["columns"], "indicators")
    r.fields(ws, sheet)
    fit_rows(ws, sheet, widths)
    c = _cols(sheet)
    b, a, cm, rt, ck = (F.col(c[k]) for k in ("breakdown", "actual", "comment", "rating",
                                               "check"))
    row, first, last = sheet.first_row, sheet.first_row, sheet.last_row
    total = F.q(ctx.t("indicators.total"))
    _cond(r, ws, first, last, c["actual"], f"=LEN(${ck}{row})>0", "wrong")
    _cond(r, ws, first, last, c["actual"], f"=AND(${b}{row}={total},LEN(${a}{row})=0)",
          "missing")
    weak = f'OR(${rt}{row}={F.q(ctx.t("rating.amber"))},${rt}{row}={F.q(ctx.t("rating.red"))})'
    _cond(r, ws, first, last, c["comment"], f"=AND({weak},LEN(${cm}{row})=0)", "missing")
    for key in ("green", "amber", "red"):
        _cond(r, ws, first, last, c["rating"], f'=${rt}{row}={F.q(ctx.t(f"rating.{key}"))}',
              key)
    for f in sheet.fields:
        if f.key == "achievement":
            ws.write_formula(f.row - 1, f.col, f.value, r.fmt["percent"], "")
    ws.freeze_panes(sheet.first_row - 1, 1)


def render_statistics(r, ws, sheet) -> None:
    ctx = r.ctx
    inst = ctx.plan.institution(ctx.assignment.institution)
    _title(r, ws, r.t("statistics.title", institution=inst.name, period=ctx.period.code),
           r.t("statistics.help"), 8, [12, 42] + [13] * 7)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 42)
    ws.set_column(2, 12, 13)
    for table, top in sheet.extra["blocks"]:
        t = table["table"]
        ws.write_string(top - 1, 0, t, r.fmt["key"])
        ws.write_string(top - 1, 1, r.t(f"stats.table.{t}"), r.fmt["title"])
        ws.write_string(top, 1, r.t(f"stats.axis.{table['rows']}")
                        if f"report.stats.axis.{table['rows']}" in ctx.text
                        else r.t(f"dimension.{table['rows']}"), r.fmt["heading"])
        labels = [label for _c, label in axis(ctx, table["columns"])]
        if table["row_totals"]:
            labels.append(r.t("statistics.total"))
        for m, label in enumerate(labels):
            ws.write_string(top, FIRST_VALUE_COL + m, label, r.fmt["heading"])
    for row, key in sheet.row_keys.items():
        t, _, code = key.partition(":")
        if code:
            ws.write_string(row - 1, 0, code, r.fmt["key"])
            if code in ("total", "source", "definition"):
                label = r.t(f"statistics.{code}")
                ws.write_string(row - 1, 1, label, r.fmt["heading" if code == "total" else
                                                         "locked"])
    r.fields(ws, sheet)
    for f in sheet.inputs():
        if f.key.endswith((":source", ":definition")):
            ref = f"${F.col(f.col)}${f.row}"
            _cond(r, ws, f.row, f.row, f.col, f"=LEN({ref})=0", "missing")
    ws.freeze_panes(sheet.first_row - 1, 2)


def _render_form(r, ws, sheet, section: str, title: str, help_text: str):
    _title(r, ws, title, help_text, 2, [14, 34, 90])
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 90)
    for spec, f in zip(sheet.extra["specs"], sheet.fields):
        ws.write_string(f.row - 1, 0, spec["key"], r.fmt["key"])
        label = r.t(f"{section}.{spec['key']}")
        ws.write_string(f.row - 1, 1, label, r.fmt["heading"])
        if f.type == "longtext":
            ws.set_row(f.row - 1, 90)
        else:
            ws.set_row(f.row - 1, fitted_height([(label, 34)]))
    r.fields(ws, sheet)
    for f in sheet.fields:
        if f.required == "always":
            _cond(r, ws, f.row, f.row, f.col, f"=LEN(${F.col(f.col)}${f.row})=0", "missing")


def render_narrative(r, ws, sheet) -> None:
    inst = r.ctx.plan.institution(r.ctx.assignment.institution)
    _render_form(r, ws, sheet, "narrative", r.t("narrative.title", institution=inst.name,
                                                 period=r.ctx.period.code),
                 r.t("narrative.help"))


def render_signoff(r, ws, sheet) -> None:
    _render_form(r, ws, sheet, "signoff", r.t("signoff.title"), r.t("signoff.declaration"))


def render_passports(r, ws, sheet) -> None:
    _title(r, ws, r.t("passport.title"), r.t("passport.help"), 2, [24, 30, 90])
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 90)
    for row, key in sheet.row_keys.items():
        code, _, attr = key.partition("|")
        ws.write_string(row - 1, 0, code, r.fmt["key"])
        ws.write_string(row - 1, 1, ctx_text(r, f"plan.indicators.{attr}"), r.fmt["heading"])
    r.fields(ws, sheet)
    fit_rows(ws, sheet, {2: 90})


def render_lists(r, ws, sheet) -> None:
    for i, (name, values) in enumerate(sheet.extra["lists"].items()):
        ws.write_string(0, i, name)
        for n, value in enumerate(values):
            ws.write_string(n + 1, i, value)
        last = max(len(values), 1) + 1
        r.wb.define_name(f"list_{name}", f"={F.rng(sheet.name, i, 2, last)}")
    ws.hide()


def render_cover(r, ws, sheet) -> None:
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 4, 14)
    ws.write_string(0, 0, r.t("cover.title"), r.fmt["title"])
    for n, key in enumerate(INFO_KEYS):
        ws.write_string(INFO_ROW - 1 + n, 0, r.t(f"cover.{key}"), r.fmt["heading"])
    lines = r.t("cover.instructions").split("\n")
    top = INFO_ROW + len(INFO_KEYS) + 1
    ws.write_string(top - 1, 0, r.t("cover.instructions_title"), r.fmt["title"])
    for n, line in enumerate(lines):
        ws.merge_range(top + n, 0, top + n, 4, f"{n + 1}. {line}", r.fmt["help"])
        ws.set_row(top + n, fitted_height([(f"{n + 1}. {line}", 30 + 60 + 3 * 14)]))
    header = sheet.extra["panel_header"]
    ws.write_string(header - 2, 0, r.t("cover.panel_title"), r.fmt["title"])
    for i, key in enumerate(("sheet", "required", "filled", "missing", "state")):
        ws.write_string(header - 1, i, r.t(f"cover.{key}"), r.fmt["heading"])
    for n, name in enumerate(sheet.extra["panel"]):
        ws.write_url(header + n, 0, f"internal:{F.sheet_prefix(name)}A1", string=name)
    r.fields(ws, sheet)
    _panel_states(r, ws, header, len(sheet.extra["panel"]))
    fit_rows(ws, sheet, {1: 60})
    ws.activate()


def _panel_states(r, ws, header: int, lines: int) -> None:
    """The panel's state column and its summary line, green when complete, amber when not."""
    first, last, summary = header + 1, header + lines, header + 1 + lines
    complete, ready = F.q(r.t("cover.complete")), F.q(r.t("cover.ready"))
    for row_from, row_to, col, ok in ((first, last, 4, complete), (summary, summary, 1, ready)):
        if row_to < row_from:
            continue
        cell = f"${F.col(col)}{row_from}"
        _cond(r, ws, row_from, row_to, col, f"={cell}={ok}", "complete")
        _cond(r, ws, row_from, row_to, col, f"=AND(LEN({cell})>0,{cell}<>{ok})", "incomplete")


def ctx_text(r, key: str) -> str:
    """A label from anywhere in the catalogue (passports reuse the plan's headings)."""
    return r.ctx.text[key]


def _render_rows(r, ws, sheet, section: str, title: str, width: int) -> None:
    """A sheet of one row per item of the plan: title, headings, fields, frozen panes."""
    _title(r, ws, title, r.t(f"{section}.help"), width)
    r.headings(ws, sheet.first_row - 1, sheet.extra["columns"], section)
    r.fields(ws, sheet)
    ws.freeze_panes(sheet.first_row - 1, 1)


def render_recommendations(r, ws, sheet) -> None:
    from toolkit.reporting.followup import IMPLEMENTED, NOT_ADDRESSED, choice

    ctx = r.ctx
    inst = ctx.plan.institution(ctx.assignment.institution)
    _render_rows(r, ws, sheet, "recommendations", r.t(
        "recommendations.title", institution=inst.name, period=ctx.period.code), 8)
    c = _cols(sheet)
    s, a, e = (F.col(c[k]) for k in ("status", "action", "evidence"))
    row, first, last = sheet.first_row, sheet.first_row, sheet.last_row
    addressed = f'AND(LEN(${s}{row})>0,${s}{row}<>' \
                f'{F.q(choice(ctx, "recommendation_status", NOT_ADDRESSED))})'
    done = f'${s}{row}={F.q(choice(ctx, "recommendation_status", IMPLEMENTED))}'
    _cond(r, ws, first, last, c["status"], f"=LEN(${s}{row})=0", "missing")
    _cond(r, ws, first, last, c["action"], f"=AND({addressed},LEN(${a}{row})=0)", "missing")
    _cond(r, ws, first, last, c["evidence"], f"=AND({done},LEN(${e}{row})=0)", "missing")


def render_observations(r, ws, sheet) -> None:
    ctx = r.ctx
    inst = ctx.plan.institution(ctx.assignment.institution)
    _render_rows(r, ws, sheet, "observations", r.t(
        "observations.title", institution=inst.name, period=ctx.period.code), 4)


def render_civil_society(r, ws, sheet) -> None:
    inst = r.ctx.plan.institution(r.ctx.assignment.institution)
    _render_form(r, ws, sheet, "civil_society", r.t(
        "civil_society.title", institution=inst.name, period=r.ctx.period.code),
        r.t("civil_society.help"))
