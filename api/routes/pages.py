"""The web pages agents work in, under ``/ui``: log in, My calls (live
status over Server-Sent Events), upload, and the call page (summary with
citations, plain-text copy, audio synchronised with the transcript, drawn
analytics, review). Supervisors' and admins' pages are in
:mod:`api.routes.ui_supervisor` and :mod:`api.routes.ui_admin`.

The browser holds a server-side session (see :mod:`api.web`); the JSON API
keeps taking only the ``Authorization`` header, so cookies never authorise it.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse
from sse_starlette import EventSourceResponse

from api import charts
from api.context import AppContext
from api.deps import ContextDep, SessionDep
from api.errors import ApiError
from api.i18n import translator
from api.routes.calls import accept_upload
from api.routes.events import event_stream
from api.routes.results import AUDIO_MEDIA_TYPES
from api.transcript_marks import mark_turns, plain_text_summary
from api.web import SESSION_COOKIE, PageDep, PageFiltersDep, PageError, PageSession, check_csrf, render
from pipeline.errors import ErrorCode
from store import calls, revisions, search, ui_sessions, users
from store.models import Call, CallStatus
from store.search import CallFilters

router = APIRouter(prefix="/ui", include_in_schema=False)

# CallFilters fields the search form has its own inputs for; any other
# field (added filters such as a reason category or QA score) gets a plain input.
_FORM_FILTERS = {
    "agent_id", "team", "created_from", "created_to", "status", "language", "sentiment", "resolution",
    "follow_up_required", "min_duration_s", "max_duration_s", "q",
}
LANG_COOKIE = "callbrief_lang"
LOGIN_COOKIE = "callbrief_login"


def _login_page(request: Request, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    """The login form, with a fresh token that the form sends back and a
    cookie holds (no session exists yet to tie a CSRF token to)."""
    lang = request.cookies.get(LANG_COOKIE, "en")
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", None, {"error": error, "login_token": token}, status_code=status_code,
                      language=lang if lang in ui_sessions.LANGUAGES else "en")
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, httponly=True, samesite="strict", path="/ui/login",
                        secure=request.url.scheme == "https")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request, ctx: ContextDep, key: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf, expected):
        return _login_page(request, "The form is out of date. Reload the page and try again.", 403)
    with ctx.db.transaction() as session:
        user = users.authenticate(session, key.strip())
        if user is None:
            return _login_page(request, "That key is not valid.", 401)
        session_id = ui_sessions.open_session(session, user)
        hours = int(ui_sessions.site_settings(session)["ui_session_hours"])
        language = ui_sessions.language_of(session, user)
        users.record_access(session, user, "ui_login")
    response = RedirectResponse("/ui", status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path="/ui/login")
    secure = request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, session_id, max_age=hours * 3600, httponly=True, samesite="strict", path="/ui", secure=secure)
    response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, httponly=True, samesite="strict", path="/ui", secure=secure)
    return response


@router.post("/logout")
def logout(ctx: ContextDep, page: PageDep, csrf: Annotated[str, Form(max_length=100)] = "") -> RedirectResponse:
    check_csrf(page, csrf)
    with ctx.db.transaction() as session:
        ui_sessions.revoke_session(session, page.session_id)
        users.record_access(session, page.user, "ui_logout")
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/ui")
    return response


@router.post("/language")
def set_language(
    request: Request, ctx: ContextDep, page: PageDep,
    language: Annotated[str, Form(max_length=8)], csrf: Annotated[str, Form(max_length=100)] = "",
) -> RedirectResponse:
    check_csrf(page, csrf)
    if language not in ui_sessions.LANGUAGES:
        raise PageError(400, ErrorCode.BAD_OPTION, "That language is not offered.")
    with ctx.db.transaction() as session:
        ui_sessions.set_language(session, page.user, language)
    back = request.headers.get("referer", "/ui")
    target = back if back.startswith(str(request.base_url).rstrip("/") + "/ui") else "/ui"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, httponly=True, samesite="strict", path="/ui",
                        secure=request.url.scheme == "https")
    return response


def _query_string(request: Request) -> str:
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "offset" and v != ""]
    return "?" + urlencode(pairs) if pairs else ""


def extra_filters(filters: CallFilters) -> list[tuple[str, Any]]:
    return [(f.name, getattr(filters, f.name)) for f in dataclasses.fields(filters) if f.name not in _FORM_FILTERS]


def _snippet(text: str | None, words: list[str], width: int = 90) -> str | None:
    if not text or not words:
        return None
    lower = text.lower()
    hits = [i for i in (lower.find(w.lower()) for w in words) if i >= 0]
    if not hits:
        return None
    start = max(0, min(hits) - width // 2)
    return text[start:start + width].strip()


@router.get("", response_class=HTMLResponse)
def call_list(request: Request, ctx: ContextDep, session: SessionDep, page: PageDep, filters: PageFiltersDep,
              offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> HTMLResponse:
    size = int(ui_sessions.site_settings(session)["ui_page_size"])
    listed = search.list_calls(session, ctx.db.dialect, filters, users.scope_for(page.user), limit=size, offset=offset)
    words = search.query_words(filters.q)
    snippets = {}
    for call in listed.items:
        found = _snippet(call.summary_text, words) or _snippet(call.search_text, words)
        if found:
            snippets[call.id] = found
    with ctx.db.transaction() as audit:
        users.record_access(audit, page.user, "ui_list_calls", detail=f"{len(listed.items)} calls")
    return render(
        request, "calls.html", page,
        {"active": "calls", "calls": listed.items, "next_offset": listed.next_offset, "filters": filters,
         "form": {"date_from": request.query_params.get("date_from"), "date_to": request.query_params.get("date_to")},
         "extra_filters": extra_filters(filters), "words": words, "snippets": snippets,
         "query_string": _query_string(request), "error": request.query_params.get("error")},
    )


@router.post("/upload")
async def upload(request: Request, ctx: ContextDep, page: PageDep, csrf: Annotated[str, Query(max_length=100)] = "") -> Response:
    check_csrf(page, csrf)
    try:
        accepted = await accept_upload(request, Response(), ctx, page.user)
    except ApiError as exc:
        return RedirectResponse("/ui?" + urlencode({"error": exc.message[:200]}), status_code=303)
    return RedirectResponse(f"/ui/calls/{accepted.id}", status_code=303)


def visible_call(ctx: AppContext, page: PageSession, call_id: str, action: str) -> Call:
    """The call if this user may see it (recording the read), else a 404 page."""
    if len(call_id) > 64:
        raise PageError(404, ErrorCode.NOT_FOUND, "No such call.")
    with ctx.db.transaction() as session:
        call = calls.get_call(session, call_id)
        if call is None or not users.can_see(page.user, call):
            raise PageError(404, ErrorCode.NOT_FOUND, "No such call.")
        users.record_access(session, page.user, action, call.id)
    return call


def _call_context(ctx: AppContext, page: PageSession, call: Call) -> dict[str, Any]:
    """What the call page shows, once the call is done."""
    t = translator(page.language)
    context: dict[str, Any] = {"call": call, "summary": None, "turns": [], "warnings": [], "revisions": []}
    if call.status != CallStatus.DONE:
        return context
    with ctx.db.session() as session:
        row = calls.get_result(session, call.id)
        if row is None:
            return context
        result = json.loads(row.result_json)
        generated = calls.summary_of(row)
        summary = revisions.current_summary(session, call.id, generated)
        history = revisions.history(session, call.id)
    analytics = result.get("analytics") or json.loads(row.analytics_json or "{}")
    labels = {k: t(k) for k in ("agent", "customer", "unknown", "silence", "interruption")}
    turns = result.get("turns", [])
    context.update(
        summary=summary,
        turns=mark_turns(turns, (summary or {}).get("key_facts") or [], t("check this against the recording")),
        warnings=result.get("warnings", []),
        revisions=history,
        revision=history[-1] if history else None,
        summary_generator=(generated or {}).get("generator", ""),
        plain_text=plain_text_summary(call, summary, t) if summary else "",
        # Where the words were redacted, workers store the recording with them silenced.
        redacted_audio=bool(result.get("redacted")),
        charts={
            "talk_share": charts.talk_share(analytics, labels, t("Talk share")),
            "timeline": charts.timeline(turns, analytics, labels, t("Timeline of turns, silences and interruptions")),
        },
        analytics_line=_analytics_line(analytics, t),
    )
    return context


def _analytics_line(analytics: dict[str, Any], t: Any) -> str:
    silences = analytics.get("silences") or []
    interruptions = analytics.get("interruptions") or []
    return (
        f"{t('Silences')}: {len(silences)} ({round(float(analytics.get('non_talk_time') or 0), 1)} s) · "
        f"{t('Interruptions')}: {len(interruptions)} · {t('Turns')}: {analytics.get('turns', 0)}"
    )


@router.get("/calls/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, call_id: str, ctx: ContextDep, page: PageDep) -> HTMLResponse:
    call = visible_call(ctx, page, call_id, "ui_call")
    return render(request, "call.html", page, {"active": "calls", **_call_context(ctx, page, call)})


@router.get("/calls/{call_id}/body", response_class=HTMLResponse)
def call_body(request: Request, call_id: str, ctx: ContextDep, page: PageDep) -> HTMLResponse:
    """The call page's content, swapped in by the page when the call is done."""
    call = visible_call(ctx, page, call_id, "ui_call")
    return render(request, "call_body.html", page, _call_context(ctx, page, call))


@router.get("/calls/{call_id}/card", response_class=HTMLResponse)
def call_card(request: Request, call_id: str, ctx: ContextDep, page: PageDep) -> HTMLResponse:
    """The summary card My calls shows the moment a call is done."""
    call = visible_call(ctx, page, call_id, "ui_call")
    context = _call_context(ctx, page, call)
    if not context["summary"]:
        return HTMLResponse("")
    return render(request, "summary_card.html", page, {**context, "card_link": True})


@router.get("/calls/{call_id}/summary.txt", response_class=PlainTextResponse)
def call_summary_text(call_id: str, ctx: ContextDep, page: PageDep) -> PlainTextResponse:
    call = visible_call(ctx, page, call_id, "ui_summary_text")
    return PlainTextResponse(_call_context(ctx, page, call).get("plain_text", ""))


@router.get("/calls/{call_id}/events")
def call_events(call_id: str, ctx: ContextDep, page: PageDep) -> EventSourceResponse:
    call = visible_call(ctx, page, call_id, "ui_call_events")
    return EventSourceResponse(event_stream(ctx, call.id), ping=15)


@router.get("/calls/{call_id}/audio")
def call_audio(call_id: str, ctx: ContextDep, page: PageDep) -> FileResponse:
    """The stored recording; answers Range requests, so the player can seek."""
    call = visible_call(ctx, page, call_id, "ui_audio")
    path = ctx.audio.path(call.audio_path)
    if not path.is_file():
        raise PageError(404, ErrorCode.NOT_FOUND, "The recording is no longer stored.")
    return FileResponse(path, media_type=AUDIO_MEDIA_TYPES.get(call.audio_format, "application/octet-stream"))


def _lines(raw: str, parts: int) -> list[list[str]]:
    rows = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        rows.append((cells + [""] * parts)[:parts])
    return rows


def parse_corrections(form: dict[str, str]) -> revisions.Corrections:
    status = form.get("resolution_status") or None
    if status is not None and status not in ("resolved", "unresolved", "escalated"):
        raise PageError(400, ErrorCode.BAD_OPTION, "The resolution must be resolved, unresolved or escalated.")
    actions = []
    for owner, what, when in _lines(form.get("action_items", ""), 3):
        if owner.lower() not in ("agent", "customer", "unknown"):
            what, owner = (f"{owner} | {what}".strip(" |"), "agent")
        if what:
            actions.append({"owner": owner.lower(), "what": what, "when": when or None})
    facts = []
    for kind, value in _lines(form.get("key_facts", ""), 2):
        if not value:
            kind, value = "other", kind
        facts.append({"kind": kind.lower() or "other", "value": value})
    return revisions.Corrections(
        resolution_status=status, resolution_text=form.get("resolution_text"), reason=form.get("reason"),
        action_items=tuple(actions) if "action_items" in form else None,
        key_facts=tuple(facts) if "key_facts" in form else None,
    )


@router.post("/calls/{call_id}/review")
async def review_call(request: Request, call_id: str, ctx: ContextDep, page: PageDep) -> RedirectResponse:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str) and len(v) <= 5000}
    check_csrf(page, form.get("csrf"))
    call = visible_call(ctx, page, call_id, "ui_call")
    corrections = parse_corrections(form) if form.get("action") == "correct" else None
    with ctx.db.transaction() as session:
        row = calls.get_call(session, call.id)
        result = calls.get_result(session, call.id)
        summary = revisions.current_summary(session, call.id, calls.summary_of(result) if result else None)
        if row is None or not summary:
            raise PageError(409, ErrorCode.NOT_READY, "This call has no summary to review yet.")
        revision = revisions.review(session, row, page.user, summary, corrections)
        users.record_access(session, page.user, "ui_review", call.id,
                            detail=f"revision {revision.number} {revision.action} {revision.changed_fields}"[:255])
    return RedirectResponse(f"/ui/calls/{call.id}#review", status_code=303)
