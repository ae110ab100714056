"""``/v1/rules``: the QA rule set (admins write, supervisors read), its versions, re-scores.

A rule set is sent as the rule file itself (YAML, ``Content-Type:
application/yaml``) or as the same structure in JSON. It is checked before
anything is stored; a bad one answers ``422 bad_rules`` naming the rule and
the field. Every accepted change is a new version, written to the audit log.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time, timezone
from typing import Annotated

import anyio
from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi import Path as PathParam

from api.context import AppContext
from api.deps import ContextDep, CurrentUser, SessionDep, SupervisorUser
from api.errors import ApiError
from api.qa_schemas import (
    RescoreCreate,
    RescoreJobPublic,
    RuleSetPublic,
    RuleSetSummary,
    RuleSetVersions,
    ScorecardItemPublic,
)
from api.queue import RESCORE_QA_TASK
from api.schemas import ErrorPublic
from pipeline.errors import ErrorCode
from pipeline.qa import RuleError, parse_rules
from pipeline.qa.load import build_rules, default_rules_text
from pipeline.qa.rules import RuleSet
from store import qa as store_qa
from store import users
from store.models import QaRuleSet, Role, User

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1/rules", tags=["rules"])

MAX_RULES_BYTES = 1_000_000
_ERRORS = {
    401: {"model": ErrorPublic},
    403: {"model": ErrorPublic},
    404: {"model": ErrorPublic},
    413: {"model": ErrorPublic},
    422: {"model": ErrorPublic, "description": "bad_rules: the message names the rule and the field"},
}


def require_admin(user: CurrentUser) -> User:
    if user.role != Role.ADMIN:
        raise ApiError(403, ErrorCode.FORBIDDEN, "only an admin can change the QA rules")
    return user


AdminUser = Annotated[User, Depends(require_admin)]


def _public(row: QaRuleSet | None, rules: RuleSet, body: str) -> RuleSetPublic:
    return RuleSetPublic(
        version=row.version if row else store_qa.DEFAULT_VERSION,
        name=rules.name,
        created_at=row.created_at if row else None,
        created_by=row.created_by if row else None,
        comment=row.comment if row else None,
        sha256=row.sha256 if row else None,
        body=body,
        scorecards={
            card.id: [ScorecardItemPublic(id=i.id, title=i.title, weight=i.weight, applies_if=i.applies_if) for i in card.items]
            for card in rules.scorecards
        },
        categories={c.id: c.title for c in rules.categories},
    )


@router.get("", response_model=RuleSetPublic, responses=_ERRORS, summary="The QA rule set in force")
def get_rules(ctx: ContextDep, session: SessionDep, user: SupervisorUser) -> RuleSetPublic:
    row = store_qa.current_rule_set(session)
    body = row.body if row is not None else default_rules_text()
    try:
        rules = parse_rules(body)
    except RuleError as exc:
        # Stored before a change of the format: show it, and why it does not load.
        raise ApiError(422, ErrorCode.BAD_RULES, f"the stored rule set (version {row.version if row else 0}) does not load: {exc.message}") from exc
    with ctx.db.transaction() as audit:
        users.record_access(audit, user, "rules_read", detail=f"version {row.version if row else 0}")
    return _public(row, rules, body)


@router.get("/versions", response_model=RuleSetVersions, responses=_ERRORS, summary="Every stored version, newest first")
def list_versions(session: SessionDep, _user: SupervisorUser) -> RuleSetVersions:
    return RuleSetVersions(
        items=[
            RuleSetSummary(version=r.version, name=r.name, created_at=r.created_at, created_by=r.created_by,
                           comment=r.comment, sha256=r.sha256)
            for r in store_qa.rule_set_versions(session)
        ]
    )


@router.get("/versions/{version}", response_model=RuleSetPublic, responses=_ERRORS, summary="One stored version")
def get_version(
    version: Annotated[int, PathParam(ge=0, le=2_147_483_647)], session: SessionDep, _user: SupervisorUser
) -> RuleSetPublic:
    row = store_qa.get_rule_set(session, version)
    if row is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, f"no rule set version {version}")
    try:
        rules = parse_rules(row.body)
    except RuleError as exc:
        raise ApiError(422, ErrorCode.BAD_RULES, f"version {version} does not load: {exc.message}") from exc
    return _public(row, rules, row.body)


@router.put(
    "",
    response_model=RuleSetPublic,
    responses=_ERRORS,
    summary="Replace the QA rule set (a new version); admins only",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
async def put_rules(
    request: Request,
    ctx: ContextDep,
    user: AdminUser,
    comment: Annotated[str | None, Query(max_length=255, description="why it changed (kept with the version)")] = None,
    rescore: Annotated[bool, Query(description="also re-score the stored calls (a background job)")] = False,
    since: Annotated[date | None, Query(description="with rescore: only calls uploaded on or after this UTC day")] = None,
) -> RuleSetPublic:
    raw = await _read_body(request)
    body, rules = _check(raw, request.headers.get("content-type", ""))
    row = await anyio.to_thread.run_sync(_store, ctx, body, rules.name, user, comment)
    log.info("QA rule set version %s stored by user %s", row.version, user.id)
    public = _public(row, rules, body)
    if rescore:
        start = datetime.combine(since, time.min, tzinfo=timezone.utc) if since else None
        job = await anyio.to_thread.run_sync(start_rescore, ctx, start, user.name)
        public.rescore = _job_public(job)
    return public


def _store(ctx: AppContext, body: str, name: str, user: User, comment: str | None) -> QaRuleSet:
    """The new version and its audit-log line, in one transaction."""
    with ctx.db.transaction() as session:
        version = store_qa.save_rule_set(session, body, name, user.name, comment)
        users.record_access(session, user, "rules_update", detail=f"version {version}")
        row = store_qa.get_rule_set(session, version)
    assert row is not None
    return row


async def _read_body(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_RULES_BYTES:
            raise ApiError(413, ErrorCode.UPLOAD_TOO_LARGE, f"a rule set is at most {MAX_RULES_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _check(raw: bytes, content_type: str) -> tuple[str, RuleSet]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(422, ErrorCode.BAD_RULES, "the rule set is not UTF-8 text") from exc
    if not text.strip():
        raise ApiError(422, ErrorCode.BAD_RULES, "the rule set is empty")
    if "\x00" in text:
        raise ApiError(422, ErrorCode.BAD_RULES, "the rule set contains a NUL character")
    try:
        if "json" in content_type.lower():
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise RuleError(f"the body is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
            return text, build_rules(data)
        return text, parse_rules(text)
    except RuleError as exc:
        raise ApiError(422, ErrorCode.BAD_RULES, exc.message) from exc


# --- re-scores ---------------------------------------------------------------------


def _job_public(job: store_qa.JobView) -> RescoreJobPublic:
    return RescoreJobPublic(
        id=job.id, status=job.status, progress=job.progress, total=job.total, done=job.done,  # type: ignore[arg-type]
        rule_set_version=job.rule_set_version, since=job.since, created_at=job.created_at,
        finished_at=job.finished_at, requested_by=job.requested_by, error=job.error,
        status_url=f"/v1/rules/rescore/{job.id}",
    )


def start_rescore(ctx: AppContext, since: datetime | None, requested_by: str | None) -> store_qa.JobView:
    """Create the job (its slices) and hand each slice to the workers; a slice the
    broker did not take is sent later by a worker's requeue check."""
    job = store_qa.create_job(ctx.db, since, requested_by)
    for slice_id in store_qa.slice_ids(ctx.db, job.id):
        try:
            ctx.enqueuer.send(RESCORE_QA_TASK, slice_id)
        except Exception as exc:  # noqa: BLE001 - any broker failure: the requeue check sends it
            log.warning("broker unavailable, QA job slice %s waits for the requeue check: %s", slice_id, type(exc).__name__)
            continue
        store_qa.mark_job_enqueued(ctx.db, slice_id)
    return job


@router.post(
    "/rescore", status_code=202, response_model=RescoreJobPublic, responses=_ERRORS,
    summary="Re-score stored calls with the rule set in force (a background job); admins only",
)
def post_rescore(
    ctx: ContextDep, user: AdminUser, payload: Annotated[RescoreCreate | None, Body()] = None
) -> RescoreJobPublic:
    since = payload.since if payload is not None else None
    start = datetime.combine(since, time.min, tzinfo=timezone.utc) if since else None
    job = start_rescore(ctx, start, user.name)
    with ctx.db.transaction() as audit:
        users.record_access(audit, user, "rules_rescore", detail=f"job {job.id}")
    return _job_public(job)


@router.get("/rescore/{job_id}", response_model=RescoreJobPublic, responses=_ERRORS, summary="Progress of a re-score")
def get_rescore(
    job_id: Annotated[str, PathParam(min_length=1, max_length=64)], ctx: ContextDep, _user: SupervisorUser
) -> RescoreJobPublic:
    job = store_qa.get_job(ctx.db, job_id)
    if job is None:
        raise ApiError(404, ErrorCode.NOT_FOUND, "no such re-score job")
    return _job_public(job)
