"""Dependencies shared by the routes, as ``Annotated`` aliases.

Permission checks live here, once: :data:`VisibleCall` resolves a call id
to a row the current user may see (anything else is 404, so an agent
cannot learn that another agent's call exists) and writes the read to the
audit log, named after the route that read it.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.context import AppContext
from api.errors import ApiError
from pipeline.errors import ErrorCode
from store import calls, users
from store.models import Call, Role, User
from store.search import CallFilters

_bearer = HTTPBearer(auto_error=False, description="an API key from `callbrief users add`")


async def get_context(request: Request) -> AppContext:
    return request.app.state.ctx


ContextDep = Annotated[AppContext, Depends(get_context)]


def get_session(ctx: ContextDep) -> Iterator[Session]:
    with ctx.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_current_user(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "send an API key: Authorization: Bearer <key>", {"WWW-Authenticate": "Bearer"})
    user = users.authenticate(session, credentials.credentials)
    if user is None:
        raise ApiError(401, ErrorCode.UNAUTHORIZED, "the API key is not valid", {"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def is_supervisor(user: User) -> bool:
    """The one rule for what only supervisors and admins may do: read reports
    (``/v1/reports`` and ``/ui/reports``) and delete calls."""
    return user.role in (Role.SUPERVISOR, Role.ADMIN)


def require_supervisor(user: CurrentUser) -> User:
    if not is_supervisor(user):
        raise ApiError(403, ErrorCode.FORBIDDEN, "this needs a supervisor or admin key")
    return user


SupervisorUser = Annotated[User, Depends(require_supervisor)]


def require_metrics_reader(
    ctx: ContextDep,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """The scrape token (``CALLBRIEF_METRICS_TOKEN``) or an admin key: the
    metrics count every team's calls."""
    token = ctx.settings.metrics_token
    if token and credentials is not None and hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        return
    user = get_current_user(session, credentials)
    if user.role != Role.ADMIN:
        raise ApiError(403, ErrorCode.FORBIDDEN, "metrics need an admin key or the scrape token (CALLBRIEF_METRICS_TOKEN)")


MetricsReader = Depends(require_metrics_reader)


REFUSED_ID_MAX_CHARS = 32  # audit_log.call_id; a longer id asked for goes in the detail


def get_visible_call(
    request: Request,
    ctx: ContextDep,
    user: CurrentUser,
    call_id: Annotated[str, Path(min_length=1, max_length=64)],
) -> Call:
    # One transaction reads the call and records the read, refused ones too
    # (someone probing for other teams' call ids shows in the audit log).
    action = getattr(request.scope.get("route"), "name", "read")
    with ctx.db.transaction() as session:
        call = calls.get_call(session, call_id)
        visible = call is not None and users.can_see(user, call)
        if visible:
            users.record_access(session, user, action, call_id)
        else:
            fits = len(call_id) <= REFUSED_ID_MAX_CHARS
            detail = "refused: not found" if fits else f"refused: not found ({call_id})"
            users.record_access(session, user, action, call_id if fits else None, detail=detail)
    if not visible:
        raise ApiError(404, ErrorCode.NOT_FOUND, "no such call")
    assert call is not None
    return call


VisibleCall = Annotated[Call, Depends(get_visible_call)]


def get_filters(
    agent_id: str | None = None,
    team: str | None = None,
    date_from: Annotated[date | None, Query(description="first day (UTC), inclusive")] = None,
    date_to: Annotated[date | None, Query(description="last day (UTC), inclusive")] = None,
    status: Literal["queued", "processing", "done", "failed"] | None = None,
    language: str | None = None,
    sentiment: Annotated[
        Literal["positive", "neutral", "negative"] | None, Query(description="the customer's sentiment at the end")
    ] = None,
    resolution: Literal["resolved", "unresolved", "escalated"] | None = None,
    follow_up_required: bool | None = None,
    min_duration_s: Annotated[float | None, Query(ge=0)] = None,
    max_duration_s: Annotated[float | None, Query(ge=0)] = None,
    q: Annotated[str | None, Query(max_length=500, description="words that must all appear in the transcript or summary")] = None,
    category: Annotated[
        str | None,
        Query(max_length=100, description="the reason's category (billing, fault_outage, ...) or a QA category the call was tagged with"),
    ] = None,
    qa_min: Annotated[float | None, Query(ge=0, le=100, description="lowest QA score, 0-100")] = None,
    qa_max: Annotated[float | None, Query(ge=0, le=100, description="highest QA score, 0-100")] = None,
    qa_failed: Annotated[str | None, Query(max_length=100, description="a scorecard item the call did not meet")] = None,
) -> CallFilters:
    def day_start(d: date) -> datetime:
        return datetime.combine(d, time.min, tzinfo=timezone.utc)

    return CallFilters(
        agent_id=agent_id,
        team=team,
        created_from=day_start(date_from) if date_from else None,
        # The last day is inclusive; the last day there is leaves no upper bound.
        created_to=day_start(date_to + timedelta(days=1)) if date_to and date_to < date.max else None,
        status=status,
        language=language,
        sentiment=sentiment,
        resolution=resolution,
        follow_up_required=follow_up_required,
        min_duration_s=min_duration_s,
        max_duration_s=max_duration_s,
        q=q or None,
        category=category or None,
        qa_min=qa_min,
        qa_max=qa_max,
        qa_failed=qa_failed or None,
    )


FiltersDep = Annotated[CallFilters, Depends(get_filters)]


def get_deletable_call(call: VisibleCall, user: CurrentUser) -> Call:
    # The agent can see this call (it is theirs), so 403 leaks nothing.
    if not is_supervisor(user):
        raise ApiError(403, ErrorCode.FORBIDDEN, "only a supervisor or an admin can delete calls")
    return call


DeletableCall = Annotated[Call, Depends(get_deletable_call)]
