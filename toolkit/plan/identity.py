"""A plan's identity: its code, version and a hash of everything reporting depends on.

The hash covers every part that reporting workbooks show or that checks and consolidation use. It
leaves out what can change without touching a return: focal-point contact details, the risk log,
the coordinator's contact line and the publication threshold (which only decides what the
coordinator publishes).
"""

from __future__ import annotations

import hashlib
import json

from toolkit.plan.jsonio import to_dict
from toolkit.plan.model import Plan

_CONTACT_FIELDS = ("focal_point", "position", "email", "phone", "deputy")


def reporting_content(plan: Plan) -> dict:
    """The part of the plan that reporting depends on, as JSON-ready data."""
    doc = to_dict(plan)
    doc.pop("risks", None)
    doc["meta"].pop("coordinator_contact", None)
    doc["meta"].pop("publication_threshold", None)
    for inst in doc["institutions"]:
        for name in _CONTACT_FIELDS:
            inst.pop(name, None)
    return doc


def content_hash(plan: Plan) -> str:
    """SHA-256 (hex) of the canonical JSON of :func:`reporting_content`."""
    canonical = json.dumps(reporting_content(plan), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_hash(plan: Plan) -> str:
    """The first 12 hex digits of the content hash, as shown to people."""
    return content_hash(plan)[:12]
