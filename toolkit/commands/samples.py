"""The bundled sample plans, and how ``toolkit demo`` runs each: the periods it reports, the
period with the realistic mistakes, and who makes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.resources import folder


@dataclass(frozen=True)
class Sample:
    """One bundled plan and the demo's scenario for it."""

    name: str
    file: str
    """The plan workbook, in ``samples/``."""
    periods: tuple[str, ...]
    """The periods the demo reports, one after the other, into one history store."""
    quirks_period: str
    """The period whose returns carry the mistakes below (the others are clean)."""
    year: int
    """The year of the annual report built from the store."""
    missing: str
    """The institution that sends nothing."""
    late: str
    resubmitted: str
    """The institution that sends an unsigned return, then the corrected one."""
    tweaks: dict[str, str] = field(default_factory=dict)
    """Institution -> one of ``toolkit.commands.demo.TWEAKS``: a mistake or habit."""
    wrong_period: str = ""
    """The institution that sends its workbook of the previous period instead."""
    language: str = "en"
    """The plan's language, the one the demo speaks."""
    own_funds: str = ""
    """The funding source an institution with the ``own_funds`` habit names."""

    @property
    def path(self) -> Path:
        """The sample's plan workbook."""
        return folder("samples") / self.file

    @property
    def json_path(self) -> Path:
        """The same plan as JSON."""
        return self.path.with_suffix(".json")


SAMPLES = {
    "valdoria": Sample(
        "valdoria", "valdoria-nap.xlsx", ("2025-H1", "2025-H2", "2026-H1", "2026-H2"),
        "2026-H1", 2026, missing="MUN-ASSOC", late="MFA", resubmitted="SOC-CTR",
        tweaks={"MOJ": "delayed_without_reason", "LI": "number_as_text",
                "STAT": "no_evidence"}),
    "merande": Sample(
        "merande", "merande-pan.xlsx", ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"),
        "2026-Q2", 2026, missing="ACM", late="MAE", resubmitted="ONG-ESPOIR",
        tweaks={"MJDH": "delayed_without_reason", "GEND": "number_as_text",
                "AFJM": "own_funds", "DGT": "percent_typed"},
        wrong_period="INS", own_funds="Fonds propres des ONG", language="fr"),
}
"""The bundled samples by name: Valdoria (English, semi-annual, four areas A-D) and Mérande
(French, quarterly, seven areas coded by words)."""
DEFAULT_SAMPLE = "valdoria"


def sample(name: str | None = None) -> Sample:
    """The sample of this name (the default one when None).

    Raises:
        KeyError: no sample has this name.
    """
    return SAMPLES[name or DEFAULT_SAMPLE]
