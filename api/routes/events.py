"""Server-Sent Events: a call's status as it changes, then its summary the
moment it is ready.

Events: ``status`` (the call, as ``GET /v1/calls/{id}`` returns it) on
every change of status/stage/progress; ``summary`` (as ``/summary``
returns it) once, when the call is done; the stream then ends. A failed
call ends the stream after its final ``status`` (which carries the error).
Workers write progress to the database, so this polls it (one indexed
read per second per open stream).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import anyio
from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent

from api.context import AppContext
from api.deps import ContextDep, VisibleCall
from api.present import call_public
from api.schemas import ErrorPublic
from store import calls
from store.models import CallStatus

router = APIRouter(prefix="/v1/calls", tags=["results"])


def _snapshot(ctx: AppContext, call_id: str) -> tuple[str, str | None] | None:
    """(status JSON, summary JSON if done) or None if the call was deleted."""
    with ctx.db.session() as session:
        call = calls.get_call(session, call_id)
        if call is None:
            return None
        status = call_public(call).model_dump_json()
        if call.status != CallStatus.DONE:
            return status, None
        row = calls.get_result(session, call_id)
        result = json.loads(row.result_json) if row else {}
        summary = {
            "call_id": call_id,
            "summary": calls.summary_of(row) if row else None,
            "warnings": result.get("warnings", []),
        }
        return status, json.dumps(summary)


async def event_stream(ctx: AppContext, call_id: str) -> AsyncIterator[ServerSentEvent]:
    last_status = None
    while True:
        snapshot = await anyio.to_thread.run_sync(_snapshot, ctx, call_id)
        if snapshot is None:
            yield ServerSentEvent(data=json.dumps({"id": call_id}), event="deleted")
            return
        status, summary = snapshot
        if status != last_status:
            yield ServerSentEvent(data=status, event="status")
            last_status = status
        if summary is not None:
            yield ServerSentEvent(data=summary, event="summary")
            return
        if json.loads(status)["status"] == CallStatus.FAILED:
            return
        await anyio.sleep(ctx.sse_poll_s)


@router.get(
    "/{call_id}/events",
    responses={200: {"content": {"text/event-stream": {}}}, 401: {"model": ErrorPublic}, 404: {"model": ErrorPublic}},
    summary="Status and summary pushed as Server-Sent Events",
)
def call_events(call: VisibleCall, ctx: ContextDep) -> EventSourceResponse:
    return EventSourceResponse(event_stream(ctx, call.id), ping=15)
