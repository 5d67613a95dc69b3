"""Contract §2: another company's resources are indistinguishable from missing ones (404 on every
route), and a candidate addressed through a position it does not belong to is 404 too."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from tests.fixtures.factories import Tenant, make_position, make_tenant

MISSING_CANDIDATE = "cand_" + "a" * 24
MISSING_POSITION = "pos_" + "a" * 24


def create(
    client: TestClient, tenant: Tenant, position_id: str | None = None, **overrides: Any
) -> dict[str, Any]:
    body = {
        "jobPositionId": position_id or tenant.position_id,
        "firstName": "Jonas",
        "lastName": "Kazlauskas",
        "email": "jonas@example.com",
        "phone": "+37060012345",
        "notes": "Original notes.",
        **overrides,
    }
    r = client.post("/v1/candidates", headers=tenant.headers, json=body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def candidate_requests(
    candidate_id: str, params: dict[str, str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """Every single-candidate route: (method, path, request kwargs)."""
    base = f"/v1/candidates/{candidate_id}"
    return [
        ("GET", base, {"params": params}),
        ("PATCH", base, {"params": params, "json": {"notes": "Overwritten.", "firstName": "X"}}),
        ("GET", f"{base}/status", {"params": params}),
        ("GET", f"{base}/cv-score", {"params": params}),
        ("DELETE", base, {"params": params}),
        ("DELETE", base, {"params": {**params, "force": "true"}}),
    ]


def assert_not_found(r: Any) -> tuple[str, str]:
    assert r.status_code == 404, r.text
    body = r.json()
    assert body["success"] is False
    assert body["error"] == "NOT_FOUND"
    assert set(body) == {"success", "error", "message", "requestId"}
    return body["error"], body["message"]


def snapshot(client: TestClient, tenant: Tenant, candidate_id: str) -> dict[str, Any]:
    r = client.get(f"/v1/candidates/{candidate_id}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def test_other_companys_candidate_is_not_found_on_every_route(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = create(client, other_tenant, cvText="Secret CV", skipAnalysis=True)
    before = snapshot(client, other_tenant, theirs["id"])
    for params in (
        {},
        {"jobPositionId": other_tenant.position_id},
        {"jobPositionId": tenant.position_id},
    ):
        for method, path, kwargs in candidate_requests(theirs["id"], params):
            r = client.request(method, path, headers=tenant.headers, **kwargs)
            foreign = assert_not_found(r)
            assert "Secret" not in r.text
            if not params:
                # Indistinguishable from a candidate that does not exist at all.
                missing_path = path.replace(theirs["id"], MISSING_CANDIDATE)
                r = client.request(method, missing_path, headers=tenant.headers, **kwargs)
                assert assert_not_found(r) == foreign, (method, path)
    # None of the attempts changed or deleted anything of the other company.
    assert snapshot(client, other_tenant, theirs["id"]) == before


def test_other_companys_position_is_not_found(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    create(client, other_tenant)
    theirs = other_tenant.position_id
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"/v1/job-positions/{theirs}", {}),
        ("GET", "/v1/candidates", {"params": {"jobPositionId": theirs}}),
        ("GET", "/v1/candidates", {"params": {"jobPositionId": theirs, "q": "jonas"}}),
        (
            "POST",
            "/v1/candidates",
            {
                "json": {
                    "jobPositionId": theirs,
                    "firstName": "Ona",
                    "lastName": "P",
                    "email": "ona@example.com",
                }
            },
        ),
    ]
    for method, path, kwargs in requests:
        r = client.request(method, path, headers=tenant.headers, **kwargs)
        foreign = assert_not_found(r)
        if method == "GET" and path.startswith("/v1/job-positions/"):
            missing = client.get(f"/v1/job-positions/{MISSING_POSITION}", headers=tenant.headers)
        else:
            swapped = {**kwargs}
            if "params" in swapped:
                swapped["params"] = {**swapped["params"], "jobPositionId": MISSING_POSITION}
            if "json" in swapped:
                swapped["json"] = {**swapped["json"], "jobPositionId": MISSING_POSITION}
            missing = client.request(method, path, headers=tenant.headers, **swapped)
        assert assert_not_found(missing) == foreign, (method, path)
    # Nothing was created in the other company's position.
    r = client.get("/v1/candidates", headers=other_tenant.headers, params={"jobPositionId": theirs})
    assert [c["email"] for c in r.json()["data"]] == ["jonas@example.com"]
    assert (
        client.get(f"/v1/job-positions/{theirs}", headers=other_tenant.headers).json()["data"][
            "candidateCount"
        ]
        == 1
    )


def test_lists_never_show_other_companies(
    client: TestClient, services: AppServices, tenant: Tenant, other_tenant: Tenant
) -> None:
    make_position(services, other_tenant.company_id, "Their private role", privacy="private")
    make_position(services, other_tenant.company_id, "Their closed role", status="closed")
    create(client, tenant, email="mine@example.com")
    create(client, other_tenant, email="theirs@example.com")
    for params in ({}, {"privacy": "private"}, {"status": "closed"}, {"limit": 200}):
        r = client.get("/v1/job-positions", headers=tenant.headers, params=params)
        assert r.status_code == 200
        assert {p["id"] for p in r.json()["data"]} <= {tenant.position_id}
    r = client.get("/v1/job-positions", headers=tenant.headers)
    [mine] = r.json()["data"]
    assert mine["candidateCount"] == 1
    r = client.get(
        "/v1/candidates",
        headers=tenant.headers,
        params={"jobPositionId": tenant.position_id, "q": "example.com"},
    )
    assert [c["email"] for c in r.json()["data"]] == ["mine@example.com"]


def test_cursor_of_another_company_reveals_nothing(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    for i in range(3):
        create(client, other_tenant, email=f"t{i}@example.com")
    create(client, tenant, email="mine@example.com")
    r = client.get(
        "/v1/candidates",
        headers=other_tenant.headers,
        params={"jobPositionId": other_tenant.position_id, "limit": 1},
    )
    their_cursor = r.json()["pagination"]["cursor"]
    assert their_cursor
    r = client.get(
        "/v1/candidates",
        headers=tenant.headers,
        params={"jobPositionId": tenant.position_id, "cursor": their_cursor},
    )
    if r.status_code == 200:
        assert {c["email"] for c in r.json()["data"]} <= {"mine@example.com"}
    else:
        assert r.status_code == 400
        assert r.json()["error"] == "VALIDATION_ERROR"


def test_candidate_addressed_through_the_wrong_position_is_not_found(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    second = make_position(services, tenant.company_id, "Designer")
    candidate = create(client, tenant)
    before = snapshot(client, tenant, candidate["id"])
    for wrong in (second, MISSING_POSITION, ""):
        for method, path, kwargs in candidate_requests(candidate["id"], {"jobPositionId": wrong}):
            r = client.request(method, path, headers=tenant.headers, **kwargs)
            assert_not_found(r)
    # Neither changed nor deleted by any of those.
    assert snapshot(client, tenant, candidate["id"]) == before
    # Nor is it listed under the other position.
    r = client.get("/v1/candidates", headers=tenant.headers, params={"jobPositionId": second})
    assert r.status_code == 200
    assert r.json()["data"] == []
    # With its own position every route answers.
    own = {"jobPositionId": tenant.position_id}
    for method, path, kwargs in candidate_requests(candidate["id"], own)[:-1]:
        r = client.request(method, path, headers=tenant.headers, **kwargs)
        assert r.status_code == 200, (method, path, r.text)


def test_same_email_in_two_companies_is_independent(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = create(client, tenant, email="shared@example.com")
    theirs = create(client, other_tenant, email="shared@example.com")
    assert mine["id"] != theirs["id"]
    r = client.patch(
        f"/v1/candidates/{mine['id']}",
        headers=tenant.headers,
        json={"email": "Shared@Example.com", "notes": "mine"},
    )
    assert r.status_code == 200, r.text
    r = client.delete(f"/v1/candidates/{mine['id']}", headers=tenant.headers)
    assert r.status_code == 200
    assert snapshot(client, other_tenant, theirs["id"])["notes"] == "Original notes."


def test_idempotency_keys_are_per_company(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    def post(t: Tenant) -> Any:
        return client.post(
            "/v1/candidates",
            headers={**t.headers, "Idempotency-Key": "import-42"},
            json={
                "jobPositionId": t.position_id,
                "firstName": "Jonas",
                "lastName": "K",
                "email": "jonas@example.com",
            },
        )

    first = post(tenant)
    assert first.status_code == 201, first.text
    second = post(other_tenant)
    # Not a replay of the first company's response, and no conflict either.
    assert second.status_code == 201, second.text
    assert "idempotent-replayed" not in second.headers
    assert second.json()["data"]["jobPositionId"] == other_tenant.position_id
    assert second.json()["data"]["id"] != first.json()["data"]["id"]


def test_rate_limit_budgets_are_per_company(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    small = make_tenant(services, "Small", rate_limits={"global": 1})
    assert client.get("/v1/job-positions", headers=small.headers).status_code == 200
    r = client.get("/v1/job-positions", headers=small.headers)
    assert r.status_code == 429
    for _ in range(3):
        r = client.get("/v1/job-positions", headers=tenant.headers)
        assert r.status_code == 200
        assert r.headers["x-ratelimit-limit"] != "1"


def test_other_companys_candidate_is_not_found_on_analysis_and_document_routes(
    client: TestClient, services: AppServices
) -> None:
    from tests.fixtures.analysis import interviewed, roomy_tenant, run_jobs

    mine, theirs = roomy_tenant(services, "Mine"), roomy_tenant(services, "Theirs")
    link = interviewed(client, services, theirs)
    run_jobs(services)
    their_id = link.candidate_id
    r = client.post(
        f"/v1/candidates/{their_id}/cv-document",
        headers=theirs.headers,
        data={"jobPositionId": theirs.position_id},
        files={"file": ("cv.txt", b"Secret CV of theirs", "text/plain")},
    )
    assert r.status_code == 200, r.text
    before = snapshot(client, theirs, their_id)
    for position in (theirs.position_id, mine.position_id):
        params = {"jobPositionId": position}
        form = {"data": params, "files": {"file": ("cv.txt", b"Overwrite", "text/plain")}}
        for cid in (their_id, MISSING_CANDIDATE):
            base = f"/v1/candidates/{cid}"
            requests: list[tuple[str, str, dict[str, Any]]] = [
                ("GET", f"{base}/cv-analysis", {"params": params}),
                ("GET", f"{base}/cv-analysis", {"params": {**params, "language": "lt"}}),
                ("GET", f"{base}/interview-analysis", {"params": params}),
                ("GET", f"{base}/cv-document", {"params": params}),
                ("POST", f"{base}/cv-document", form),
                ("POST", f"{base}/select", {"json": params}),
                ("POST", f"{base}/reject", {"json": {**params, "reason": "x"}}),
            ]
            for method, path, kwargs in requests:
                r = client.request(method, path, headers=mine.headers, **kwargs)
                assert_not_found(r)
                assert "Secret" not in r.text
    # Nothing of theirs changed: not marked viewed, not decided, file and CV text unchanged.
    assert snapshot(client, theirs, their_id) == before
    assert before["analysisViewed"] is False
    assert before["status"] == "interviewed"
