"""What an agency types on the follow-up sheets of its workbook, as ``toolkit demo`` and the
tests fill them: where each recommendation addressed to it stands (a step further about every
year since it was made), and, for a civil-society organisation, observations on a few activities,
a problem seen and its consent to publish. Deterministic, as the rest of ``agency``."""

from __future__ import annotations

import random

from toolkit.language import codelist_label
from toolkit.plan.model import Plan
from toolkit.reporting.layout import WorkbookLayout
from toolkit.reporting.periods import Period, plan_periods

STEPS = ("not addressed", "in progress", "partially implemented", "implemented")
OBSERVED = 5
"""How many of the activities running a civil-society organisation comments on."""
PHRASES = {
    "en": {"action": "Work on {code} in {period}: procedure drafted and discussed with partners.",
           "next": "Adoption by the management board next period.",
           "evidence": "Decision of {end}, ref. {code}",
           "observation": "Seen in the cases the organisation followed.",
           "assistance": "Too few shelter places outside the capital."},
    "fr": {"action": "Travaux sur {code} en {period}\u00a0: procédure rédigée et discutée avec "
                     "les partenaires.",
           "next": "Adoption par la direction à la période suivante.",
           "evidence": "Décision du {end}, réf. {code}",
           "observation": "Constaté dans les dossiers suivis par l'organisation.",
           "assistance": "Trop peu de places d'hébergement hors de la capitale."},
}


def _rng(*parts) -> random.Random:
    return random.Random("|".join(str(p) for p in parts))


def _recommendations(plan: Plan, period: Period, layout: WorkbookLayout, words) -> dict:
    values: dict[tuple, object] = {}
    sheet = layout.sheet("recommendations")
    periods = plan_periods(plan.meta.frequency, plan.meta.start, plan.meta.end)
    lang = plan.meta.language
    for code in (sheet.row_keys.values() if sheet else ()):
        rec = next(r for r in plan.recommendations if r.code == code)
        since = [p for p in periods if (rec.date is None or p.end >= rec.date)
                 and p.start <= period.start]
        per_year = len(since) / max(1, len(periods) / len(plan.meta.years))
        step = min(len(STEPS) - 1, int(per_year) + _rng(layout.institution, code).randint(0, 1))
        values[(code, "status")] = codelist_label(lang, "recommendation_status", STEPS[step])
        if STEPS[step] != "not addressed":
            values[(code, "action")] = words["action"].format(code=code, period=period.code)
            values[(code, "next_step")] = words["next"]
        if STEPS[step] == "implemented":
            values[(code, "evidence")] = words["evidence"].format(end=period.end, code=code)
    return values


def _civil_society(plan: Plan, period: Period, layout: WorkbookLayout, words) -> dict:
    values: dict[tuple, object] = {}
    observed = layout.sheet("observations")
    if observed is None:
        return values
    lang, rng = plan.meta.language, _rng(layout.institution, period.code)
    for code in rng.sample(sorted(observed.row_keys.values()),
                           min(OBSERVED, len(observed.row_keys))):
        values[(code, "assessment")] = codelist_label(lang, "observation", rng.choice(
            ("good progress", "some progress", "no progress")))
        values[(code, "observation")] = words["observation"]
    values[("assistance", "assistance")] = words["assistance"]
    consent = _rng(layout.institution).choice(("yes", "no"))
    values[("consent", "consent")] = codelist_label(lang, "yes_no", consent)
    return values


def followup_values(plan: Plan, period: Period, layout: WorkbookLayout) -> dict:
    """The follow-up sheets' inputs, by (row key, field key)."""
    words = PHRASES.get(plan.meta.language, PHRASES["en"])
    return {**_recommendations(plan, period, layout, words),
            **_civil_society(plan, period, layout, words)}
