from fastapi.testclient import TestClient

from tests.fixtures.factories import Tenant


def test_health(client: TestClient) -> None:
    r = client.get("/v1/health")
    assert r.status_code == 200
    assert r.json()["data"]["status"] == "ok"
    assert r.headers["x-api-version"] == "v1"


def test_create_and_get_candidate(client: TestClient, tenant: Tenant) -> None:
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json={
            "jobPositionId": tenant.position_id,
            "firstName": "Jonas",
            "lastName": "K",
            "email": "Jonas@Example.com",
        },
    )
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert data["email"] == "jonas@example.com"
    r2 = client.get(f"/v1/candidates/{data['id']}", headers=tenant.headers)
    assert r2.status_code == 200, r2.text
    assert r2.json()["data"]["id"] == data["id"]
    r3 = client.get(
        "/v1/candidates", headers=tenant.headers, params={"jobPositionId": tenant.position_id}
    )
    assert r3.status_code == 200
    assert len(r3.json()["data"]) == 1
