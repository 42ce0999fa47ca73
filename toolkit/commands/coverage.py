"""``toolkit coverage``: which standard measures a plan covers, written as a workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.commands.outputs import writing
from toolkit.commands.plan import known_language
from toolkit.findings import Finding
from toolkit.language import say
from toolkit.measures.coverage import Coverage


@dataclass
class CoverageResult:
    """The coverage computed, the workbook written and the plan's own problems."""

    coverage: Coverage
    path: Path
    findings: list[Finding]

    def lines(self) -> list[str]:
        """What the command says, in the plan's language: measures covered, what is left
        out, where the workbook is."""
        cov = self.coverage
        lang = cov.plan.meta.language
        out = [say(lang, "cli.covered", plan=cov.plan.meta.code,
                   covered=sum(m.covered for m in cov.measures), measures=len(cov.measures))]
        if cov.uncovered_goals:
            out.append(say(lang, "cli.goals_left_out", goals="; ".join(
                f"{g.goal.code} {g.goal.title}" for g in cov.uncovered_goals)))
        if cov.unlinked:
            out.append(say(lang, "cli.unlinked", count=len(cov.unlinked)))
        if cov.areas_without_outcomes:
            out.append(say(lang, "cli.no_outcomes", areas=", ".join(
                a.area.code for a in cov.areas_without_outcomes)))
        return out + [say(lang, "cli.wrote", out=self.path)]


def default_output(plan_path: Path) -> Path:
    """``PLAN-coverage.xlsx`` beside the plan."""
    return plan_path.with_name(f"{plan_path.stem}-coverage.xlsx")


def plan_coverage(plan_path: Path, out: Path | None = None,
                  language: str | None = None) -> CoverageResult:
    """Compute what the plan covers of the catalogue and write the coverage workbook.

    A plan with errors is still covered, from what could be read (a plan being drafted is
    rarely clean); its findings are returned for the caller to show. The plan is only read.

    Args:
        plan_path: The plan workbook or JSON.
        out: The workbook to write; by default ``PLAN-coverage.xlsx`` beside the plan.
        language: The workbook's language; by default the plan's.

    Raises:
        FindingError: the plan cannot be read (PLAN_030), the language has no catalogue
            (USE_011), the country's file of measures cannot be used (MEAS_001 to MEAS_006) or
            the workbook cannot be written (SAVE_002 to SAVE_004).
    """
    from toolkit.documents.coverage import write_coverage
    from toolkit.measures.catalogue import load_catalogue
    from toolkit.measures.coverage import coverage
    from toolkit.plan.load import load_checked_plan

    plan_path = Path(plan_path)
    if language is not None:
        known_language(language)
    plan, findings = load_checked_plan(plan_path)
    lang = language or plan.meta.language
    result = coverage(plan, load_catalogue(lang))
    target = Path(out) if out else default_output(plan_path)
    with writing(target, lang):
        path = write_coverage(target, result, lang)
    return CoverageResult(result, path, findings)
