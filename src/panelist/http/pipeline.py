"""The request pipeline every public API route runs through, in contract §2's check order.

Endpoints declare an `Endpoint` (scope, rate-limit category, idempotency, body limit) next to
the route and hand a plain function `(call, session) -> Result` to `execute`. The pipeline
does the rest: authentication (1–5), rate limits (6), scope (7), role (8), body (9), then
validation, the handler and the transaction (10–12), and the idempotency record in that same
transaction. Everything after reading the body runs in one worker thread, in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from panelist.errors import (
    ApiError,
    Forbidden,
    InvalidBody,
    PayloadTooLarge,
    RateLimited,
    ScopeInsufficient,
    validation_error,
)
from panelist.http import idempotency
from panelist.http.auth import Principal, authenticate
from panelist.http.envelope import error_payload, etag_matches, json_response, strong_etag
from panelist.http.request_id import get_request_id
from panelist.http.scopes import Category, Role, Scope
from panelist.http.services import AppServices
from panelist.http.validation import field_errors
from panelist.kit import jsonx
from panelist.metrics import RATE_LIMIT_REFUSALS

MiB = 1024 * 1024
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Endpoint:
    scope: Scope
    category: Category
    idempotent: bool = False
    admin_only: bool = False
    body: bool = False
    body_limit: int = 1 * MiB
    # The handler gets a read transaction and opens its own short write transactions, for a
    # route that waits on the network (holding SQLite's write lock meanwhile would stall all).
    own_writes: bool = False
    # A GET whose handler also writes (marks an analysis viewed, caches a language) runs in a
    # write transaction instead of a read one.
    writes: bool = False
    # A non-JSON body (multipart upload): read within `body_limit`, handed to the handler
    # as `call.extra["raw_body"]` and `call.extra["content_type"]`.
    raw_body: bool = False


@dataclass(slots=True)
class Result:
    data: Any
    status: int = 200
    pagination: dict[str, Any] | None = None


@dataclass(slots=True)
class Call:
    """What a handler knows about the request it serves."""

    services: AppServices
    principal: Principal
    request_id: str
    path_params: Mapping[str, str]
    query: Mapping[str, str]
    json: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def company_id(self) -> str:
        return self.principal.company_id

    def body_as(self, model: type[ModelT]) -> ModelT:
        if not isinstance(self.json, dict):
            raise InvalidBody("Request body must be a JSON object.")
        try:
            return _without_nul(model.model_validate(self.json))
        except PydanticValidationError as exc:
            raise field_errors(exc) from None

    def query_as(self, model: type[ModelT]) -> ModelT:
        try:
            return _without_nul(model.model_validate(dict(self.query)))
        except PydanticValidationError as exc:
            raise field_errors(exc) from None


def _without_nul(parsed: ModelT) -> ModelT:
    """PostgreSQL text and JSONB cannot hold U+0000: refuse it as a VALIDATION_ERROR, not a 500."""

    def first_nul(value: Any, path: str) -> str | None:
        if isinstance(value, str):
            return path if "\x00" in value else None
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, (list, tuple)):
            items = enumerate(value)
        else:
            return None
        for key, item in items:
            inner = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and "\x00" in key:
                return inner
            found = first_nul(item, inner)
            if found is not None:
                return found
        return None

    field = first_nul(parsed.model_dump(), "")
    if field is not None:
        raise validation_error(field, "Must not contain NUL (U+0000) characters.")
    return parsed


Handler = Callable[[Call, Session], Result]


async def execute(request: Request, endpoint: Endpoint, handler: Handler) -> Response:
    raw_body: bytes | None = None
    too_large = False
    if endpoint.body or endpoint.raw_body:
        raw_body, too_large = await _read_body(request, endpoint.body_limit)
    return await run_in_threadpool(_execute, request, endpoint, handler, raw_body, too_large)


async def _read_body(request: Request, limit: int) -> tuple[bytes, bool]:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return b"", True
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return b"", True
        chunks.append(chunk)
    return b"".join(chunks), False


def _execute(
    request: Request,
    endpoint: Endpoint,
    handler: Handler,
    raw_body: bytes | None,
    too_large: bool,
) -> Response:
    services: AppServices = request.app.state.services
    request_id = get_request_id(request.scope)
    rate_headers: dict[str, str] = {}
    try:
        if request.method == "GET" and endpoint.writes:
            # Admission first, outside the write transaction: it may refresh the key's
            # lastUsedAt in a write of its own, and on SQLite a second writer in this thread
            # would wait for ever on the one this thread already holds.
            call, rate_headers = _admit(request, endpoint, services, request_id, None)
            with services.db.write() as session:
                return _read(request, call, handler, rate_headers, session)
        if request.method == "GET":
            # One session for the key lookup and the handler: one connection checkout and one
            # transaction instead of two.
            with services.db.read() as session:
                call, rate_headers = _admit(request, endpoint, services, request_id, session)
                return _read(request, call, handler, rate_headers, session)
        call, rate_headers = _admit(request, endpoint, services, request_id, None)
        body_error: ApiError | None = None
        if endpoint.body:
            body_error, call.json = _parse_body(raw_body or b"", too_large)
        if endpoint.raw_body:
            body_error = PayloadTooLarge() if too_large else None
            call.extra.update(
                raw_body=raw_body or b"", content_type=request.headers.get("content-type", "")
            )
        key_header = request.headers.get("idempotency-key") if endpoint.idempotent else None
        if key_header is None:
            if body_error is not None:
                raise body_error
            transaction = services.db.read if endpoint.own_writes else services.db.write
            with transaction() as session:
                result = handler(call, session)
            return _success(request_id, result, rate_headers)
        status, payload, replayed = idempotency.run(
            services,
            call,
            request.method,
            request.url.path,
            key_header,
            raw_body or b"",
            body_error,
            handler,
        )
        headers = {**rate_headers, **({"Idempotent-Replayed": "true"} if replayed else {})}
        return json_response(
            jsonx.dumps(idempotency.with_request_id(payload, request_id)), status, headers
        )
    except ApiError as error:
        error.headers = {**rate_headers, **error.headers}
        return json_response(
            jsonx.dumps(error_payload(request_id, error)), error.status, error.headers
        )


def _admit(
    request: Request,
    endpoint: Endpoint,
    services: AppServices,
    request_id: str,
    session: Session | None,
) -> tuple[Call, dict[str, str]]:
    """Checks 1–8: authentication, rate limits, scope, role. Returns the call and the rate
    headers; a refusal raises, carrying the rate headers once they exist (checks 7–8)."""
    now = services.clock.now()
    caller_ip = services.caller_ip(request)
    principal = authenticate(
        services.db, services.secret, request.headers.get("x-api-key"), caller_ip, now, session
    )
    request.scope["state"].update(company_id=principal.company_id, key_id=principal.key_id)
    limits = services.limits_for(principal.rate_limits, endpoint.category)
    decision = services.rate_limiter.hit(principal.company_id, limits, now.timestamp())
    rate_headers = decision.headers()
    try:
        if not decision.allowed:
            RATE_LIMIT_REFUSALS.labels(decision.reported.name).inc()
            raise RateLimited(
                f"Rate limit exceeded for '{decision.reported.name}'; "
                f"retry in {decision.retry_after} s."
            )
        if endpoint.scope not in principal.scopes:
            raise ScopeInsufficient(f"This route needs the '{endpoint.scope}' scope.")
        if endpoint.admin_only and principal.role not in (Role.OWNER, Role.ADMIN):
            raise Forbidden("Only owners and admins may use this route.")
    except ApiError as error:
        error.headers = {**rate_headers, **error.headers}
        raise
    call = Call(
        services=services,
        principal=principal,
        request_id=request_id,
        # No identifier contains U+0000 (nor could PostgreSQL look one up): such a path
        # parameter names nothing, so it becomes "" and the handler answers NOT_FOUND.
        path_params={k: "" if "\x00" in v else v for k, v in request.path_params.items()},
        query=request.query_params,
    )
    return call, rate_headers


def _parse_body(raw: bytes, too_large: bool) -> tuple[ApiError | None, Any]:
    if too_large:
        return PayloadTooLarge(), None
    if not raw.strip():
        return InvalidBody("Request body is empty; a JSON object is expected."), None
    try:
        parsed = jsonx.loads(raw)
    except ValueError:
        return InvalidBody(), None
    if not isinstance(parsed, dict):
        return InvalidBody("Request body must be a JSON object."), None
    return None, parsed


def _read(
    request: Request, call: Call, handler: Handler, headers: dict[str, str], session: Session
) -> Response:
    result = handler(call, session)
    etag = strong_etag(result.data, result.pagination)
    headers = {**headers, "ETag": etag}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return _success(call.request_id, result, headers)


def _success(request_id: str, result: Result, headers: dict[str, str]) -> Response:
    body: dict[str, Any] = {"success": True, "requestId": request_id, "data": result.data}
    if result.pagination is not None:
        body["pagination"] = result.pagination
    return json_response(jsonx.dumps(body), result.status, headers)
