"""Prometheus metrics (operations.md §6), with the official `prometheus_client`.

Counters and histograms live in the process-wide default registry, so any module can count
(e.g. the webhook sender: `WEBHOOK_DELIVERIES.labels(outcome="delivered").inc()`). Job queue
figures are not counted at all: they are read from the database at scrape time, so every API
process reports the same, true values whichever one Prometheus scrapes.

Exposure: `GET /metrics` exists only when `PANELIST_METRICS_ENABLED=true`, never needs an API
key (Prometheus cannot send one) and is kept out of the OpenAPI document; expose it to the
scraper only (an internal listener or network policy), not to the internet.

Multi-process: each API process keeps its own counters (no shared multiprocess directory).
Run one server process per container or host (`--workers 1`, as the compose recipe does) and
scrape each; with `--workers N` a scrape sees the counters of whichever process answers it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.types import Scope

from panelist.db.engine import Database
from panelist.jobs.models import Job
from panelist.kit.clock import Clock

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
UNMATCHED = "<unmatched>"

HTTP_REQUESTS = Counter(
    "panelist_http_requests",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "panelist_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and status.",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
RATE_LIMIT_REFUSALS = Counter(
    "panelist_rate_limit_refusals",
    "Requests refused with 429, by the rate-limit window that was full.",
    ["category"],
)
WEBHOOK_DELIVERIES = Counter(
    "panelist_webhook_deliveries",
    "Webhook delivery attempts, by outcome.",
    ["outcome"],
)


# Asked for twice per request (the metric and the log line), after the route has run.
_TEMPLATE_KEY = "panelist.route_template"


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/v1/candidates/{candidateId}`), never the raw path:
    raw paths carry ids and tokens, and would make one time series per resource.

    A route included with a prefix knows only its own part of the template (`/candidates/…`),
    so the static prefix is recovered from the request path, whose tail that part matched.
    """
    cached = scope.get(_TEMPLATE_KEY)
    if cached is None:
        cached = scope[_TEMPLATE_KEY] = _route_template(scope)
    return str(cached)


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    template = getattr(route, "path", None)
    if not isinstance(template, str):
        return UNMATCHED
    params: dict[str, Any] = scope.get("path_params") or {}
    try:
        rendered = template.format(**{k: str(v) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return template
    path = str(scope.get("path", ""))
    if rendered and path.endswith(rendered):
        return path[: len(path) - len(rendered)] + template
    return template


def observe_request(scope: Scope, status: int, seconds: float) -> None:
    labels = (scope.get("method", ""), route_template(scope), str(status))
    HTTP_REQUESTS.labels(*labels).inc()
    HTTP_LATENCY.labels(*labels).observe(seconds)


class JobQueueCollector(Collector):
    """Queue depth and age, computed from the jobs table when scraped."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self._clock.now()
        jobs = GaugeMetricFamily(
            "panelist_jobs", "Background jobs by kind and status.", labels=["kind", "status"]
        )
        depth = GaugeMetricFamily(
            "panelist_job_queue_depth",
            "Queued jobs that are due now (excludes retries scheduled for later).",
            labels=["kind"],
        )
        age = GaugeMetricFamily(
            "panelist_job_oldest_age_seconds",
            "How long the oldest due, queued job has been waiting (0 when none is).",
        )
        due = sa.and_(Job.status == "queued", Job.run_at <= now)
        with self._db.read() as session:
            by_status = session.execute(
                sa.select(Job.kind, Job.status, sa.func.count())
                .where(Job.status != "done")
                .group_by(Job.kind, Job.status)
            ).all()
            by_kind = session.execute(
                sa.select(Job.kind, sa.func.count()).where(due).group_by(Job.kind)
            ).all()
            oldest = session.scalar(sa.select(sa.func.min(Job.run_at)).where(due))
        for kind, status, count in by_status:
            jobs.add_metric([str(kind), str(status)], float(count))
        for kind, count in by_kind:
            depth.add_metric([str(kind)], float(count))
        age.add_metric([], _age_seconds(now, oldest))
        yield from (jobs, depth, age)


def _age_seconds(now: datetime, oldest: object) -> float:
    if not isinstance(oldest, datetime):
        return 0.0
    if oldest.tzinfo is None:  # SQLite returns naive UTC values
        now = now.replace(tzinfo=None)
    return max(0.0, (now - oldest).total_seconds())


def render(db: Database, clock: Clock) -> bytes:
    """The exposition text: the process's counters, then the queue figures read just now."""
    scraped = CollectorRegistry(auto_describe=False)
    scraped.register(JobQueueCollector(db, clock))
    parts: Iterable[bytes] = (generate_latest(REGISTRY), generate_latest(scraped))
    return b"".join(parts)
