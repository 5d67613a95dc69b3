"""Contract §1 conventions on the wire: envelopes, request ids, version header, routing errors,
body-size limit, body parsing vs validation, conditional GET and timestamp format."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from panelist.kit.clock import FrozenClock
from tests.fixtures.factories import Tenant, make_position

MiB = 1024 * 1024
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
SUCCESS_KEYS = {"success", "requestId", "data"}
ERROR_KEYS = {"success", "error", "message", "requestId"}


def candidate_body(tenant: Tenant, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "jobPositionId": tenant.position_id,
        "firstName": "Jonas",
        "lastName": "Kazlauskas",
        "email": "jonas@example.com",
    }
    body.update(overrides)
    return body


def create_candidate(client: TestClient, tenant: Tenant, **overrides: Any) -> dict[str, Any]:
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=candidate_body(tenant, **overrides)
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def is_uuid4(value: str) -> bool:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == value


def assert_error(r: Any, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    body: dict[str, Any] = r.json()
    assert body["success"] is False
    assert body["error"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert body["requestId"] == r.headers["x-request-id"]
    assert is_uuid4(body["requestId"])
    return body


# --- envelopes ---------------------------------------------------------------------------------


def test_success_envelopes(client: TestClient, tenant: Tenant) -> None:
    r = client.get(f"/v1/job-positions/{tenant.position_id}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    body = r.json()
    assert set(body) == SUCCESS_KEYS
    assert body["success"] is True
    assert body["requestId"] == r.headers["x-request-id"]
    assert is_uuid4(body["requestId"])
    assert body["data"]["id"] == tenant.position_id
    # Lists add pagination.
    r = client.get("/v1/job-positions", headers=tenant.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {*SUCCESS_KEYS, "pagination"}
    assert body["success"] is True
    assert body["pagination"] == {"cursor": None, "hasMore": False}
    assert isinstance(body["data"], list)


def test_error_envelopes(client: TestClient, tenant: Tenant) -> None:
    body = assert_error(client.get("/v1/job-positions"), 401, "UNAUTHORIZED")
    assert set(body) == ERROR_KEYS
    # VALIDATION_ERROR adds details naming each field.
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=candidate_body(tenant, email="not-an-email")
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert set(body) == {*ERROR_KEYS, "details"}
    assert isinstance(body["details"], list)
    assert body["details"]
    for detail in body["details"]:
        assert set(detail) == {"field", "message"}
        assert isinstance(detail["message"], str)
        assert detail["message"]
    assert [d["field"] for d in body["details"]] == ["email"]


# --- request ids and version header ------------------------------------------------------------


def _requests(tenant: Tenant) -> list[tuple[str, str, dict[str, Any], int]]:
    """One request of each kind: (method, path, kwargs, expected status)."""
    listing = {"jobPositionId": tenant.position_id, "limit": 0}
    return [
        ("GET", "/v1/health", {}, 200),
        ("GET", "/v1/job-positions", {"headers": tenant.headers}, 200),
        ("GET", "/v1/job-positions", {}, 401),
        ("GET", "/v1/no-such-route", {}, 404),
        ("PUT", "/v1/candidates", {}, 405),
        ("GET", "/v1/candidates", {"headers": tenant.headers, "params": listing}, 400),
        ("GET", "/v1/candidates/cand_nope", {"headers": tenant.headers}, 404),
        ("POST", "/v1/candidates", {"headers": tenant.headers, "content": b"[]"}, 400),
    ]


def test_valid_uuid4_request_id_is_echoed(client: TestClient, tenant: Tenant) -> None:
    for method, path, kwargs, status in _requests(tenant):
        supplied = str(uuid.uuid4())
        extra = {k: v for k, v in kwargs.items() if k != "headers"}
        headers = {**kwargs.get("headers", {}), "X-Request-Id": supplied}
        r = client.request(method, path, headers=headers, **extra)
        assert r.status_code == status, (method, path, r.text)
        assert r.headers["x-request-id"] == supplied, (method, path)
        assert r.json()["requestId"] == supplied, (method, path)
        assert r.headers["x-api-version"] == "v1", (method, path)


def test_valid_request_id_of_any_version_is_echoed(client: TestClient, tenant: Tenant) -> None:
    v7 = "01890a5d-ac96-774b-bcce-b302099a8057"  # RFC 9562 example (time-ordered)
    v8 = "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0"  # RFC 9562 example (custom)
    supplied = [
        str(uuid.uuid1()),
        str(uuid.uuid3(uuid.NAMESPACE_URL, "x")),
        str(uuid.uuid5(uuid.NAMESPACE_URL, "x")),
        v7,
        v8,
    ]
    for i, rid in enumerate(supplied):
        path, headers = ("/v1/job-positions", tenant.headers) if i % 2 else ("/v1/health", {})
        r = client.get(path, headers={**headers, "X-Request-Id": rid})
        assert r.status_code == 200
        assert r.headers["x-request-id"] == rid
        assert r.json()["requestId"] == rid
    # Either case is a valid UUID; it comes back in the canonical lower case.
    upper = str(uuid.uuid4()).upper()
    r = client.get("/v1/health", headers={"X-Request-Id": upper})
    assert r.headers["x-request-id"] == upper.lower() == r.json()["requestId"]


def test_fresh_request_id_and_version_without_client_id(client: TestClient, tenant: Tenant) -> None:
    seen: set[str] = set()
    for method, path, kwargs, status in [*_requests(tenant), *_requests(tenant)[:2]]:
        r = client.request(method, path, **kwargs)
        assert r.status_code == status, (method, path, r.text)
        rid = r.headers["x-request-id"]
        assert is_uuid4(rid), (method, path, rid)
        assert r.json()["requestId"] == rid
        assert r.headers["x-api-version"] == "v1"
        assert rid not in seen
        seen.add(rid)


def test_invalid_client_request_id_is_replaced(client: TestClient, tenant: Tenant) -> None:
    invalid = [
        "not-a-uuid",
        "12345",
        "x" * 200,
        "00000000-0000-0000-0000-000000000000",
        str(uuid.uuid4()) + "-extra",
        "{" + str(uuid.uuid4()) + "}",
        uuid.uuid4().hex,  # a UUID without dashes is not the canonical form
        "ffffffff-ffff-ffff-ffff-ffffffffffff",  # max: no version
        "01890a5d-ac96-974b-bcce-b302099a8057",  # version 9 does not exist
        "01890a5d-ac96-774b-7cce-b302099a8057",  # not the RFC variant
        "urn:uuid:" + str(uuid.uuid4()),
    ]
    targets: list[tuple[str, dict[str, str]]] = [
        ("/v1/health", {}),
        ("/v1/job-positions", tenant.headers),
    ]
    for i, supplied in enumerate(invalid):
        path, headers = targets[i % 2]
        r = client.get(path, headers={**headers, "X-Request-Id": supplied})
        assert r.status_code == 200
        rid = r.headers["x-request-id"]
        assert rid != supplied
        assert is_uuid4(rid), (supplied, rid)
        assert r.json()["requestId"] == rid


# --- routing errors ----------------------------------------------------------------------------


def test_unknown_route_is_not_found_envelope(client: TestClient, tenant: Tenant) -> None:
    paths = [
        "/v1/no-such-route",
        "/v1/candidates/cand_x/no-such-action",
        "/v1/job-positions/pos_x/candidates",
        "/v1/",
        "/v2/candidates",
    ]
    for i, path in enumerate(paths):
        r = client.get(path, headers=tenant.headers if i % 2 else {})
        body = assert_error(r, 404, "NOT_FOUND")
        assert set(body) == ERROR_KEYS
        assert r.headers["x-api-version"] == "v1"


def test_trailing_slash_is_not_found_not_a_redirect(client: TestClient, tenant: Tenant) -> None:
    candidate = create_candidate(client, tenant)
    cases = [
        ("GET", "/v1/health/"),
        ("GET", "/v1/job-positions/"),
        ("GET", f"/v1/job-positions/{tenant.position_id}/"),
        ("GET", f"/v1/candidates/{candidate['id']}/"),
        ("POST", "/v1/candidates/"),
        ("DELETE", f"/v1/candidates/{candidate['id']}/"),
    ]
    for i, (method, path) in enumerate(cases):
        r = client.request(
            method, path, headers=tenant.headers if i % 2 else {}, follow_redirects=False
        )
        body = assert_error(r, 404, "NOT_FOUND")
        assert set(body) == ERROR_KEYS
        assert "location" not in r.headers
    # Nothing was deleted through the slashed URL.
    r = client.get(f"/v1/candidates/{candidate['id']}", headers=tenant.headers)
    assert r.status_code == 200


def test_wrong_method_is_method_not_allowed_envelope(client: TestClient, tenant: Tenant) -> None:
    cases = [
        ("PUT", "/v1/candidates"),
        ("DELETE", "/v1/job-positions"),
        ("POST", "/v1/job-positions/pos_abc"),
        ("PATCH", "/v1/job-positions/pos_abc"),
        ("PUT", "/v1/candidates/cand_abc"),
        ("POST", "/v1/candidates/cand_abc/status"),
        ("DELETE", "/v1/candidates/cand_abc/cv-score"),
        ("POST", "/v1/health"),
    ]
    for i, (method, path) in enumerate(cases):
        r = client.request(method, path, headers=tenant.headers if i % 2 else {})
        body = assert_error(r, 405, "METHOD_NOT_ALLOWED")
        assert set(body) == ERROR_KEYS
        assert r.headers["x-api-version"] == "v1"
        # RFC 9110: a 405 lists supported methods; the refused one is never among them.
        assert method not in {m.strip() for m in r.headers["allow"].split(",")}


# --- body size ---------------------------------------------------------------------------------


def test_body_over_one_mib_is_payload_too_large(client: TestClient, tenant: Tenant) -> None:
    raw = b'{"notes": "' + b"a" * MiB + b'"}'
    r = client.post(
        "/v1/candidates",
        headers={**tenant.headers, "Content-Type": "application/json"},
        content=raw,
    )
    assert_error(r, 413, "PAYLOAD_TOO_LARGE")
    body = candidate_body(tenant, notes="x" * (MiB + 10))
    r = client.post("/v1/candidates", headers=tenant.headers, json=body)
    assert_error(r, 413, "PAYLOAD_TOO_LARGE")
    r = client.get(
        "/v1/candidates", headers=tenant.headers, params={"jobPositionId": tenant.position_id}
    )
    assert r.json()["data"] == []


def test_patch_body_over_one_mib_is_payload_too_large(client: TestClient, tenant: Tenant) -> None:
    candidate = create_candidate(client, tenant)
    r = client.patch(
        f"/v1/candidates/{candidate['id']}",
        headers={**tenant.headers, "Content-Type": "application/json"},
        content=b'{"notes": "' + b"a" * MiB + b'"}',
    )
    assert_error(r, 413, "PAYLOAD_TOO_LARGE")
    r = client.get(f"/v1/candidates/{candidate['id']}", headers=tenant.headers)
    assert r.json()["data"]["notes"] is None


def test_chunked_body_over_one_mib_is_payload_too_large(client: TestClient, tenant: Tenant) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"{"
        for _ in range(17):
            yield b" " * 65536
        yield b"}"

    r = client.post(
        "/v1/candidates",
        headers={**tenant.headers, "Content-Type": "application/json"},
        content=chunks(),
    )
    assert "content-length" not in r.request.headers
    assert_error(r, 413, "PAYLOAD_TOO_LARGE")


def test_body_of_exactly_one_mib_is_accepted(client: TestClient, tenant: Tenant) -> None:
    raw = (
        b'{"jobPositionId": "'
        + tenant.position_id.encode()
        + b'", "firstName": "Ona", "lastName": "Ona", "email": "ona@example.com"'
    )
    raw += b" " * (MiB - len(raw) - 1) + b"}"
    assert len(raw) == MiB
    r = client.post(
        "/v1/candidates",
        headers={**tenant.headers, "Content-Type": "application/json"},
        content=raw,
    )
    assert r.status_code == 201, r.text
    assert r.json()["data"]["email"] == "ona@example.com"


# --- INVALID_BODY vs VALIDATION_ERROR ----------------------------------------------------------


INVALID_BODIES = [
    b"not json",
    b"{",
    b'{"firstName": "Jonas",}',
    b"[]",
    b'[{"firstName": "Jonas"}]',
    b'"a string"',
    b"42",
    b"null",
    b"true",
    b"",
    b"   ",
    b"\xff\xfe\x00",
]


def test_create_with_non_object_body_is_invalid_body(client: TestClient, tenant: Tenant) -> None:
    for raw in INVALID_BODIES:
        r = client.post(
            "/v1/candidates",
            headers={**tenant.headers, "Content-Type": "application/json"},
            content=raw,
        )
        body = assert_error(r, 400, "INVALID_BODY")
        assert "details" not in body, raw
    r = client.get(
        "/v1/candidates", headers=tenant.headers, params={"jobPositionId": tenant.position_id}
    )
    assert r.json()["data"] == []


def test_patch_with_non_object_body_is_invalid_body(client: TestClient, tenant: Tenant) -> None:
    candidate = create_candidate(client, tenant)
    for raw in INVALID_BODIES:
        r = client.patch(
            f"/v1/candidates/{candidate['id']}",
            headers={**tenant.headers, "Content-Type": "application/json"},
            content=raw,
        )
        body = assert_error(r, 400, "INVALID_BODY")
        assert "details" not in body, raw


def test_invalid_email_is_validation_error_on_field_email(
    client: TestClient, tenant: Tenant
) -> None:
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=candidate_body(tenant, email="jonas@")
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["email"]


def test_every_invalid_field_is_listed(client: TestClient, tenant: Tenant) -> None:
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json={"jobPositionId": tenant.position_id, "firstName": "", "email": "nope"},
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert {d["field"] for d in body["details"]} == {"firstName", "lastName", "email"}


def test_unknown_body_field_is_rejected(client: TestClient, tenant: Tenant) -> None:
    for unknown in ("foo", "status", "cvScore", "id", "FirstName", "job_position_id"):
        r = client.post(
            "/v1/candidates",
            headers=tenant.headers,
            json=candidate_body(tenant, **{unknown: "x"}),
        )
        body = assert_error(r, 400, "VALIDATION_ERROR")
        assert [d["field"] for d in body["details"]] == [unknown]


def test_unknown_body_field_is_rejected_on_patch(client: TestClient, tenant: Tenant) -> None:
    candidate = create_candidate(client, tenant)
    r = client.patch(
        f"/v1/candidates/{candidate['id']}",
        headers=tenant.headers,
        json={"lastName": "Petraitis", "status": "selected"},
    )
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["status"]
    r = client.get(f"/v1/candidates/{candidate['id']}", headers=tenant.headers)
    assert r.json()["data"]["lastName"] == "Kazlauskas"
    assert r.json()["data"]["status"] == "new"


def test_unknown_query_parameters_are_ignored_known_ones_validated(
    client: TestClient, tenant: Tenant
) -> None:
    r = client.get(
        "/v1/job-positions", headers=tenant.headers, params={"foo": "bar", "limit": 5, "x": ""}
    )
    assert r.status_code == 200, r.text
    assert [p["id"] for p in r.json()["data"]] == [tenant.position_id]
    r = client.get("/v1/job-positions", headers=tenant.headers, params={"limit": "many"})
    body = assert_error(r, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["details"]] == ["limit"]


# --- conditional GET ---------------------------------------------------------------------------


def _etag(r: Any) -> str:
    etag: str = r.headers["etag"]
    assert re.fullmatch(r'"[^"]+"', etag), etag  # strong: quoted, no W/ prefix
    return etag


def test_every_get_sends_a_stable_strong_etag(client: TestClient, tenant: Tenant) -> None:
    candidate = create_candidate(client, tenant)
    routes = [
        (f"/v1/candidates/{candidate['id']}", {}),
        ("/v1/candidates", {"jobPositionId": tenant.position_id}),
        (f"/v1/candidates/{candidate['id']}/status", {}),
        (f"/v1/candidates/{candidate['id']}/cv-score", {}),
        (f"/v1/job-positions/{tenant.position_id}", {}),
        ("/v1/job-positions", {}),
    ]
    etags = set()
    for path, params in routes:
        first = client.get(path, headers=tenant.headers, params=params)
        second = client.get(path, headers=tenant.headers, params=params)
        assert first.status_code == second.status_code == 200, path
        # The request id differs per request, the validator of the content does not.
        assert first.json()["requestId"] != second.json()["requestId"]
        assert _etag(first) == _etag(second), path
        etags.add(_etag(first))

        r = client.get(
            path, headers={**tenant.headers, "If-None-Match": _etag(first)}, params=params
        )
        assert r.status_code == 304, path
        assert r.content == b""
        assert r.headers["etag"] == _etag(first)
        assert is_uuid4(r.headers["x-request-id"])
        assert r.headers["x-api-version"] == "v1"
    assert len(etags) == len(routes)


def test_if_none_match_that_does_not_match_gets_full_body(
    client: TestClient, tenant: Tenant
) -> None:
    path = f"/v1/job-positions/{tenant.position_id}"
    etag = _etag(client.get(path, headers=tenant.headers))
    for header in ['"something-else"', "W/" + etag + "x", '"a", "b"']:
        r = client.get(path, headers={**tenant.headers, "If-None-Match": header})
        assert r.status_code == 200, header
        assert r.json()["data"]["id"] == tenant.position_id
    r = client.get(path, headers={**tenant.headers, "If-None-Match": f'"a", {etag}, "b"'})
    assert r.status_code == 304
    assert r.content == b""


def test_etag_changes_when_the_resource_changes(client: TestClient, tenant: Tenant) -> None:
    candidate = create_candidate(client, tenant)
    other = create_candidate(client, tenant, email="other@example.com")
    path = f"/v1/candidates/{candidate['id']}"
    old = _etag(client.get(path, headers=tenant.headers))
    # Another resource never matches this one's validator.
    r = client.get(
        f"/v1/candidates/{other['id']}", headers={**tenant.headers, "If-None-Match": old}
    )
    assert r.status_code == 200
    assert _etag(r) != old
    r = client.patch(path, headers=tenant.headers, json={"notes": "Called back."})
    assert r.status_code == 200, r.text
    r = client.get(path, headers={**tenant.headers, "If-None-Match": old})
    assert r.status_code == 200
    assert r.json()["data"]["notes"] == "Called back."
    assert _etag(r) != old
    # Errors carry no validator.
    r = client.get("/v1/candidates/cand_missing", headers={**tenant.headers, "If-None-Match": "*"})
    assert r.status_code == 404
    assert "etag" not in r.headers


def test_not_modified_still_counts_toward_rate_limits(client: TestClient, tenant: Tenant) -> None:
    path = f"/v1/job-positions/{tenant.position_id}"
    first = client.get(path, headers=tenant.headers)
    remaining = int(first.headers["x-ratelimit-remaining"])
    r = client.get(path, headers={**tenant.headers, "If-None-Match": _etag(first)})
    assert r.status_code == 304
    assert int(r.headers["x-ratelimit-remaining"]) == remaining - 1
    r = client.get(path, headers=tenant.headers)
    assert int(r.headers["x-ratelimit-remaining"]) == remaining - 2


# --- timestamps --------------------------------------------------------------------------------


def test_timestamps_are_utc_with_milliseconds(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 4, 1, 10, 0, 0, tzinfo=UTC))
    position_id = make_position(services, tenant.company_id, "Data Engineer")
    r = client.get(f"/v1/job-positions/{position_id}", headers=tenant.headers)
    assert r.json()["data"]["createdAt"] == "2026-04-01T10:00:00.000Z"
    assert r.json()["data"]["updatedAt"] == "2026-04-01T10:00:00.000Z"

    clock.set(datetime(2026, 4, 1, 10, 0, 5, 123456, tzinfo=UTC))
    candidate = create_candidate(client, tenant, jobPositionId=position_id)
    assert candidate["createdAt"] == "2026-04-01T10:00:05.123Z"
    assert candidate["updatedAt"] == "2026-04-01T10:00:05.123Z"
    for field in ("invitedAt", "interviewedAt", "decidedAt"):
        assert candidate[field] is None

    clock.advance(3600.5)
    r = client.patch(
        f"/v1/candidates/{candidate['id']}", headers=tenant.headers, json={"notes": "later"}
    )
    assert r.json()["data"]["createdAt"] == "2026-04-01T10:00:05.123Z"
    assert r.json()["data"]["updatedAt"] == "2026-04-01T11:00:05.623Z"


def test_every_timestamp_in_bodies_has_the_wire_format(client: TestClient, tenant: Tenant) -> None:
    candidate = create_candidate(client, tenant)
    responses = [
        client.get("/v1/job-positions", headers=tenant.headers).json()["data"][0],
        client.get(f"/v1/job-positions/{tenant.position_id}", headers=tenant.headers).json()[
            "data"
        ],
        client.get(f"/v1/candidates/{candidate['id']}", headers=tenant.headers).json()["data"],
        client.get(
            "/v1/candidates", headers=tenant.headers, params={"jobPositionId": tenant.position_id}
        ).json()["data"][0],
    ]
    for data in responses:
        for key in ("createdAt", "updatedAt"):
            assert TIMESTAMP.fullmatch(data[key]), (key, data[key])


def test_rate_limit_reset_header_is_unix_seconds(
    client: TestClient, tenant: Tenant, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 4, 1, 10, 0, 0, tzinfo=UTC))
    r = client.get("/v1/job-positions", headers=tenant.headers)
    assert r.status_code == 200
    assert r.headers["x-ratelimit-reset"] == str(int(clock.now().timestamp()) + 60)
