"""QA in the call log: rule-set versions, per-call results and tags, re-score jobs.

No rule logic here (that is ``pipeline.qa``, which imports no SQL): this
module stores what it produced. A call's result is one ``call_qa`` row
(written again, ``revision`` + 1, on every re-score) and its ``category``
and ``failed`` tags, which the call-log filters read.

A re-score job walks the done calls in id order, a chunk at a time. Each
chunk's results and the job's new ``cursor`` and ``done`` count are written
in one transaction, conditional on the job's lease, so a worker killed
mid-chunk leaves nothing half written and the next one resumes from the
cursor: every call is scored once per job.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from store.db import Database
from store.models import Call, CallQa, CallQaTag, CallResultRow, CallStatus, QaJob, QaRuleSet, QaStatus, utcnow

TAG_CATEGORY = "category"
TAG_FAILED = "failed"
DEFAULT_VERSION = 0  # the built-in rules, while no rule set was ever stored


class JobStatus:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class QaRecord:
    """One call's QA outcome, ready to store."""

    call_id: str
    status: str  # QaStatus
    rule_set_version: int | None
    score: float | None = None
    result_json: str | None = None
    input_json: str | None = None
    note: str | None = None
    categories: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredCall:
    """What a re-score reads of one call: the compact QA input stored when it
    was last scored, else (calls stored before QA) the whole result."""

    id: str
    input_json: str | None
    result_json: str | None


@dataclass
class JobView:
    id: str
    status: str
    rule_set_version: int | None
    since: datetime | None
    total: int
    done: int
    created_at: datetime
    finished_at: datetime | None
    requested_by: str | None
    error: str | None

    @property
    def progress(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0


# --- rule sets ------------------------------------------------------------------


def save_rule_set(session: Session, body: str, name: str, created_by: str | None, comment: str | None = None) -> int:
    """Store a new version (the caller checked that it parses); returns its number."""
    row = QaRuleSet(
        name=name[:200], body=body, sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        created_at=utcnow(), created_by=created_by, comment=(comment or None) and comment[:255],
    )
    session.add(row)
    session.flush()
    return int(row.version)


def current_rule_set(session: Session) -> QaRuleSet | None:
    return session.scalars(select(QaRuleSet).order_by(QaRuleSet.version.desc()).limit(1)).first()


def get_rule_set(session: Session, version: int) -> QaRuleSet | None:
    return session.get(QaRuleSet, version)


def rule_set_versions(session: Session, limit: int = 100) -> list[QaRuleSet]:
    return list(session.scalars(select(QaRuleSet).order_by(QaRuleSet.version.desc()).limit(limit)))


def current_version(session: Session) -> int:
    return int(session.scalar(select(func.max(QaRuleSet.version))) or DEFAULT_VERSION)


# --- per-call results --------------------------------------------------------------


def save_results(session: Session, records: Sequence[QaRecord], job_id: str | None = None) -> None:
    """Write (or overwrite, ``revision`` + 1) the QA rows and tags of these calls.
    An upsert, so two writers of the same call (two re-scores at once) do not
    collide; the dialect's own ``INSERT ... ON CONFLICT``."""
    if not records:
        return
    now = utcnow()
    rows = [
        {
            "call_id": r.call_id, "status": r.status, "rule_set_version": r.rule_set_version, "score": r.score,
            "result_json": r.result_json, "input_json": r.input_json, "note": r.note and r.note[:500],
            "scored_at": now, "job_id": job_id, "revision": 1,
        }
        for r in records
    ]
    insert_qa = _insert(session)(CallQa.__table__)
    excluded = insert_qa.excluded
    session.execute(
        insert_qa.on_conflict_do_update(
            index_elements=[CallQa.__table__.c.call_id],
            set_={
                "status": excluded.status, "rule_set_version": excluded.rule_set_version, "score": excluded.score,
                "result_json": excluded.result_json, "note": excluded.note, "scored_at": excluded.scored_at,
                "job_id": excluded.job_id, "revision": CallQa.__table__.c.revision + 1,
                # A re-score from the compact input writes none: keep the stored one.
                "input_json": func.coalesce(excluded.input_json, CallQa.__table__.c.input_json),
            },
        ),
        rows,
    )
    session.execute(delete(CallQaTag).where(CallQaTag.call_id.in_([r.call_id for r in records])))
    tags = [
        {"call_id": r.call_id, "kind": kind, "name": name[:100]}
        for r in records
        for kind, names in ((TAG_CATEGORY, r.categories), (TAG_FAILED, r.failed))
        for name in dict.fromkeys(names)
    ]
    if tags:
        session.execute(_insert(session)(CallQaTag.__table__).on_conflict_do_nothing(), tags)


def _insert(session: Session):  # noqa: ANN202 - the dialect's insert, which has on_conflict_*
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def get_qa(session: Session, call_id: str) -> CallQa | None:
    return session.get(CallQa, call_id)


def categories_of(session: Session, call_ids: Iterable[str]) -> dict[str, list[str]]:
    ids = list(call_ids)
    out: dict[str, list[str]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = session.execute(
        select(CallQaTag.call_id, CallQaTag.name)
        .where(CallQaTag.call_id.in_(ids), CallQaTag.kind == TAG_CATEGORY)
        .order_by(CallQaTag.name)
    )
    for call_id, name in rows:
        out[call_id].append(name)
    return out


# --- re-score jobs -------------------------------------------------------------------
#
# A re-score (a "batch", whose id is the job id users see) is split into
# slices by call id, so that as many workers as there are slices share it.


def _calls_to_score(since: datetime | None, only_pending: bool = False):  # noqa: ANN202 - SQL conditions
    conditions = [Call.status == CallStatus.DONE]
    if since is not None:
        conditions.append(Call.created_at >= since)
    if only_pending:
        scored = select(CallQa.call_id).where(CallQa.status == QaStatus.SCORED)
        conditions.append(Call.id.not_in(scored))
    return conditions


def _bounds(slices: int) -> list[tuple[str | None, str | None]]:
    """Call ids are 32 hex digits: cut the range at their first digit."""
    cuts = [format(k * 16 // slices, "x") for k in range(1, slices)]
    edges: list[str | None] = [None, *cuts, None]
    return list(zip(edges[:-1], edges[1:]))


def create_job(
    db: Database, since: datetime | None, requested_by: str | None, *, only_pending: bool = False, slices: int = 2
) -> JobView:
    """A re-score of the done calls (uploaded since ``since``; with
    ``only_pending``, those without a scored result), in ``slices`` parallel slices."""
    now = utcnow()
    batch_id = uuid.uuid4().hex
    with db.transaction() as session:
        version = current_version(session)
        for id_from, id_to in _bounds(max(1, min(slices, 16))):
            conditions = _calls_to_score(since, only_pending) + _id_range(id_from, id_to)
            total = session.scalar(select(func.count()).select_from(Call).where(*conditions)) or 0
            session.add(
                QaJob(
                    id=uuid.uuid4().hex, batch_id=batch_id, id_from=id_from, id_to=id_to, status=JobStatus.QUEUED,
                    rule_set_version=version, since=since, only_pending=only_pending, total=int(total), done=0,
                    cursor=None, requested_by=requested_by, created_at=now, updated_at=now,
                )
            )
    return get_job(db, batch_id)  # type: ignore[return-value]


def _id_range(id_from: str | None, id_to: str | None) -> list:
    conditions = []
    if id_from is not None:
        conditions.append(Call.id >= id_from)
    if id_to is not None:
        conditions.append(Call.id < id_to)
    return conditions


def slice_ids(db: Database, batch_id: str) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(QaJob.id).where(QaJob.batch_id == batch_id).order_by(QaJob.id)))


def get_job(db: Database, batch_id: str) -> JobView | None:
    with db.session() as session:
        rows = list(session.scalars(select(QaJob).where(QaJob.batch_id == batch_id)))
    return _view(rows) if rows else None


def list_jobs(db: Database, limit: int = 20) -> list[JobView]:
    with db.session() as session:
        batches = list(
            session.execute(
                select(QaJob.batch_id, func.max(QaJob.created_at).label("at"))
                .group_by(QaJob.batch_id)
                .order_by(func.max(QaJob.created_at).desc())
                .limit(limit)
            )
        )
    return [job for job in (get_job(db, b) for b, _ in batches) if job is not None]


def _view(rows: list[QaJob]) -> JobView:
    statuses = {r.status for r in rows}
    if JobStatus.FAILED in statuses:
        status = JobStatus.FAILED
    elif statuses == {JobStatus.DONE}:
        status = JobStatus.DONE
    elif statuses == {JobStatus.QUEUED}:
        status = JobStatus.QUEUED
    else:
        status = JobStatus.RUNNING
    first = rows[0]
    finished = [r.finished_at for r in rows if r.finished_at is not None]
    return JobView(
        id=first.batch_id, status=status, rule_set_version=first.rule_set_version, since=first.since,
        total=sum(r.total for r in rows), done=sum(r.done for r in rows), created_at=first.created_at,
        finished_at=max(finished) if status in (JobStatus.DONE, JobStatus.FAILED) and finished else None,
        requested_by=first.requested_by, error=next((r.error for r in rows if r.error), None),
    )


def mark_job_enqueued(db: Database, job_id: str) -> None:
    with db.transaction() as session:
        session.execute(update(QaJob).where(QaJob.id == job_id).values(enqueued_at=utcnow()))


def claim_job(db: Database, job_id: str, owner: str, lease_s: float) -> bool:
    """Take the slice (queued, or running with an expired lease or held by ``owner``)."""
    now = utcnow()
    with db.transaction() as session:
        result = session.execute(
            update(QaJob)
            .where(
                QaJob.id == job_id,
                or_(
                    QaJob.status == JobStatus.QUEUED,
                    and_(
                        QaJob.status == JobStatus.RUNNING,
                        or_(QaJob.lease_expires_at < now, QaJob.lease_owner == owner),
                    ),
                ),
            )
            .values(status=JobStatus.RUNNING, lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_s), updated_at=now)
            .execution_options(synchronize_session=False)
        )
    return result.rowcount == 1


def next_chunk(db: Database, job_id: str, size: int) -> list[StoredCall]:
    """The next ``size`` calls of the slice after its cursor, with what scoring reads."""
    with db.session() as session:
        job = session.get(QaJob, job_id)
        if job is None:
            return []
        conditions = _calls_to_score(job.since, job.only_pending) + _id_range(job.id_from, job.id_to)
        if job.cursor is not None:
            conditions.append(Call.id > job.cursor)
        ids = list(session.scalars(select(Call.id).where(*conditions).order_by(Call.id).limit(size)))
        if not ids:
            return []
        inputs = dict(
            session.execute(select(CallQa.call_id, CallQa.input_json).where(CallQa.call_id.in_(ids), CallQa.input_json.is_not(None))).all()
        )
        missing = [i for i in ids if i not in inputs]
        results = (
            dict(session.execute(select(CallResultRow.call_id, CallResultRow.result_json).where(CallResultRow.call_id.in_(missing))).all())
            if missing
            else {}
        )
    return [StoredCall(i, inputs.get(i), results.get(i)) for i in ids]


def commit_chunk(db: Database, job_id: str, owner: str, records: Sequence[QaRecord], last_id: str, lease_s: float) -> bool:
    """Store a chunk's results and move the cursor past it, atomically; False
    (nothing written) when this worker no longer holds the slice."""
    now = utcnow()
    with db.transaction() as session:
        job = session.scalars(
            select(QaJob).where(QaJob.id == job_id, QaJob.status == JobStatus.RUNNING, QaJob.lease_owner == owner).with_for_update()
        ).first()
        if job is None:
            return False
        save_results(session, records, job_id=job.batch_id)
        job.cursor = last_id
        job.done = job.done + len(records)
        job.total = max(job.total, job.done)
        job.lease_expires_at = now + timedelta(seconds=lease_s)
        job.updated_at = now
    return True


def finish_job(db: Database, job_id: str, owner: str, *, error: str | None = None) -> bool:
    now = utcnow()
    with db.transaction() as session:
        result = session.execute(
            update(QaJob)
            .where(QaJob.id == job_id, QaJob.lease_owner == owner, QaJob.status == JobStatus.RUNNING)
            .values(
                status=JobStatus.FAILED if error else JobStatus.DONE, error=error and error[:255],
                finished_at=now, updated_at=now, lease_owner=None, lease_expires_at=None,
            )
        )
    return result.rowcount == 1


def jobs_to_resume(db: Database, resend_after_s: float) -> list[str]:
    """Slices whose worker died (running, lease expired) or that were never handed to a worker."""
    now = utcnow()
    with db.session() as session:
        return list(
            session.scalars(
                select(QaJob.id).where(
                    or_(
                        and_(QaJob.status == JobStatus.RUNNING, QaJob.lease_expires_at < now),
                        and_(
                            QaJob.status == JobStatus.QUEUED,
                            or_(QaJob.enqueued_at.is_(None), QaJob.enqueued_at < now - timedelta(seconds=resend_after_s)),
                        ),
                    )
                )
            )
        )


def active_job(db: Database, *, only_pending: bool | None = None) -> str | None:
    """A queued or running re-score (of that kind), if there is one."""
    with db.session() as session:
        conditions = [QaJob.status.in_((JobStatus.QUEUED, JobStatus.RUNNING))]
        if only_pending is not None:
            conditions.append(QaJob.only_pending.is_(only_pending))
        return session.scalars(select(QaJob.batch_id).where(*conditions).limit(1)).first()


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(CallQa).where(CallQa.status == QaStatus.PENDING)) or 0)


# --- reports -------------------------------------------------------------------------


@dataclass(frozen=True)
class QaReport:
    avg_score: float | None
    by_agent: list[tuple[str | None, int, float]]  # agent, calls scored, average score
    by_team: list[tuple[str | None, int, float]]
    failed_items: list[tuple[str, int]]  # most often failed first
    categories_per_week: list[tuple[date, str, int]]


def _week(dialect: str):  # noqa: ANN202 - a SQL expression: the Monday of the call's UTC week
    if dialect == "postgresql":
        return func.date(func.date_trunc("week", func.timezone("UTC", Call.created_at)))
    return func.date(Call.created_at, "weekday 0", "-6 days")


def qa_report(session: Session, where: list, dialect: str, *, top_n: int = 10) -> QaReport:
    """QA aggregates over the calls matching ``where`` (the report's filters and scope)."""
    scored = and_(CallQa.call_id == Call.id, CallQa.score.is_not(None))

    def by(column) -> list[tuple[str | None, int, float]]:  # noqa: ANN001
        rows = session.execute(
            select(column, func.count(), func.avg(CallQa.score))
            .select_from(Call).join(CallQa, scored).where(*where)
            .group_by(column).order_by(func.avg(CallQa.score).desc(), column)
        ).all()
        return [(k, int(n), round(float(avg), 1)) for k, n, avg in rows]

    avg = session.scalar(select(func.avg(CallQa.score)).select_from(Call).join(CallQa, scored).where(*where))
    failed = session.execute(
        select(CallQaTag.name, func.count())
        .select_from(Call).join(CallQaTag, CallQaTag.call_id == Call.id)
        .where(*where, CallQaTag.kind == TAG_FAILED)
        .group_by(CallQaTag.name).order_by(func.count().desc(), CallQaTag.name).limit(top_n)
    ).all()
    week = _week(dialect).label("week")
    weekly = session.execute(
        select(week, CallQaTag.name, func.count())
        .select_from(Call).join(CallQaTag, CallQaTag.call_id == Call.id)
        .where(*where, CallQaTag.kind == TAG_CATEGORY)
        .group_by(week, CallQaTag.name).order_by(week, CallQaTag.name)
    ).all()
    return QaReport(
        avg_score=None if avg is None else round(float(avg), 1),
        by_agent=by(Call.agent_id),
        by_team=by(Call.team),
        failed_items=[(str(n), int(c)) for n, c in failed],
        categories_per_week=[(_as_date(w), str(n), int(c)) for w, n, c in weekly],
    )


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
