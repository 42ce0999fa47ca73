"""``toolkit evaluation``: the terms of reference (T8) and the evaluation matrix (T9) of the
plan's evaluation, filled from the plan and the history store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.language import say


@dataclass
class EvaluationDocuments:
    """The documents written."""

    terms: Path
    matrix: Path
    questions: int
    periods: list[str]
    language: str = "en"

    def lines(self) -> list[str]:
        return [say(self.language, "cli.evaluation_written", questions=self.questions,
                    periods=len(self.periods), terms=self.terms, matrix=self.matrix)]


def write_evaluation(plan_path: Path, out_dir: Path, kind: str = "final",
                     store: str | None = None) -> EvaluationDocuments:
    """Write the terms of reference and the evaluation matrix of the ``kind`` (``mid-term`` or
    ``final``) evaluation into ``out_dir``, in the plan's language. A store that holds nothing
    of the plan yet gives documents without recorded data.

    Raises:
        FindingError: PLAN_030 or CMD_005 (the plan), STORE_* (the store cannot be opened or
            read), SAVE_002 to SAVE_004 (a document cannot be written).
    """
    from toolkit.commands.history import recorded_or_none
    from toolkit.commands.outputs import writing
    from toolkit.commands.plan import usable_plan
    from toolkit.documents.evaluation import Words, write_matrix, write_terms
    from toolkit.history.evaluation import matrix

    plan_path, out_dir = Path(plan_path), Path(out_dir)
    plan = usable_plan(plan_path, "CMD_005").plan
    lang = plan.meta.language
    past = recorded_or_none(store, plan_path, plan)
    words = Words(lang)
    rows = matrix(words, past)
    code = plan.meta.code
    terms = out_dir / f"{code}_evaluation-terms-of-reference.docx"
    table = out_dir / f"{code}_evaluation-matrix.xlsx"
    with writing(out_dir, lang):
        out_dir.mkdir(parents=True, exist_ok=True)
        write_terms(terms, past, words, kind)
        write_matrix(table, past, rows, words, kind)
    return EvaluationDocuments(terms, table, len(rows), past.codes, lang)
