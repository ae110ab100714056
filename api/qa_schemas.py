"""Request and response models of the QA endpoints (``/v1/rules``, ``/v1/calls/{id}/qa``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field


class RuleSetSummary(BaseModel):
    version: int = Field(description="0: the built-in default rules (no rule set was stored yet)")
    name: str
    created_at: datetime | None
    created_by: str | None
    comment: str | None
    sha256: str | None


class ScorecardItemPublic(BaseModel):
    id: str
    title: str
    weight: float
    applies_if: str | None


class RuleSetPublic(RuleSetSummary):
    body: str = Field(description="the rule file (YAML)")
    scorecards: dict[str, list[ScorecardItemPublic]]
    categories: dict[str, str] = Field(description="category id -> title")
    rescore: RescoreJobPublic | None = Field(default=None, description="the re-score started with ?rescore=true")


class RuleSetVersions(BaseModel):
    items: list[RuleSetSummary]


class RescoreCreate(BaseModel):
    since: date | None = Field(default=None, description="only calls uploaded on or after this UTC day")


class RescoreJobPublic(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: int = Field(description="0-100")
    total: int
    done: int
    rule_set_version: int | None
    since: datetime | None
    created_at: datetime
    finished_at: datetime | None
    requested_by: str | None
    error: str | None
    status_url: str


class QaEvidencePublic(BaseModel):
    note: str
    turn_id: int | None = None
    start: float | None = None
    end: float | None = None
    quote: str | None = None


class QaItemPublic(BaseModel):
    id: str
    title: str
    status: Literal["met", "not_met", "not_applicable"]
    weight: float
    evidence: list[QaEvidencePublic]


class QaCategoryPublic(BaseModel):
    id: str
    title: str
    evidence: list[QaEvidencePublic]


class CallQaPublic(BaseModel):
    call_id: str
    status: Literal["scored", "pending", "not_scored"] = Field(
        description="pending: the rule set could not be loaded when the call was processed; it is scored later"
    )
    note: str | None = None
    score: float | None = None
    rule_set_version: int | None = None
    rule_set: str | None = None
    scorecard: str | None = None
    scored_at: datetime | None = None
    items: list[QaItemPublic] = []
    categories: list[QaCategoryPublic] = []


class AgentScore(BaseModel):
    agent_id: str | None
    calls: int
    avg_score: float


class TeamScore(BaseModel):
    team: str | None
    calls: int
    avg_score: float


class ItemFailures(BaseModel):
    item: str
    calls: int


class CategoryWeek(BaseModel):
    week: date = Field(description="the Monday of the UTC week")
    category: str
    calls: int


RuleSetPublic.model_rebuild()
