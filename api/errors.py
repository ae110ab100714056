"""Every error response is JSON ``{"error": {"code", "message"}}`` with a
4xx/5xx status: never a stack trace, never an HTML page."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.errors import ErrorCode, TransientError

log = logging.getLogger(__name__)

DATABASE_RETRY_AFTER_S = 5
# The database cannot be reached or gave up for now (connection refused or
# lost, pool exhausted); the store raises TransientError for the same.
DATABASE_DOWN: tuple[type[Exception], ...] = (
    sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, TransientError,
)


class ApiError(Exception):
    def __init__(self, status: int, code: ErrorCode, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(status: int, code: ErrorCode, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


_HTTP_CODES = {
    401: ErrorCode.UNAUTHORIZED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.UPLOAD_TOO_LARGE,
}


class RefuseNulCharacters:
    """A NUL character in the path or query is refused before any route runs:
    PostgreSQL cannot compare or store it, and no call id, filter or search
    word contains one. Pure ASGI, so streams pass through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"")
            if "\x00" in scope.get("path", "") or b"\x00" in query or b"%00" in query:
                response = error_response(
                    422, ErrorCode.INVALID_REQUEST, "the path or query contains a NUL character"
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, ErrorCode.HTTP_ERROR)
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Name the fields and what is wrong, never echo the values back.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()) if p not in ('query', 'body', 'path'))}: {err.get('msg')}"
            for err in exc.errors()
        )
        return error_response(422, ErrorCode.INVALID_REQUEST, problems or "the request is invalid")

    async def _database_down(request: Request, exc: Exception) -> JSONResponse:
        # An outage, not a bug: one line, no traceback, and a 503 the client may retry.
        route = getattr(request.scope.get("route"), "path", "unmatched")
        log.warning("database unavailable on %s %s (%s)", request.method, route, type(exc).__name__)
        return error_response(
            503, ErrorCode.DATABASE_UNAVAILABLE, "the call log's database cannot be reached; try again shortly",
            {"Retry-After": str(DATABASE_RETRY_AFTER_S)},
        )

    for error_type in DATABASE_DOWN:
        app.add_exception_handler(error_type, _database_down)

    @app.exception_handler(sa_exc.DataError)
    async def _value_out_of_range(request: Request, exc: sa_exc.DataError) -> JSONResponse:
        # The database refused a value from the request (a number out of the
        # column's range, a character it cannot store): the input's fault.
        route = getattr(request.scope.get("route"), "path", "unmatched")
        log.info("value refused by the database on %s %s (%s)", request.method, route, type(exc.orig).__name__)
        return error_response(422, ErrorCode.INVALID_REQUEST, "a value in the request is out of range or cannot be stored")

    @app.exception_handler(ClientDisconnect)
    async def _client_gone(request: Request, _exc: ClientDisconnect) -> JSONResponse:
        # Nobody is left to read this answer; it only keeps the log honest.
        route = getattr(request.scope.get("route"), "path", "unmatched")
        log.info("client disconnected during %s %s", request.method, route)
        return error_response(499, ErrorCode.CLIENT_DISCONNECTED, "the client closed the connection")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The type at ERROR; the message and traceback (which may quote
        # request data) only at DEBUG.
        route = getattr(request.scope.get("route"), "path", "unmatched")
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, route)
        log.debug("unhandled error details", exc_info=exc)
        return error_response(500, ErrorCode.INTERNAL_ERROR, "the server failed to handle this request; it has been logged")
