"""The form sheets of a reporting workbook: Narrative (T4d), Sign-off (T4e), passports (T2)."""

from __future__ import annotations

from toolkit.reporting.layout import INPUT, LOCKED, Field, SheetLayout

VALUE_COL = 2  # A row key, B label, C value


def form_sheet(ctx, kind: str, specs: list[dict], top: int) -> SheetLayout:
    """A sheet of fields, one a row from ``top``: key in column A, label in B, value in C."""
    name = ctx.sheet_name(kind)
    fields, keys = [], {}
    for n, spec in enumerate(specs):
        row = top + n
        keys[row] = spec["key"]
        fields.append(Field(name, row, VALUE_COL, spec["key"], spec["key"], INPUT, None,
                            spec.get("type", "longtext"), spec.get("required", "")))
    return SheetLayout(name, kind, tuple(fields), keys, top, top + len(specs) - 1,
                       extra={"specs": specs})


def narrative_sheet(ctx) -> SheetLayout:
    """Key achievements, challenges, good practice and proposals, as free text."""
    return form_sheet(ctx, "narrative", ctx.decl["narrative"]["fields"], ctx.first)


def signoff_sheet(ctx) -> SheetLayout:
    """The declaration that the file holds aggregate data only, with who signs and when."""
    return form_sheet(ctx, "signoff", ctx.decl["signoff"]["fields"], ctx.first + 2)


def yearly_targets(plan, indicator) -> str:
    """The indicator's target of each year, ``2025: 10; 2026: 20``, as T2 lists them."""
    def tidy(value) -> str:
        return f"{value:g}" if isinstance(value, float) else str(value)

    return "; ".join(f"{year}: {tidy(value)}"
                     for year, value in sorted(plan.targets_of(indicator.code).items()))


def passports_sheet(ctx) -> SheetLayout:
    """Read-only reference records of the institution's indicators (T2)."""
    name = ctx.sheet_name("passports")
    names = ctx.decl["passport"]["fields"]
    fields, keys, row = [], {}, ctx.first
    for ind in ctx.assignment.indicators:
        for attr in names:
            value = yearly_targets(ctx.plan, ind) if attr == "yearly_targets" else \
                getattr(ind, attr)
            if attr == "unit":
                value = ctx.t(f"unit.{value}")
            if isinstance(value, tuple):
                value = "; ".join(value)
            keys[row] = f"{ind.code}|{attr}"
            fields.append(Field(name, row, VALUE_COL, attr, keys[row], LOCKED, value))
            row += 1
        row += 1
    return SheetLayout(name, "passports", tuple(fields), keys, ctx.first, row - 1,
                       state="visible", extra={"names": names})
