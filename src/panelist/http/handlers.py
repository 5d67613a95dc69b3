"""Render every failure in the contract's envelope: ours, the framework's, and the unexpected."""

from __future__ import annotations

import redis
import sqlalchemy as sa
import structlog
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from panelist.errors import (
    ApiError,
    FieldError,
    InternalError,
    MethodNotAllowed,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)
from panelist.http.envelope import error_response
from panelist.http.request_id import get_request_id, loggable_path

log = structlog.get_logger("panelist.errors")


def install(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(get_request_id(request.scope), exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        error: ApiError
        if exc.status_code == 404:
            error = NotFound("No such route.")
        elif exc.status_code == 405:
            error = MethodNotAllowed(headers=dict(exc.headers or {}))
        else:
            error = ApiError(str(exc.detail))
            error.status, error.code = exc.status_code, "ERROR"
        return error_response(get_request_id(request.scope), error)

    async def on_request_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        details = [
            FieldError(".".join(str(p) for p in e["loc"][1:]) or "body", str(e["msg"]))
            for e in exc.errors()
        ]
        return error_response(get_request_id(request.scope), ValidationFailed(details=details))

    async def on_unavailable(request: Request, exc: Exception) -> Response:
        log.warning("backing service unavailable", error_type=type(exc).__name__)
        return error_response(get_request_id(request.scope), ServiceUnavailable())

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error", path=loggable_path(request.scope))
        return error_response(get_request_id(request.scope), InternalError())

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(sa.exc.OperationalError, on_unavailable)
    app.add_exception_handler(sa.exc.InterfaceError, on_unavailable)
    app.add_exception_handler(redis.exceptions.ConnectionError, on_unavailable)
    app.add_exception_handler(redis.exceptions.TimeoutError, on_unavailable)
    app.add_exception_handler(Exception, on_unexpected)
