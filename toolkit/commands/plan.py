"""The plan commands: check a plan, write a blank one, export it to JSON and import it back; and
the steps every other command starts with (read the plan, stop on its errors, read the period).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.commands.outputs import refuse_existing, writing
from toolkit.findings import Finding, FindingError, finding, severity_counts
from toolkit.plan.model import Plan
from toolkit.reporting.periods import Period


@dataclass
class PlanCheck:
    """A plan as read and checked."""

    path: Path
    plan: Plan
    findings: list[Finding]

    @property
    def language(self) -> str:
        """The plan's working language: every text about it is shown in it."""
        return self.plan.meta.language

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return severity_counts(self.findings)[0]


def check_plan(path: Path) -> PlanCheck:
    """Read a plan (workbook or JSON) and check it.

    Raises:
        FindingError: PLAN_030 when the file cannot be read as a plan at all.
    """
    from toolkit.plan.load import load_checked_plan

    plan, findings = load_checked_plan(path)
    return PlanCheck(Path(path), plan, findings)


def usable_plan(path: Path, code: str = "CMD_002") -> PlanCheck:
    """A plan without errors, for the commands that work from one.

    Args:
        path: The plan workbook or JSON.
        code: The finding that stops the command when the plan has errors: CMD_002 (nothing
            was written, exit 1) or CMD_003 (the returns were not consolidated, exit 3).

    Raises:
        FindingError: PLAN_030, or ``code`` with the plan's findings to list first.
    """
    checked = check_plan(path)
    if checked.errors:
        raise FindingError(finding(code, path, errors=checked.errors), checked.findings,
                           checked.language)
    return checked


def period(plan: Plan, text: str, where: str = "--period") -> Period:
    """The reporting period typed as ``text``, checked against the plan.

    Raises:
        FindingError: PER_001 to PER_003, located at ``where``, in the plan's language.
    """
    from toolkit.reporting.periods import PeriodError, parse_period

    meta = plan.meta
    try:
        return parse_period(str(text), meta.frequency, meta.start, meta.end)
    except PeriodError as exc:
        raise FindingError(exc.finding.at(where), language=meta.language) from exc


def known_language(language: str) -> None:
    """Stop on a language without a label catalogue.

    Raises:
        FindingError: USE_011.
    """
    from toolkit.declarations.labels import languages

    if language not in languages():
        raise FindingError(finding("USE_011", "--language", value=f'"{language}"',
                                   expected=", ".join(languages())))


def new_plan(out: Path, language: str = "en", force: bool = False) -> Path:
    """Write a blank plan workbook whose headings and notes are in ``language``.

    Raises:
        FindingError: USE_011 (no such language), SAVE_001 (``out`` exists and ``force`` is
            not set), SAVE_002 to SAVE_004 (it cannot be written).
    """
    from toolkit.plan.write_xlsx import write_plan_workbook

    known_language(language)
    refuse_existing(out, force)
    with writing(out, language):
        return write_plan_workbook(out, None, language)


def export_plan(plan_path: Path, out: Path) -> PlanCheck:
    """Write the plan as JSON, for version control.

    Raises:
        FindingError: PLAN_030, CMD_002 (the plan has errors) or SAVE_002 to SAVE_004.
    """
    from toolkit.plan.jsonio import save

    checked = usable_plan(plan_path)
    with writing(out, checked.language):
        save(checked.plan, out)
    return checked


def import_plan(json_path: Path, out: Path) -> PlanCheck:
    """Write the plan of a JSON file to a plan workbook, even with errors, so that they can be
    corrected in the workbook.

    Raises:
        FindingError: PLAN_030 or SAVE_002 to SAVE_004.
    """
    from toolkit.plan.write_xlsx import write_plan_workbook

    checked = check_plan(json_path)
    with writing(out, checked.language):
        write_plan_workbook(out, checked.plan)
    return checked
