"""``toolkit review``: the review pack of the coordination body (T7) from the history store, and
its reading back into the decision log (T15) the next report cites."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.findings import Finding, FindingError, finding
from toolkit.language import phrase, say

REVIEW_SHEET_ROW = 5
"""The first objective row of the Review sheet (1-based): title, introduction, a blank row and
the headings come first."""


@dataclass
class ReviewPack:
    """The review pack written."""

    path: Path
    review: str
    periods: list[str]
    objectives: int
    language: str
    password_file: Path | None = None

    def lines(self) -> list[str]:
        out = [say(self.language, "cli.review_written", review=_shown(self.review),
                   periods=len(self.periods), objectives=self.objectives, out=self.path)]
        if self.password_file is not None:
            out.append(say(self.language, "cli.password", file=self.password_file))
        return out


@dataclass
class ReviewRead:
    """What reading a review workbook back found and recorded."""

    review: str
    plan: str
    store: str
    decisions: int
    findings: list[Finding] = field(default_factory=list)
    recorded: bool = False
    language: str = "en"

    def lines(self) -> list[str]:
        if not self.recorded:
            return [say(self.language, "cli.review_not_recorded")]
        return [say(self.language, "cli.review_recorded", decisions=self.decisions,
                    review=_shown(self.review), plan=self.plan, store=self.store)]


def _shown(review: str):
    """A review as people read it: its year, or "to date" in their language."""
    from toolkit.history.review import TO_DATE

    return phrase("review.to_date") if review == TO_DATE else review


def default_output(plan_path: Path, review: str) -> Path:
    """``PLAN-review-2026.xlsx`` (or ``-review-to-date``) beside the plan."""
    return plan_path.with_name(f"{plan_path.stem}-review-{review}.xlsx")


def write_review_pack(plan_path: Path, year: int | None, store: str | None = None,
                      out: Path | None = None) -> ReviewPack:
    """Build the review pack of ``year`` (None: the mid-term review of every period recorded)
    from the history store.

    Raises:
        FindingError: PLAN_030 or CMD_005 (the plan), STORE_* (the store cannot be opened, or
            holds nothing of the plan for that year: STORE_007), SAVE_002 to SAVE_004.
    """
    from toolkit.commands.history import open_for
    from toolkit.commands.outputs import writing
    from toolkit.commands.plan import usable_plan
    from toolkit.documents.review import write_review
    from toolkit.generate.workbooks import PASSWORD_FILE, sheet_password
    from toolkit.history.review import build_review
    from toolkit.store.connect import StoreError
    from toolkit.store.read import history

    plan_path = Path(plan_path)
    plan = usable_plan(plan_path, "CMD_005").plan
    lang = plan.meta.language
    with open_for(store, None, plan_path, create=False) as opened:
        found = history(opened, plan.meta.code, plan)
        if year is not None and not found.of_year(year):
            raise StoreError(finding("STORE_007", opened.shown, plan=plan.meta.code,
                                     what=f" for {year} (periods recorded: "
                                          f"{', '.join(found.codes) or 'none'})"))
    review = build_review(found, year)
    target = Path(out) if out else default_output(plan_path, review.code)
    password, fixed = sheet_password()
    with writing(target, lang):
        write_review(target, review, lang, password)
        kept = None
        if not fixed:
            kept = target.with_name(PASSWORD_FILE)
            kept.write_text(password + "\n", encoding="utf-8")
    return ReviewPack(target, review.code, list(review.periods), len(review.objectives), lang,
                      kept)


def _cell(ws, row: int, col: int):
    from openpyxl.utils import get_column_letter

    from toolkit.history.review import Cell

    return Cell(ws.cell(row=row, column=col).value, ws.title, f"{get_column_letter(col)}{row}")


def _opened(path: Path, plan):
    """The workbook and its review code; REV_001 when it is not this plan's review pack."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same answer
        raise FindingError(finding("REV_001", path, plan=plan.meta.code,
                                   found=type(exc).__name__)) from exc
    props = {p.name: getattr(p, "value", None) for p in wb.custom_doc_props.props}
    if props.get("nap_kind") != "review" or props.get("nap_plan") != plan.meta.code:
        found = f"plan {props.get('nap_plan')}" if props.get("nap_kind") == "review" else \
            "no review stamp"
        raise FindingError(finding("REV_001", path, plan=plan.meta.code, found=found))
    return wb, str(props.get("nap_review")), str(props.get("nap_language") or "en")


def _entries(wb, language: str):
    """The input cells of the Review sheet by objective, and the Meeting sheet's."""
    from toolkit.documents.review import SUMMARY, Words
    from toolkit.history.review import INPUTS, MEETING

    w = Words(language)
    review, meeting = wb[w("sheet_review")], wb[w("sheet_meeting")]
    rows = {}
    for r in range(REVIEW_SHEET_ROW, review.max_row + 1):
        code = review.cell(row=r, column=1).value
        if code in (None, ""):
            continue
        cells = {key: _cell(review, r, len(SUMMARY) + 1 + j) for j, key in enumerate(INPUTS)}
        rows[str(code).strip()] = cells | {"objective": _cell(review, r, 1)}
    held = {key: _cell(meeting, REVIEW_SHEET_ROW - 1 + i, 2) for i, key in enumerate(MEETING)}
    return rows, held


def _quoted(path: Path) -> str:
    """The path as a command line takes it: in double quotes when it holds a space or a quote."""
    from toolkit.aggregate.returned import shown

    text = shown(str(path))
    return f'"{text}"' if any(c in text for c in " '\"") else text


def read_review(plan_path: Path, path: Path, store: str | None = None) -> ReviewRead:
    """Read the body's entries back from a review workbook and record them in the decision
    log of the store. With errors in it, nothing is recorded. The workbook is only read.

    Raises:
        FindingError: PLAN_030 or CMD_005 (the plan), REV_001 (not this plan's review pack),
            STORE_* (the store cannot be opened or written).
    """
    from toolkit.aggregate.intake.files import sha256_of
    from toolkit.commands.history import open_for
    from toolkit.commands.plan import usable_plan
    from toolkit.findings import has_errors
    from toolkit.history.review import LISTS, check_entries
    from toolkit.language import label
    from toolkit.store.review import record_review

    plan_path, path = Path(plan_path), Path(path)
    plan = usable_plan(plan_path, "CMD_005").plan
    try:
        wb, review, lang = _opened(path, plan)
        rows, meeting = _entries(wb, lang)
    except KeyError as exc:
        raise FindingError(finding("REV_001", path, plan=plan.meta.code,
                                   found=str(exc).strip("'\""))) from exc
    except FindingError as exc:
        exc.language = plan.meta.language
        raise
    choices = {name: {code: label(lang, f"review.{name}.{code}") for code in codes}
               for name, codes in LISTS.items()}
    decisions, held, findings = check_entries(str(path), plan, rows, meeting, choices)
    with open_for(store, None, plan_path, create=True) as opened:
        done = ReviewRead(review, plan.meta.code, opened.shown, len(decisions), findings,
                          language=plan.meta.language)
        if not has_errors(findings):
            record_review(opened, plan, review, decisions, held, sha256_of(path),
                          _quoted(path))
            done.recorded = True
    return done
