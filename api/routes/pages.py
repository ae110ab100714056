"""Small server-rendered pages under ``/ui``: agents upload a call, see their
calls and a call's summary; supervisors also search the log and see reports.

The browser holds the user's API key in an HttpOnly, SameSite=Strict cookie
scoped to ``/ui`` (set by the login form); the JSON API keeps taking only
the ``Authorization`` header, so cookies never authorise it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from api.deps import ContextDep, FiltersDep, SessionDep
from api.errors import ApiError
from api.routes.calls import accept_upload
from store import calls, reports, search, users
from store.models import CallStatus, Role, User

router = APIRouter(prefix="/ui", include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
COOKIE = "callbrief_key"


class LoginRequired(Exception):
    pass


def get_page_user(session: SessionDep, key: Annotated[str | None, Cookie(alias=COOKIE)] = None) -> User:
    user = users.authenticate(session, key) if key else None
    if user is None:
        raise LoginRequired
    return user


PageUser = Annotated[User, Depends(get_page_user)]


def login_redirect(_request: Request, _exc: LoginRequired) -> RedirectResponse:
    return RedirectResponse("/ui/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "login.html", {"error": None})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, session: SessionDep, key: Annotated[str, Form(max_length=200)]) -> Response:
    if users.authenticate(session, key.strip()) is None:
        return templates.TemplateResponse(request, "login.html", {"error": "That key is not valid."}, status_code=401)
    response = RedirectResponse("/ui", status_code=303)
    response.set_cookie(
        COOKIE, key.strip(), httponly=True, samesite="strict", path="/ui", secure=request.url.scheme == "https"
    )
    return response


@router.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE, path="/ui")
    return response


@router.get("", response_class=HTMLResponse)
def call_list(request: Request, ctx: ContextDep, session: SessionDep, user: PageUser, filters: FiltersDep, offset: int = 0) -> HTMLResponse:
    page = search.list_calls(session, ctx.db.dialect, filters, users.scope_for(user), limit=50, offset=max(0, offset))
    with ctx.db.transaction() as audit:
        users.record_access(audit, user, "ui_list_calls", detail=f"{len(page.items)} calls")
    return templates.TemplateResponse(
        request, "calls.html",
        {"user": user, "calls": page.items, "next_offset": page.next_offset, "filters": filters,
         "supervisor": user.role != Role.AGENT, "error": request.query_params.get("error")},
    )


@router.post("/upload")
async def upload(request: Request, ctx: ContextDep, user: PageUser) -> Response:
    try:
        accepted = await accept_upload(request, Response(), ctx, user)
    except ApiError as exc:
        return RedirectResponse(f"/ui?error={exc.message[:200]}", status_code=303)
    return RedirectResponse(f"/ui/calls/{accepted.id}", status_code=303)


@router.get("/calls/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, call_id: str, ctx: ContextDep, session: SessionDep, user: PageUser) -> HTMLResponse:
    call = calls.get_call(session, call_id)
    if call is None or not users.can_see(user, call):
        raise ApiError(404, "not_found", "no such call")
    with ctx.db.transaction() as audit:
        users.record_access(audit, user, "ui_call", call.id)
    result = calls.get_result(session, call.id) if call.status == CallStatus.DONE else None
    data = json.loads(result.result_json) if result else {}
    return templates.TemplateResponse(
        request, "call.html",
        {"user": user, "call": call, "summary": data.get("summary"), "turns": data.get("turns", []),
         "warnings": data.get("warnings", []), "refresh": call.status in (CallStatus.QUEUED, CallStatus.PROCESSING)},
    )


@router.get("/reports", response_class=HTMLResponse)
def report_page(request: Request, ctx: ContextDep, session: SessionDep, user: PageUser, filters: FiltersDep) -> HTMLResponse:
    if user.role == Role.AGENT:
        raise ApiError(403, "forbidden", "reports are for supervisors and admins")
    report = reports.build_report(session, ctx.db.dialect, filters, users.scope_for(user))
    with ctx.db.transaction() as audit:
        users.record_access(audit, user, "ui_report", detail=f"{report.calls} calls")
    return templates.TemplateResponse(request, "reports.html", {"user": user, "report": report, "filters": filters})
