"""The call log's tables.

A ``calls`` row is small and holds everything lists, filters and reports
read (status, progress, metadata, the filter columns); the full result and
its text exports live in ``call_results`` so scans stay cheap. Times are
stored in UTC and always returned timezone-aware.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class CallStatus:
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    ALL = (QUEUED, PROCESSING, DONE, FAILED)


class Role:
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    ALL = (AGENT, SUPERVISOR, ADMIN)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(100))
    # sha256 of the key: keys are 256-bit random tokens, so a fast hash is
    # enough (no dictionary to attack) and lookups stay one index probe.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_prefix: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Call(Base):
    __tablename__ = "calls"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=CallStatus.QUEUED)
    stage: Mapped[str | None] = mapped_column(String(32))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)

    # who and what (metadata given at upload)
    agent_id: Mapped[str | None] = mapped_column(String(100))
    team: Mapped[str | None] = mapped_column(String(100))
    external_id: Mapped[str | None] = mapped_column(String(200))
    uploaded_by: Mapped[int | None] = mapped_column(Integer)
    filename: Mapped[str | None] = mapped_column(String(255))
    language_requested: Mapped[str | None] = mapped_column(String(16))
    channels: Mapped[str | None] = mapped_column(String(100))  # e.g. "agent,customer"
    hotwords: Mapped[str | None] = mapped_column(Text)
    callback_url: Mapped[str | None] = mapped_column(Text)

    # the audio, relative to the audio store's root
    audio_path: Mapped[str] = mapped_column(String(255))
    audio_sha256: Mapped[str] = mapped_column(String(64))
    audio_bytes: Mapped[int] = mapped_column(BigInteger)
    audio_format: Mapped[str] = mapped_column(String(16))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # the claim (see calls.claim): who holds it and until when
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker_deaths: Mapped[int] = mapped_column(Integer, default=0)

    # webhook to callback_url: pending | delivered | failed
    webhook_status: Mapped[str | None] = mapped_column(String(16))
    webhook_attempts: Mapped[int] = mapped_column(Integer, default=0)
    webhook_enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    webhook_error: Mapped[str | None] = mapped_column(String(255))

    # retention (store/retention.py): a hold stops it; what it removed and when
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    audio_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    results_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the unredacted upload, kept only with CALLBRIEF_KEEP_ORIGINAL_AUDIO (admins only)
    original_audio_path: Mapped[str | None] = mapped_column(String(255))

    # filter columns, copied from the result when the call is done
    language: Mapped[str | None] = mapped_column(String(16))
    duration_s: Mapped[float | None] = mapped_column(Float)
    agent_talk_ratio: Mapped[float | None] = mapped_column(Float)
    customer_talk_ratio: Mapped[float | None] = mapped_column(Float)
    silence_s: Mapped[float | None] = mapped_column(Float)
    interruptions: Mapped[int | None] = mapped_column(Integer)
    sentiment_start: Mapped[str | None] = mapped_column(String(16))
    sentiment_end: Mapped[str | None] = mapped_column(String(16))
    resolution: Mapped[str | None] = mapped_column(String(16))
    follow_up_required: Mapped[bool | None] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))  # the reason as a taxonomy id (migration 0002)
    summary_text: Mapped[str | None] = mapped_column(Text)
    # turn texts + summary; indexed by full-text search (see search.py)
    search_text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_calls_created_at", "created_at"),
        Index("ix_calls_agent_created", "agent_id", "created_at"),
        Index("ix_calls_team_created", "team", "created_at"),
        Index("ix_calls_status", "status"),
        Index("ix_calls_category_created", "category", "created_at"),
        # One call per audio + external id within its owner (team, agent): see migration 0003.
        Index(
            "uq_calls_owner_external_sha", "external_id", "audio_sha256",
            text("coalesce(team, '')"), text("coalesce(agent_id, '')"), unique=True,
        ),
    )


class CallResultRow(Base):
    __tablename__ = "call_results"

    call_id: Mapped[str] = mapped_column(String(32), ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    result_json: Mapped[str] = mapped_column(Text)  # CallResult.serialize()
    summary_json: Mapped[str | None] = mapped_column(Text)
    analytics_json: Mapped[str] = mapped_column(Text)
    srt: Mapped[str] = mapped_column(Text)
    vtt: Mapped[str] = mapped_column(Text)
    rttm: Mapped[str] = mapped_column(Text)
    txt: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer)
    user_name: Mapped[str | None] = mapped_column(String(100))
    call_id: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (Index("ix_audit_call", "call_id", "at"),)


class WorkerHeartbeat(Base):
    __tablename__ = "worker_heartbeats"

    worker_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    engines: Mapped[str] = mapped_column(Text, default="")  # comma-separated loaded engines
    current_call_id: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StageTotal(Base):
    __tablename__ = "stage_totals"

    stage: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    sum_s: Mapped[float] = mapped_column(Float, default=0.0)


class StageBucket(Base):
    """Cumulative histogram buckets of stage durations (Prometheus ``le``)."""

    __tablename__ = "stage_buckets"

    stage: Mapped[str] = mapped_column(String(32), primary_key=True)
    le_s: Mapped[float] = mapped_column(Float, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)


class SiteConfig(Base):
    __tablename__ = "site_config"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class UiSession(Base):
    """A browser session of the web pages. The browser holds only the random
    session id (its sha256 is stored); the session is valid while the user's
    key is the one it was opened with and the user is enabled."""

    __tablename__ = "ui_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    key_hash: Mapped[str] = mapped_column(String(64))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_ui_sessions_user", "user_id"),)


class UiPreference(Base):
    __tablename__ = "ui_preferences"

    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(8))


class SummaryRevision(Base):
    """A reviewed summary: accepted as generated, or corrected. The generated
    summary stays in ``call_results``; each review adds a numbered revision."""

    __tablename__ = "summary_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    call_id: Mapped[str] = mapped_column(String(32), ForeignKey("calls.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # "accepted" | "corrected"
    changed_fields: Mapped[str] = mapped_column(String(200), default="")  # comma-separated
    summary_json: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(Integer)
    user_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("call_id", "number", name="uq_summary_revisions_call_number"),)


class QaRuleSet(Base):
    """One version of the site's QA rule file (YAML); the highest version is in force."""

    __tablename__ = "qa_rule_sets"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))
    comment: Mapped[str | None] = mapped_column(String(255))


class QaStatus:
    SCORED = "scored"
    PENDING = "pending"  # the rule set could not be loaded; scored by the next re-score


class CallQa(Base):
    """A call's QA result: score, items with evidence, categories (``result_json``)."""

    __tablename__ = "call_qa"

    call_id: Mapped[str] = mapped_column(String(32), ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    rule_set_version: Mapped[int | None] = mapped_column(Integer)  # 0: the built-in default rules
    score: Mapped[float | None] = mapped_column(Float)
    result_json: Mapped[str | None] = mapped_column(Text)
    # what the rules read of the call, compact (pipeline.qa.call.compact): re-scores read this
    input_json: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(String(500))
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # how many times it was written
    job_id: Mapped[str | None] = mapped_column(String(32))  # the re-score job that wrote it last

    __table_args__ = (Index("ix_call_qa_status", "status"), Index("ix_call_qa_score", "score"))


class CallQaTag(Base):
    """What the call-log filters read: ``category`` (a matched QA category)
    and ``failed`` (a scorecard item not met)."""

    __tablename__ = "call_qa_tags"

    call_id: Mapped[str] = mapped_column(String(32), ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)

    __table_args__ = (Index("ix_call_qa_tags_kind_name", "kind", "name", "call_id"),)


class QaJob(Base):
    """One slice of a re-score of stored calls (the calls whose id is in
    [``id_from``, ``id_to``)), done in chunks; ``cursor`` is the last call id
    scored (calls are taken in id order), so a slice resumes where it stopped.
    The slices of one re-score share a ``batch_id`` and run in parallel."""

    __tablename__ = "qa_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(32))
    id_from: Mapped[str | None] = mapped_column(String(32))
    id_to: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))  # queued | running | done | failed
    rule_set_version: Mapped[int | None] = mapped_column(Integer)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    only_pending: Mapped[bool] = mapped_column(Boolean, default=False)  # calls not yet scored only
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    cursor: Mapped[str | None] = mapped_column(String(32))
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requested_by: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_qa_jobs_status", "status"), Index("ix_qa_jobs_batch", "batch_id"))
