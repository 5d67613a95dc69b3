"""Contract §7 select/reject: scope, precondition order (INVALID_STATUS_TRANSITION, then
ANALYSIS_NOT_VIEWED), optional reason, the answer's fields, the event, and idempotency."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from panelist.kit.timefmt import iso
from tests.fixtures.analysis import (
    CV,
    candidate_url,
    create_candidate,
    interviewed,
    roomy_tenant,
    run_jobs,
)
from tests.fixtures.factories import Tenant, make_key
from tests.fixtures.interview_sessions import candidate_row, status_events


@pytest.fixture
def roomy(services: AppServices) -> Tenant:
    return roomy_tenant(services)


def decide(
    client: TestClient, tenant: Tenant, candidate_id: str, action: str, **body: object
) -> tuple[int, dict[str, object]]:
    payload = {"jobPositionId": tenant.position_id, **body}
    r = client.post(candidate_url(candidate_id, f"/{action}"), headers=tenant.headers, json=payload)
    return r.status_code, r.json()


def view(client: TestClient, tenant: Tenant, candidate_id: str) -> None:
    r = client.get(candidate_url(candidate_id, "/interview-analysis"), headers=tenant.headers)
    assert r.json()["data"]["available"] is True


@pytest.mark.parametrize("action", ["select", "reject"])
def test_status_is_checked_before_the_viewed_analysis(
    client: TestClient, services: AppServices, roomy: Tenant, action: str
) -> None:
    new = create_candidate(client, roomy, cvText=CV)
    status, body = decide(client, roomy, new["id"], action)
    assert (status, body["error"]) == (409, "INVALID_STATUS_TRANSITION")

    link = interviewed(client, services, roomy)
    # Interviewed, analysis not even there yet: not viewed.
    status, body = decide(client, roomy, link.candidate_id, action)
    assert (status, body["error"]) == (409, "ANALYSIS_NOT_VIEWED")
    run_jobs(services)
    status, body = decide(client, roomy, link.candidate_id, action)
    assert (status, body["error"]) == (409, "ANALYSIS_NOT_VIEWED")
    assert candidate_row(services, roomy.company_id, link.candidate_id).status == "interviewed"


@pytest.mark.parametrize(("action", "final"), [("select", "selected"), ("reject", "rejected")])
def test_decision_after_viewing_records_everything_and_fires_once(
    client: TestClient, services: AppServices, roomy: Tenant, action: str, final: str
) -> None:
    link = interviewed(client, services, roomy)
    run_jobs(services)
    view(client, roomy, link.candidate_id)
    status, body = decide(client, roomy, link.candidate_id, action, reason="Strong SQL answers.")
    assert status == 200, body
    assert body["data"] == {
        "candidateId": link.candidate_id,
        "status": final,
        "previousStatus": "interviewed",
        "decidedAt": iso(services.clock.now()),
    }
    row = candidate_row(services, roomy.company_id, link.candidate_id)
    assert (row.status, row.decision_reason, row.decided_by_key_id) == (
        final,
        "Strong SQL answers.",
        roomy.key_id,
    )
    detail = client.get(candidate_url(link.candidate_id), headers=roomy.headers).json()["data"]
    assert detail["decidedAt"] == iso(services.clock.now())
    assert detail["status"] == final
    decided = [e for e in status_events(services, link.candidate_id) if e["status"] == final]
    assert decided == [
        {
            "candidateId": link.candidate_id,
            "jobPositionId": roomy.position_id,
            "status": final,
            "previousStatus": "interviewed",
        }
    ]
    # Decided once: a second decision (either way) is a status transition error.
    for again in ("select", "reject"):
        status, body = decide(client, roomy, link.candidate_id, again)
        assert (status, body["error"]) == (409, "INVALID_STATUS_TRANSITION")


def test_reason_is_optional_and_limited(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    link = interviewed(client, services, roomy)
    run_jobs(services)
    view(client, roomy, link.candidate_id)
    status, body = decide(client, roomy, link.candidate_id, "reject", reason="x" * 1001)
    assert (status, body["error"]) == (400, "VALIDATION_ERROR")
    assert body["details"][0]["field"] == "reason"
    status, body = decide(client, roomy, link.candidate_id, "reject", note="unknown field")
    assert (status, body["error"]) == (400, "VALIDATION_ERROR")
    status, body = decide(client, roomy, link.candidate_id, "reject")
    assert status == 200
    assert candidate_row(services, roomy.company_id, link.candidate_id).decision_reason is None


def test_idempotent_replay_returns_the_same_answer_without_a_second_event(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    link = interviewed(client, services, roomy)
    run_jobs(services)
    view(client, roomy, link.candidate_id)
    headers = {**roomy.headers, "Idempotency-Key": "decide-1"}
    body = {"jobPositionId": roomy.position_id}
    url = candidate_url(link.candidate_id, "/select")
    first = client.post(url, headers=headers, json=body)
    services.clock.advance(5)  # type: ignore[attr-defined]
    second = client.post(url, headers=headers, json=body)
    assert first.status_code == second.status_code == 200
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json()["data"] == first.json()["data"]
    selected = [e for e in status_events(services, link.candidate_id) if e["status"] == "selected"]
    assert len(selected) == 1
    other = client.post(url, headers=headers, json={**body, "reason": "different"})
    assert (other.status_code, other.json()["error"]) == (409, "IDEMPOTENCY_CONFLICT")


def test_scope_position_and_existence(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    link = interviewed(client, services, roomy)
    run_jobs(services)
    view(client, roomy, link.candidate_id)
    _, invite_only = make_key(services, roomy.user_id, scopes=["action:invite", "read:candidates"])
    r = client.post(
        candidate_url(link.candidate_id, "/select"),
        headers={"X-API-Key": invite_only},
        json={"jobPositionId": roomy.position_id},
    )
    assert (r.status_code, r.json()["error"]) == (403, "SCOPE_INSUFFICIENT")
    wrong_position = {"jobPositionId": "pos_" + "a" * 24}
    r = client.post(
        candidate_url(link.candidate_id, "/select"), headers=roomy.headers, json=wrong_position
    )
    assert (r.status_code, r.json()["error"]) == (404, "NOT_FOUND")
    r = client.post(
        candidate_url("cand_" + "a" * 24, "/reject"),
        headers=roomy.headers,
        json={"jobPositionId": roomy.position_id},
    )
    assert (r.status_code, r.json()["error"]) == (404, "NOT_FOUND")
    r = client.post(candidate_url(link.candidate_id, "/select"), headers=roomy.headers, json={})
    assert (r.status_code, r.json()["error"]) == (400, "VALIDATION_ERROR")
    assert candidate_row(services, roomy.company_id, link.candidate_id).status == "interviewed"
