"""Generating the reporting workbooks of a period: what ``toolkit generate`` and the Generate
workbooks button both do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.commands.outputs import writing
from toolkit.commands.plan import period as read_period
from toolkit.commands.plan import usable_plan
from toolkit.findings import Finding, FindingError, finding
from toolkit.plan.model import Plan
from toolkit.reporting.periods import Period


@dataclass
class Generation:
    """The workbooks written for a period, and where the protection password is."""

    plan: Plan
    period: Period
    out_dir: Path
    written: list
    password_file: Path | None
    """The file holding the new random password; None when it was chosen in the environment."""
    findings: list[Finding] = field(default_factory=list)
    """The plan's warnings."""

    @property
    def language(self) -> str:
        """The plan's working language."""
        return self.plan.meta.language


def write_workbooks(plan: Plan, chosen: Period, out_dir: Path,
                    institutions: Iterable[str] | None = None,
                    deadline: dt.date | None = None) -> Generation:
    """Write the locked workbooks of ``chosen`` (all institutions that report, or those named)
    and the manifest into ``out_dir``; a password not chosen in the environment is kept in a
    file beside them.

    Raises:
        FindingError: SAVE_002 to SAVE_004 when a file cannot be written.
    """
    from toolkit.generate import workbooks as G

    password, fixed = G.sheet_password()
    with writing(out_dir, plan.meta.language):
        written = G.generate(plan, chosen, out_dir, list(institutions or ()) or None, deadline,
                             password)
        password_file = None if fixed else out_dir / G.PASSWORD_FILE
        if password_file is not None:
            password_file.write_text(password + "\n", encoding="utf-8")
    return Generation(plan, chosen, out_dir, written, password_file)


def check_institutions(plan: Plan, chosen: Period, institutions: Iterable[str]) -> None:
    """Stop on an institution code that has nothing to report in the period.

    Raises:
        FindingError: USE_012 (not in the plan) or USE_013 (nothing to report then).
    """
    from toolkit.language import did_you_mean
    from toolkit.reporting.scope import assignments

    reporting = assignments(plan, chosen)
    for code in institutions:
        if code in reporting:
            continue
        if plan.institution(code) is None:
            found = finding("USE_012", "--institution", value=f'"{code}"',
                            suggestion=did_you_mean(code, reporting))
        else:
            found = finding("USE_013", "--institution", value=code, period=chosen.code)
        raise FindingError(found, language=plan.meta.language)


def generate(plan_path: Path, period_text: str, out_dir: Path,
             institutions: Iterable[str] = (), deadline: dt.date | None = None) -> Generation:
    """What ``toolkit generate`` does: check the plan, the period and the institutions named,
    then write the workbooks.

    Raises:
        FindingError: PLAN_030, CMD_002, PER_001 to PER_003, USE_012, USE_013, SAVE_002 to
            SAVE_004.
    """
    checked = usable_plan(plan_path)
    chosen = read_period(checked.plan, period_text)
    check_institutions(checked.plan, chosen, institutions)
    generation = write_workbooks(checked.plan, chosen, out_dir, institutions, deadline)
    generation.findings = checked.findings
    return generation
