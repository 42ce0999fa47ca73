"""The decision log of the coordination body's reviews in the store: recording a review's
entries (replacing an earlier reading of the same review, in one transaction) and reading back
the entries of the review recorded last."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from toolkit.findings import finding
from toolkit.history.review import INPUTS, MEETING, Decision, DecisionLog
from toolkit.plan.model import Plan
from toolkit.store import schema as S
from toolkit.store.connect import Store, StoreError, reason
from toolkit.store.read import _reading
from toolkit.store.record import plan_id


def record_review(store: Store, plan: Plan, review: str, decisions: list[Decision],
                  meeting: dict[str, object], sha256: str, file: str = "FILE") -> int:
    """Record the entries of ``review``, replacing those of an earlier reading of it.

    Raises:
        StoreError: STORE_004 another plan under the code; STORE_014 the store could not be
            written (nothing was changed; ``file`` is the workbook the hint names).
    """
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    t = S.review_decisions
    try:
        with store.engine.begin() as connection:
            pid = plan_id(connection, plan, store.shown, lock=True)
            connection.execute(t.delete().where(t.c.plan_id == pid, t.c.review == review))
            rows = [{"plan_id": pid, "review": review, "recorded_at": now, **meeting,
                     "objective": d.objective, **d.values, "file_sha256": sha256,
                     "sheet": d.sheet, "cell": d.cell} for d in decisions]
            if rows:
                connection.execute(t.insert(), rows)
    except SQLAlchemyError as exc:
        raise StoreError(finding("STORE_014", store.shown, review=review, reason=reason(exc),
                                 file=file)) from exc
    return len(decisions)


def last_review(store: Store, plan_code: str) -> DecisionLog | None:
    """The entries of the review recorded last for the plan; None when there is none."""
    t, p = S.review_decisions, S.plans
    with _reading(store) as connection:
        head = connection.execute(
            sa.select(t.c.review, t.c.recorded_at).join(p, p.c.id == t.c.plan_id)
            .where(p.c.code == plan_code).order_by(t.c.recorded_at.desc(), t.c.id.desc())
            .limit(1)).first()
        if head is None:
            return None
        rows = connection.execute(
            sa.select(t).join(p, p.c.id == t.c.plan_id)
            .where(p.c.code == plan_code, t.c.review == head.review).order_by(t.c.id)
        ).mappings().all()
    meeting = {k: rows[0][k] for k in MEETING} if rows else {}
    return DecisionLog(head.review, head.recorded_at, meeting,
                       tuple({"objective": r["objective"], **{k: r[k] for k in INPUTS}}
                             for r in rows))
