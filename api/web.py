"""What every web page under ``/ui`` shares: the browser session, CSRF
checks, templates with the interface language, and the security headers.

The browser holds a session id in an HttpOnly, SameSite=Strict cookie
scoped to ``/ui``; never the API key (see :mod:`store.ui_sessions`). Every
form that changes something carries the session's CSRF token. Pages load
scripts and styles only from ``/ui/static`` (shipped in the package), and
the Content-Security-Policy forbids inline scripts and anything from
another site.
"""

from __future__ import annotations

import hmac
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Cookie, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from pydantic import ValidationError, validate_call
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from api.deps import ContextDep, get_filters, is_supervisor
from api.i18n import script_labels, translator
from pipeline.errors import ErrorCode
from store import ui_sessions
from store.models import Role, User
from store.search import CallFilters

SESSION_COOKIE = "callbrief_session"
UI_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(UI_DIR / "templates"))


def highlight(text: str | None, words: list[str]) -> Markup:
    """``text`` escaped, with every search word in it wrapped in ``<mark>``."""
    if not text:
        return Markup("")
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out += [str(escape(text[last:match.start()])), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


templates.env.filters["highlight"] = highlight

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)


class LoginRequired(Exception):
    pass


class PageError(Exception):
    """An error shown as a page (404 for a call the user may not see, 403, 400)."""

    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PageSession:
    """The signed-in user of a page request, with what the page needs."""

    user: User
    session_id: str
    csrf_token: str
    language: str

    @property
    def supervisor(self) -> bool:
        return is_supervisor(self.user)

    @property
    def admin(self) -> bool:
        return self.user.role == Role.ADMIN


def get_page_session(ctx: ContextDep, session_id: Annotated[str | None, Cookie(alias=SESSION_COOKIE)] = None) -> PageSession:
    if not session_id or len(session_id) > 100:
        raise LoginRequired
    with ctx.db.session() as session:
        active = ui_sessions.resolve_session(session, session_id)
    if active is None:
        raise LoginRequired
    return PageSession(active.user, session_id, active.csrf_token, active.language)


PageDep = Annotated[PageSession, Depends(get_page_session)]


def require_supervisor_page(page: PageDep) -> PageSession:
    if not page.supervisor:
        raise PageError(403, ErrorCode.FORBIDDEN, "This page is for supervisors and admins.")
    return page


def require_admin_page(page: PageDep) -> PageSession:
    if not page.admin:
        raise PageError(403, ErrorCode.FORBIDDEN, "This page is for admins.")
    return page


SupervisorPageDep = Annotated[PageSession, Depends(require_supervisor_page)]
AdminPageDep = Annotated[PageSession, Depends(require_admin_page)]


_filters_from_query = validate_call(get_filters)
_FILTER_PARAMS = frozenset(inspect.signature(get_filters).parameters)


def get_page_filters(request: Request) -> CallFilters:
    """The call-log filters of a page's search form. A form sends every
    field, so empty ones mean "any" here, where the JSON API would refuse them."""
    given = {k: v for k, v in request.query_params.items() if k in _FILTER_PARAMS and v.strip() != ""}
    try:
        return _filters_from_query(**given)
    except ValidationError as exc:
        names = ", ".join(sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")}))
        raise PageError(400, ErrorCode.INVALID_REQUEST, f"Check these search fields: {names}") from exc


PageFiltersDep = Annotated[CallFilters, Depends(get_page_filters)]


def check_csrf(page: PageSession, token: str | None) -> None:
    if not token or not hmac.compare_digest(token, page.csrf_token):
        raise PageError(403, ErrorCode.CSRF_FAILED, "The form is out of date. Reload the page and try again.")


def render(request: Request, name: str, page: PageSession | None, context: dict[str, Any], *, status_code: int = 200,
           language: str = "en") -> HTMLResponse:
    lang = page.language if page else language
    return templates.TemplateResponse(
        request, name,
        {"page": page, "user": page.user if page else None, "lang": lang, "_": translator(lang),
         "script_labels": script_labels(lang), **context},
        status_code=status_code,
    )


def login_redirect(_request: Request, _exc: LoginRequired) -> RedirectResponse:
    return RedirectResponse("/ui/login", status_code=303)


def page_error(request: Request, exc: PageError) -> HTMLResponse:
    lang = request.cookies.get("callbrief_lang", "en")
    return render(request, "error.html", None, {"code": exc.code, "message": exc.message}, status_code=exc.status,
                  language=lang if lang in ui_sessions.LANGUAGES else "en")


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    """CSP and friends on every ``/ui`` response."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        if request.url.path.startswith("/ui"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("X-Frame-Options", "DENY")
            if not request.url.path.startswith("/ui/static"):
                response.headers.setdefault("Cache-Control", "no-store")
        return response
