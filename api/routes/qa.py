"""``GET /v1/calls/{id}/qa``: a call's QA score, items with their evidence, categories."""

from __future__ import annotations

import json

from fastapi import APIRouter

from api.deps import SessionDep, VisibleCall
from api.qa_schemas import CallQaPublic
from api.schemas import ErrorPublic
from store import qa as store_qa
from store.models import CallStatus

router = APIRouter(prefix="/v1/calls", tags=["calls"])


@router.get(
    "/{call_id}/qa",
    response_model=CallQaPublic,
    responses={401: {"model": ErrorPublic}, 404: {"model": ErrorPublic}},
    summary="A call's QA scorecard, with evidence for every item",
)
def get_call_qa(call: VisibleCall, session: SessionDep) -> CallQaPublic:
    row = store_qa.get_qa(session, call.id)
    if row is None:
        note = (
            "the call is not processed yet" if call.status in (CallStatus.QUEUED, CallStatus.PROCESSING)
            else "the call failed; it has no transcript to score" if call.status == CallStatus.FAILED
            else "not scored yet: a re-score (POST /v1/rules/rescore) scores it"
        )
        return CallQaPublic(call_id=call.id, status="not_scored", note=note)
    result = json.loads(row.result_json) if row.result_json else {}
    return CallQaPublic(
        call_id=call.id,
        status=row.status,  # type: ignore[arg-type]
        note=row.note,
        score=row.score,
        rule_set_version=row.rule_set_version,
        rule_set=result.get("rule_set"),
        scorecard=result.get("scorecard"),
        scored_at=row.scored_at,
        items=result.get("items", []),
        categories=result.get("categories", []),
    )
