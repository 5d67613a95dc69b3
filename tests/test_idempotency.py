"""Idempotency-Key on POST /v1/candidates (contract §5), through the real app and database."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import httpx
import httpx2
import pytest
from fastapi.testclient import TestClient

from panelist.candidates.models import Candidate
from panelist.events import repository as events_repository
from panelist.http.services import AppServices
from panelist.kit.clock import FrozenClock
from tests.fixtures.factories import Tenant, make_tenant

HIGH_LIMITS = {"global": 10000, "writes": 10000, "reads": 10000}
# TestClient answers with httpx2 responses, the live-server test with httpx ones.
Response = httpx.Response | httpx2.Response


@pytest.fixture
def roomy(services: AppServices) -> Tenant:
    return make_tenant(services, "Roomy", rate_limits=HIGH_LIMITS)


def candidate_body(tenant: Tenant, email: str = "ona@example.com", **extra: Any) -> dict[str, Any]:
    return {
        "jobPositionId": tenant.position_id,
        "firstName": "Ona",
        "lastName": "Petraitė",
        "email": email,
        **extra,
    }


def post(
    client: TestClient,
    tenant: Tenant,
    key: str | None,
    body: Any = None,
    *,
    content: bytes | None = None,
) -> Response:
    headers = dict(tenant.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    if content is not None:
        headers["Content-Type"] = "application/json"
        return client.post("/v1/candidates", headers=headers, content=content)
    return client.post("/v1/candidates", headers=headers, json=body)


def candidates_of(services: AppServices, company_id: str) -> list[Candidate]:
    with services.db.read() as s:
        return list(
            s.query(Candidate).filter(Candidate.company_id == company_id).order_by(Candidate.id)
        )


def events_of(services: AppServices, company_id: str) -> list[Any]:
    with services.db.read() as s:
        return [
            (e.event_type, dict(e.payload)) for e in events_repository.for_company(s, company_id)
        ]


def assert_replayed(original: Response, replay: Response) -> None:
    assert replay.status_code == original.status_code
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in original.headers
    first, again = original.json(), replay.json()
    assert again["success"] == first["success"]
    assert again.get("data") == first.get("data")
    assert again.get("error") == first.get("error")
    assert again.get("details") == first.get("details")
    assert again["requestId"] != first["requestId"]
    assert again["requestId"] == replay.headers["X-Request-Id"]
    assert first["requestId"] == original.headers["X-Request-Id"]


def test_replay_returns_stored_outcome_and_runs_nothing(
    client: TestClient, services: AppServices, roomy: Tenant, clock: FrozenClock
) -> None:
    key = f"create-{uuid.uuid4()}"
    first = post(client, roomy, key, candidate_body(roomy))
    assert first.status_code == 201, first.text
    created = first.json()["data"]
    assert created["candidateId"] == created["id"]

    clock.advance(3600)  # an hour later, still within 24 h
    for _ in range(3):
        replay = post(client, roomy, key, candidate_body(roomy))
        assert_replayed(first, replay)
        assert replay.json()["data"]["updatedAt"] == created["updatedAt"]

    rows = candidates_of(services, roomy.company_id)
    assert [c.id for c in rows] == [created["id"]]
    assert events_of(services, roomy.company_id) == [
        (
            "candidate_status_changed",
            {
                "candidateId": created["id"],
                "jobPositionId": roomy.position_id,
                "status": "new",
                "previousStatus": None,
            },
        )
    ]


def test_client_supplied_request_id_on_replay(client: TestClient, roomy: Tenant) -> None:
    key = "replay-with-request-id"
    first = post(client, roomy, key, candidate_body(roomy))
    assert first.status_code == 201
    rid = str(uuid.uuid4())
    replay = client.post(
        "/v1/candidates",
        headers={**roomy.headers, "Idempotency-Key": key, "X-Request-Id": rid},
        json=candidate_body(roomy),
    )
    assert_replayed(first, replay)
    assert replay.json()["requestId"] == rid


def test_key_order_and_whitespace_do_not_make_a_request_different(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    key = "canonical-body"
    body = candidate_body(roomy, phone="+37060012345", notes="Line 1\nLine 2 – ąčę")
    first = post(client, roomy, key, content=json.dumps(body).encode())
    assert first.status_code == 201, first.text
    reordered = dict(reversed(list(body.items())))
    variants = [
        json.dumps(reordered, indent=4).encode(),
        json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(),
        ("\n\t " + json.dumps(reordered, ensure_ascii=True) + "\r\n  ").encode(),
    ]
    for raw in variants:
        assert_replayed(first, post(client, roomy, key, content=raw))
    assert len(candidates_of(services, roomy.company_id)) == 1


def test_different_body_is_a_conflict(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    key = "conflicting"
    first = post(client, roomy, key, candidate_body(roomy))
    assert first.status_code == 201
    for other in (
        candidate_body(roomy, email="someone.else@example.com"),
        candidate_body(roomy, skipAnalysis=True),  # an explicit default is still a difference
        {**candidate_body(roomy), "firstName": "Onа"},  # Cyrillic а
    ):
        r = post(client, roomy, key, other)
        assert r.status_code == 409, r.text
        body = r.json()
        assert body["success"] is False
        assert body["error"] == "IDEMPOTENCY_CONFLICT"
        assert body["requestId"] == r.headers["X-Request-Id"]
        assert "Idempotent-Replayed" not in r.headers
    # A different route or body shape with the same key is a conflict too.
    r = post(client, roomy, key, content=b"not json")
    assert r.status_code == 409
    assert r.json()["error"] == "IDEMPOTENCY_CONFLICT"
    assert len(candidates_of(services, roomy.company_id)) == 1
    # The original is still replayable.
    assert_replayed(first, post(client, roomy, key, candidate_body(roomy)))


def test_duplicate_candidate_outcome_is_stored_and_replayed(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    existing = post(client, roomy, None, candidate_body(roomy, email="dup@example.com"))
    assert existing.status_code == 201
    key = "dup-key"
    first = post(client, roomy, key, candidate_body(roomy, email="DUP@example.com"))
    assert first.status_code == 409
    assert first.json()["error"] == "DUPLICATE_CANDIDATE"
    # Remove the clash: a re-run would now succeed, but the stored 409 is replayed instead.
    r = client.delete(f"/v1/candidates/{existing.json()['data']['id']}", headers=roomy.headers)
    assert r.status_code == 200, r.text
    replay = post(client, roomy, key, candidate_body(roomy, email="DUP@example.com"))
    assert_replayed(first, replay)
    assert replay.json()["error"] == "DUPLICATE_CANDIDATE"
    assert candidates_of(services, roomy.company_id) == []
    events = events_of(services, roomy.company_id)
    assert len(events) == 1  # only the first, key-less create


def test_validation_error_outcome_is_stored_and_replayed(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    key = "invalid-body"
    bad = candidate_body(roomy, email="not-an-email", unknownField=1)
    first = post(client, roomy, key, bad)
    assert first.status_code == 400
    assert first.json()["error"] == "VALIDATION_ERROR"
    assert {d["field"] for d in first.json()["details"]} >= {"email"}
    replay = post(client, roomy, key, bad)
    assert_replayed(first, replay)
    assert candidates_of(services, roomy.company_id) == []


def test_invalid_body_outcome_is_stored_and_replayed(client: TestClient, roomy: Tenant) -> None:
    key = "broken-json"
    first = post(client, roomy, key, content=b'{"firstName": ')
    assert first.status_code == 400
    assert first.json()["error"] == "INVALID_BODY"
    assert_replayed(first, post(client, roomy, key, content=b'{"firstName": '))


def test_not_found_outcome_is_stored_and_replayed(
    client: TestClient, services: AppServices, roomy: Tenant, other_tenant: Tenant
) -> None:
    key = "foreign-position"
    body = {**candidate_body(roomy), "jobPositionId": other_tenant.position_id}
    first = post(client, roomy, key, body)
    assert first.status_code == 404
    assert first.json()["error"] == "NOT_FOUND"
    assert_replayed(first, post(client, roomy, key, body))
    assert candidates_of(services, roomy.company_id) == []
    assert candidates_of(services, other_tenant.company_id) == []


@pytest.mark.parametrize(
    "key",
    [
        "",
        "k" * 256,
        "tab\there",
        "bell\x07",
        "del\x7f",
        "caf\u00e9",
        "\x1b[31m",
    ],
    ids=["empty", "256-chars", "tab", "bell", "del", "non-ascii", "escape"],
)
def test_invalid_keys_are_validation_errors(
    client: TestClient, services: AppServices, roomy: Tenant, key: str
) -> None:
    r = client.post(
        "/v1/candidates",
        headers=[
            (b"X-API-Key", roomy.key.encode()),
            (b"Idempotency-Key", key.encode("latin-1")),
        ],
        json=candidate_body(roomy),
    )
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["success"] is False
    assert body["error"] == "VALIDATION_ERROR"
    assert [d["field"] for d in body["details"]] == ["Idempotency-Key"]
    assert body["requestId"] == r.headers["X-Request-Id"]
    assert candidates_of(services, roomy.company_id) == []


@pytest.mark.parametrize("key", ["k" * 255, "x", " spaced key ~!", "~" * 10])
def test_boundary_keys_are_accepted(client: TestClient, roomy: Tenant, key: str) -> None:
    first = post(client, roomy, key, candidate_body(roomy))
    assert first.status_code == 201, first.text
    assert_replayed(first, post(client, roomy, key, candidate_body(roomy)))


def test_same_key_in_two_companies_is_independent(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    other = make_tenant(services, "Other", rate_limits=HIGH_LIMITS)
    key = "shared-key"
    mine = post(client, roomy, key, candidate_body(roomy))
    theirs = post(client, other, key, candidate_body(other, email="other@example.com"))
    assert mine.status_code == 201
    assert theirs.status_code == 201, theirs.text  # not a conflict, not a replay
    assert "Idempotent-Replayed" not in theirs.headers
    assert mine.json()["data"]["id"] != theirs.json()["data"]["id"]
    assert_replayed(mine, post(client, roomy, key, candidate_body(roomy)))
    assert_replayed(
        theirs, post(client, other, key, candidate_body(other, email="other@example.com"))
    )
    assert len(candidates_of(services, roomy.company_id)) == 1
    assert len(candidates_of(services, other.company_id)) == 1


def test_record_expires_after_24_hours(
    client: TestClient, services: AppServices, roomy: Tenant, clock: FrozenClock
) -> None:
    key = "expiring"
    first = post(client, roomy, key, candidate_body(roomy))
    assert first.status_code == 201
    clock.advance(24 * 3600 - 1)
    assert_replayed(first, post(client, roomy, key, candidate_body(roomy)))
    clock.advance(2)  # 24 h + 1 s after the record was created
    # The key is free: a different body runs as a new request, not a conflict.
    fresh = post(client, roomy, key, candidate_body(roomy, email="fresh@example.com"))
    assert fresh.status_code == 201, fresh.text
    assert "Idempotent-Replayed" not in fresh.headers
    assert fresh.json()["data"]["id"] != first.json()["data"]["id"]
    # … and that new outcome is what the key now replays.
    assert_replayed(
        fresh, post(client, roomy, key, candidate_body(roomy, email="fresh@example.com"))
    )
    assert len(candidates_of(services, roomy.company_id)) == 2


def test_expired_record_with_same_body_runs_again(
    client: TestClient, services: AppServices, roomy: Tenant, clock: FrozenClock
) -> None:
    key = "expiring-same-body"
    first = post(client, roomy, key, candidate_body(roomy))
    assert first.status_code == 201
    clock.advance(24 * 3600 + 1)
    again = post(client, roomy, key, candidate_body(roomy))
    # It really ran again: the email now exists, so this time it is a duplicate.
    assert again.status_code == 409
    assert again.json()["error"] == "DUPLICATE_CANDIDATE"
    assert "Idempotent-Replayed" not in again.headers
    assert len(candidates_of(services, roomy.company_id)) == 1


def test_key_is_ignored_on_non_idempotent_routes(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    created = post(client, roomy, None, candidate_body(roomy)).json()["data"]
    headers = {**roomy.headers, "Idempotency-Key": ""}  # would be invalid where it applies
    r = client.patch(f"/v1/candidates/{created['id']}", headers=headers, json={"notes": "a"})
    assert r.status_code == 200, r.text
    r = client.patch(f"/v1/candidates/{created['id']}", headers=headers, json={"notes": "b"})
    assert r.status_code == 200
    assert "Idempotent-Replayed" not in r.headers
    assert r.json()["data"]["notes"] == "b"


def test_concurrent_identical_requests_create_one_candidate(
    live_server: str, services: AppServices, roomy: Tenant
) -> None:
    threads_count = 20
    barrier = threading.Barrier(threads_count)
    responses: list[httpx.Response] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    body = candidate_body(roomy, email="race@example.com")
    headers = {**roomy.headers, "Idempotency-Key": "race-key"}

    def worker() -> None:
        try:
            with httpx.Client(base_url=live_server, timeout=60) as http:
                barrier.wait(timeout=30)
                r = http.post("/v1/candidates", headers=headers, json=body)
                r.read()
            with lock:
                responses.append(r)
        except BaseException as exc:  # pragma: no cover - reported below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(responses) == threads_count

    rows = candidates_of(services, roomy.company_id)
    assert len(rows) == 1
    created_id = rows[0].id
    originals = 0
    for r in responses:
        payload = r.json()
        assert payload["requestId"] == r.headers["X-Request-Id"]
        if r.status_code == 201:
            assert payload["data"]["id"] == created_id
            if r.headers.get("Idempotent-Replayed") != "true":
                originals += 1
        else:
            assert r.status_code == 409, r.text
            assert payload["error"] == "IDEMPOTENCY_CONFLICT"
            assert r.headers.get("Retry-After") == "1"
    assert originals == 1
    assert len(events_of(services, roomy.company_id)) == 1
    assert len({r.json()["requestId"] for r in responses}) == threads_count
