"""Candidate-facing JSON routes (contract §9). No API key: the link's token is the credential,
so these routes skip the public pipeline and run this smaller flow instead: per-token and
per-IP rate limits, then the body, then the token, all in the contract's envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from panelist.errors import ApiError, InvalidBody, PayloadTooLarge, RateLimited
from panelist.http.docs import doc
from panelist.http.envelope import (
    error_payload,
    etag_matches,
    json_response,
    strong_etag,
    success_body,
)
from panelist.http.ratelimit import Decision
from panelist.http.request_id import get_request_id
from panelist.http.services import AppServices
from panelist.http.validation import field_errors
from panelist.interviews import service
from panelist.interviews.schemas import (
    AnswerIn,
    AnswerSavedOut,
    CompletedOut,
    InterviewSessionOut,
    to_wire,
)
from panelist.interviews.tokens import hash_token
from panelist.kit import jsonx
from panelist.metrics import RATE_LIMIT_REFUSALS

router = APIRouter(tags=["Interview (candidate-facing)"])

BODY_LIMIT = 1024 * 1024
# The token is in the URL: keep it out of caches and out of Referer headers of any link.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
_ERRORS = (410, 429)


# Shared with the HTML page --------------------------------------------------------------


def admit(services: AppServices, request: Request, token: str, now: datetime) -> Decision:
    """Count the request against its token's and its client IP's windows in one atomic step.

    The store keys windows by name, so the names carry the token hash (never the token) and
    the IP; they are shortened to `token`/`ip` before they reach the response headers.
    """
    limit = services.settings.interview_rate_limit
    token_window = f"token:{hash_token(services.secret, token)}"
    ip_window = f"ip:{services.caller_ip(request)}"
    decision = services.rate_limiter.hit(
        "interview", [(token_window, limit), (ip_window, limit)], now.timestamp()
    )
    windows = tuple(replace(w, name=w.name.partition(":")[0]) for w in decision.windows)
    result = Decision(decision.allowed, windows, decision.now)
    if not result.allowed:
        RATE_LIMIT_REFUSALS.labels(f"interview-{result.reported.name}").inc()
    return result


async def read_limited(request: Request, limit: int = BODY_LIMIT) -> tuple[bytes, bool]:
    """The body, or (b"", True) as soon as it is known to exceed `limit`."""
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


# The JSON flow ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Visit:
    services: AppServices
    token: str
    now: datetime
    path_params: dict[str, str]
    body: Any = None

    @property
    def secret(self) -> bytes:
        return self.services.secret


Handler = Callable[[Session, Visit], Any]


async def _serve(
    request: Request, handler: Handler, *, write: bool, body: bool = False
) -> Response:
    raw, too_large = await read_limited(request) if body else (b"", False)
    return await run_in_threadpool(_serve_sync, request, handler, write, body, raw, too_large)


def _serve_sync(
    request: Request, handler: Handler, write: bool, body: bool, raw: bytes, too_large: bool
) -> Response:
    services: AppServices = request.app.state.services
    request_id = get_request_id(request.scope)
    headers = dict(PRIVATE_HEADERS)
    try:
        now = services.clock.now()
        token = request.path_params["token"]
        decision = admit(services, request, token, now)
        headers.update(decision.headers())
        if not decision.allowed:
            raise RateLimited(f"Too many requests; retry in {decision.retry_after} s.")
        parsed = _parse_json(raw, too_large) if body else None
        visit = Visit(services, token, now, dict(request.path_params), parsed)
        if write:
            with services.db.write() as session:
                data = handler(session, visit)
            return json_response(success_body(request_id, data), 200, headers)
        with services.db.read() as session:
            data = handler(session, visit)
        headers["ETag"] = strong_etag(data, None)
        if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        return json_response(success_body(request_id, data), 200, headers)
    except ApiError as error:
        body_out = jsonx.dumps(error_payload(request_id, error))
        return json_response(body_out, error.status, {**headers, **error.headers})


def _parse_json(raw: bytes, too_large: bool) -> Any:
    if too_large:
        raise PayloadTooLarge()
    if not raw.strip():
        raise InvalidBody("Request body is empty; a JSON object is expected.")
    try:
        parsed = jsonx.loads(raw)
    except ValueError:
        raise InvalidBody() from None
    if not isinstance(parsed, dict):
        raise InvalidBody("Request body must be a JSON object.")
    return parsed


# Routes ------------------------------------------------------------------------------------


def _get(session: Session, visit: Visit) -> Any:
    return to_wire(service.view(session, visit.secret, visit.token, visit.now))


@router.get(
    "/interview-sessions/{token}",
    **doc(None, InterviewSessionOut, not_found=True, extra_errors=_ERRORS),
)
async def get_interview_session(request: Request) -> Response:
    """Get the interview behind a link: position, questions and saved answers."""
    return await _serve(request, _get, write=False)


def _answer(session: Session, visit: Visit) -> Any:
    try:
        body = AnswerIn.model_validate(visit.body)
    except PydanticValidationError as exc:
        raise field_errors(exc) from None
    question_id = visit.path_params["questionId"]
    record = service.save_answers(
        session, visit.secret, visit.token, {question_id: body.answer}, visit.now
    )
    saved = body.answer if body.answer.strip() else ""  # blank answers are cleared
    return {"questionId": question_id, "answer": saved, "status": record.status}


@router.put(
    "/interview-sessions/{token}/answers/{questionId}",
    **doc(
        None,
        AnswerSavedOut,
        body=AnswerIn,
        not_found=True,
        conflicts="SESSION_COMPLETED",
        extra_errors=_ERRORS,
    ),
)
async def save_interview_answer(request: Request) -> Response:
    """Save (or, with an empty string, clear) the answer to one question."""
    return await _serve(request, _answer, write=True, body=True)


def _complete(session: Session, visit: Visit) -> Any:
    service.complete(session, visit.secret, visit.token, visit.now)
    return {"status": "completed"}


@router.post(
    "/interview-sessions/{token}/complete",
    **doc(None, CompletedOut, not_found=True, conflicts="SESSION_COMPLETED", extra_errors=_ERRORS),
)
async def complete_interview(request: Request) -> Response:
    """Submit the interview; the candidate becomes `interviewed` and analysis is queued."""
    return await _serve(request, _complete, write=True)
