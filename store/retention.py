"""Retention: what the site keeps, and for how long.

Three periods, each off unless set (``CALLBRIEF_*_RETENTION_DAYS``):

    audio        the audio files (redacted and original); the call, its
                 transcript and summary stay
    transcript   the results (transcript, summary, analytics, exports) and
                 the search entry; the call row with its filter columns stays
    call         the whole call, as ``DELETE /v1/calls/{id}`` removes it

counted from the call's upload. A call under legal hold is never touched,
nor is one still queued or processing. :func:`expire` works in batches,
each call in its own transaction with its audit-log line, so a run that is
stopped half-way leaves every call either done or untouched and the next
run carries on; running it twice (or on two workers at once) is harmless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from store import calls, search
from store.audio import AudioStore
from store.db import Database
from store.models import AuditEntry, Call, CallResultRow, CallStatus, utcnow

log = logging.getLogger(__name__)

SYSTEM_USER = "retention"


@dataclass(frozen=True)
class RetentionPolicy:
    audio_days: float | None = None
    transcript_days: float | None = None
    call_days: float | None = None

    @property
    def active(self) -> bool:
        return any(days is not None for days in (self.audio_days, self.transcript_days, self.call_days))


@dataclass(frozen=True)
class RetentionRun:
    calls_deleted: int = 0
    transcripts_deleted: int = 0
    audio_deleted: int = 0


def audit(session: Session, action: str, call_id: str, detail: str | None = None) -> None:
    """An audit-log line written by the system, not by a user."""
    session.add(AuditEntry(at=utcnow(), user_id=None, user_name=SYSTEM_USER, call_id=call_id, action=action, detail=detail))


def _expired(days: float, now: datetime) -> list[ColumnElement[bool]]:
    return [
        Call.created_at < now - timedelta(days=days),
        Call.legal_hold.is_(False),
        Call.status.in_((CallStatus.DONE, CallStatus.FAILED)),
    ]


def _batch(db: Database, conditions: list[ColumnElement[bool]], size: int) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Call.id).where(*conditions).order_by(Call.created_at).limit(size)))


def expire(
    db: Database, audio: AudioStore, policy: RetentionPolicy, *, batch: int = 200, max_batches: int = 50,
    now: datetime | None = None,
) -> RetentionRun:
    """Remove what the policy says has expired; at most ``max_batches`` batches
    of each kind per run (the next run continues)."""
    now = now or utcnow()
    deleted = transcripts = audio_files = 0
    if policy.call_days is not None:
        for _ in range(max_batches):
            ids = _batch(db, _expired(policy.call_days, now), batch)
            deleted += sum(calls.delete_call(db, audio, call_id, audit_action="retention_delete_call") for call_id in ids)
            if len(ids) < batch:
                break
    if policy.transcript_days is not None:
        for _ in range(max_batches):
            ids = _batch(db, [*_expired(policy.transcript_days, now), Call.results_deleted_at.is_(None)], batch)
            transcripts += sum(_delete_results(db, call_id, now) for call_id in ids)
            if len(ids) < batch:
                break
    if policy.audio_days is not None:
        for _ in range(max_batches):
            ids = _batch(db, [*_expired(policy.audio_days, now), Call.audio_deleted_at.is_(None)], batch)
            audio_files += sum(_delete_audio(db, audio, call_id, now) for call_id in ids)
            if len(ids) < batch:
                break
    run = RetentionRun(deleted, transcripts, audio_files)
    if deleted or transcripts or audio_files:
        log.info("retention: %d calls, %d transcripts, %d audio files removed", deleted, transcripts, audio_files)
    return run


def _delete_results(db: Database, call_id: str, now: datetime) -> bool:
    with db.transaction() as session:
        marked = session.execute(
            update(Call)
            .where(Call.id == call_id, Call.legal_hold.is_(False), Call.results_deleted_at.is_(None))
            .values(results_deleted_at=now, search_text=None, summary_text=None, reason=None, updated_at=now)
        )
        if marked.rowcount != 1:
            return False
        search.unindex_call(session, db.dialect, call_id)
        session.execute(delete(CallResultRow).where(CallResultRow.call_id == call_id))
        audit(session, "retention_delete_transcript", call_id)
    return True


def _delete_audio(db: Database, audio: AudioStore, call_id: str, now: datetime) -> bool:
    with db.transaction() as session:
        call = session.get(Call, call_id)
        if call is None or call.legal_hold or call.audio_deleted_at is not None:
            return False
        paths = [p for p in (call.audio_path, call.original_audio_path) if p]
        call.audio_deleted_at = now
        call.original_audio_path = None
        call.updated_at = now
        audit(session, "retention_delete_audio", call_id)
    # After the commit (as delete_call does): a failed unlink leaves an
    # orphan file, never a row pointing at a file it says is kept.
    for path in paths:
        audio.delete(path)
    return True


def set_legal_hold(db: Database, call_id: str, hold: bool, user_id: int | None, user_name: str | None) -> bool:
    """Put a call under legal hold, or lift it; audited. False if no such call."""
    with db.transaction() as session:
        result = session.execute(update(Call).where(Call.id == call_id).values(legal_hold=hold))
        if result.rowcount != 1:
            return False
        session.add(AuditEntry(at=utcnow(), user_id=user_id, user_name=user_name, call_id=call_id,
                               action="legal_hold" if hold else "legal_hold_lifted"))  # fmt: skip
    return True
