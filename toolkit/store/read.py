"""Reading the store back: what it holds (plans, periods, revisions), a plan's history as period
records, and the earlier running totals a consolidation compares with."""

from __future__ import annotations

import json
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from toolkit.findings import finding
from toolkit.history.records import (
    ACTIVITY_FIELDS,
    INDICATOR_FIELDS,
    RECOMMENDATION_FIELDS,
    STATISTICS_FIELDS,
    SUBMISSION_FIELDS,
    PeriodRecord,
)
from toolkit.history.series import History
from toolkit.plan.jsonio import from_dict
from toolkit.store import schema as S
from toolkit.store.connect import Store, StoreError, reason

FIELDS = {"indicators": INDICATOR_FIELDS, "activities": ACTIVITY_FIELDS,
          "statistics": STATISTICS_FIELDS, "submissions": SUBMISSION_FIELDS,
          "recommendations": RECOMMENDATION_FIELDS}


def _reading(store: Store):
    """A connection for reading; a store that cannot be read is STORE_001."""
    try:
        return store.engine.connect()
    except SQLAlchemyError as exc:
        raise StoreError(finding("STORE_001", store.shown, reason=reason(exc))) from exc


def overview(store: Store) -> list[dict]:
    """Every recording in the store: plan, version, period, revision, current or not, when,
    from where, and how many returns were received of those expected."""
    c, p, v, s = S.consolidations, S.plans, S.plan_versions, S.submissions
    received = (sa.select(s.c.consolidation_id,
                          sa.func.sum(sa.case((s.c.expected == sa.true(), 1), else_=0))
                          .label("expected"),
                          sa.func.sum(sa.case(((s.c.expected == sa.true()) &
                                               (s.c.state == "received"), 1), else_=0))
                          .label("received"))
                .group_by(s.c.consolidation_id).subquery())
    query = (sa.select(p.c.code.label("plan"), p.c.country, v.c.version, c.c.period,
                       c.c.revision, c.c.is_current, c.c.recorded_at, c.c.source, c.c.out_dir,
                       received.c.expected, received.c.received)
             .join(p, p.c.id == c.c.plan_id).join(v, v.c.id == c.c.plan_version_id)
             .outerjoin(received, received.c.consolidation_id == c.c.id)
             .order_by(p.c.code, c.c.period_start, c.c.revision))
    with _reading(store) as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def _rows(connection, ids: list[int]) -> dict[str, dict[int, list[dict]]]:
    out: dict[str, dict[int, list[dict]]] = {}
    for kind, table in S.ROWS.items():
        names = FIELDS[kind]
        columns = [table.c[S.RENAMED.get(n, n)] for n in names]
        by_id: dict[int, list[dict]] = defaultdict(list)
        query = sa.select(table.c.consolidation_id, *columns).where(
            table.c.consolidation_id.in_(ids)).order_by(table.c.id)
        for row in connection.execute(query):
            by_id[row[0]].append(dict(zip(names, row[1:])))
        out[kind] = by_id
    return out


def history(store: Store, plan_code: str, current=None) -> History:
    """The plan's current consolidations, in period order, with every version recorded.

    Args:
        current: The plan as given now; the latest recorded version when None.

    Raises:
        StoreError: STORE_007 when the store holds nothing of the plan.
    """
    c, p, v = S.consolidations, S.plans, S.plan_versions
    with _reading(store) as connection:
        pid = connection.execute(sa.select(p.c.id).where(p.c.code == plan_code)).scalar()
        if pid is None:
            raise StoreError(finding("STORE_007", store.shown, plan=plan_code, what=""))
        versions = {}
        for version, plan_json in connection.execute(
                sa.select(v.c.version, v.c.plan_json).where(v.c.plan_id == pid)
                .order_by(v.c.id)):
            versions[version] = from_dict(json.loads(plan_json))
        heads = connection.execute(
            sa.select(c.c.id, v.c.version, v.c.content_hash, c.c.period, c.c.deadline,
                      c.c.source, c.c.out_dir, c.c.revision, c.c.recorded_at)
            .join(v, v.c.id == c.c.plan_version_id)
            .where(c.c.plan_id == pid, c.c.is_current == sa.true())
            .order_by(c.c.period_start)).all()
        rows = _rows(connection, [h.id for h in heads])
    periods = [PeriodRecord(plan_code, h.version, h.content_hash, h.period, h.deadline,
                            h.source, h.out_dir, *(rows[k].get(h.id, []) for k in FIELDS),
                            revision=h.revision, recorded_at=h.recorded_at) for h in heads]
    latest = current or list(versions.values())[-1]
    return History(latest, periods, versions)


def earlier_totals(store: Store, plan, period) -> tuple[str, dict] | None:
    """The last current consolidation of the plan before ``period``: its period code and the
    institution totals of the indicators whose values never fall (running totals, and counts
    since 1 January); None without one."""
    c, p, iv = S.consolidations, S.plans, S.indicator_values
    kept = [i.code for i in plan.indicators if i.never_falls]
    with _reading(store) as connection:
        head = connection.execute(
            sa.select(c.c.id, c.c.period).join(p, p.c.id == c.c.plan_id)
            .where(p.c.code == plan.meta.code, c.c.is_current == sa.true(),
                   c.c.period_end < period.start)
            .order_by(c.c.period_start.desc()).limit(1)).first()
        if head is None:
            return None
        values = connection.execute(
            sa.select(iv.c.indicator, iv.c.institution, iv.c.value)
            .where(iv.c.consolidation_id == head.id, iv.c.dimension == "",
                   iv.c.value.is_not(None), iv.c.indicator.in_(kept))).all()
    return head.period, {(ind, inst): value for ind, inst, value in values}
