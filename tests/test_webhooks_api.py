"""Webhook management routes (contract §7): shapes, validation, URL rules, the limit of five
active webhooks, the role rule, tenant isolation, and the secret at rest."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from panelist.settings import Settings
from panelist.webhooks.models import Webhook
from tests.fixtures.factories import Tenant, make_key, make_user

WEBHOOK_KEYS = {
    "id",
    "url",
    "events",
    "statusFilters",
    "isActive",
    "failureCount",
    "lastDeliveryAt",
    "lastDeliveryStatus",
    "disabledReason",
    "createdAt",
    "updatedAt",
}
SECRET = re.compile(r"^whsec_[A-Za-z0-9+/]{43}=$")
URL = "https://hooks.example.com/panelist"


def create(client: TestClient, tenant: Tenant, **body: Any) -> Any:
    payload = {"url": URL, "events": ["candidate_status_changed"], **body}
    return client.post("/v1/webhooks", json=payload, headers=tenant.headers)


def test_create_shows_the_secret_once(client: TestClient, tenant: Tenant) -> None:
    response = create(client, tenant, statusFilters=["invited", "selected"])
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert set(data) == WEBHOOK_KEYS | {"secret"}
    assert SECRET.match(data["secret"])
    assert data["id"].startswith("wh_")
    assert data["isActive"] is True
    assert data["failureCount"] == 0
    assert data["statusFilters"] == ["invited", "selected"]
    assert data["lastDeliveryAt"] is None
    assert data["disabledReason"] is None
    got = client.get(f"/v1/webhooks/{data['id']}", headers=tenant.headers).json()["data"]
    assert set(got) == WEBHOOK_KEYS
    listed = client.get("/v1/webhooks", headers=tenant.headers).json()
    assert [w["id"] for w in listed["data"]] == [data["id"]]
    assert listed["pagination"] == {"cursor": None, "hasMore": False}
    assert "secret" not in listed["data"][0]


def test_secret_is_encrypted_at_rest(
    client: TestClient, tenant: Tenant, services: AppServices
) -> None:
    secret = create(client, tenant).json()["data"]["secret"]
    with services.db.read() as session:
        stored = session.scalar(sa.select(Webhook.secret_encrypted))
    assert stored is not None
    assert secret not in stored
    assert secret[len("whsec_") :] not in stored


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": []}, "events"),
        ({"events": ["candidate_status_changed", "candidate_status_changed"]}, "events"),
        ({"events": ["test"]}, "events.0"),
        ({"statusFilters": ["hired"]}, "statusFilters.0"),
        ({"url": "http://hooks.example.com/x"}, "url"),
        ({"url": "https://127.0.0.1/x"}, "url"),
        ({"url": "https://10.1.2.3/x"}, "url"),
        ({"url": "https://169.254.169.254/latest"}, "url"),
        ({"url": "https://[::1]/x"}, "url"),
        ({"url": "https://localhost/x"}, "url"),
        ({"url": "https://api.localhost/x"}, "url"),
        ({"url": "https://hooks.example.com/" + "a" * 2048}, "url"),
        ({"url": "not a url"}, "url"),
        ({"secret": "whsec_mine"}, "secret"),
    ],
)
def test_create_validation(
    client: TestClient, tenant: Tenant, body: dict[str, Any], field: str
) -> None:
    response = create(client, tenant, **body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert field in [d["field"] for d in response.json()["details"]]


def test_limit_of_five_active_on_create_and_reactivation(
    client: TestClient, tenant: Tenant
) -> None:
    ids = [create(client, tenant).json()["data"]["id"] for _ in range(5)]
    sixth = create(client, tenant)
    assert sixth.status_code == 409
    assert sixth.json()["error"] == "WEBHOOK_LIMIT_REACHED"
    off = client.patch(f"/v1/webhooks/{ids[0]}", json={"isActive": False}, headers=tenant.headers)
    assert off.json()["data"]["isActive"] is False
    assert off.json()["data"]["disabledReason"] == "manual"
    assert create(client, tenant).status_code == 201
    again = client.patch(f"/v1/webhooks/{ids[0]}", json={"isActive": True}, headers=tenant.headers)
    assert again.status_code == 409
    assert again.json()["error"] == "WEBHOOK_LIMIT_REACHED"
    # Other changes to an inactive webhook are fine while five others are active.
    renamed = client.patch(
        f"/v1/webhooks/{ids[0]}", json={"url": URL + "/v2"}, headers=tenant.headers
    )
    assert renamed.status_code == 200


def test_reactivation_resets_failure_count(
    client: TestClient, tenant: Tenant, services: AppServices
) -> None:
    hook = create(client, tenant).json()["data"]["id"]
    with services.db.write() as session:
        session.execute(
            sa.update(Webhook)
            .where(Webhook.id == hook)
            .values(is_active=False, failure_count=7, disabled_reason="failing")
        )
    data = client.patch(
        f"/v1/webhooks/{hook}", json={"isActive": True}, headers=tenant.headers
    ).json()["data"]
    assert data["isActive"] is True
    assert data["failureCount"] == 0
    assert data["disabledReason"] is None


def test_patch(client: TestClient, tenant: Tenant) -> None:
    hook = create(client, tenant, statusFilters=["invited"]).json()["data"]["id"]
    path = f"/v1/webhooks/{hook}"
    empty = client.patch(path, json={}, headers=tenant.headers)
    assert empty.json()["error"] == "VALIDATION_ERROR"
    null_url = client.patch(path, json={"url": None}, headers=tenant.headers)
    assert null_url.json()["error"] == "VALIDATION_ERROR"
    bad_url = client.patch(path, json={"url": "https://192.168.1.1/x"}, headers=tenant.headers)
    assert bad_url.json()["details"][0]["field"] == "url"
    changed = client.patch(
        path,
        json={"events": ["analysis_ready", "bulk_import_complete"], "statusFilters": None},
        headers=tenant.headers,
    ).json()["data"]
    assert changed["events"] == ["analysis_ready", "bulk_import_complete"]
    assert changed["statusFilters"] == []
    assert changed["url"] == URL


def test_delete(client: TestClient, tenant: Tenant) -> None:
    hook = create(client, tenant).json()["data"]["id"]
    response = client.delete(f"/v1/webhooks/{hook}", headers=tenant.headers)
    assert response.json()["data"] == {"webhookId": hook, "deleted": True}
    assert client.get(f"/v1/webhooks/{hook}", headers=tenant.headers).status_code == 404


def test_rotate_secret_returns_a_new_secret(client: TestClient, tenant: Tenant) -> None:
    created = create(client, tenant).json()["data"]
    rotated = client.post(f"/v1/webhooks/{created['id']}/rotate-secret", headers=tenant.headers)
    assert rotated.status_code == 200
    data = rotated.json()["data"]
    assert data["webhookId"] == created["id"]
    assert SECRET.match(data["secret"])
    assert data["secret"] != created["secret"]


def _routes(hook: str) -> list[tuple[str, str, Any]]:
    return [
        ("GET", f"/v1/webhooks/{hook}", None),
        ("PATCH", f"/v1/webhooks/{hook}", {"isActive": False}),
        ("DELETE", f"/v1/webhooks/{hook}", None),
        ("POST", f"/v1/webhooks/{hook}/test", None),
        ("POST", f"/v1/webhooks/{hook}/rotate-secret", None),
        ("GET", f"/v1/webhooks/{hook}/deliveries", None),
        ("POST", f"/v1/webhooks/{hook}/deliveries/dlv_aaaaaaaaaaaaaaaaaaaaaaaa/redeliver", None),
    ]


def test_another_companys_webhook_is_not_found_on_every_route(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    hook = create(client, other_tenant).json()["data"]["id"]
    for method, path, body in _routes(hook):
        response = client.request(method, path, json=body, headers=tenant.headers)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error"] == "NOT_FOUND"
    assert client.get("/v1/webhooks", headers=tenant.headers).json()["data"] == []
    # Still there, unchanged, for its owner.
    mine = client.get(f"/v1/webhooks/{hook}", headers=other_tenant.headers).json()["data"]
    assert mine["isActive"] is True


def test_member_creator_is_forbidden_and_scope_is_checked_first(
    client: TestClient, tenant: Tenant, services: AppServices
) -> None:
    member = make_user(services, tenant.company_id, role="member")
    _, member_key = make_key(services, member)
    response = client.get("/v1/webhooks", headers={"X-API-Key": member_key})
    assert response.status_code == 403
    assert response.json()["error"] == "FORBIDDEN"
    _, no_scope = make_key(services, member, scopes=["read:candidates"])
    response = client.get("/v1/webhooks", headers={"X-API-Key": no_scope})
    assert response.json()["error"] == "SCOPE_INSUFFICIENT"
    admin = make_user(services, tenant.company_id, role="admin")
    _, admin_key = make_key(services, admin, scopes=["manage:webhooks"])
    assert client.get("/v1/webhooks", headers={"X-API-Key": admin_key}).status_code == 200


def test_webhooks_rate_limit_category(client: TestClient, tenant: Tenant) -> None:
    response = client.get("/v1/webhooks", headers=tenant.headers)
    assert '"webhooks";q=20;w=60' in response.headers["RateLimit-Policy"]


def test_deliveries_query_validation(client: TestClient, tenant: Tenant) -> None:
    hook = create(client, tenant).json()["data"]["id"]
    path = f"/v1/webhooks/{hook}/deliveries"
    assert client.get(path, headers=tenant.headers).json()["data"] == []
    for query in ("status=queued", "limit=0", "limit=201", "cursor=garbage"):
        response = client.get(f"{path}?{query}", headers=tenant.headers)
        assert response.status_code == 400, query
        assert response.json()["error"] == "VALIDATION_ERROR"


class TestDevelopmentRelaxations:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"webhook_allow_http": True})

    def test_http_allowed_but_private_still_refused(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        assert create(client, tenant, url="http://hooks.example.com/x").status_code == 201
        refused = create(client, tenant, url="http://127.0.0.1:9/x")
        assert refused.status_code == 400
        assert refused.json()["details"][0]["field"] == "url"


def test_production_refuses_the_relaxations() -> None:
    with pytest.raises(ValueError, match="development only"):
        Settings(environment="production", secret_key="x" * 40, webhook_allow_private=True)


def test_concurrent_creates_never_pass_the_limit(live_server: str, tenant: Tenant) -> None:
    # Zero webhooks to lock at first: the company row lock is what makes the eight concurrent
    # creates count one after another on PostgreSQL (SQLite serialises writers anyway).
    def one(_: int) -> int:
        payload = {"url": URL, "events": ["candidate_status_changed"]}
        with httpx.Client(base_url=live_server, timeout=30) as http:
            return http.post("/v1/webhooks", json=payload, headers=tenant.headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(pool.map(one, range(8)))
    assert codes == [201] * 5 + [409] * 3
