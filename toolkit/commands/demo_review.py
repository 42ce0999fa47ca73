"""The demo's review round: at the end of the sample's first year the coordination body gets
its review pack, decides on one objective as a body would (typed into the pack), and the
decisions are read back into the decision log, which the next period's report cites; at the
end, the mid-term review pack and the evaluation documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

STORE = "nap-history.sqlite"


def _decide(pack: Path, out: Path, plan, language: str, year: int) -> Path:
    """The pack with the body's entries on the plan's first objective and its meeting, typed
    in the workbook's language (a person would type them in Excel or Calc)."""
    from openpyxl import load_workbook

    from toolkit.documents.review import Words

    w = Words(language)
    wb = load_workbook(pack)
    review, meeting = wb[w("sheet_review")], wb[w("sheet_meeting")]
    lead = next(a.lead for a in plan.activities if a.objective == plan.objectives[0].code)
    for cell, value in (("J5", w("relevance.partly")), ("K5", w("demo.obstacles")),
                        ("L5", w("adjustment.move resources")),
                        ("M5", w("demo.justification")), ("N5", w("decision.approved")),
                        ("O5", lead), ("P5", dt.datetime(year + 1, 6, 30))):
        review[cell] = value
    meeting["B4"] = w("demo.meeting", year=year + 1)
    meeting["B5"] = dt.datetime(year + 1, 2, 12)
    meeting["B6"] = ", ".join(i.code for i in plan.institutions[:6])
    wb.save(out)
    return out


def review_round(out: Path, plan_path: Path, plan, year: int) -> list[str]:
    """The review pack of ``year`` from the store, decided and read back; what to tell."""
    from toolkit.commands.review import read_review, write_review_pack

    store = str(out / STORE)
    pack = write_review_pack(plan_path, year, store, out / f"review-{year}.xlsx")
    decided = _decide(pack.path, out / f"review-{year}-decided.xlsx", plan,
                      plan.meta.language, year)
    read = read_review(plan_path, decided, store)
    return [*pack.lines()[:1], *read.lines()]


def closing_documents(out: Path, plan_path: Path) -> list[str]:
    """The mid-term review pack of every period recorded, and the evaluation documents."""
    from toolkit.commands.evaluation import write_evaluation
    from toolkit.commands.review import write_review_pack

    store = str(out / STORE)
    pack = write_review_pack(plan_path, None, store, out / "review-to-date.xlsx")
    docs = write_evaluation(plan_path, out / "evaluation", "mid-term", store)
    return [*pack.lines()[:1], *docs.lines()]
