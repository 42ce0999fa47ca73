"""``toolkit generate``: one locked reporting workbook per institution, plus a manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from toolkit import __version__
from toolkit.declarations.reporting import declarations
from toolkit.generate.render import Renderer
from toolkit.plan.identity import content_hash
from toolkit.plan.model import Plan
from toolkit.reporting.layout import build_layout, default_deadline, file_name
from toolkit.reporting.periods import Period
from toolkit.reporting.scope import assignments
from toolkit.reporting.sheets import Context
from toolkit.timestamps import generated_time

MANIFEST = "manifest.json"
PASSWORD_FILE = "sheet-password.txt"


@dataclass(frozen=True)
class Generated:
    """One generated workbook."""

    institution: str
    path: Path
    fingerprint: str
    sha256: str


def sheet_password() -> tuple[str, bool]:
    """The protection password from the environment, or a new random one (and False)."""
    env = declarations()["workbook"]["password_env"]
    value = os.environ.get(env, "")
    return (value, True) if value else (secrets.token_urlsafe(12), False)


def stamp_for(layout, created: dt.datetime, deadline: dt.date) -> dict[str, str]:
    """The identity stamp written into the very hidden sheet and the custom properties."""
    return {"plan_code": layout.plan_code, "plan_version": layout.plan_version,
            "plan_hash": layout.plan_hash, "institution": layout.institution,
            "period": layout.period, "language": layout.language,
            "layout_fingerprint": layout.fingerprint, "deadline": deadline.isoformat(),
            "generator": f"nap-toolkit {__version__}",
            "generated_at": created.isoformat(timespec="seconds") + "Z"}


def generate(plan: Plan, period: Period, out_dir: Path, institutions: list[str] | None = None,
             deadline: dt.date | None = None, password: str | None = None) -> list[Generated]:
    """Write the workbooks of a period and the manifest of expected returns.

    Args:
        plan: a checked plan.
        period: the reporting period.
        out_dir: the folder to write to (created when missing).
        institutions: only these institution codes; all that report when None.
        deadline: the date returns are due; by default the period's end plus the plan's days.
        password: the sheet protection password (never written into the files).

    Returns:
        One entry per workbook written, in plan order.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    due = deadline or default_deadline(plan, period)
    created = generated_time()
    chosen = assignments(plan, period)
    if institutions is not None:
        chosen = {code: a for code, a in chosen.items() if code in institutions}
    written = []
    plan_hash = content_hash(plan)
    for code, assignment in chosen.items():
        layout = build_layout(plan, period, assignment, due, plan_hash=plan_hash)
        ctx = Context(plan, period, assignment, layout.language, declarations(), plan_hash)
        path = out_dir / file_name(plan, period, code)
        Renderer(path, layout, ctx, password or "", stamp_for(layout, created, due)).run(created)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        written.append(Generated(code, path, layout.fingerprint, digest))
    write_manifest(plan, period, due, created, written, out_dir, plan_hash)
    return written


def write_manifest(plan: Plan, period: Period, due: dt.date, created: dt.datetime,
                   written: list[Generated], out_dir: Path, plan_hash: str = "") -> Path:
    """``manifest.json``: every expected return, so consolidation can tell who is missing."""
    doc = {"plan_code": plan.meta.code, "plan_version": plan.meta.version,
           "plan_hash": plan_hash or content_hash(plan), "period": period.code, "deadline": due.isoformat(),
           "generated_at": created.isoformat(timespec="seconds") + "Z",
           "expected": [{"institution": g.institution,
                         "name": plan.institution(g.institution).name,
                         "email": plan.institution(g.institution).email,
                         "file": g.path.name, "layout_fingerprint": g.fingerprint,
                         "sha256": g.sha256} for g in written]}
    path = out_dir / MANIFEST
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
