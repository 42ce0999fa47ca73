"""The national action plan: model, workbook and JSON forms, identity and checks."""

from __future__ import annotations

from pathlib import Path

from toolkit.findings import finding
from toolkit.language import phrase
from toolkit.plan.check import check_plan
from toolkit.plan.jsonio import PlanFormatError
from toolkit.plan.jsonio import load as load_json
from toolkit.plan.model import Plan
from toolkit.plan.read_xlsx import PlanRead, PlanReadError, read_plan_workbook
from toolkit.plan.sources import json_sources

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def read_plan(path: str | Path) -> PlanRead:
    """Read a plan from a workbook or a JSON file, with its source map and reading problems.

    Raises:
        PlanReadError: the file cannot be read as a plan at all.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            plan = load_json(path)
        except FileNotFoundError as exc:
            raise PlanReadError(finding("PLAN_030", path, reason=phrase("plan.file_missing"))) \
                from exc
        except PlanFormatError as exc:
            raise PlanReadError(finding("PLAN_030", path, reason=exc.reason)) from exc
        except UnicodeDecodeError as exc:
            raise PlanReadError(finding("PLAN_030", path, reason=phrase("plan.not_utf8"))) \
                from exc
        return PlanRead(plan, json_sources(str(path), plan), [])
    return read_plan_workbook(path)


def load_checked_plan(path: str | Path) -> tuple[Plan, list]:
    """Read a plan and check it: the plan and every problem found (reading and checking)."""
    read = read_plan(path)
    return read.plan, check_plan(read.plan, read.sources, read.findings)


__all__ = ["Plan", "PlanRead", "PlanReadError", "check_plan", "load_checked_plan", "read_plan"]
