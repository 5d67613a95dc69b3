"""Request ids and the headers every response carries (contract §1), as pure ASGI middleware.

It also writes the one structured log line per request: method, path, status, duration,
request id, company id and key id, and never a header value or body.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panelist import metrics

log = structlog.get_logger("panelist.request")

# Contract §1: a client-supplied X-Request-Id "that is a valid UUID" is echoed: any version
# (1-8, RFC 9562) in the canonical 8-4-4-4-12 form, either case, handed back in lower case. The
# nil and max UUIDs (no version) identify nothing and are replaced, like any other value.
_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", re.IGNORECASE
)


def request_id_from(header_value: str | None) -> str:
    """Echo a client-supplied UUID (any version); otherwise mint a new v4."""
    if header_value and _UUID.fullmatch(header_value):
        return header_value.lower()
    return str(uuid.uuid4())


def get_request_id(scope: Scope) -> str:
    state: dict[str, Any] = scope.setdefault("state", {})
    rid = state.get("request_id")
    if rid is None:
        headers = dict(scope.get("headers") or [])
        raw = headers.get(b"x-request-id")
        rid = request_id_from(raw.decode("latin-1") if raw else None)
        state["request_id"] = rid
    return str(rid)


def loggable_path(scope: Scope) -> str:
    """The request path, unless it carries a credential (the candidate's interview token):
    then the route template, `/interview/{token}`, so that logs never hold a working link."""
    template = metrics.route_template(scope)
    return template if "{token}" in template else str(scope["path"])


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = get_request_id(scope)
        extra = [(b"x-request-id", request_id.encode()), (b"x-api-version", b"v1")]
        status_holder = [0]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                message["headers"] = [
                    *(h for h in message.get("headers", []) if h[0].lower() != b"x-request-id"),
                    *extra,
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            metrics.observe_request(scope, status_holder[0], elapsed)
            state = scope.get("state", {})
            log.info(
                "request",
                method=scope["method"],
                path=loggable_path(scope),
                status=status_holder[0],
                duration_ms=round(elapsed * 1000, 2),
                request_id=request_id,
                company_id=state.get("company_id"),
                key_id=state.get("key_id"),
            )
