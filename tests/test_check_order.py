"""Contract §2: authentication and authorization, checked in the table's order (first failure
wins), and how the order interacts with body parsing, validation, existence and conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panelist.api_keys import service as api_keys
from panelist.app import build_services, create_app
from panelist.companies import service as companies
from panelist.http.services import AppServices
from panelist.kit.clock import FrozenClock
from panelist.settings import Settings
from panelist.users import service as users
from tests.fixtures.factories import (
    Tenant,
    make_key,
    make_position,
    make_tenant,
    make_user,
)

HIGH_LIMITS = {"global": 10000, "reads": 10000, "writes": 10000}
READ_JOBS, READ_CANDIDATES, WRITE_CANDIDATES = "read:jobs", "read:candidates", "write:candidates"
ALL_SCOPES = [
    READ_JOBS,
    READ_CANDIDATES,
    WRITE_CANDIDATES,
    "action:invite",
    "action:decide",
    "manage:webhooks",
]


def assert_error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert body["success"] is False
    assert body["error"] == code, body
    assert body["requestId"] == r.headers["x-request-id"]
    return body


def candidate_body(position_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "jobPositionId": position_id,
        "firstName": "Jonas",
        "lastName": "Kazlauskas",
        "email": "jonas@example.com",
        **overrides,
    }


def create_candidate(client: TestClient, tenant: Tenant, **overrides: Any) -> dict[str, Any]:
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json=candidate_body(tenant.position_id, **overrides),
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def key_headers(raw: str) -> dict[str, str]:
    return {"X-API-Key": raw}


def revoke(services: AppServices, key_id: str) -> None:
    with services.db.write() as s:
        api_keys.revoke(s, key_id, services.clock.now())


def set_user_active(services: AppServices, user_id: str, active: bool) -> None:
    with services.db.write() as s:
        users.update(
            s, users.require(s, user_id), role=None, active=active, at=services.clock.now()
        )


def set_company(
    services: AppServices,
    company_id: str,
    *,
    suspended: bool | None = None,
    api_enabled: bool | None = None,
) -> None:
    with services.db.write() as s:
        companies.update(
            s,
            companies.require(s, company_id),
            suspended=suspended,
            api_enabled=api_enabled,
            rate_limits={},
            at=services.clock.now(),
        )


@pytest.fixture
def peer_client(app: FastAPI) -> Iterator[Any]:
    """TestClient factory whose TCP peer is a real IP address instead of "testclient"."""
    opened: list[TestClient] = []

    def make(ip: str, target: FastAPI | None = None) -> TestClient:
        c = TestClient(target or app, client=(ip, 50000), raise_server_exceptions=False)
        c.__enter__()
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


# --- check 1: 401 UNAUTHORIZED -----------------------------------------------------------------


def test_missing_malformed_and_unknown_keys_are_unauthorized(
    client: TestClient, tenant: Tenant
) -> None:
    valid = tenant.key
    bad_keys = [
        "",
        "celp_",
        valid[:-1],  # 31 hex characters
        valid + "0",  # 33 hex characters
        valid.upper(),
        "CELP_" + valid[5:],
        "celp-" + valid[5:],
        "sk_" + valid[5:],
        valid[5:],  # the hex without its prefix
        "celp_" + "g" * 32,  # right length, not hex
        "celp_" + "0" * 32,  # well-formed, unknown
        valid[:-1] + ("1" if valid[-1] != "1" else "2"),  # well-formed, one character off
    ]
    paths = ("/v1/job-positions", f"/v1/job-positions/{tenant.position_id}")
    for path in paths:
        assert_error(client.get(path), 401, "UNAUTHORIZED")
    for i, bad in enumerate(bad_keys):
        r = client.get(paths[i % 2], headers={"X-API-Key": bad})
        body = assert_error(r, 401, "UNAUTHORIZED")
        assert set(body) == {"success", "error", "message", "requestId"}
    # The real key still works: the failures above are about the keys, not the routes.
    assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 200


def test_key_anywhere_but_the_header_is_ignored(client: TestClient, tenant: Tenant) -> None:
    key = tenant.key
    r = client.get("/v1/job-positions", params={"X-API-Key": key, "api_key": key, "apiKey": key})
    assert_error(r, 401, "UNAUTHORIZED")
    r = client.get("/v1/job-positions", headers={"Authorization": f"Bearer {key}"})
    assert_error(r, 401, "UNAUTHORIZED")
    r = client.get("/v1/job-positions", headers={"X-Api-Token": key})
    assert_error(r, 401, "UNAUTHORIZED")
    r = client.post("/v1/candidates", json={**candidate_body(tenant.position_id), "apiKey": key})
    assert_error(r, 401, "UNAUTHORIZED")
    r = client.post(
        "/v1/candidates", params={"X-API-Key": key}, json=candidate_body(tenant.position_id)
    )
    assert_error(r, 401, "UNAUTHORIZED")
    # Nothing was created by any of these.
    r = client.get(
        "/v1/candidates", headers=tenant.headers, params={"jobPositionId": tenant.position_id}
    )
    assert r.json()["data"] == []
    # The header's name is case-insensitive, as every HTTP header's.
    for name in ("x-api-key", "X-API-KEY"):
        assert client.get("/v1/job-positions", headers={name: tenant.key}).status_code == 200


def test_revoked_key_is_unauthorized_from_the_next_request(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    other_id, other_key = make_key(services, tenant.user_id)
    assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 200
    revoke(services, tenant.key_id)
    assert_error(client.get("/v1/job-positions", headers=tenant.headers), 401, "UNAUTHORIZED")
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=candidate_body(tenant.position_id)
    )
    assert_error(r, 401, "UNAUTHORIZED")
    # Another key of the same company and creator is unaffected.
    assert client.get("/v1/job-positions", headers=key_headers(other_key)).status_code == 200
    assert other_id != tenant.key_id


def test_expired_key_is_unauthorized(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    _, key = make_key(services, tenant.user_id, expires_at=clock.now() + timedelta(seconds=30))
    assert client.get("/v1/job-positions", headers=key_headers(key)).status_code == 200
    clock.advance(29)
    assert client.get("/v1/job-positions", headers=key_headers(key)).status_code == 200
    clock.advance(2)
    assert_error(client.get("/v1/job-positions", headers=key_headers(key)), 401, "UNAUTHORIZED")
    # A key without expiry keeps working at the same moment.
    assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 200


def test_unauthorized_wins_over_every_company_state(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    revoke(services, tenant.key_id)
    set_user_active(services, tenant.user_id, False)
    set_company(services, tenant.company_id, suspended=True, api_enabled=False)
    assert_error(client.get("/v1/job-positions", headers=tenant.headers), 401, "UNAUTHORIZED")


# --- checks 2 and 3: company state --------------------------------------------------------------


def test_suspended_company_is_account_suspended(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    suspended = make_tenant(services, "Initech", suspended=True)
    for method, path in (
        ("GET", "/v1/job-positions"),
        ("GET", f"/v1/job-positions/{suspended.position_id}"),
        ("GET", f"/v1/candidates?jobPositionId={suspended.position_id}"),
    ):
        r = client.request(method, path, headers=suspended.headers)
        assert_error(r, 403, "ACCOUNT_SUSPENDED")
    r = client.post(
        "/v1/candidates", headers=suspended.headers, json=candidate_body(suspended.position_id)
    )
    assert_error(r, 403, "ACCOUNT_SUSPENDED")
    # Another company is unaffected.
    assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 200


def test_suspension_wins_over_disabled_api(client: TestClient, services: AppServices) -> None:
    both = make_tenant(services, "Initech", suspended=True, api_enabled=False)
    assert_error(client.get("/v1/job-positions", headers=both.headers), 403, "ACCOUNT_SUSPENDED")
    set_company(services, both.company_id, suspended=False)
    assert_error(client.get("/v1/job-positions", headers=both.headers), 403, "API_DISABLED")
    set_company(services, both.company_id, api_enabled=True)
    assert client.get("/v1/job-positions", headers=both.headers).status_code == 200


def test_disabled_api_is_api_disabled(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 200
    set_company(services, tenant.company_id, api_enabled=False)
    assert_error(client.get("/v1/job-positions", headers=tenant.headers), 403, "API_DISABLED")
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=candidate_body(tenant.position_id)
    )
    assert_error(r, 403, "API_DISABLED")
    # A company can also be created with its API access off.
    off = make_tenant(services, "Umbrella", api_enabled=False)
    assert_error(client.get("/v1/job-positions", headers=off.headers), 403, "API_DISABLED")


def test_company_state_wins_over_ip_and_creator(
    services: AppServices, tenant: Tenant, peer_client: Any
) -> None:
    _, key = make_key(services, tenant.user_id, ip_allowlist=["198.51.100.1"])
    set_user_active(services, tenant.user_id, False)
    c = peer_client("203.0.113.7")
    set_company(services, tenant.company_id, suspended=True, api_enabled=False)
    assert_error(c.get("/v1/job-positions", headers=key_headers(key)), 403, "ACCOUNT_SUSPENDED")
    set_company(services, tenant.company_id, suspended=False)
    assert_error(c.get("/v1/job-positions", headers=key_headers(key)), 403, "API_DISABLED")
    set_company(services, tenant.company_id, api_enabled=True)
    assert_error(c.get("/v1/job-positions", headers=key_headers(key)), 403, "IP_NOT_ALLOWED")


# --- check 4: IP allowlist -----------------------------------------------------------------------


IP_CASES = [
    ("203.0.113.7", ["203.0.113.7"], True),
    ("203.0.113.7", ["198.51.100.1", "203.0.113.7"], True),
    ("203.0.113.7", ["203.0.113.8"], False),
    ("203.0.113.7", ["203.0.113.0/24"], True),
    ("203.0.113.7", ["203.0.113.0/29"], True),
    ("203.0.113.9", ["203.0.113.0/29"], False),
    ("203.0.113.7", ["198.51.100.0/24", "10.0.0.0/8"], False),
    ("2001:db8::5", ["2001:db8::5"], True),
    ("2001:db8::5", ["2001:db8::/64"], True),
    ("2001:db8:1::5", ["2001:db8::/64"], False),
    ("2001:db8::5", ["203.0.113.7"], False),
    ("203.0.113.7", ["::/0"], False),
    ("203.0.113.7", ["0.0.0.0/0"], True),
]


def test_ip_allowlist_exact_and_cidr(
    client: TestClient, services: AppServices, tenant: Tenant, peer_client: Any
) -> None:
    # TestClient's default peer is the string "testclient", which matches no allowlist at all.
    _, key = make_key(services, tenant.user_id, ip_allowlist=["0.0.0.0/0", "::/0"])
    assert_error(client.get("/v1/job-positions", headers=key_headers(key)), 403, "IP_NOT_ALLOWED")
    clients: dict[str, TestClient] = {}
    for peer, allowlist, allowed in IP_CASES:
        _, key = make_key(services, tenant.user_id, ip_allowlist=allowlist)
        c = clients.get(peer) or clients.setdefault(peer, peer_client(peer))
        r = c.get("/v1/job-positions", headers=key_headers(key))
        if allowed:
            assert r.status_code == 200, (peer, allowlist, r.text)
        else:
            assert r.status_code == 403, (peer, allowlist, r.text)
            assert_error(r, 403, "IP_NOT_ALLOWED")
    # A key without an allowlist works from every one of those addresses.
    for c in clients.values():
        assert c.get("/v1/job-positions", headers=tenant.headers).status_code == 200


def test_ip_allowlist_over_real_sockets(
    services: AppServices, tenant: Tenant, live_server: str
) -> None:
    _, exact = make_key(services, tenant.user_id, ip_allowlist=["127.0.0.1"])
    _, cidr = make_key(services, tenant.user_id, ip_allowlist=["127.0.0.0/8"])
    _, elsewhere = make_key(services, tenant.user_id, ip_allowlist=["10.0.0.0/8", "::1"])
    with httpx.Client(base_url=live_server, timeout=10) as http:
        assert http.get("/v1/job-positions", headers=key_headers(exact)).status_code == 200
        assert http.get("/v1/job-positions", headers=key_headers(cidr)).status_code == 200
        r = http.get("/v1/job-positions", headers=key_headers(elsewhere))
        assert_error(r, 403, "IP_NOT_ALLOWED")
        r = http.post(
            "/v1/candidates",
            headers=key_headers(elsewhere),
            json=candidate_body(tenant.position_id),
        )
        assert_error(r, 403, "IP_NOT_ALLOWED")


def test_forwarded_for_is_not_believed_over_real_sockets_by_default(
    services: AppServices, tenant: Tenant, live_server: str
) -> None:
    """No trusted proxies: the socket peer decides, whatever X-Forwarded-For claims (the server
    itself must not rewrite the client address from the header either)."""
    _, local = make_key(services, tenant.user_id, ip_allowlist=["127.0.0.1"])
    _, remote = make_key(services, tenant.user_id, ip_allowlist=["203.0.113.7"])
    spoof = {"X-Forwarded-For": "203.0.113.7"}
    with httpx.Client(base_url=live_server, timeout=10) as http:
        r = http.get("/v1/job-positions", headers={**key_headers(local), **spoof})
        assert r.status_code == 200, r.text
        r = http.get("/v1/job-positions", headers={**key_headers(remote), **spoof})
        assert_error(r, 403, "IP_NOT_ALLOWED")


@pytest.fixture
def proxied_app(settings: Settings, clock: FrozenClock) -> Iterator[FastAPI]:
    """The app configured to trust the proxies in 10.0.0.0/8 (same database)."""
    proxied = build_services(settings.model_copy(update={"trusted_proxies": "10.0.0.0/8"}), clock)
    yield create_app(services=proxied)
    proxied.db.dispose()


PROXY_CASES = [
    ("10.1.2.3", "203.0.113.7", True),
    ("10.1.2.3", "203.0.113.7, 10.9.9.9", True),  # right-most untrusted hop
    ("10.1.2.3", "198.51.100.1", False),
    ("10.1.2.3", "203.0.113.7, 198.51.100.1", False),  # left part is client-controlled
    ("10.1.2.3", "203.0.113.99", True),  # CIDR entry
    ("192.0.2.10", "203.0.113.7", False),  # the peer is no trusted proxy
    ("10.1.2.3", None, False),  # no header: the proxy itself is the caller
]


def test_ip_allowlist_behind_trusted_proxies(
    services: AppServices, tenant: Tenant, peer_client: Any, proxied_app: FastAPI
) -> None:
    _, key = make_key(services, tenant.user_id, ip_allowlist=["203.0.113.0/24"])
    clients = {peer: peer_client(peer, proxied_app) for peer, _, _ in PROXY_CASES}
    for peer, forwarded_for, allowed in PROXY_CASES:
        headers = key_headers(key)
        if forwarded_for is not None:
            headers["X-Forwarded-For"] = forwarded_for
        r = clients[peer].get("/v1/job-positions", headers=headers)
        if allowed:
            assert r.status_code == 200, (peer, forwarded_for, r.text)
        else:
            assert r.status_code == 403, (peer, forwarded_for, r.text)
            assert_error(r, 403, "IP_NOT_ALLOWED")
    # Without trusted proxies (the default app), X-Forwarded-For is just a header anyone sends.
    r = peer_client("10.1.2.3").get(
        "/v1/job-positions", headers={**key_headers(key), "X-Forwarded-For": "203.0.113.7"}
    )
    assert_error(r, 403, "IP_NOT_ALLOWED")


# --- check 5: creator still active -------------------------------------------------------------


def test_deactivated_creator_is_forbidden(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    colleague = make_user(services, tenant.company_id, role="admin")
    _, colleague_key = make_key(services, colleague)
    set_user_active(services, tenant.user_id, False)
    body = assert_error(client.get("/v1/job-positions", headers=tenant.headers), 403, "FORBIDDEN")
    assert body["message"]
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=candidate_body(tenant.position_id)
    )
    assert_error(r, 403, "FORBIDDEN")
    # Keys created by other, active users of the company keep working.
    assert client.get("/v1/job-positions", headers=key_headers(colleague_key)).status_code == 200
    set_user_active(services, tenant.user_id, True)
    assert client.get("/v1/job-positions", headers=tenant.headers).status_code == 200


def test_ip_check_wins_over_deactivated_creator(
    services: AppServices, tenant: Tenant, peer_client: Any
) -> None:
    _, key = make_key(services, tenant.user_id, ip_allowlist=["198.51.100.1"])
    set_user_active(services, tenant.user_id, False)
    c = peer_client("203.0.113.7")
    assert_error(c.get("/v1/job-positions", headers=key_headers(key)), 403, "IP_NOT_ALLOWED")
    assert_error(
        peer_client("198.51.100.1").get("/v1/job-positions", headers=key_headers(key)),
        403,
        "FORBIDDEN",
    )


# --- check 6: rate limits ----------------------------------------------------------------------


def test_rate_limited_is_429_with_retry_after(
    client: TestClient, services: AppServices, clock: FrozenClock
) -> None:
    small = make_tenant(services, "Small", rate_limits={"global": 2})
    for _ in range(2):
        assert client.get("/v1/job-positions", headers=small.headers).status_code == 200
    clock.advance(10)
    r = client.get("/v1/job-positions", headers=small.headers)
    assert_error(r, 429, "RATE_LIMITED")
    assert int(r.headers["retry-after"]) == 50
    assert r.headers["x-ratelimit-remaining"] == "0"
    assert r.headers["x-ratelimit-limit"] == "2"


def test_checks_before_rate_limit_win_and_are_not_counted(
    client: TestClient, services: AppServices, peer_client: Any
) -> None:
    small = make_tenant(services, "Small", rate_limits={"global": 2})
    _, far_key = make_key(services, small.user_id, ip_allowlist=["198.51.100.1"])
    gone = make_user(services, small.company_id, role="member")
    _, gone_key = make_key(services, gone)
    set_user_active(services, gone, False)
    revoked_id, revoked_key = make_key(services, small.user_id)
    revoke(services, revoked_id)
    for _ in range(3):
        assert_error(
            client.get("/v1/job-positions", headers=key_headers(far_key)), 403, "IP_NOT_ALLOWED"
        )
        assert_error(
            client.get("/v1/job-positions", headers=key_headers(gone_key)), 403, "FORBIDDEN"
        )
        assert_error(
            client.get("/v1/job-positions", headers=key_headers(revoked_key)), 401, "UNAUTHORIZED"
        )
    # None of the nine refusals used the company's budget of 2.
    for _ in range(2):
        assert client.get("/v1/job-positions", headers=small.headers).status_code == 200
    assert_error(client.get("/v1/job-positions", headers=small.headers), 429, "RATE_LIMITED")
    # Once limited, the earlier checks still decide first.
    assert_error(client.get("/v1/job-positions", headers=key_headers(gone_key)), 403, "FORBIDDEN")
    assert_error(
        client.get("/v1/job-positions", headers=key_headers(far_key)), 403, "IP_NOT_ALLOWED"
    )
    set_company(services, small.company_id, suspended=True)
    assert_error(client.get("/v1/job-positions", headers=small.headers), 403, "ACCOUNT_SUSPENDED")


def test_rate_limit_wins_over_scope_body_and_existence(
    client: TestClient, services: AppServices
) -> None:
    small = make_tenant(services, "Small", rate_limits={"global": 1})
    _, jobs_only = make_key(services, small.user_id, scopes=[READ_JOBS])
    assert client.get("/v1/job-positions", headers=small.headers).status_code == 200
    r = client.post(
        "/v1/candidates",
        headers={**key_headers(jobs_only), "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert_error(r, 429, "RATE_LIMITED")
    r = client.post(
        "/v1/candidates",
        headers={**small.headers, "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert_error(r, 429, "RATE_LIMITED")
    assert_error(client.get("/v1/candidates/cand_nope", headers=small.headers), 429, "RATE_LIMITED")
    r = client.get("/v1/candidates", headers=small.headers, params={"limit": 0})
    assert_error(r, 429, "RATE_LIMITED")


def test_requests_refused_after_the_rate_limit_check_are_counted(
    client: TestClient, services: AppServices
) -> None:
    small = make_tenant(services, "Small", rate_limits={"global": 2})
    _, jobs_only = make_key(services, small.user_id, scopes=[READ_JOBS])
    for _ in range(2):
        r = client.get(
            f"/v1/candidates/cand_x?jobPositionId={small.position_id}",
            headers=key_headers(jobs_only),
        )
        assert_error(r, 403, "SCOPE_INSUFFICIENT")
    assert_error(client.get("/v1/job-positions", headers=small.headers), 429, "RATE_LIMITED")


def test_rate_limited_requests_do_not_consume_budget(
    client: TestClient, services: AppServices, clock: FrozenClock
) -> None:
    small = make_tenant(services, "Small", rate_limits={"global": 2})
    for _ in range(2):
        assert client.get("/v1/job-positions", headers=small.headers).status_code == 200
    clock.advance(30)
    for _ in range(3):
        assert_error(client.get("/v1/job-positions", headers=small.headers), 429, "RATE_LIMITED")
    clock.advance(31)
    for _ in range(2):
        assert client.get("/v1/job-positions", headers=small.headers).status_code == 200
    assert_error(client.get("/v1/job-positions", headers=small.headers), 429, "RATE_LIMITED")


# --- check 7: scope ----------------------------------------------------------------------------


def test_every_route_requires_its_scope(
    client: TestClient, services: AppServices, clock: FrozenClock
) -> None:
    t = make_tenant(services, "Scoped", rate_limits=HIGH_LIMITS)
    candidate = create_candidate(client, t)
    cid, pos = candidate["id"], t.position_id
    routes: list[tuple[str, str, str, dict[str, Any], int]] = [
        (READ_JOBS, "GET", "/v1/job-positions", {}, 200),
        (READ_JOBS, "GET", f"/v1/job-positions/{pos}", {}, 200),
        (READ_CANDIDATES, "GET", f"/v1/candidates?jobPositionId={pos}", {}, 200),
        (READ_CANDIDATES, "GET", f"/v1/candidates/{cid}", {}, 200),
        (READ_CANDIDATES, "GET", f"/v1/candidates/{cid}/status", {}, 200),
        (READ_CANDIDATES, "GET", f"/v1/candidates/{cid}/cv-score", {}, 200),
        (
            WRITE_CANDIDATES,
            "POST",
            "/v1/candidates",
            {"json": candidate_body(pos, email="ona@example.com")},
            201,
        ),
        (WRITE_CANDIDATES, "PATCH", f"/v1/candidates/{cid}", {"json": {"notes": "x"}}, 200),
        (WRITE_CANDIDATES, "DELETE", f"/v1/candidates/{cid}", {}, 200),
    ]
    without = {
        scope: make_key(services, t.user_id, scopes=[s for s in ALL_SCOPES if s != scope])[1]
        for scope in (READ_JOBS, READ_CANDIDATES, WRITE_CANDIDATES)
    }
    only = {
        scope: make_key(services, t.user_id, scopes=[scope])[1]
        for scope in (READ_JOBS, READ_CANDIDATES, WRITE_CANDIDATES)
    }
    for scope, method, path, kwargs, status in routes:
        r = client.request(method, path, headers=key_headers(without[scope]), **kwargs)
        body = assert_error(r, 403, "SCOPE_INSUFFICIENT")
        assert scope in body["message"]
        assert "x-ratelimit-limit" in r.headers
        r = client.request(method, path, headers=key_headers(only[scope]), **kwargs)
        assert r.status_code == status, (method, path, r.text)


def test_scope_wins_over_body_validation_and_existence(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    _, reader = make_key(services, tenant.user_id, scopes=[READ_JOBS, READ_CANDIDATES])
    _, jobs_only = make_key(services, tenant.user_id, scopes=[READ_JOBS])
    h = {**key_headers(reader), "Content-Type": "application/json"}
    cases = [
        client.post("/v1/candidates", headers=h, content=b"{not json"),
        client.post("/v1/candidates", headers=h, content=b"[]"),
        client.post("/v1/candidates", headers=h, content=b'{"x": "' + b"a" * (1 << 21) + b'"}'),
        client.post("/v1/candidates", headers=h, json={"email": "nope"}),
        client.post("/v1/candidates", headers=h, json=candidate_body("pos_missing")),
        client.post(
            "/v1/candidates",
            headers={**h, "Idempotency-Key": "k-1"},
            content=b"{not json",
        ),
        client.patch("/v1/candidates/cand_missing", headers=h, content=b"{not json"),
        client.patch("/v1/candidates/cand_missing", headers=h, json={}),
        client.delete("/v1/candidates/cand_missing", headers=h, params={"force": "maybe"}),
        client.get(
            "/v1/candidates", headers=key_headers(jobs_only), params={"limit": 0}
        ),  # no jobPositionId, bad limit
        client.get("/v1/candidates/cand_missing", headers=key_headers(jobs_only)),
        client.get("/v1/candidates/cand_missing/status", headers=key_headers(jobs_only)),
        client.get("/v1/candidates/cand_missing/cv-score", headers=key_headers(jobs_only)),
    ]
    for r in cases:
        assert_error(r, 403, "SCOPE_INSUFFICIENT")


# --- checks 9-12: body, validation, existence, conflicts ---------------------------------------


def test_bad_key_wins_over_invalid_or_oversized_body(client: TestClient, tenant: Tenant) -> None:
    h = {"X-API-Key": "celp_" + "0" * 32, "Content-Type": "application/json"}
    assert_error(
        client.post("/v1/candidates", headers=h, content=b"{not json"), 401, "UNAUTHORIZED"
    )
    assert_error(client.post("/v1/candidates", headers=h, content=b"[]"), 401, "UNAUTHORIZED")
    big = b'{"notes": "' + b"a" * (1 << 21) + b'"}'
    assert_error(client.post("/v1/candidates", headers=h, content=big), 401, "UNAUTHORIZED")
    assert_error(
        client.patch("/v1/candidates/cand_x", headers=h, content=b"{"), 401, "UNAUTHORIZED"
    )
    assert_error(client.get("/v1/candidates", params={"limit": 0}), 401, "UNAUTHORIZED")
    assert_error(
        client.delete("/v1/candidates/cand_x", params={"force": "maybe"}), 401, "UNAUTHORIZED"
    )


def test_company_state_wins_over_invalid_body(client: TestClient, services: AppServices) -> None:
    suspended = make_tenant(services, "Initech", suspended=True)
    off = make_tenant(services, "Umbrella", api_enabled=False)
    for t, code in ((suspended, "ACCOUNT_SUSPENDED"), (off, "API_DISABLED")):
        r = client.post(
            "/v1/candidates",
            headers={**t.headers, "Content-Type": "application/json"},
            content=b"{not json",
        )
        assert_error(r, 403, code)


def test_invalid_json_wins_over_invalid_query_and_missing_resources(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    # Within check 9, an oversized body is refused before it is parsed.
    r = client.post(
        "/v1/candidates",
        headers={**tenant.headers, "Content-Type": "application/json"},
        content=b"{" * (1024 * 1024 + 1),
    )
    assert_error(r, 413, "PAYLOAD_TOO_LARGE")
    candidate = create_candidate(client, tenant)
    second_position = make_position(services, tenant.company_id, "Designer")
    h = {**tenant.headers, "Content-Type": "application/json"}
    cases = [
        # Unknown candidate, with a position that is not its own.
        ("/v1/candidates/cand_missing", {"jobPositionId": "pos_missing"}),
        # Existing candidate addressed through the wrong position.
        (f"/v1/candidates/{candidate['id']}", {"jobPositionId": second_position}),
        # Query parameters that fail any validation, and unknown ones.
        (f"/v1/candidates/{candidate['id']}", {"limit": "0", "force": "maybe", "x": "y"}),
    ]
    raws = (b"{not json", b"[1, 2]", b"")
    for i, (path, params) in enumerate(cases):
        for raw in (raws[i], raws[(i + 1) % 3]):
            r = client.patch(path, headers=h, params=params, content=raw)
            assert_error(r, 400, "INVALID_BODY")
    r = client.post(
        "/v1/candidates", headers=h, params={"limit": "-1", "cursor": "bad"}, content=b"{x"
    )
    assert_error(r, 400, "INVALID_BODY")


def test_validation_wins_over_missing_resources(client: TestClient, tenant: Tenant) -> None:
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json=candidate_body("pos_missing", email="not-an-email"),
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["email"]
    r = client.get(
        "/v1/candidates", headers=tenant.headers, params={"jobPositionId": "pos_x", "limit": 0}
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["limit"]
    r = client.get(
        "/v1/candidates",
        headers=tenant.headers,
        params={"jobPositionId": "pos_x", "cursor": "tampered"},
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["cursor"]
    r = client.delete(
        "/v1/candidates/cand_missing", headers=tenant.headers, params={"force": "maybe"}
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["force"]
    r = client.patch(
        "/v1/candidates/cand_missing", headers=tenant.headers, json={"email": "not-an-email"}
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["email"]


def test_patch_semantic_validation_wins_over_missing_candidate(
    client: TestClient, tenant: Tenant
) -> None:
    r = client.patch("/v1/candidates/cand_missing", headers=tenant.headers, json={})
    assert_error(r, 400, "VALIDATION_ERROR")
    r = client.patch(
        "/v1/candidates/cand_missing", headers=tenant.headers, json={"firstName": None}
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["firstName"]


def test_valid_body_with_unknown_position_is_not_found(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    create_candidate(client, tenant)
    for position in ("pos_missing", other_tenant.position_id, "", tenant.position_id + "x"):
        # Same email as an existing candidate: existence (11) is decided before conflicts (12).
        r = client.post("/v1/candidates", headers=tenant.headers, json=candidate_body(position))
        assert_error(r, 404, "NOT_FOUND")


def test_duplicate_email_is_conflict(client: TestClient, tenant: Tenant) -> None:
    create_candidate(client, tenant, email="jonas@example.com")
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json=candidate_body(tenant.position_id, email="JONAS@Example.COM", firstName="Other"),
    )
    assert_error(r, 409, "DUPLICATE_CANDIDATE")
    r = client.get(
        "/v1/candidates", headers=tenant.headers, params={"jobPositionId": tenant.position_id}
    )
    assert [c["firstName"] for c in r.json()["data"]] == ["Jonas"]
