"""A finished call's results: summary, transcript (JSON or srt/vtt/rttm/txt), analytics, audio."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, PlainTextResponse, Response
from sqlalchemy.orm import Session

from api.deps import ContextDep, CurrentUser, SessionDep, VisibleCall
from api.errors import ApiError
from api.schemas import AnalyticsPublic, ErrorPublic, SummaryPublic, TranscriptPublic
from pipeline.errors import ErrorCode
from store import calls
from store.models import Call, CallResultRow, CallStatus, Role

router = APIRouter(prefix="/v1/calls", tags=["results"])
_ERRORS = {401: {"model": ErrorPublic}, 404: {"model": ErrorPublic}, 409: {"model": ErrorPublic, "description": "not done yet, or failed"}}

EXPORT_MEDIA_TYPES = {
    "srt": "application/x-subrip; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "rttm": "text/plain; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
AUDIO_MEDIA_TYPES = {
    "wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4", "aac": "audio/aac", "ogg": "audio/ogg",
    "flac": "audio/flac", "webm": "audio/webm", "aiff": "audio/aiff",
}


def _result(session: Session, call: Call) -> CallResultRow:
    if call.status == CallStatus.FAILED:
        raise ApiError(409, ErrorCode.CALL_FAILED, f"the call failed: [{call.error_code}] {call.error_message}")
    if call.status != CallStatus.DONE:
        raise ApiError(409, ErrorCode.NOT_READY, f"the call is {call.status} ({call.progress}%); try again when it is done")
    row = calls.get_result(session, call.id)
    if row is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, "the call's results are no longer stored")
    return row


@router.get("/{call_id}/summary", response_model=SummaryPublic, responses=_ERRORS, summary="The grounded summary")
def get_summary(call: VisibleCall, session: SessionDep) -> SummaryPublic:
    row = _result(session, call)
    result = json.loads(row.result_json)
    return SummaryPublic(call_id=call.id, summary=calls.summary_of(row), warnings=result.get("warnings", []))


@router.get(
    "/{call_id}/transcript",
    response_model=TranscriptPublic,
    responses={**_ERRORS, 200: {"content": {m.split(";")[0]: {} for m in EXPORT_MEDIA_TYPES.values()}}},
    summary="Speaker-attributed transcript",
)
def get_transcript(
    call: VisibleCall,
    session: SessionDep,
    format: Annotated[Literal["json", "srt", "vtt", "rttm", "txt"], Query()] = "json",  # noqa: A002
) -> Any:
    row = _result(session, call)
    if format != "json":
        return PlainTextResponse(getattr(row, format), media_type=EXPORT_MEDIA_TYPES[format])
    result = json.loads(row.result_json)
    return TranscriptPublic(
        call_id=call.id,
        language=result.get("language"),
        speaker_source=result.get("speaker_source"),
        roles=result.get("roles"),
        turns=result.get("turns", []),
        segments=result.get("segments", []),
    )


@router.get("/{call_id}/analytics", response_model=AnalyticsPublic, responses=_ERRORS, summary="Call analytics")
def get_analytics(call: VisibleCall, session: SessionDep) -> AnalyticsPublic:
    row = _result(session, call)
    return AnalyticsPublic(call_id=call.id, analytics=json.loads(row.analytics_json))


@router.get(
    "/{call_id}/audio",
    responses={**_ERRORS, 200: {"content": {t: {} for t in AUDIO_MEDIA_TYPES.values()}}},
    response_class=Response,
    summary="The call's audio (redacted: what the transcript redacts is covered by a tone)",
)
def get_audio(
    call: VisibleCall,
    ctx: ContextDep,
    user: CurrentUser,
    original: Annotated[bool, Query(description="the unredacted upload, if the site keeps it (admins only)")] = False,
) -> FileResponse:
    relative, audio_format = call.audio_path, call.audio_format
    if original:
        if user.role != Role.ADMIN:
            raise ApiError(403, ErrorCode.FORBIDDEN, "only an admin can play the unredacted audio")
        if not call.original_audio_path:
            raise ApiError(404, ErrorCode.NOT_FOUND, "the unredacted audio is not kept (CALLBRIEF_KEEP_ORIGINAL_AUDIO)")
        relative = call.original_audio_path
        audio_format = relative.rsplit(".", 1)[-1]
    path = ctx.audio.path(relative)
    if call.audio_deleted_at is not None or not path.is_file():
        raise ApiError(404, ErrorCode.NOT_FOUND, "the audio file is no longer stored")
    return FileResponse(
        path,
        media_type=AUDIO_MEDIA_TYPES.get(audio_format, "application/octet-stream"),
        filename=f"{call.id}.{audio_format}",
    )
