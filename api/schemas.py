"""Request and response bodies (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.types import Role as PartyRole

CallStatusLiteral = Literal["queued", "processing", "done", "failed"]
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_PARTIES = {r.value for r in PartyRole if r is not PartyRole.UNKNOWN}


class CallCreate(BaseModel):
    """The form fields sent with an upload (all optional)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    agent_id: str | None = Field(default=None, max_length=100)
    team: str | None = Field(default=None, max_length=100)
    external_id: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, description="force the language (e.g. 'en', 'ko'); default: detect")
    channels: str | None = Field(
        default=None, description="role of each stereo channel, in order, e.g. 'agent,customer'"
    )
    hotwords: str | None = Field(default=None, max_length=2000)
    callback_url: str | None = Field(default=None, max_length=2000)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not _LANGUAGE.match(value):
            raise ValueError("a language code such as 'en' or 'ko'")
        return value

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = [p.strip().lower() for p in value.split(",")]
        if not 1 <= len(parts) <= 8 or any(p not in _PARTIES for p in parts):
            raise ValueError("a comma-separated list of 'agent'/'customer', one per channel")
        return ",".join(parts)

    @field_validator("callback_url")
    @classmethod
    def _callback(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("an http:// or https:// URL")
        return value


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorPublic(BaseModel):
    error: ErrorDetail


class CallLinks(BaseModel):
    status: str
    summary: str
    transcript: str
    analytics: str
    audio: str
    events: str


class CallPublic(BaseModel):
    id: str
    status: CallStatusLiteral
    progress: int = Field(description="0-100")
    stage: str | None
    error: ErrorDetail | None
    agent_id: str | None
    team: str | None
    external_id: str | None
    filename: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    language: str | None
    duration_s: float | None
    sentiment_end: str | None
    resolution: str | None
    follow_up_required: bool | None
    reason: str | None
    links: CallLinks


class CallAccepted(BaseModel):
    id: str
    status: CallStatusLiteral
    status_url: str
    duplicate: bool = Field(description="true when this audio + external_id was uploaded before")
    call: CallPublic


class CallPage(BaseModel):
    items: list[CallPublic]
    limit: int
    offset: int
    next_offset: int | None


class SummaryPublic(BaseModel):
    call_id: str
    summary: dict[str, Any] | None = Field(description="the grounded summary; null when the call had no speech")
    warnings: list[str]


class TranscriptPublic(BaseModel):
    call_id: str
    language: str | None
    speaker_source: str | None
    roles: dict[str, Any] | None
    turns: list[dict[str, Any]]
    segments: list[dict[str, Any]]


class AnalyticsPublic(BaseModel):
    call_id: str
    analytics: dict[str, Any]


class DayCount(BaseModel):
    day: date
    calls: int


class ReasonCount(BaseModel):
    reason: str
    calls: int


class ReportPublic(BaseModel):
    calls: int
    by_status: dict[str, int]
    calls_per_day: list[DayCount]
    avg_handle_time_s: float | None
    avg_agent_talk_ratio: float | None
    avg_customer_talk_ratio: float | None
    avg_silence_s: float | None
    avg_interruptions: float | None
    share_resolved: float | None
    resolution: dict[str, int]
    sentiment_start: dict[str, int]
    sentiment_end: dict[str, int]
    top_reasons: list[ReasonCount]
    follow_up_required: int


class UserPublic(BaseModel):
    name: str
    role: str
    team: str | None


class ReadinessPublic(BaseModel):
    ready: bool
    database: str
    broker: str
    workers: int
    models_loaded: list[str]
