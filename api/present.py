"""Rows -> response bodies."""

from __future__ import annotations

from api.schemas import CallLinks, CallPublic, ErrorDetail
from store.models import Call


def call_url(call_id: str, suffix: str = "") -> str:
    return f"/v1/calls/{call_id}{suffix}"


def call_public(call: Call) -> CallPublic:
    return CallPublic(
        id=call.id,
        status=call.status,  # type: ignore[arg-type]
        progress=call.progress,
        stage=call.stage,
        error=ErrorDetail(code=call.error_code, message=call.error_message or "") if call.error_code else None,
        agent_id=call.agent_id,
        team=call.team,
        external_id=call.external_id,
        filename=call.filename,
        created_at=call.created_at,
        started_at=call.started_at,
        finished_at=call.finished_at,
        language=call.language,
        duration_s=call.duration_s,
        sentiment_end=call.sentiment_end,
        resolution=call.resolution,
        follow_up_required=call.follow_up_required,
        reason=call.reason,
        category=call.category,
        links=CallLinks(
            status=call_url(call.id),
            summary=call_url(call.id, "/summary"),
            transcript=call_url(call.id, "/transcript"),
            analytics=call_url(call.id, "/analytics"),
            audio=call_url(call.id, "/audio"),
            events=call_url(call.id, "/events"),
        ),
    )
