"""The feedback workbook sent back to one institution: what to correct in the file that counts,
and where, by when; or, when no file of theirs could be used, why and what to send instead.

Only the file that counts is discussed: a superseded file's findings are left out (whatever of
them still holds is found again in the file that replaced it). Files are named by their own
names, never by the coordinator's folders. Every text is in the plan's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from toolkit.aggregate.consolidate.report_parts import Words
from toolkit.aggregate.consolidate.report_rows import (
    file_name,
    folders_of,
    without_folders,
)
from toolkit.aggregate.outputs.style import HEADING_FILL, print_setup
from toolkit.xlsx.rows import fitted_height

COLUMNS = (("file", 28), ("sheet", 16), ("cell", 7), ("severity", 10), ("message", 58),
           ("what_to_do", 44), ("code", 9))


@dataclass
class Feedback:
    """What one institution is told: the file that counts and its findings, or the files that
    could not be used."""

    institution: str
    counted: object | None = None
    """The FileResult in use, if any."""
    rejected: list = field(default_factory=list)
    """Rejected FileResults, when no file of the institution could be used."""

    @property
    def findings(self) -> list:
        """The findings to show, in file order."""
        if self.counted is not None:
            return list(self.counted.findings)
        return [f for r in self.rejected for f in r.findings]

    @property
    def needed(self) -> bool:
        """True when there is anything to tell the institution."""
        return bool(self.findings)


def feedback_for(results, used: dict, names: dict[str, str] | None = None) -> list[Feedback]:
    """The feedback of every institution with something to act on: the findings of its file
    in use, or the reasons its files were rejected when none could be used.

    Args:
        results: Every file's result.
        used: The result in use per institution.
        names: Institution by the name of the workbook generated for it: a rejected file
            that tells nothing of its sender still has the name it was sent under.
    """
    out = []
    rejected: dict[str, list] = {}
    for r in results:
        code = r.institution or (names or {}).get(file_name(r.name))
        if code and r.verdict == "rejected":
            rejected.setdefault(code, []).append(r)
    for code in sorted(set(used) | set(rejected)):
        item = Feedback(code, used.get(code), [] if code in used else rejected[code])
        if item.needed:
            out.append(item)
    return out


def write_feedback(path: Path, text: dict[str, str], plan, period, item: Feedback,
                   deadline) -> None:
    """A print-ready workbook for one institution."""
    w = Words(text, plan.meta.language)
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"title": text["feedback.title"].format(period=period.code,
                                                               plan=plan.meta.title)})
    ws = wb.add_worksheet(text["feedback.sheet"])
    bold = wb.add_format({"bold": True, "font_size": 13})
    note = wb.add_format({"text_wrap": True, "valign": "top"})
    strong = wb.add_format({"text_wrap": True, "valign": "top", "bold": True,
                            "font_color": "#C00000"})
    head = wb.add_format({"bold": True, "bg_color": HEADING_FILL, "border": 1,
                          "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1,
                          "border_color": "#BFBFBF"})
    inst = plan.institution(item.institution)
    width = sum(width for _k, width in COLUMNS)
    lines = [(text["feedback.title"].format(period=period.code, plan=plan.meta.title), bold),
             (text["feedback.institution"].format(code=item.institution,
                                                  name=inst.name if inst else ""), note)]
    lines += [(line, note) for line in _situation(w, period, item)]
    lines.append((text["feedback.deadline"].format(deadline=deadline.isoformat()), strong))
    for row, (line, fmt) in enumerate(lines):
        ws.merge_range(row, 0, row, len(COLUMNS) - 1, line, fmt)
        ws.set_row(row, fitted_height([(line, width)], 13 if fmt is bold else 11))
    top = len(lines) + 1
    for col, (key, size) in enumerate(COLUMNS):
        ws.write_string(top, col, w(f"column.{key}"), head)
        ws.set_column(col, col, size)
    findings = item.findings
    folders = folders_of(findings)
    for n, f in enumerate(findings, start=top + 1):
        values = (file_name(f.file), f.sheet, f.cell, w(f"severity.{f.severity}"),
                  without_folders(f.message_in(w.language), folders),
                  without_folders(f.hint_in(w.language), folders), f.code)
        for col, value in enumerate(values):
            ws.write_string(n, col, str(value), wrap)
        ws.set_row(n, fitted_height([(values[4], COLUMNS[4][1]), (values[5], COLUMNS[5][1]),
                                     (values[0], COLUMNS[0][1])]))
    ws.freeze_panes(top + 1, 0)
    identity = {"footer_left": f"{plan.meta.code} {period.code}",
                "footer_centre": item.institution}
    print_setup(ws, w, identity, heading_rows=top)
    wb.close()


def _situation(w: Words, period, item: Feedback) -> list[str]:
    """Which file counts, or why none could be used and what to send instead."""
    text = w.text
    if item.counted is not None:
        verdict = w.code("verdict", item.counted.verdict)
        return [text["feedback.counted"].format(file=file_name(item.counted.name),
                                                verdict=verdict), text["feedback.intro"]]
    out = [text["feedback.none_counted"]]
    for r in item.rejected:
        folders = folders_of(r.findings)
        reasons = "; ".join(dict.fromkeys(without_folders(f.message_in(w.language), folders)
                                          for f in r.findings if f.severity == "error"))
        out.append(text["feedback.rejected"].format(file=file_name(r.name), reasons=reasons))
    out.append(text["feedback.rejected_action"].format(period=period.code))
    return out

