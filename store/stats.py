"""Operational state the workers share through the database: stage-duration
histograms for ``/metrics``, worker heartbeats for ``/ready``, and the
site's generated secrets."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.db import Database
from store.models import Call, CallStatus, SiteConfig, StageBucket, StageTotal, WorkerHeartbeat, utcnow

# Upper bounds (seconds) of the stage-duration histogram buckets.
STAGE_BUCKETS_S = (0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


def record_stage_durations(session: Session, stage_seconds: dict[str, float]) -> None:
    """Add one call's stage timings to the cumulative histograms (same transaction as the result)."""
    for stage, seconds in stage_seconds.items():
        if session.get(StageTotal, stage) is None:
            # First sighting of a stage; a concurrent first insert would
            # fail the whole transaction, so do it in a savepoint.
            try:
                with session.begin_nested():
                    session.add(StageTotal(stage=stage, count=0, sum_s=0.0))
                    session.add_all(StageBucket(stage=stage, le_s=le, count=0) for le in STAGE_BUCKETS_S)
            except IntegrityError:
                pass
        session.execute(
            update(StageTotal)
            .where(StageTotal.stage == stage)
            .values(count=StageTotal.count + 1, sum_s=StageTotal.sum_s + seconds)
        )
        session.execute(
            update(StageBucket)
            .where(StageBucket.stage == stage, StageBucket.le_s >= seconds)
            .values(count=StageBucket.count + 1)
        )


@dataclass(frozen=True)
class StageHistogram:
    stage: str
    count: int
    sum_s: float
    buckets: list[tuple[float, int]]  # (le, cumulative count), finite bounds only


def stage_histograms(session: Session) -> list[StageHistogram]:
    totals = {t.stage: t for t in session.scalars(select(StageTotal))}
    buckets: dict[str, list[tuple[float, int]]] = {}
    for b in session.scalars(select(StageBucket).order_by(StageBucket.stage, StageBucket.le_s)):
        buckets.setdefault(b.stage, []).append((b.le_s, b.count))
    return [StageHistogram(s, t.count, t.sum_s, buckets.get(s, [])) for s, t in sorted(totals.items())]


def calls_by_status(session: Session) -> dict[str, int]:
    counts = dict(session.execute(select(Call.status, func.count()).group_by(Call.status)).all())
    return {status: int(counts.get(status, 0)) for status in CallStatus.ALL}


def failures_by_code(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Call.error_code, func.count()).where(Call.status == CallStatus.FAILED).group_by(Call.error_code)
    ).all()
    return {code or "unknown": int(n) for code, n in rows}


def beat(
    db: Database,
    worker_id: str,
    *,
    hostname: str,
    pid: int,
    engines: list[str],
    current_call_id: str | None,
) -> None:
    now = utcnow()
    with db.transaction() as session:
        row = session.get(WorkerHeartbeat, worker_id)
        if row is None:
            session.add(
                WorkerHeartbeat(
                    worker_id=worker_id, hostname=hostname, pid=pid, engines=",".join(engines),
                    current_call_id=current_call_id, started_at=now, last_seen=now,
                )
            )
        else:
            row.engines = ",".join(engines)
            row.current_call_id = current_call_id
            row.last_seen = now


def forget_worker(db: Database, worker_id: str) -> None:
    with db.transaction() as session:
        session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.worker_id == worker_id))


def live_workers(session: Session, max_age_s: float, now: datetime | None = None) -> list[WorkerHeartbeat]:
    since = (now or utcnow()) - timedelta(seconds=max_age_s)
    return list(session.scalars(select(WorkerHeartbeat).where(WorkerHeartbeat.last_seen >= since)))


def prune_workers(db: Database, older_than_s: float) -> None:
    since = utcnow() - timedelta(seconds=older_than_s)
    with db.transaction() as session:
        session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.last_seen < since))


def site_secret(db: Database, key: str) -> str:
    """A random secret generated once per site and shared by every process."""
    with db.session() as session:
        row = session.get(SiteConfig, key)
        if row is not None:
            return row.value
    try:
        with db.transaction() as session:
            session.add(SiteConfig(key=key, value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another process created it first
    with db.session() as session:
        row = session.get(SiteConfig, key)
        assert row is not None
        return row.value
