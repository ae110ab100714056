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
)
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
    summary_text: Mapped[str | None] = mapped_column(Text)
    # turn texts + summary; indexed by full-text search (see search.py)
    search_text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_calls_created_at", "created_at"),
        Index("ix_calls_agent_created", "agent_id", "created_at"),
        Index("ix_calls_team_created", "team", "created_at"),
        Index("ix_calls_status", "status"),
        Index("uq_calls_external_sha", "external_id", "audio_sha256", unique=True),
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
