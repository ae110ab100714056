"""``/v1/calls``: upload, status, the call log, delete."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Request, Response
from pydantic import ValidationError

from api.context import AppContext
from api.deps import ContextDep, CurrentUser, DeletableCall, FiltersDep, SessionDep, VisibleCall
from api.errors import ApiError
from api.present import call_public, call_url
from api.queue import PROCESS_CALL_TASK
from api.schemas import CallAccepted, CallCreate, CallPage, CallPublic, ErrorPublic
from api.upload import probe_upload, receive_upload
from pipeline.errors import ErrorCode
from store import calls, retention, search, users, webhook_address
from store.audio import StoredUpload
from store.models import Call, Role, User
from store.webhook_address import AddressRefused, AllowList

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/calls", tags=["calls"])

_ERRORS = {
    400: {"model": ErrorPublic, "description": "empty upload, no file, malformed body"},
    401: {"model": ErrorPublic},
    403: {"model": ErrorPublic},
    404: {"model": ErrorPublic},
    409: {"model": ErrorPublic},
    413: {"model": ErrorPublic, "description": "larger than the upload limit"},
    415: {"model": ErrorPublic, "description": "not an audio format callbrief reads"},
    422: {"model": ErrorPublic, "description": "corrupt audio, too long, or invalid metadata"},
}
_FORM_FIELDS = {
    name: {"type": "string", "description": field.description or ""}
    for name, field in CallCreate.model_fields.items()
}
# The body is parsed by api.upload as it streams in (so the size limit
# holds before anything is stored); this documents it for /docs.
_UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}, **_FORM_FIELDS},
                }
            }
        },
    }
}


@router.post(
    "",
    status_code=202,
    response_model=CallAccepted,
    responses={200: {"model": CallAccepted, "description": "the same audio + external_id was uploaded before"}, **_ERRORS},
    openapi_extra=_UPLOAD_OPENAPI,
    summary="Upload a recorded call",
)
async def upload_call(request: Request, response: Response, ctx: ContextDep, user: CurrentUser) -> CallAccepted:
    return await accept_upload(request, response, ctx, user)


async def accept_upload(request: Request, response: Response, ctx: AppContext, user: User) -> CallAccepted:
    """Receive, check, store and enqueue one upload (also used by the web pages)."""
    try:
        return await _accept(request, response, ctx, user)
    except ApiError as exc:
        ctx.metrics.rejected_uploads.labels(exc.code).inc()
        raise


async def _accept(request: Request, response: Response, ctx: AppContext, user: User) -> CallAccepted:
    received = await receive_upload(request, ctx.audio, ctx.settings.max_upload_bytes)
    upload = received.upload
    assert upload is not None
    try:
        meta = _metadata(received.fields)
        agent_id, team = _owner(user, meta)
        if meta.callback_url:
            await anyio.to_thread.run_sync(_check_callback_url, ctx, meta.callback_url)
        probed = await anyio.to_thread.run_sync(probe_upload, upload.tmp_path, ctx.settings.max_duration_s)
        audio_format = probed.format or "bin"
        with ctx.db.session() as session:
            existing = calls.find_duplicate(session, meta.external_id, upload.sha256, team, agent_id)
        if existing is not None:
            upload.tmp_path.unlink(missing_ok=True)
            return _duplicate(response, user, existing)
        call_id = calls.new_call_id()
        relative = await anyio.to_thread.run_sync(ctx.audio.commit, upload, call_id, audio_format)
    except BaseException:
        upload.tmp_path.unlink(missing_ok=True)
        raise
    try:
        call, created = await anyio.to_thread.run_sync(
            calls.create_call, ctx.db, call_id, _new_call(relative, upload, audio_format, received.filename, agent_id, team, user, meta)
        )
    except BaseException:
        ctx.audio.delete(relative)
        raise
    if not created:
        ctx.audio.delete(relative)
        return _duplicate(response, user, call)
    # Only now, with the audio fsync'd and the row committed, does a worker hear of it.
    await anyio.to_thread.run_sync(_enqueue, ctx, call.id)
    response.headers["Location"] = call_url(call.id)
    log.info("call %s accepted (%d bytes, %s)", call.id, upload.size_bytes, audio_format)
    return CallAccepted(id=call.id, status="queued", status_url=call_url(call.id), duplicate=False, call=call_public(call))


def _metadata(fields: dict[str, str]) -> CallCreate:
    try:
        return CallCreate.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ApiError(422, ErrorCode.BAD_OPTION, problems) from exc


def _check_callback_url(ctx: AppContext, url: str) -> None:
    """Resolved now and again before each delivery (workers/webhook.py)."""
    try:
        webhook_address.check(url, AllowList.parse(ctx.settings.webhook_allowed_hosts))
    except AddressRefused as exc:
        raise ApiError(422, ErrorCode.BAD_OPTION, f"callback_url: {exc.message}") from exc


def _owner(user: User, meta: CallCreate) -> tuple[str | None, str | None]:
    """Agents upload their own calls, supervisors their team's."""
    if user.role == Role.ADMIN:
        return meta.agent_id, meta.team
    if meta.team is not None and meta.team != user.team:
        raise ApiError(403, ErrorCode.FORBIDDEN, "you can upload calls for your own team only")
    if user.role == Role.AGENT:
        if meta.agent_id is not None and meta.agent_id != user.name:
            raise ApiError(403, ErrorCode.FORBIDDEN, "agents upload their own calls only")
        return user.name, user.team
    return meta.agent_id, user.team


def _new_call(
    relative: str, upload: StoredUpload, audio_format: str, filename: str | None,
    agent_id: str | None, team: str | None, user: User, meta: CallCreate,
) -> calls.NewCall:
    return calls.NewCall(
        audio_path=relative,
        audio_sha256=upload.sha256,
        audio_bytes=upload.size_bytes,
        audio_format=audio_format,
        filename=filename,
        agent_id=agent_id,
        team=team,
        external_id=meta.external_id,
        uploaded_by=user.id,
        language_requested=meta.language,
        channels=meta.channels,
        hotwords=meta.hotwords,
        callback_url=meta.callback_url,
    )


def _duplicate(response: Response, user: User, call: Call) -> CallAccepted:
    if not users.can_see(user, call):
        raise ApiError(409, ErrorCode.DUPLICATE_UPLOAD, "this audio was already uploaded with this external_id")
    response.status_code = 200
    response.headers["Location"] = call_url(call.id)
    return CallAccepted(
        id=call.id, status=call.status, status_url=call_url(call.id), duplicate=True, call=call_public(call)  # type: ignore[arg-type]
    )


def _enqueue(ctx: AppContext, call_id: str) -> None:
    try:
        ctx.enqueuer.send(PROCESS_CALL_TASK, call_id)
    except Exception as exc:  # noqa: BLE001 - any broker failure: a worker's requeue check sends it later
        log.warning("broker unavailable, call %s stays queued for the requeue check: %s", call_id, type(exc).__name__)
        return
    calls.mark_enqueued(ctx.db, [call_id])


@router.get("/{call_id}", response_model=CallPublic, responses=_ERRORS, summary="Status of a call")
def get_call(call: VisibleCall) -> CallPublic:
    return call_public(call)


@router.get("", response_model=CallPage, responses=_ERRORS, summary="Search and list the call log")
def list_calls(
    ctx: ContextDep,
    session: SessionDep,
    user: CurrentUser,
    filters: FiltersDep,
    sort: Annotated[
        Literal[
            "created_at", "-created_at", "duration_s", "-duration_s", "silence_s", "-silence_s",
            "interruptions", "-interruptions", "agent_talk_ratio", "-agent_talk_ratio",
        ],
        Query(description="column, '-' for descending"),
    ] = "-created_at",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> CallPage:
    page = search.list_calls(
        session, ctx.db.dialect, filters, users.scope_for(user), sort=sort, limit=limit, offset=offset
    )
    with ctx.db.transaction() as audit:
        users.record_access(audit, user, "list_calls", detail=f"{len(page.items)} calls")
    return CallPage(items=[call_public(c) for c in page.items], limit=limit, offset=offset, next_offset=page.next_offset)


@router.delete("/{call_id}", status_code=204, responses=_ERRORS, summary="Delete a call's audio and results")
def delete_call(call: DeletableCall, ctx: ContextDep, user: CurrentUser) -> Response:
    if call.legal_hold or not calls.delete_call(ctx.db, ctx.audio, call.id):
        raise ApiError(409, ErrorCode.LEGAL_HOLD, "the call is under legal hold; an admin must lift it first")
    log.info("call %s deleted by user %s", call.id, user.id)
    return Response(status_code=204)


@router.put("/{call_id}/legal-hold", status_code=204, responses=_ERRORS, summary="Put a call under legal hold (admin)")
def hold_call(call: VisibleCall, ctx: ContextDep, user: CurrentUser) -> Response:
    """Retention and DELETE leave a call under legal hold alone."""
    return _set_hold(ctx, user, call, True)


@router.delete("/{call_id}/legal-hold", status_code=204, responses=_ERRORS, summary="Lift a call's legal hold (admin)")
def release_call(call: VisibleCall, ctx: ContextDep, user: CurrentUser) -> Response:
    return _set_hold(ctx, user, call, False)


def _set_hold(ctx: AppContext, user: User, call: Call, hold: bool) -> Response:
    if user.role != Role.ADMIN:
        raise ApiError(403, ErrorCode.FORBIDDEN, "only an admin can put a call under legal hold or lift it")
    retention.set_legal_hold(ctx.db, call.id, hold, user.id, user.name)
    return Response(status_code=204)
