"""Checks that compare the returns of several institutions: a lead and a partner who report
statuses of one activity that cannot both be true. Pure."""

from __future__ import annotations

from toolkit.aggregate.checks.structure import Located
from toolkit.language import Label, phrase, value_label

STAGE = {"Completed": "done", "Not started": "not begun",
         "Cancelled / superseded": "dropped", "Not implemented": "dropped",
         "Ongoing - on track": "under way", "Ongoing - delayed": "under way",
         "Partially completed": "under way", "Continuous": "under way"}
"""Where each status puts an activity; "No data" says nothing and contradicts nothing."""
CONTRADICTORY = frozenset({frozenset({"done", "not begun"}), frozenset({"done", "dropped"}),
                           frozenset({"dropped", "under way"})})
"""Stages that lead and partner cannot report together: finished and not begun, finished and
dropped, dropped and under way. A partner may start its part before or after the lead, so
"not begun" against "under way" is no contradiction."""


def contradictions(plan, used: dict) -> list[tuple[str, Located]]:
    """(institution, finding) for each lead and partner whose statuses of one activity
    contradict: one finding on each side, at its own status cell, naming the other.

    Args:
        used: institution -> the return used for it (``FileResult``).
    """
    found = []
    for act in plan.activities:
        lead = _status(used.get(act.lead), act.code)
        if lead is None:
            continue
        for partner in act.partners:
            other = _status(used.get(partner), act.code)
            if other is None or \
                    frozenset({STAGE.get(lead.value), STAGE.get(other.value)}) not in CONTRADICTORY:
                continue
            found.append((partner, _finding(other, lead, act.lead, "lead")))
            found.append((act.lead, _finding(lead, other, partner, "partner")))
    return found


def _status(result, code: str):
    if result is None:
        return None
    return result.values.get(("area", code, "status"))


def _finding(mine, theirs, other: str, role: str) -> Located:
    def quoted(cell):
        return phrase("value.quoted", value=value_label("status", cell.value))

    return Located("CONS_019", mine.sheet, mine.ref, {
        "status": quoted(mine), "other": other, "role": Label(f"report.role.{role}"),
        "other_status": quoted(theirs)})
