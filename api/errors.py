"""Every error response is JSON ``{"error": {"code", "message"}}`` with a
4xx/5xx status: never a stack trace, never an HTML page."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


_HTTP_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "upload_too_large"}


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Name the fields and what is wrong, never echo the values back.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()) if p not in ('query', 'body', 'path'))}: {err.get('msg')}"
            for err in exc.errors()
        )
        return error_response(422, "invalid_request", problems or "the request is invalid")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The type at ERROR; the message and traceback (which may quote
        # request data) only at DEBUG.
        route = getattr(request.scope.get("route"), "path", "unmatched")
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, route)
        log.debug("unhandled error details", exc_info=exc)
        return error_response(500, "internal_error", "the server failed to handle this request; it has been logged")
