"""Recording one consolidated period in the store, in one transaction: the plan (refused when
the store holds another plan under its code), the plan version, and the period as a new
revision (the earlier one is kept, no longer current).

A recording that fails leaves the store as it was: the transaction is rolled back, and the
message says how to record the period again from its output folder.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from toolkit.findings import finding
from toolkit.history.records import PeriodRecord
from toolkit.language import phrase, say
from toolkit.history.series import Break, series_breaks
from toolkit.plan.jsonio import dumps, from_dict
from toolkit.plan.model import Plan
from toolkit.reporting.periods import Period
from toolkit.store import schema as S
from toolkit.store.connect import Store, StoreError, reason


@dataclass
class Recorded:
    """What a recording did."""

    store: str
    plan: str
    period: str
    revision: int
    version: str
    earlier_version: str | None = None
    """The version recorded before, when this recording brings a new one."""
    breaks: list[Break] = field(default_factory=list)
    new_series: list[str] = field(default_factory=list)
    unchanged: bool = False
    """True when the same consolidation was recorded already (nothing new was written)."""

    def sentences(self, language: str = "en") -> list[str]:
        """What to tell the person who ran the command, in ``language``."""
        common = {"period": self.period, "plan": self.plan, "store": self.store,
                  "revision": self.revision}
        if self.unchanged:
            return [say(language, "store.unchanged", **common)]
        out = [say(language, "store.recorded_again", earlier=self.revision - 1, **common)
               if self.revision > 1 else say(language, "store.recorded", **common)]
        if self.earlier_version is not None:
            broken = ", ".join(b.render(language) for b in self.breaks) or phrase("store.none")
            versions = {"version": self.version, "earlier": self.earlier_version,
                        "broken": broken}
            out.append(say(language, "store.new_version_series", new=", ".join(self.new_series),
                           **versions) if self.new_series
                       else say(language, "store.new_version", **versions))
        return out


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _identity(plan: Plan) -> dict:
    m = plan.meta
    return {"code": m.code, "country": m.country, "title": m.title, "start_date": m.start,
            "end_date": m.end, "frequency": m.frequency, "currency": m.currency}


def _described(row) -> str:
    return (f'"{row["title"]}" of {row["country"]}, {row["start_date"]} to {row["end_date"]}, '
            f'{row["frequency"]} reporting')


def known_plan(connection, plan: Plan, store: str, lock: bool = False) -> int | None:
    """The id of the plan's row, or None when the store does not hold it yet. The code alone
    is not enough: another country's plan may use it too.

    Raises:
        StoreError: STORE_004 when the store holds another plan under the code.
    """
    wanted = _identity(plan)
    query = sa.select(S.plans).where(S.plans.c.code == plan.meta.code)
    row = connection.execute(query.with_for_update() if lock else query).mappings().first()
    if row is None:
        return None
    if any(row[k] != wanted[k] for k in ("country", "start_date", "end_date", "frequency")):
        raise StoreError(finding("STORE_004", store, plan=plan.meta.code,
                                 found=_described(row), expected=_described(wanted)))
    return row["id"]


def plan_id(connection, plan: Plan, store: str, lock: bool = False) -> int:
    """The plan's row, made when new (see :func:`known_plan`)."""
    found = known_plan(connection, plan, store, lock)
    if found is not None:
        return found
    return connection.execute(S.plans.insert().values(**_identity(plan))).inserted_primary_key[0]


def _version(connection, pid: int, plan: Plan, rec: PeriodRecord, now) -> tuple[int, Plan | None]:
    """The version's row (made when new) and, when new, the version recorded before it."""
    v = S.plan_versions
    found = connection.execute(sa.select(v.c.id).where(
        v.c.plan_id == pid, v.c.version == rec.version,
        v.c.content_hash == rec.plan_hash)).scalar()
    if found is not None:
        return found, None
    before = connection.execute(sa.select(v.c.plan_json).where(v.c.plan_id == pid)
                                .order_by(v.c.id.desc()).limit(1)).scalar()
    new = connection.execute(v.insert().values(
        plan_id=pid, version=rec.version, content_hash=rec.plan_hash, first_period=rec.period,
        recorded_at=now, plan_json=dumps(plan))).inserted_primary_key[0]
    return new, None if before is None else from_dict(json.loads(before))


def _same(connection, current_id: int, rec: PeriodRecord) -> bool:
    """True when the current recording was made from the same files as ``rec``."""
    t = S.submissions
    stored = sorted(connection.execute(sa.select(t.c.institution, t.c.file, t.c.verdict).where(
        t.c.consolidation_id == current_id)).all())
    return stored == sorted((s["institution"], s["file"], s["verdict"])
                            for s in rec.submissions) and bool(stored)


def record(store: Store, rec: PeriodRecord, plan: Plan, period: Period,
           skip_same: bool = False) -> Recorded:
    """Record one period (a new revision when it was recorded before).

    Args:
        skip_same: Record nothing when the current revision comes from the same files (an
            import of an output folder already recorded).

    Raises:
        StoreError: STORE_004 another plan under the code; STORE_005 the connection was lost;
            STORE_006 another run recorded the period at the same moment; STORE_008 the store
            could not be written. The store is left as it was.
    """
    now = _now()
    try:
        with store.engine.begin() as connection:
            return _write(connection, store, rec, plan, period, now, skip_same)
    except IntegrityError as exc:
        raise StoreError(finding("STORE_006", store.shown, period=rec.period, plan=rec.plan,
                                 reason=reason(exc), out_dir=rec.out_dir)) from exc
    except DBAPIError as exc:
        code = "STORE_005" if exc.connection_invalidated else "STORE_008"
        raise StoreError(finding(code, store.shown, period=rec.period, reason=reason(exc),
                                 out_dir=rec.out_dir)) from exc
    except SQLAlchemyError as exc:
        raise StoreError(finding("STORE_008", store.shown, period=rec.period,
                                 reason=reason(exc), out_dir=rec.out_dir)) from exc


def _write(connection, store, rec, plan, period, now, skip_same) -> Recorded:
    c = S.consolidations
    pid = plan_id(connection, plan, store.shown, lock=True)
    version_id, before = _version(connection, pid, plan, rec, now)
    current = connection.execute(sa.select(c.c.id, c.c.revision).where(
        c.c.plan_id == pid, c.c.period == period.code, c.c.is_current == sa.true())).first()
    if skip_same and current is not None and _same(connection, current.id, rec):
        return Recorded(store.shown, rec.plan, rec.period, current.revision, rec.version,
                        unchanged=True)
    last = connection.execute(sa.select(sa.func.max(c.c.revision)).where(
        c.c.plan_id == pid, c.c.period == period.code)).scalar() or 0
    if current is not None:
        connection.execute(c.update().where(c.c.id == current.id).values(is_current=False))
    cid = connection.execute(c.insert().values(
        plan_id=pid, plan_version_id=version_id, period=period.code,
        period_start=period.start, period_end=period.end, revision=last + 1, is_current=True,
        recorded_at=now, source=rec.source, out_dir=rec.out_dir,
        deadline=rec.deadline)).inserted_primary_key[0]
    for kind, table in S.ROWS.items():
        rows = [{S.RENAMED.get(k, k): v for k, v in row.items()} | {"consolidation_id": cid}
                for row in getattr(rec, kind)]
        if rows:
            connection.execute(table.insert(), rows)
    done = Recorded(store.shown, rec.plan, rec.period, last + 1, rec.version)
    if before is not None:
        done.earlier_version = before.meta.version
        done.breaks, done.new_series = series_breaks(before, plan)
    return done
