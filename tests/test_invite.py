"""POST /v1/candidates/{candidateId}/invite (contract §7, §8.1–8.2), through the real app."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from panelist.candidates import service as candidates
from panelist.candidates.models import Candidate
from panelist.candidates.schemas import CandidateFields
from panelist.emails.models import OutboundEmail
from panelist.events import repository as events_repository
from panelist.http.services import AppServices
from panelist.interviews.models import InterviewSession
from panelist.interviews.tokens import hash_token
from panelist.jobs import repository as jobs_repository
from panelist.kit.clock import FrozenClock
from panelist.kit.timefmt import iso
from tests.fixtures.factories import Tenant, make_key, make_position

LINK_PREFIX = "http://testserver/interview/"


def make_candidate(
    services: AppServices,
    tenant: Tenant,
    email: str = "ona@example.com",
    *,
    position_id: str | None = None,
) -> str:
    fields = CandidateFields.model_validate(
        {"firstName": "Ona", "lastName": "Petraitė", "email": email}
    )
    with services.db.write() as s:
        created = candidates.create(
            s,
            tenant.company_id,
            position_id or tenant.position_id,
            fields,
            import_source="api",
            skip_analysis=True,
            at=services.clock.now(),
        )
        return created.id


def invite(
    client: TestClient,
    tenant: Tenant,
    candidate_id: str,
    body: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    api_key: str | None = None,
) -> httpx.Response:
    headers = {"X-API-Key": api_key or tenant.key}
    if key is not None:
        headers["Idempotency-Key"] = key
    payload = {"jobPositionId": tenant.position_id} if body is None else body
    return client.post(f"/v1/candidates/{candidate_id}/invite", headers=headers, json=payload)


def token_of(link: str) -> str:
    assert link.startswith(LINK_PREFIX)
    return link[len(LINK_PREFIX) :]


def rows(services: AppServices, model: Any, company_id: str) -> list[Any]:
    with services.db.read() as s:
        return list(s.query(model).filter(model.company_id == company_id))


def status_events(services: AppServices, company_id: str) -> list[dict[str, Any]]:
    """Status events, import first (events written in one instant have no order by time)."""
    with services.db.read() as s:
        events = [
            dict(e.payload)
            for e in events_repository.for_company(s, company_id)
            if e.event_type == "candidate_status_changed"
        ]
    return sorted(events, key=lambda e: e["previousStatus"] is not None)


def send_jobs(services: AppServices, company_id: str) -> list[Any]:
    with services.db.read() as s:
        return [
            j for j in jobs_repository.list_jobs(s, kind="email.send") if j.company_id == company_id
        ]


def assert_error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert body["success"] is False
    assert body["error"] == code
    return body


def test_invite_creates_session_status_event_email_and_job(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    candidate_id = make_candidate(services, tenant)
    r = invite(client, tenant, candidate_id)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert set(data) == {"candidateId", "status", "sessionId", "interviewLink", "expiresAt"}
    assert data["candidateId"] == candidate_id
    assert data["status"] == "invited"
    assert data["sessionId"].startswith("sess_")
    expected_expiry = clock.now() + timedelta(seconds=services.settings.interview_ttl_seconds)
    assert data["expiresAt"] == iso(expected_expiry)
    token = token_of(data["interviewLink"])
    assert len(token) >= 43  # 32 random bytes, urlsafe base64

    [session] = rows(services, InterviewSession, tenant.company_id)
    assert session.id == data["sessionId"]
    assert session.candidate_id == candidate_id
    assert session.job_position_id == tenant.position_id
    assert session.status == "pending"
    assert session.expires_at == expected_expiry
    assert session.token_hash == hash_token(services.secret, token)
    assert token not in session.token_hash

    [candidate] = rows(services, Candidate, tenant.company_id)
    assert candidate.status == "invited"
    assert candidate.session_id == session.id
    assert candidate.invited_at == clock.now()

    events = status_events(services, tenant.company_id)
    assert events[-1] == {
        "candidateId": candidate_id,
        "jobPositionId": tenant.position_id,
        "status": "invited",
        "previousStatus": "new",
    }
    assert [e["status"] for e in events] == ["new", "invited"]

    [email] = rows(services, OutboundEmail, tenant.company_id)
    assert email.kind == "invitation"
    assert email.candidate_id == candidate_id
    assert email.to_address == "ona@example.com"
    assert email.status == "pending"
    assert "Senior Developer" in email.subject
    assert "Senior Developer" in email.body
    assert data["interviewLink"] in email.body
    assert "Ona" in email.body

    [job] = send_jobs(services, tenant.company_id)
    assert job.status == "queued"
    assert job.payload == {"emailId": email.id}

    detail = client.get(f"/v1/candidates/{candidate_id}", headers=tenant.headers).json()["data"]
    assert detail["status"] == "invited"
    assert detail["sessionId"] == session.id
    assert detail["invitedAt"] == iso(clock.now())


def test_second_invite_is_invalid_status(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    candidate_id = make_candidate(services, tenant)
    assert invite(client, tenant, candidate_id).status_code == 200
    assert_error(invite(client, tenant, candidate_id), 409, "INVALID_STATUS")
    assert len(rows(services, InterviewSession, tenant.company_id)) == 1
    assert len(rows(services, OutboundEmail, tenant.company_id)) == 1
    assert len(send_jobs(services, tenant.company_id)) == 1
    assert [e["status"] for e in status_events(services, tenant.company_id)] == ["new", "invited"]


def test_wrong_position_unknown_and_foreign_candidates_are_not_found(
    client: TestClient, services: AppServices, tenant: Tenant, other_tenant: Tenant
) -> None:
    candidate_id = make_candidate(services, tenant)
    second_position = make_position(services, tenant.company_id, "Designer")
    assert_error(
        invite(client, tenant, candidate_id, {"jobPositionId": second_position}),
        404,
        "NOT_FOUND",
    )
    assert_error(invite(client, tenant, "cand_" + "a" * 24), 404, "NOT_FOUND")
    foreign = make_candidate(services, other_tenant)
    assert_error(
        invite(client, tenant, foreign, {"jobPositionId": other_tenant.position_id}),
        404,
        "NOT_FOUND",
    )
    for company in (tenant.company_id, other_tenant.company_id):
        assert rows(services, InterviewSession, company) == []
        assert rows(services, OutboundEmail, company) == []
    [mine] = rows(services, Candidate, tenant.company_id)
    assert mine.status == "new"


def test_key_without_action_invite_is_scope_insufficient(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    candidate_id = make_candidate(services, tenant)
    _, narrow = make_key(services, tenant.user_id, ["read:candidates", "write:candidates"])
    assert_error(invite(client, tenant, candidate_id, api_key=narrow), 403, "SCOPE_INSUFFICIENT")
    assert rows(services, InterviewSession, tenant.company_id) == []


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"emailSubject": "s" * 201}, "emailSubject"),
        ({"emailBody": "b" * 5001}, "emailBody"),
        ({"emailSubject": 42}, "emailSubject"),
        ({"unknownField": True}, "unknownField"),
        ({"emailBody": "a\x00b"}, "emailBody"),  # PostgreSQL text cannot hold U+0000
    ],
)
def test_invalid_body_is_validation_error(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    extra: dict[str, Any],
    field: str,
) -> None:
    candidate_id = make_candidate(services, tenant)
    body = assert_error(
        invite(client, tenant, candidate_id, {"jobPositionId": tenant.position_id, **extra}),
        400,
        "VALIDATION_ERROR",
    )
    assert [d["field"] for d in body["details"]] == [field]
    assert rows(services, InterviewSession, tenant.company_id) == []


def test_missing_position_and_non_object_body(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    candidate_id = make_candidate(services, tenant)
    body = assert_error(invite(client, tenant, candidate_id, {}), 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["jobPositionId"]
    r = client.post(
        f"/v1/candidates/{candidate_id}/invite",
        headers={**tenant.headers, "Content-Type": "application/json"},
        content=b"[1, 2]",
    )
    assert_error(r, 400, "INVALID_BODY")


def test_limits_are_inclusive(client: TestClient, services: AppServices, tenant: Tenant) -> None:
    candidate_id = make_candidate(services, tenant)
    body = {
        "jobPositionId": tenant.position_id,
        "emailSubject": "s" * 200,
        "emailBody": "{interviewLink}" + "b" * (5000 - len("{interviewLink}")),
    }
    assert invite(client, tenant, candidate_id, body).status_code == 200
    [email] = rows(services, OutboundEmail, tenant.company_id)
    assert email.subject == "s" * 200


def test_custom_subject_and_body_fill_every_link(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    candidate_id = make_candidate(services, tenant)
    body = {
        "jobPositionId": tenant.position_id,
        "emailSubject": "Your {interviewLink} interview",
        "emailBody": "Hi Ona,\nstart here: {interviewLink}\nor paste {interviewLink}.",
    }
    r = invite(client, tenant, candidate_id, body)
    assert r.status_code == 200, r.text
    link = r.json()["data"]["interviewLink"]
    [email] = rows(services, OutboundEmail, tenant.company_id)
    assert email.subject == "Your {interviewLink} interview"  # the subject is used as is
    assert email.body == f"Hi Ona,\nstart here: {link}\nor paste {link}."


def test_custom_body_without_placeholder_gets_the_link_appended(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    candidate_id = make_candidate(services, tenant)
    r = invite(
        client, tenant, candidate_id, {"jobPositionId": tenant.position_id, "emailBody": "Hi!"}
    )
    link = r.json()["data"]["interviewLink"]
    [email] = rows(services, OutboundEmail, tenant.company_id)
    assert email.body == f"Hi!\n\n{link}\n"
    assert "Senior Developer" in email.subject  # no custom subject: the default one


def test_line_breaks_in_a_custom_subject_are_folded(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    candidate_id = make_candidate(services, tenant)
    body = {"jobPositionId": tenant.position_id, "emailSubject": "Hello\r\nBcc: x@evil.test"}
    assert invite(client, tenant, candidate_id, body).status_code == 200
    [email] = rows(services, OutboundEmail, tenant.company_id)
    assert email.subject == "Hello Bcc: x@evil.test"


def test_idempotent_replay_returns_the_same_link_and_queues_no_second_email(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    candidate_id = make_candidate(services, tenant)
    first = invite(client, tenant, candidate_id, key="invite-ona")
    assert first.status_code == 200, first.text
    clock.advance(60)
    replay = invite(client, tenant, candidate_id, key="invite-ona")
    assert replay.status_code == 200
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert replay.json()["data"] == first.json()["data"]
    assert len(rows(services, InterviewSession, tenant.company_id)) == 1
    assert len(rows(services, OutboundEmail, tenant.company_id)) == 1
    assert len(send_jobs(services, tenant.company_id)) == 1
    assert [e["status"] for e in status_events(services, tenant.company_id)] == ["new", "invited"]
    # The same key with another body is a conflict, not a second invitation.
    other = invite(
        client,
        tenant,
        candidate_id,
        {"jobPositionId": tenant.position_id, "emailSubject": "x"},
        key="invite-ona",
    )
    assert_error(other, 409, "IDEMPOTENCY_CONFLICT")


def test_invite_counts_against_the_actions_limit(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    r = invite(client, tenant, make_candidate(services, tenant))
    assert r.status_code == 200
    assert r.headers["X-RateLimit-Limit"] == "30"  # actions (30) has fewer left than global (60)


def test_invite_route_is_documented(client: TestClient) -> None:
    spec = client.get("/v1/openapi.json").json()
    operation = spec["paths"]["/v1/candidates/{candidateId}/invite"]["post"]
    assert operation["x-panelist-scope"] == "action:invite"
    assert operation["x-panelist-rate-limit-category"] == "actions"
    assert {"200", "400", "401", "403", "404", "409", "429"} <= set(operation["responses"])
    assert "InviteBody" in spec["components"]["schemas"]
