"""System routes: no authentication, no rate limit."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from panelist import __version__
from panelist.http.docs import doc
from panelist.http.envelope import json_response
from panelist.http.request_id import get_request_id
from panelist.http.services import AppServices
from panelist.kit import jsonx

router = APIRouter(tags=["System"])


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unreachable"]


@router.get("/health", **doc(None, HealthOut, extra_errors=(503,)))
async def health(request: Request) -> Response:
    """Liveness and database reachability."""
    services: AppServices = request.app.state.services
    database_ok = await run_in_threadpool(services.db.ping)
    data = {
        "status": "ok" if database_ok else "degraded",
        "version": __version__,
        "database": "ok" if database_ok else "unreachable",
    }
    body: dict[str, object] = {
        "success": database_ok,
        "requestId": get_request_id(request.scope),
        "data": data,
    }
    if not database_ok:
        body["error"] = "SERVICE_UNAVAILABLE"
        body["message"] = "The database is unreachable."
    return json_response(jsonx.dumps(body), 200 if database_ok else 503)
