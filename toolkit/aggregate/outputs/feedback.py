"""The feedback workbook sent back to one institution: what to correct, and where."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter


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
