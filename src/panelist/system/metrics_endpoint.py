"""`GET /metrics` for Prometheus: mounted only when `PANELIST_METRICS_ENABLED` is true."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from panelist import metrics
from panelist.http.services import AppServices

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def prometheus_metrics(request: Request) -> Response:
    """Prometheus text exposition; no API key (scrapers cannot send one), no rate limit."""
    services: AppServices = request.app.state.services
    body = await run_in_threadpool(metrics.render, services.db, services.clock)
    return Response(body, media_type=metrics.CONTENT_TYPE)
