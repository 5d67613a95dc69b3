"""The response envelope of contract §1, rendered with orjson."""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.responses import Response

from panelist.errors import ApiError
from panelist.kit import jsonx

JSON_MEDIA_TYPE = "application/json; charset=utf-8"


def success_body(request_id: str, data: Any, pagination: dict[str, Any] | None = None) -> bytes:
    body: dict[str, Any] = {"success": True, "requestId": request_id, "data": data}
    if pagination is not None:
        body["pagination"] = pagination
    return jsonx.dumps(body)


def error_payload(request_id: str, error: ApiError) -> dict[str, Any]:
    body: dict[str, Any] = {
        "success": False,
        "error": error.code,
        "message": error.message,
        "requestId": request_id,
    }
    if error.details is not None:
        body["details"] = [{"field": d.field, "message": d.message} for d in error.details]
    return body


def json_response(content: bytes, status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(content, status_code=status, headers=headers, media_type=JSON_MEDIA_TYPE)


def error_response(request_id: str, error: ApiError) -> Response:
    return json_response(jsonx.dumps(error_payload(request_id, error)), error.status, error.headers)


def strong_etag(data: Any, pagination: dict[str, Any] | None) -> str:
    """A strong validator of what the client sees, excluding the per-request requestId."""
    digest = hashlib.sha256(jsonx.canonical([data, pagination])).hexdigest()[:32]
    return f'"{digest}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip() for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates
