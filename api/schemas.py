"""Request and response bodies (``XCreate`` in, ``XPublic`` out)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.qa_schemas import AgentScore, CategoryWeek, ItemFailures, TeamScore

from pipeline import types
from pipeline.asr.languages import parse_language
from pipeline.errors import InputError
from pipeline.options import parse_channel_roles
from pipeline.types import Role as PartyRole

CallStatusLiteral = Literal["queued", "processing", "done", "failed"]


class CallCreate(BaseModel):
    """The form fields sent with an upload (all optional)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    agent_id: str | None = Field(default=None, max_length=100)
    team: str | None = Field(default=None, max_length=100)
    external_id: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, description="force the language (e.g. 'en', 'ko'); default: detect")
    channels: str | None = Field(
        default=None, description="role of each stereo channel, in order: 'agent,customer' (the default) or 'customer,agent'"
    )
    hotwords: str | None = Field(default=None, max_length=2000)
    callback_url: str | None = Field(default=None, max_length=2000)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            # PostgreSQL cannot store it; refuse it here rather than fail there.
            raise ValueError("contains a NUL character")
        return None if value == "" else value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return parse_language(value)
        except InputError as exc:
            raise ValueError(exc.message) from exc

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            roles = parse_channel_roles(value)
        except InputError as exc:
            raise ValueError(exc.message) from exc
        return ",".join(role.value for role in roles)

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
    category: str | None = Field(default=None, description="the reason as an id of the site's taxonomy")
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


# --- a call's results: mirrors of the dataclasses in pipeline.types ---------
#
# Each ``XPublic`` below names the dataclass it mirrors (``mirrors``), field
# for field and in the same order, so the stored JSON (``CallResult.serialize``)
# is returned as it is and /docs describes it. tests/api/test_schemas.py fails
# when a dataclass gains a field its mirror lacks; until then the field is
# still returned (``extra="allow"``), only undocumented.


class _Mirror(BaseModel):
    model_config = ConfigDict(extra="allow")

    mirrors: ClassVar[type]
    added: ClassVar[tuple[str, ...]] = ()  # fields the API adds to the dataclass's


class WordPublic(_Mirror):
    mirrors = types.Word

    start: float = Field(description="seconds from the start of the call")
    end: float
    text: str
    probability: float = Field(description="recognition confidence, 0..1")
    speaker: str | None = None


class SegmentPublic(_Mirror):
    mirrors = types.Segment

    id: int
    start: float
    end: float
    text: str
    words: list[WordPublic]
    channel: int | None = Field(default=None, description="source channel of a stereo call")
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0


class TurnPublic(_Mirror):
    mirrors = types.Turn

    id: int = Field(description="the id the summary's turn_ids cite")
    speaker: str = Field(description="speaker label: 'ch0', 'ch1' (stereo channels) or 'SPEAKER_00'… (diarization)")
    role: PartyRole
    start: float
    end: float
    text: str
    words: list[WordPublic]


class RoleAssignmentPublic(_Mirror):
    mirrors = types.RoleAssignment

    roles: dict[str, PartyRole] = Field(description="speaker label -> party")
    confidence: float = Field(description="0..1")
    method: str = Field(description="'channels', 'heuristic' or 'default'")


class GapPublic(_Mirror):
    mirrors = types.Gap

    start: float
    end: float


class InterruptionPublic(_Mirror):
    mirrors = types.Interruption

    interrupter: PartyRole
    interrupted: PartyRole
    start: float
    duration: float


class PartyStatsPublic(_Mirror):
    mirrors = types.PartyStats

    role: PartyRole
    talk_time: float = Field(description="seconds")
    talk_ratio: float = Field(description="share of the call's duration, 0..1")
    words: int
    words_per_minute: float
    loudness_dbfs: float | None
    turns: int
    interruptions_made: int


class CallAnalyticsPublic(_Mirror):
    mirrors = types.Analytics
    added = ("roles", "speaker_source")

    duration: float = Field(description="seconds")
    parties: list[PartyStatsPublic]
    non_talk_time: float = Field(description="seconds of silences at least CALLBRIEF_SILENCE_THRESHOLD_S long")
    silences: list[GapPublic]
    longest_silence: GapPublic | None
    interruptions: list[InterruptionPublic]
    turns: int
    roles: RoleAssignmentPublic
    speaker_source: str = Field(description="'channels', 'diarization' or 'single'")


class CitedPublic(_Mirror):
    mirrors = types.Cited

    text: str
    turn_ids: list[int] = Field(default=[], description="the turns this text is grounded in")


class ActionItemPublic(_Mirror):
    mirrors = types.ActionItem

    owner: PartyRole
    what: str
    when: str | None
    turn_ids: list[int] = []


class KeyFactPublic(_Mirror):
    mirrors = types.KeyFact

    kind: str = Field(description="amount, account, reference, ticket, date, deadline, phone or other")
    value: str
    turn_ids: list[int] = []
    verified: bool = Field(default=True, description="every number, id and date in it was found in the cited turns")
    confidence: float | None = Field(
        default=None, description="recognition probability of its least certain word, 0..1; null without word probabilities"
    )
    uncertain: bool = Field(default=False, description="confidence below the site's threshold: the agent should check it")


class FactCheckPublic(_Mirror):
    mirrors = types.FactCheck

    field: str = Field(description="where the token is, e.g. 'summary' or 'key_facts[2].value'")
    token: str
    verified: bool
    action: str = Field(description="'flagged', 'dropped' or 'kept'")


class SummaryResolutionPublic(_Mirror):
    mirrors = types.SummaryResolution

    status: types.Resolution
    text: str
    turn_ids: list[int] = []
    confidence: float | None = Field(default=None, description="how far the signals behind status agree, 0..1")
    evidence: list[int] = Field(default=[], description="the turns that decided status")
    needs_review: bool = Field(default=False, description="the signals disagree: a person should check status")


class CustomerSentimentPublic(_Mirror):
    mirrors = types.CustomerSentiment

    start: types.Sentiment
    end: types.Sentiment
    turn_ids: list[int] = []


class GroundedSummaryPublic(_Mirror):
    mirrors = types.Summary

    summary: CitedPublic
    reason: CitedPublic
    resolution: SummaryResolutionPublic
    action_items: list[ActionItemPublic]
    follow_up_required: bool
    customer_sentiment: CustomerSentimentPublic
    key_facts: list[KeyFactPublic] = Field(description="read from the transcript, never written by a model")
    checks: list[FactCheckPublic] = Field(default=[], description="numbers, ids and dates the transcript does not back")
    generator: str = Field(default="", description="'llama_cpp', 'transformers', 'openai' or 'extractive'")
    model: str = ""
    fallback_reason: str | None = Field(default=None, description="why the preferred generator was not used")
    category: str = Field(default="other", description="the reason as an id of the site's taxonomy")


MIRRORS: tuple[type[_Mirror], ...] = (
    WordPublic, SegmentPublic, TurnPublic, RoleAssignmentPublic, GapPublic, InterruptionPublic, PartyStatsPublic,
    CallAnalyticsPublic, CitedPublic, ActionItemPublic, KeyFactPublic, FactCheckPublic, SummaryResolutionPublic,
    CustomerSentimentPublic, GroundedSummaryPublic,
)


class SummaryPublic(BaseModel):
    call_id: str
    summary: GroundedSummaryPublic | None = Field(description="the grounded summary; null when the call had no speech")
    warnings: list[str]


class TranscriptPublic(BaseModel):
    call_id: str
    language: str | None
    speaker_source: str | None
    roles: RoleAssignmentPublic | None
    turns: list[TurnPublic]
    segments: list[SegmentPublic]


class AnalyticsPublic(BaseModel):
    call_id: str
    analytics: CallAnalyticsPublic


class DayCount(BaseModel):
    day: date
    calls: int


class ReasonCount(BaseModel):
    reason: str
    calls: int


class ReasonCategoryCount(BaseModel):
    category: str = Field(description="the reason's category id (billing, fault_outage, ... or the site's own)")
    calls: int
    share_resolved: float | None = Field(description="of these calls, the share resolved")


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
    by_category: list[ReasonCategoryCount] = Field(default=[], description="done calls per reason category, most first")
    # QA (pipeline.qa): over the calls that have a score
    qa_avg_score: float | None = None
    qa_avg_score_by_agent: list[AgentScore] = []
    qa_avg_score_by_team: list[TeamScore] = []
    qa_failed_items: list[ItemFailures] = Field(default=[], description="scorecard items not met, most often first")
    qa_categories_per_week: list[CategoryWeek] = []


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
