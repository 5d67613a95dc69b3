"""Idempotency-Key handling (contract §5).

The outcome is stored in the same write transaction as the request's own writes: the handler
runs inside a SAVEPOINT so that a business error (a 4xx, which is stored and replayed) rolls
back the handler's writes but keeps the record. A 5xx rolls everything back, so a retry runs
again.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from panelist.errors import ApiError, IdempotencyConflict, validation_error
from panelist.http.envelope import error_payload
from panelist.idempotency import repository
from panelist.idempotency.models import IdempotencyRecord
from panelist.kit import jsonx

if TYPE_CHECKING:
    from panelist.http.pipeline import Call, Handler
    from panelist.http.services import AppServices

RETENTION = timedelta(hours=24)
HEADER = "Idempotency-Key"


def check_key(key: str) -> None:
    if not key or len(key) > 255 or not all(" " <= ch <= "~" for ch in key):
        raise validation_error(HEADER, "Must be 1–255 printable ASCII characters.")


def fingerprint(method: str, path: str, body: Any, raw_body: bytes) -> str:
    canonical = jsonx.canonical(body) if body is not None else raw_body
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), canonical):
        digest.update(part)
        digest.update(b"\x00")
    return digest.hexdigest()


def with_request_id(payload: dict[str, Any], request_id: str) -> dict[str, Any]:
    first = {"success": payload["success"], "requestId": request_id}
    return {**first, **{k: v for k, v in payload.items() if k not in first}}


def run(
    services: AppServices,
    call: Call,
    method: str,
    path: str,
    key: str,
    raw_body: bytes,
    body_error: ApiError | None,
    handler: Handler,
) -> tuple[int, dict[str, Any], bool]:
    """Return (status, payload without requestId, replayed)."""
    check_key(key)
    company_id = call.company_id
    print_ = fingerprint(method, path, call.json if body_error is None else None, raw_body)
    now = services.clock.now()
    with services.db.write() as session:
        if not repository.try_lock(session, company_id, key):
            raise IdempotencyConflict(
                "A request with this Idempotency-Key is still in progress; retry shortly.",
                headers={"Retry-After": "1"},
            )
        record = repository.find(session, company_id, key)
        if record is not None and record.expires_at <= now:
            repository.delete(session, record)
            record = None
        if record is not None:
            if record.fingerprint != print_:
                raise IdempotencyConflict()
            return record.status_code, jsonx.loads(record.response_body), True
        status, payload = _outcome(session, call, handler, body_error)
        repository.add(
            session,
            IdempotencyRecord(
                company_id=company_id,
                key=key,
                fingerprint=print_,
                status_code=status,
                response_body=jsonx.dumps(payload),
                created_at=now,
                expires_at=now + RETENTION,
            ),
        )
    return status, payload, False


def _outcome(
    session: Any, call: Call, handler: Handler, body_error: ApiError | None
) -> tuple[int, dict[str, Any]]:
    if body_error is not None:
        return body_error.status, _error(body_error)
    savepoint = session.begin_nested()
    try:
        result = handler(call, session)
    except ApiError as error:
        savepoint.rollback()
        if error.status >= 500:
            raise
        return error.status, _error(error)
    savepoint.commit()
    payload: dict[str, Any] = {"success": True, "data": result.data}
    if result.pagination is not None:
        payload["pagination"] = result.pagination
    return result.status, payload


def _error(error: ApiError) -> dict[str, Any]:
    payload = error_payload("", error)
    del payload["requestId"]
    return payload
