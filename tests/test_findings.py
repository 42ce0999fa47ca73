"""Findings are checked against their message when they are built, not when they are printed."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT

from toolkit.findings import finding, message_fields
from toolkit.messages import CATALOGUE

CODE = re.compile(r"^[A-Z]+_\d{3}$")
BUILDERS = {"finding", "add", "Located"}
"""The calls that build a finding from a literal code: ``finding``, the collectors' ``add`` and
the checks' ``Located``."""


def test_finding__missing_parameter_fails_when_built():
    with pytest.raises(TypeError, match=r"PLAN_001 takes the parameters \['found', 'name'\]: "
                                        r"missing \['found'\], unexpected \[\]"):
        finding("PLAN_001", "plan.xlsx", name="Areas")


def test_finding__unexpected_parameter_fails_when_built():
    with pytest.raises(TypeError, match=r"missing \[\], unexpected \['cell'\]"):
        finding("WB_007", "moi.xlsx", cell="A1")


def test_finding__unknown_code_fails_when_built():
    with pytest.raises(KeyError, match="no message NOPE_001"):
        finding("NOPE_001", "moi.xlsx")


def test_finding__parameters_are_the_placeholders_of_text_and_hint():
    assert message_fields("PREV_006") == {"found", "period"}
    assert str(finding("PREV_006", "i.csv", "", "B2", found="2026-H1", period="2025-H2")) == (
        "i.csv:B2: the file is for period 2026-H1, which is not before 2025-H2, the period being "
        "consolidated. Give the consolidation of a period before 2025-H2 [PREV_006]")


def _literal_calls():
    """(place, code, parameter names) of every call that builds a finding from a literal code
    with literal parameter names."""
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            first = node.args[0]
            if name not in BUILDERS or not isinstance(first, ast.Constant) \
                    or not CODE.match(str(first.value)):
                continue
            names = {k.arg for k in node.keywords}
            dicts = [a for a in node.args[1:] if isinstance(a, ast.Dict)]
            if None in names or any(not isinstance(k, ast.Constant) for d in dicts for k in d.keys):
                continue
            names |= {k.value for d in dicts for k in d.keys}
            yield f"{path.relative_to(ROOT)}:{node.lineno}", first.value, names


def test_every_literal_finding_call__passes_the_parameters_of_its_message():
    calls = list(_literal_calls())
    assert len(calls) > 80
    wrong = [(place, code, sorted(names ^ message_fields(code)))
             for place, code, names in calls
             if code not in CATALOGUE or names != message_fields(code)]
    assert wrong == []
