"""Dependencies shared by the routes, as ``Annotated`` aliases.

Permission checks live here, once: :data:`VisibleCall` resolves a call id
to a row the current user may see (anything else is 404, so an agent
cannot learn that another agent's call exists) and writes the read to the
audit log, named after the route that read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.context import AppContext
from api.errors import ApiError
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
        raise ApiError(401, "unauthorized", "send an API key: Authorization: Bearer <key>", {"WWW-Authenticate": "Bearer"})
    user = users.authenticate(session, credentials.credentials)
    if user is None:
        raise ApiError(401, "unauthorized", "the API key is not valid", {"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_supervisor(user: CurrentUser) -> User:
    if user.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise ApiError(403, "forbidden", "this needs a supervisor or admin key")
    return user


SupervisorUser = Annotated[User, Depends(require_supervisor)]


def get_visible_call(
    request: Request,
    ctx: ContextDep,
    user: CurrentUser,
    call_id: Annotated[str, Path(min_length=1, max_length=64)],
) -> Call:
    # One transaction reads the call and records the read.
    with ctx.db.transaction() as session:
        call = calls.get_call(session, call_id)
        if call is None or not users.can_see(user, call):
            raise ApiError(404, "not_found", "no such call")
        route = request.scope.get("route")
        users.record_access(session, user, getattr(route, "name", "read"), call.id)
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
) -> CallFilters:
    def day_start(d: date) -> datetime:
        return datetime.combine(d, time.min, tzinfo=timezone.utc)

    return CallFilters(
        agent_id=agent_id,
        team=team,
        created_from=day_start(date_from) if date_from else None,
        created_to=day_start(date_to + timedelta(days=1)) if date_to else None,
        status=status,
        language=language,
        sentiment=sentiment,
        resolution=resolution,
        follow_up_required=follow_up_required,
        min_duration_s=min_duration_s,
        max_duration_s=max_duration_s,
        q=q or None,
    )


FiltersDep = Annotated[CallFilters, Depends(get_filters)]


def get_deletable_call(call: VisibleCall, user: CurrentUser) -> Call:
    # The agent can see this call (it is theirs), so 403 leaks nothing.
    if user.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise ApiError(403, "forbidden", "only a supervisor or an admin can delete calls")
    return call


DeletableCall = Annotated[Call, Depends(get_deletable_call)]
