"""Call rows: create (idempotent), the atomic claim, progress, results, delete.

The life of a call, and who moves it:

    queued ──claim──> processing ──finish──> done
       ^                 │  └──────fail────> failed
       └────release──────┘   (a retryable error: back in the queue)

Only :func:`claim` moves a call to ``processing``, with one conditional
UPDATE, so of two deliveries of the same task exactly one wins. The
winner holds a lease (owner id + expiry) that it renews while working;
every later write is conditional on still holding it. A call whose lease
ran out (its worker died) can be claimed again; each such take-over counts
as a worker death, and after ``max_deaths`` the call fails with
``worker_lost`` instead of killing workers forever.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline.errors import ErrorCode
from store import search, stats
from store.audio import AudioStore
from store.db import Database
from store.models import AuditEntry, Call, CallResultRow, CallStatus, utcnow


def new_call_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class NewCall:
    audio_path: str
    audio_sha256: str
    audio_bytes: int
    audio_format: str
    filename: str | None = None
    agent_id: str | None = None
    team: str | None = None
    external_id: str | None = None
    uploaded_by: int | None = None
    language_requested: str | None = None
    channels: str | None = None
    hotwords: str | None = None
    callback_url: str | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class ResultRecord:
    """What a finished call stores: the result, its exports, and the columns
    that lists, filters, search and reports read."""

    result_json: str
    analytics_json: str
    summary_json: str | None
    exports: dict[str, str]  # srt, vtt, rttm, txt
    search_text: str
    language: str | None = None
    duration_s: float | None = None
    agent_talk_ratio: float | None = None
    customer_talk_ratio: float | None = None
    silence_s: float | None = None
    interruptions: int | None = None
    sentiment_start: str | None = None
    sentiment_end: str | None = None
    resolution: str | None = None
    follow_up_required: bool | None = None
    reason: str | None = None
    category: str | None = None
    summary_text: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)


class Claim(str, Enum):
    CLAIMED = "claimed"
    BUSY = "busy"  # another live worker holds it
    FINISHED = "finished"  # done or failed already
    MISSING = "missing"  # deleted
    WORKER_LOST = "worker_lost"  # failed now: too many worker deaths


def find_duplicate(
    session: Session, external_id: str | None, sha256: str, team: str | None, agent_id: str | None
) -> Call | None:
    """The call already uploaded with this audio and external id for the same
    owner (team and agent). Other owners' calls are never matched: answering
    with them would tell that they exist."""
    if not external_id:
        return None
    return session.scalars(
        select(Call).where(
            Call.external_id == external_id,
            Call.audio_sha256 == sha256,
            func.coalesce(Call.team, "") == (team or ""),
            func.coalesce(Call.agent_id, "") == (agent_id or ""),
        )
    ).first()


def create_call(db: Database, call_id: str, new: NewCall) -> tuple[Call, bool]:
    """Insert a queued call; with an external id already seen for the same
    audio and owner, return that call instead (``created`` False)."""
    with db.session() as session:
        existing = find_duplicate(session, new.external_id, new.audio_sha256, new.team, new.agent_id)
    if existing is not None:
        return existing, False
    now = new.created_at or utcnow()
    call = Call(
        id=call_id,
        status=CallStatus.QUEUED,
        progress=0,
        attempts=0,
        worker_deaths=0,
        webhook_attempts=0,
        created_at=now,
        updated_at=now,
        **{k: v for k, v in new.__dict__.items() if k != "created_at"},
    )
    try:
        with db.transaction() as session:
            session.add(call)
    except IntegrityError:
        # A concurrent upload of the same audio + external id won the race.
        with db.session() as session:
            existing = find_duplicate(session, new.external_id, new.audio_sha256, new.team, new.agent_id)
        if existing is None:
            raise
        return existing, False
    return call, True


def get_call(session: Session, call_id: str) -> Call | None:
    return session.get(Call, call_id)


def get_result(session: Session, call_id: str) -> CallResultRow | None:
    return session.get(CallResultRow, call_id)


def mark_enqueued(db: Database, call_ids: list[str], *, webhook: bool = False, at: datetime | None = None) -> None:
    """Record when a message for the call (or its webhook) was sent, or with
    ``at``, when a delayed one (a retry's countdown) is due."""
    column = Call.webhook_enqueued_at if webhook else Call.enqueued_at
    with db.transaction() as session:
        session.execute(update(Call).where(Call.id.in_(call_ids)).values({column: at or utcnow()}))


def take_for_resend(db: Database, call_id: str, seen_enqueued_at: datetime | None) -> bool:
    """Mark a queued call as sent again now, unless another process did since
    ``seen_enqueued_at`` was read: of two requeue checks, one sends."""
    seen = Call.enqueued_at.is_(None) if seen_enqueued_at is None else Call.enqueued_at == seen_enqueued_at
    with db.transaction() as session:
        result = session.execute(
            update(Call).where(Call.id == call_id, Call.status == CallStatus.QUEUED, seen).values(enqueued_at=utcnow())
        )
    return result.rowcount == 1


def undo_resend(db: Database, call_id: str, previous_enqueued_at: datetime | None) -> None:
    """The message could not be sent after all: leave the call as it was, for the next check."""
    with db.transaction() as session:
        session.execute(
            update(Call).where(Call.id == call_id, Call.status == CallStatus.QUEUED).values(enqueued_at=previous_enqueued_at)
        )


def claim_delivery(db: Database, call_id: str, lease_s: float) -> bool:
    """Take a due webhook delivery for ``lease_s``: of two workers that find
    it pending, one sends it. ``webhook_enqueued_at`` is when the next
    attempt is due (an attempt in progress holds it in the future)."""
    now = utcnow()
    with db.transaction() as session:
        result = session.execute(
            update(Call)
            .where(
                Call.id == call_id,
                Call.webhook_status == "pending",
                or_(Call.webhook_enqueued_at.is_(None), Call.webhook_enqueued_at <= now),
            )
            .values(webhook_enqueued_at=now + timedelta(seconds=lease_s))
        )
    return result.rowcount == 1


def claim(
    db: Database,
    call_id: str,
    owner: str,
    *,
    lease_s: float,
    max_deaths: int,
    dead_owner: str | None = None,
) -> Claim:
    """Move the call to ``processing`` for ``owner``, atomically.

    Claimable: a queued call; a processing call whose lease expired, whose
    holder is ``dead_owner`` (known dead), or is ``owner`` itself (a retry
    in the same process)."""
    now = utcnow()
    taking_over = and_(Call.status == CallStatus.PROCESSING, func.coalesce(Call.lease_owner, "") != owner)
    claimable = or_(
        Call.status == CallStatus.QUEUED,
        and_(
            Call.status == CallStatus.PROCESSING,
            or_(Call.lease_expires_at < now, Call.lease_owner == owner, Call.lease_owner == (dead_owner or owner)),
        ),
    )
    with db.transaction() as session:
        result = session.execute(
            update(Call)
            .where(Call.id == call_id, claimable)
            .values(
                status=CallStatus.PROCESSING,
                lease_owner=owner,
                lease_expires_at=now + timedelta(seconds=lease_s),
                attempts=Call.attempts + 1,
                worker_deaths=Call.worker_deaths + case((taking_over, 1), else_=0),
                started_at=func.coalesce(Call.started_at, now),
                stage="queued",
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            deaths = session.scalar(select(Call.worker_deaths).where(Call.id == call_id)) or 0
            if deaths >= max_deaths:
                _set_failed(
                    session,
                    call_id,
                    ErrorCode.WORKER_LOST,
                    f"the worker processing this call stopped {deaths} times (out of memory, killed, "
                    "or over the time limit); not retried again",
                )
                return Claim.WORKER_LOST
            return Claim.CLAIMED
        status = session.scalar(select(Call.status).where(Call.id == call_id))
    if status is None:
        return Claim.MISSING
    if status in (CallStatus.DONE, CallStatus.FAILED):
        return Claim.FINISHED
    return Claim.BUSY


def _held_by(call_id: str, owner: str) -> list:
    return [Call.id == call_id, Call.status == CallStatus.PROCESSING, Call.lease_owner == owner]


def renew_lease(db: Database, call_id: str, owner: str, lease_s: float) -> bool:
    now = utcnow()
    with db.transaction() as session:
        result = session.execute(
            update(Call).where(*_held_by(call_id, owner)).values(lease_expires_at=now + timedelta(seconds=lease_s))
        )
    return result.rowcount == 1


def update_progress(db: Database, call_id: str, owner: str, stage: str, percent: int, lease_s: float) -> bool:
    """Record progress (and renew the lease); False if the claim was lost."""
    now = utcnow()
    with db.transaction() as session:
        result = session.execute(
            update(Call)
            .where(*_held_by(call_id, owner))
            .values(
                stage=stage,
                progress=max(0, min(int(percent), 99)),
                lease_expires_at=now + timedelta(seconds=lease_s),
                updated_at=now,
            )
        )
    return result.rowcount == 1


def finish(
    db: Database, call_id: str, owner: str, record: ResultRecord, also: Callable[[Session], None] | None = None,
    *, redacted_audio: str | None = None, keep_original_audio: bool = False, audio: AudioStore | None = None,
) -> bool:
    """Store the result and mark the call done, in one transaction; False
    (and nothing written) if this worker no longer holds the call. ``also``
    writes more in the same transaction (the call's QA result).
    ``redacted_audio``: the stored audio with the redacted words removed
    becomes the call's audio; the upload is kept (``original_audio_path``)
    only with ``keep_original_audio``, otherwise deleted from ``audio``."""
    now = utcnow()
    replaced: str | None = None
    with db.transaction() as session:
        row = session.scalars(select(Call).where(*_held_by(call_id, owner)).with_for_update()).first()
        if row is None:
            return False
        if redacted_audio is not None and redacted_audio != row.audio_path:
            replaced = row.audio_path
            row.original_audio_path = replaced if keep_original_audio else None
            row.audio_path = redacted_audio
            row.audio_format = "wav"
        session.add(
            CallResultRow(
                call_id=call_id,
                result_json=record.result_json,
                summary_json=record.summary_json,
                analytics_json=record.analytics_json,
                srt=record.exports.get("srt", ""),
                vtt=record.exports.get("vtt", ""),
                rttm=record.exports.get("rttm", ""),
                txt=record.exports.get("txt", ""),
                created_at=now,
            )
        )
        for name in (
            "language", "duration_s", "agent_talk_ratio", "customer_talk_ratio", "silence_s",
            "interruptions", "sentiment_start", "sentiment_end", "resolution", "follow_up_required",
            "reason", "category", "summary_text", "search_text",
        ):
            setattr(row, name, getattr(record, name))
        row.status = CallStatus.DONE
        row.stage = "done"
        row.progress = 100
        row.finished_at = now
        row.updated_at = now
        row.lease_owner = None
        row.lease_expires_at = None
        row.worker_deaths = 0
        if row.callback_url:
            # The finishing worker notifies right away; the requeue check
            # resends only if it has not happened long after this.
            row.webhook_status = "pending"
            row.webhook_enqueued_at = now
        search.index_call(session, db.dialect, call_id, record.search_text)
        stats.record_stage_durations(session, record.stage_seconds)
        if also is not None:
            also(session)
    if replaced is not None and not keep_original_audio and audio is not None:
        audio.delete(replaced)  # after the commit, as delete_call does
    return True


def fail(db: Database, call_id: str, owner: str | None, code: ErrorCode, message: str) -> bool:
    """Mark the call failed with a stable code; with ``owner``, only if still held."""
    with db.transaction() as session:
        conditions = _held_by(call_id, owner) if owner else [Call.id == call_id]
        row = session.scalars(select(Call.id).where(*conditions)).first()
        if row is None:
            return False
        _set_failed(session, call_id, code, message)
    return True


def _set_failed(session: Session, call_id: str, code: ErrorCode, message: str) -> None:
    now = utcnow()
    call = session.get(Call, call_id)
    assert call is not None
    call.status = CallStatus.FAILED
    call.error_code = str(code)  # the plain value, whatever the driver does with enums
    call.error_message = message[:2000]
    call.finished_at = now
    call.updated_at = now
    call.lease_owner = None
    call.lease_expires_at = None
    if call.callback_url:
        call.webhook_status = "pending"
        call.webhook_enqueued_at = now


def release(db: Database, call_id: str, owner: str, *, resent: bool = False) -> bool:
    """Give a held call back to the queue (a retryable error, or a worker
    stopped on purpose; not a death). ``resent``: the caller sends it again
    itself (a task retry); otherwise the next requeue check does."""
    now = utcnow()
    with db.transaction() as session:
        result = session.execute(
            update(Call)
            .where(*_held_by(call_id, owner))
            .values(
                status=CallStatus.QUEUED, lease_owner=None, lease_expires_at=None, stage=None, progress=0,
                enqueued_at=now if resent else None, updated_at=now,
            )
        )
    return result.rowcount == 1


def requeue_dead(db: Database, call_id: str, owner: str | None, *, owner_known_dead: bool) -> bool:
    """Put a call whose worker died back in the queue: its lease ran out, or
    its holder is a process known to be gone. Counts a worker death, clears
    the stale progress, and marks it sent (the caller sends it). False if
    someone else got there first or the worker is alive after all."""
    now = utcnow()
    dead = or_(Call.lease_expires_at < now, Call.lease_owner == owner) if owner_known_dead else Call.lease_expires_at < now
    owned_by = Call.lease_owner.is_(None) if owner is None else Call.lease_owner == owner
    with db.transaction() as session:
        result = session.execute(
            update(Call)
            .where(Call.id == call_id, Call.status == CallStatus.PROCESSING, owned_by, dead)
            .values(
                status=CallStatus.QUEUED, lease_owner=None, lease_expires_at=None, stage=None, progress=0,
                worker_deaths=Call.worker_deaths + 1, enqueued_at=now, updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    return result.rowcount == 1


def set_webhook_state(
    db: Database, call_id: str, status: str, error: str | None = None, *, next_attempt_at: datetime | None = None
) -> None:
    """After an attempt: delivered, failed for good, or pending again (due at
    ``next_attempt_at``, default now)."""
    with db.transaction() as session:
        session.execute(
            update(Call)
            .where(Call.id == call_id)
            .values(
                webhook_status=status, webhook_error=error, webhook_attempts=Call.webhook_attempts + 1,
                webhook_enqueued_at=next_attempt_at or utcnow(),
            )
        )


def delete_call(db: Database, audio: AudioStore, call_id: str, *, audit_action: str | None = None) -> bool:
    """Remove the call, its result, its search entry and its audio files
    (redacted and original). A call under legal hold is not removed (False).
    ``audit_action``: the removal is written to the audit log by the system
    (retention); a user's removal is audited by the caller."""
    with db.transaction() as session:
        call = session.get(Call, call_id)
        if call is None or call.legal_hold:
            return False
        audio_paths = [p for p in (call.audio_path, call.original_audio_path) if p]
        search.unindex_call(session, db.dialect, call_id)
        session.execute(delete(CallResultRow).where(CallResultRow.call_id == call_id))
        session.delete(call)
        if audit_action:
            session.add(AuditEntry(at=utcnow(), user_name="retention", call_id=call_id, action=audit_action))
    # After the commit: a failed unlink leaves an orphan file, never a row
    # pointing at a missing file.
    for path in audio_paths:
        audio.delete(path)
    return True


def summary_of(row: CallResultRow) -> dict | None:
    return json.loads(row.summary_json) if row.summary_json else None
