"""The other outputs of a consolidation: the intake ledger, the tidy exports and one feedback
workbook per institution with findings. Text from returns is neutralised against formula
injection wherever it lands, in the Parquet exports too: they are read into spreadsheets as
often as the CSV files."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEDGER_COLUMNS = ["name", "sha256", "size", "modified", "institution", "verdict", "archived_as",
                  "reasons"]


def neutralise(value):
    """Text that a spreadsheet could take for a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return neutralise(value)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """A CSV file (UTF-8 with BOM, so Excel reads the accents) of the given columns."""
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(row.get(c)) for c in columns])


def write_parquet(path: Path, columns: list[str], rows: list[dict]) -> bool:
    """A Parquet file of the same table; False when pyarrow is not installed."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return False
    data = {c: [_parquet_value(r.get(c)) for r in rows] for c in columns}
    pq.write_table(pa.table({c: pa.array(v, type=_arrow_type(v)) for c, v in data.items()}),
                   path)
    return True


def _parquet_value(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, int):
        return float(value)
    return neutralise(value)


def _arrow_type(values):
    import pyarrow as pa

    kinds = {type(v) for v in values if v is not None}
    return pa.float64() if kinds <= {float} and kinds else pa.string()


def write_ledger(out_dir: Path, entries: list[dict]) -> Path:
    """``ledger.csv`` and ``ledger.json``: every file given, with its verdict and reasons."""
    write_csv(out_dir / "ledger.csv", LEDGER_COLUMNS, entries)
    (out_dir / "ledger.json").write_text(json.dumps(entries, indent=2, ensure_ascii=False)
                                         + "\n", encoding="utf-8")
    return out_dir / "ledger.csv"


def write_feedback(path: Path, plan, period, institution: str, results, deadline) -> None:
    """A workbook to send back to one institution: what to correct, and where."""
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    ws = wb.add_worksheet("To correct")
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    inst = plan.institution(institution)
    ws.write_string(0, 0, f"Feedback on your return for {period.code}: {plan.meta.title}", bold)
    ws.write_string(1, 0, f"Institution: {inst.code} - {inst.name}")
    ws.write_string(2, 0, "Errors must be corrected: the value or the file was not used. "
                          "Warnings were used and flagged. Correct the workbook you sent and "
                          f"send it again; it replaces the earlier one. Deadline: {deadline}.")
    columns = ["File", "Verdict", "Sheet", "Cell", "Severity", "What was found", "What to do",
               "Code"]
    ws.write_row(4, 0, columns, head)
    row = 5
    for result in results:
        for f in result.findings:
            for col, value in enumerate((Path(f.file).name, result.verdict, f.sheet, f.cell,
                                         f.severity, f.message, f.hint, f.code)):
                ws.write_string(row, col, str(value), wrap)
            row += 1
    for col, width in enumerate((34, 18, 18, 8, 9, 70, 50, 10)):
        ws.set_column(col, col, width)
    ws.freeze_panes(5, 0)
    wb.close()
