"""Observability (operations.md §6): /metrics in Prometheus text format, and request logs that
name the request, company and key but never carry a secret or CV text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from panelist.app import create_app
from panelist.http.services import AppServices
from panelist.jobs import queue
from panelist.metrics import WEBHOOK_DELIVERIES
from tests.fixtures.factories import Tenant, make_tenant
from tests.fixtures.interview_sessions import make_link
from tests.fixtures.isolation import private_rate_limits
from tests.test_secrets_at_rest import json_logging, request_log_lines

CV_TEXT = "Zebulon Quartermaine-Vasquez: eleven years of distributed ledgers in Tallinn."


@pytest.fixture
def metrics_client(services: AppServices) -> Iterator[TestClient]:
    services.settings = services.settings.model_copy(
        update={"metrics_enabled": True, "interview_rate_limit": 2}
    )
    app = create_app(services=services)
    with private_rate_limits(services), TestClient(app, raise_server_exceptions=False) as client:
        yield client


def scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_off_unless_enabled(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 404
    assert "/metrics" not in client.get("/v1/openapi.json").json()["paths"]


def test_metrics_count_requests_by_route_template_and_refusals(
    metrics_client: TestClient, services: AppServices
) -> None:
    tenant = make_tenant(services, "Metered", rate_limits={"global": 1000, "reads": 3})
    route = "/v1/job-positions/{jobPositionId}"
    before = scrape(metrics_client)
    for _ in range(5):
        metrics_client.get(f"/v1/job-positions/{tenant.position_id}", headers=tenant.headers)
    metrics_client.get("/v1/job-positions/jp_nonexistent", headers=tenant.headers)
    metrics_client.get("/no/such/route")
    WEBHOOK_DELIVERIES.labels(outcome="delivered").inc()
    after = scrape(metrics_client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "panelist_http_requests_total"
    assert delta(requests, method="GET", route=route, status="200") == 3
    assert delta(requests, method="GET", route=route, status="429") == 3
    assert delta(requests, method="GET", route="<unmatched>", status="404") == 1
    # No raw path (with its id) ever becomes a label.
    assert not any(tenant.position_id in str(key) for key in after)
    hist = "panelist_http_request_duration_seconds_count"
    assert delta(hist, method="GET", route=route, status="200") == 3
    assert delta("panelist_rate_limit_refusals_total", category="reads") == 3
    assert delta("panelist_webhook_deliveries_total", outcome="delivered") == 1


def test_metrics_count_candidate_facing_refusals(
    metrics_client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    before = scrape(metrics_client)
    statuses = [
        metrics_client.get(f"/v1/interview-sessions/{link.token}").status_code for _ in range(3)
    ]
    after = scrape(metrics_client)
    assert statuses == [200, 200, 429]
    name = "panelist_rate_limit_refusals_total"
    refused = sum(
        value(after, name, category=c) - value(before, name, category=c)
        for c in ("interview-token", "interview-ip")
    )
    assert refused == 1
    route = "/v1/interview-sessions/{token}"
    requests = "panelist_http_requests_total"
    assert value(after, requests, method="GET", route=route, status="429") >= 1
    assert not any(link.token in str(key) for key in after)


def test_metrics_report_job_queue_depth_and_age(
    metrics_client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    now = services.clock.now()
    with services.db.write() as session:
        queue.enqueue(session, "demo.kind", {}, at=now, company_id=tenant.company_id)
        queue.enqueue(session, "demo.kind", {}, at=now, company_id=tenant.company_id)
    services.clock.advance(seconds=42)  # type: ignore[attr-defined]
    samples = scrape(metrics_client)
    assert value(samples, "panelist_job_queue_depth", kind="demo.kind") == 2
    assert value(samples, "panelist_jobs", kind="demo.kind", status="queued") == 2
    assert value(samples, "panelist_job_oldest_age_seconds") == pytest.approx(42, abs=1)


def test_request_logs_name_the_caller_but_not_the_key_or_the_cv(
    client: TestClient, services: AppServices, capfd: pytest.CaptureFixture[str]
) -> None:
    tenant = make_tenant(services, "Logged", rate_limits={"global": 1000, "writes": 1000})
    capfd.readouterr()
    with json_logging():
        response = client.post(
            "/v1/candidates",
            headers=tenant.headers,
            json={
                "jobPositionId": tenant.position_id,
                "firstName": "Zeb",
                "lastName": "Q",
                "email": "zeb@example.com",
                "cvText": CV_TEXT,
            },
        )
    assert response.status_code == 201, response.text
    captured = capfd.readouterr()
    text = captured.out + captured.err
    lines = request_log_lines(text)
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["company_id"] == tenant.company_id
    assert line["key_id"] == tenant.key_id
    assert line["path"] == "/v1/candidates"
    assert line["status"] == 201
    assert tenant.key not in text
    assert tenant.key[9:] not in text  # nor the secret part alone
    for fragment in ("Zebulon", "Quartermaine", "distributed ledgers", CV_TEXT):
        assert fragment not in text


def test_request_logs_never_hold_an_interview_token(
    client: TestClient, services: AppServices, tenant: Tenant, capfd: pytest.CaptureFixture[str]
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    capfd.readouterr()
    with private_rate_limits(services), json_logging():
        assert client.get(f"/v1/interview-sessions/{link.token}").status_code == 200
        assert client.get(f"/interview/{link.token}").status_code == 200
    captured = capfd.readouterr()
    text = captured.out + captured.err
    paths = [line["path"] for line in request_log_lines(text)]
    assert paths == ["/v1/interview-sessions/{token}", "/interview/{token}"]
    assert link.token not in text
