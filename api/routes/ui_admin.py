"""Admins' page: users and their keys (add, disable, enable, rotate), and
the settings the web pages may change while the service runs.

A new or rotated key is shown once, in the page that answers the form
(never in a URL); only its hash is stored. Disabling a user or rotating
their key ends their browser sessions at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from api.deps import ContextDep
from api.web import AdminPageDep, PageError, PageSession, check_csrf, render
from api.context import AppContext
from pipeline.errors import ErrorCode
from store import ui_sessions, users
from store.models import Role

router = APIRouter(prefix="/ui/admin", include_in_schema=False)
_DONE = {"disable": "The user is disabled.", "enable": "The user is enabled.", "rotate": "The key is rotated."}


def _page(request: Request, ctx: AppContext, page: PageSession, **extra: Any) -> HTMLResponse:
    with ctx.db.session() as session:
        context = {
            "active": "admin", "users": users.list_users(session), "roles": Role.ALL,
            "settings": ui_sessions.site_settings(session), "setting_specs": ui_sessions.SITE_SETTINGS,
            "new_key": None, "message": None, "error": None, **extra,
        }
    return render(request, "admin.html", page, context, status_code=400 if extra.get("error") else 200)


@router.get("", response_class=HTMLResponse)
def admin_page(request: Request, ctx: ContextDep, page: AdminPageDep) -> HTMLResponse:
    return _page(request, ctx, page)


@router.post("/users", response_class=HTMLResponse)
def add_user(
    request: Request, ctx: ContextDep, page: AdminPageDep,
    name: Annotated[str, Form(max_length=100)], role: Annotated[str, Form(max_length=16)],
    team: Annotated[str, Form(max_length=100)] = "", csrf: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    check_csrf(page, csrf)
    try:
        user, key = users.create_user(ctx.db, name, role, team.strip() or None)
    except users.UserError as exc:
        return _page(request, ctx, page, error=str(exc))
    with ctx.db.transaction() as session:
        users.record_access(session, page.user, "ui_user_add", detail=user.name)
    return _page(request, ctx, page, new_key=(user.name, key))


@router.post("/users/{name}/{action}", response_class=HTMLResponse)
def change_user(
    request: Request, ctx: ContextDep, page: AdminPageDep, name: str, action: str,
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    check_csrf(page, csrf)
    if action not in ("disable", "enable", "rotate"):
        raise PageError(404, ErrorCode.NOT_FOUND, "No such action.")
    if name == page.user.name and action == "disable":
        return _page(request, ctx, page, error="You cannot disable yourself.")
    with ctx.db.session() as session:
        target = users.get_user(session, name)
    if target is None:
        raise PageError(404, ErrorCode.NOT_FOUND, "No such user.")
    new_key = None
    if action == "rotate":
        new_key = (name, users.rotate_key(ctx.db, name))
    else:
        users.set_disabled(ctx.db, name, action == "disable")
    with ctx.db.transaction() as session:
        if action != "enable":
            ui_sessions.revoke_user_sessions(session, target.id)
        users.record_access(session, page.user, f"ui_user_{action}", detail=name)
    if action == "rotate" and name == page.user.name:
        # The admin's own session ended with the old key.
        return _page(request, ctx, page, new_key=new_key, message="Your key was rotated; log in again with the new key.")
    return _page(request, ctx, page, new_key=new_key, message=_DONE[action])


@router.post("/settings", response_class=HTMLResponse)
async def save_settings(request: Request, ctx: ContextDep, page: AdminPageDep) -> HTMLResponse:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    check_csrf(page, form.get("csrf"))
    try:
        with ctx.db.transaction() as session:
            for spec in ui_sessions.SITE_SETTINGS:
                if spec.key in form:
                    ui_sessions.set_site_setting(session, spec.key, form[spec.key])
            users.record_access(session, page.user, "ui_settings")
    except ValueError as exc:
        return _page(request, ctx, page, error=str(exc))
    return _page(request, ctx, page, message="Settings saved.")
