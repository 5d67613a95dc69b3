"""Property tests: whatever a client sends to the candidate routes, the answer is never a 5xx and
always the contract's envelope (§1, §3) with a matching request id.

Examples are derandomised so that a run is reproducible; the database is shared across the
examples of a test, which also exercises the routes against a growing data set.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx2
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from panelist.http.services import AppServices
from tests.fixtures.factories import Tenant, make_tenant

HIGH_LIMITS = {
    "global": 1_000_000,
    "reads": 1_000_000,
    "writes": 1_000_000,
    "analysis": 1_000_000,
    "storage": 1_000_000,
    "bulk": 1_000_000,
    "actions": 1_000_000,
    "webhooks": 1_000_000,
}

# Contract §3: code → HTTP status.
ERROR_STATUS = {
    "UNAUTHORIZED": 401,
    "IP_NOT_ALLOWED": 403,
    "SCOPE_INSUFFICIENT": 403,
    "FORBIDDEN": 403,
    "API_DISABLED": 403,
    "ACCOUNT_SUSPENDED": 403,
    "RATE_LIMITED": 429,
    "VALIDATION_ERROR": 400,
    "INVALID_BODY": 400,
    "NOT_FOUND": 404,
    "DUPLICATE_CANDIDATE": 409,
    "INVALID_STATUS": 409,
    "INVALID_STATUS_TRANSITION": 409,
    "ANALYSIS_NOT_VIEWED": 409,
    "ACTIVE_SESSION": 409,
    "WEBHOOK_LIMIT_REACHED": 409,
    "IDEMPOTENCY_CONFLICT": 409,
    "INTERNAL_ERROR": 500,
    "METHOD_NOT_ALLOWED": 405,
    "PAYLOAD_TOO_LARGE": 413,
    "SESSION_EXPIRED": 410,
    "SESSION_COMPLETED": 409,
}

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CREATE_FIELDS = [
    "jobPositionId",
    "firstName",
    "lastName",
    "email",
    "phone",
    "cvText",
    "notes",
    "skipAnalysis",
]
UPDATE_FIELDS = ["firstName", "lastName", "email", "phone", "notes"]
QUERY_NAMES = [
    "jobPositionId",
    "status",
    "importSource",
    "limit",
    "cursor",
    "q",
    "force",
    "language",
]


@dataclass
class Target:
    tenant: Tenant
    candidate_id: str
    foreign_position_id: str
    foreign_candidate_id: str


@pytest.fixture
def target(client: TestClient, services: AppServices) -> Target:
    tenant = make_tenant(services, "Fuzz", rate_limits=HIGH_LIMITS)
    other = make_tenant(services, "Elsewhere", rate_limits=HIGH_LIMITS)
    ids = []
    for who in (tenant, other):
        r = client.post(
            "/v1/candidates",
            headers=who.headers,
            json={
                "jobPositionId": who.position_id,
                "firstName": "Seed",
                "lastName": "Candidate",
                "email": "seed@example.com",
            },
        )
        assert r.status_code == 201, r.text
        ids.append(r.json()["data"]["id"])
    return Target(tenant, ids[0], other.position_id, ids[1])


# --- strategies ------------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
interesting_text = st.sampled_from(
    [
        "",
        " ",
        "a\x00b",
        "\x00",
        "\u0000@example.com",
        "ona@example.com",
        "ONA@EXAMPLE.COM",
        "x" * 101,
        "x" * 255,
        "@",
        "a@b",
        "'; DROP TABLE candidates; --",
        "%",
        "_",
        "\\",
        "\ud800",
        "😀" * 3,
        "null",
        "true",
        "0",
        "-1",
        "201",
        "9" * 30,
        "1e309",
        "pos_000000000000000000000000",
        "cand_000000000000000000000000",
    ]
)
texts = st.text(max_size=60) | interesting_text


def wrong_typed(name: str) -> st.SearchStrategy[Any]:
    """Values for a known field: valid-looking ones, wrong types, and garbage."""
    plausible: dict[str, st.SearchStrategy[Any]] = {
        "firstName": st.just("Ona"),
        "lastName": st.just("Petraitė"),
        "email": st.builds(lambda n: f"fuzz{n}@example.com", st.integers(0, 10**9)),
        "phone": st.just("+37060012345"),
        "cvText": st.just("Python developer with PostgreSQL experience."),
        "notes": st.just("note"),
        "skipAnalysis": st.booleans(),
    }
    return plausible.get(name, st.nothing()) | texts | json_values


def field_dicts(fields: list[str], positions: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    optional = {
        name: (positions | json_values) if name == "jobPositionId" else wrong_typed(name)
        for name in fields
    }
    extra = st.dictionaries(st.text(max_size=12), json_values, max_size=2)
    return st.builds(
        lambda known, more: {**more, **known},
        st.fixed_dictionaries({}, optional=optional),
        st.just({}) | extra,
    )


def encoded(value: Any, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


raw_header = st.binary(max_size=80).map(
    lambda b: b.replace(b"\r", b"").replace(b"\n", b"").replace(b"\x00", b"")
)
header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80
).map(lambda s: s.encode("latin-1"))
any_header = raw_header | header_text


def weighted(draw: st.DrawFn, usual: Any, others: st.SearchStrategy[Any], usual_in_ten: int) -> Any:
    """`usual` in `usual_in_ten` of ten draws, else a draw from `others`."""
    return usual if draw(st.integers(0, 9)) < usual_in_ten else draw(others)


@st.composite
def header_sets(draw: st.DrawFn, key: str) -> tuple[list[tuple[str, bytes]], bytes | None]:
    """Arbitrary values for the headers the pipeline reads; returns (headers, X-Request-Id)."""
    headers: list[tuple[str, bytes]] = []
    api_key = weighted(
        draw,
        key.encode(),
        st.sampled_from([key.upper().encode(), key[:-1].encode(), key.encode() + b" ", b""])
        | st.none()
        | any_header
        | st.builds(
            lambda h: f"celp_{h}".encode(),
            st.text("0123456789abcdef", min_size=32, max_size=32),
        ),
        8,
    )
    if api_key is not None:
        headers.append(("X-API-Key", api_key))
    idem = weighted(
        draw,
        None,
        any_header
        | st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=300).map(
            str.encode
        ),
        5,
    )
    if idem is not None:
        headers.append(("Idempotency-Key", idem))
    request_id = draw(
        st.none()
        | st.uuids(version=4).map(lambda u: str(u).encode())
        | st.uuids(version=4).map(lambda u: str(u).upper().encode())
        | st.uuids().map(lambda u: str(u).encode())
        | any_header
    )
    if request_id is not None:
        headers.append(("X-Request-Id", request_id))
    etag = weighted(draw, None, st.just(b"*") | st.just(b'"abc", *') | any_header, 6)
    if etag is not None:
        headers.append(("If-None-Match", etag))
    content_type = draw(
        st.none()
        | st.sampled_from(
            [
                b"application/json",
                b"application/json; charset=utf-8",
                b"text/plain",
                b"multipart/form-data; boundary=x",
                b"application/x-www-form-urlencoded",
            ]
        )
        | any_header
    )
    if content_type is not None:
        headers.append(("Content-Type", content_type))
    return headers, request_id


@st.composite
def mutated_valid_body(draw: st.DrawFn, position_id: str, fields: list[str]) -> dict[str, Any]:
    """A valid create body with up to two fields removed, replaced or added."""
    n = draw(st.integers(0, 10**9))
    body: dict[str, Any] = {
        "jobPositionId": position_id,
        "firstName": "Ona",
        "lastName": "Mutant",
        "email": f"mutant{n}@example.com",
    }
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(fields) | st.text(max_size=12))
        action = draw(st.sampled_from(["replace", "replace", "remove"]))
        if action == "remove":
            body.pop(name, None)
        else:
            body[name] = draw(texts | json_values)
    return body


query_pairs = st.lists(
    st.tuples(st.sampled_from(QUERY_NAMES) | st.text(max_size=10), texts),
    max_size=6,
)


def query_string(pairs: list[tuple[str, str]], raw_tail: str) -> str:
    encoded_pairs = "&".join(
        f"{quote(k.encode('utf-8', 'surrogatepass'), safe='')}="
        f"{quote(v.encode('utf-8', 'surrogatepass'), safe='')}"
        for k, v in pairs
    )
    return "&".join(p for p in (encoded_pairs, raw_tail) if p)


raw_query_tail = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="#"),
    max_size=40,
)


# --- the property ----------------------------------------------------------------------------


def check_envelope(response: httpx2.Response, sent_request_id: bytes | None, key_ok: bool) -> None:
    status = response.status_code
    if currently_in_test_context():
        event(f"status {status}")  # shown by --hypothesis-show-statistics
    assert status < 500, response.text
    rid = response.headers["X-Request-Id"]
    assert str(uuid.UUID(rid)) == rid
    assert response.headers["X-API-Version"] == "v1"
    if sent_request_id is not None:
        sent = sent_request_id.decode("latin-1")
        try:
            parsed = uuid.UUID(sent)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.version in range(1, 9) and str(parsed) == sent.lower():
            assert rid == sent.lower()
    routed = status != 405 and not (status == 404 and b"No such route" in response.content)
    if key_ok and routed and status != 401:
        # Authenticated requests that reached a route carry the §4 headers.
        assert response.headers["X-RateLimit-Limit"].isdigit()
        assert response.headers["X-RateLimit-Remaining"].isdigit()
        assert response.headers["X-RateLimit-Reset"].isdigit()
    if status == 304:
        assert response.content == b""
        assert response.headers.get("ETag")
        return
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict)
    assert body["requestId"] == rid
    if status >= 400:
        assert body["success"] is False
        code = body["error"]
        assert code in ERROR_STATUS, code
        assert ERROR_STATUS[code] == status, (code, status)
        assert isinstance(body["message"], str)
        assert body["message"]
        if code == "VALIDATION_ERROR":
            assert isinstance(body["details"], list)
            assert body["details"]
            for detail in body["details"]:
                assert set(detail) == {"field", "message"}
                assert isinstance(detail["field"], str)
                assert isinstance(detail["message"], str)
        else:
            assert "data" not in body
    else:
        assert 200 <= status < 300
        assert body["success"] is True
        assert "data" in body
        assert "error" not in body


def send(
    client: TestClient,
    method: str,
    path: str,
    headers: list[tuple[str, bytes]],
    content: bytes | None = None,
) -> httpx2.Response:
    return client.request(
        method,
        path,
        headers=headers,  # type: ignore[arg-type]
        content=content,
        follow_redirects=False,
    )


def key_is_valid(headers: list[tuple[str, bytes]], tenant: Tenant) -> bool:
    return any(n == "X-API-Key" and v == tenant.key.encode() for n, v in headers)


def positions(target: Target) -> st.SearchStrategy[Any]:
    return st.sampled_from(
        [target.tenant.position_id] * 3 + [target.foreign_position_id, "pos_x", ""]
    )


def candidate_ids(target: Target) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [target.candidate_id] * 3 + [target.foreign_candidate_id, "cand_000000000000000000000000"]
    ) | st.text(
        alphabet=st.characters(blacklist_characters="/", blacklist_categories=["Cs"]),
        min_size=1,
        max_size=40,
    )


# --- tests -----------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_create_with_arbitrary_json(
    client: TestClient, target: Target, data: st.DataObject
) -> None:
    body = data.draw(
        field_dicts(CREATE_FIELDS, positions(target))
        | mutated_valid_body(target.tenant.position_id, CREATE_FIELDS)
        | json_values,
        label="body",
    )
    raw = encoded(body, data.draw(st.booleans(), label="ascii"))
    headers, rid = data.draw(header_sets(target.tenant.key), label="headers")
    response = send(client, "POST", "/v1/candidates", headers, raw)
    check_envelope(response, rid, key_is_valid(headers, target.tenant))


@FUZZ
@given(raw=st.binary(max_size=400), data=st.data())
def test_create_and_update_with_arbitrary_bytes(
    client: TestClient, target: Target, raw: bytes, data: st.DataObject
) -> None:
    headers, rid = data.draw(header_sets(target.tenant.key), label="headers")
    path = data.draw(
        st.sampled_from(["/v1/candidates", f"/v1/candidates/{target.candidate_id}"]),
        label="path",
    )
    method = "POST" if path == "/v1/candidates" else "PATCH"
    response = send(client, method, path, headers, raw)
    check_envelope(response, rid, key_is_valid(headers, target.tenant))


@FUZZ
@given(data=st.data())
def test_single_candidate_routes(client: TestClient, target: Target, data: st.DataObject) -> None:
    method = data.draw(
        st.sampled_from(["GET", "GET", "PATCH", "PATCH", "DELETE", "PUT"]), label="method"
    )
    candidate_id = data.draw(candidate_ids(target), label="candidateId")
    suffix = ""
    if method == "GET":
        suffix = data.draw(st.sampled_from(["", "/status", "/cv-score"]), label="suffix")
    pairs = data.draw(query_pairs, label="query")
    if data.draw(st.booleans(), label="add position"):
        pairs.append(("jobPositionId", data.draw(positions(target), label="position")))
    qs = query_string(pairs, data.draw(raw_query_tail, label="raw query"))
    path = f"/v1/candidates/{quote(candidate_id.encode('utf-8'), safe='')}{suffix}"
    if qs:
        path += "?" + qs
    content = None
    if method in ("PATCH", "POST", "PUT"):
        body = data.draw(
            field_dicts(UPDATE_FIELDS, positions(target))
            | mutated_valid_body(target.tenant.position_id, UPDATE_FIELDS).map(
                lambda b: {k: v for k, v in b.items() if k != "jobPositionId"}
            )
            | json_values,
            label="body",
        )
        content = encoded(body, data.draw(st.booleans(), label="ascii"))
    headers, rid = data.draw(header_sets(target.tenant.key), label="headers")
    response = send(client, method, path, headers, content)
    check_envelope(response, rid, key_is_valid(headers, target.tenant))


@FUZZ
@given(data=st.data())
def test_list_route_with_arbitrary_query(
    client: TestClient, target: Target, data: st.DataObject
) -> None:
    pairs = data.draw(query_pairs, label="query")
    if data.draw(st.booleans(), label="add position"):
        pairs.insert(0, ("jobPositionId", data.draw(positions(target), label="position")))
    qs = query_string(pairs, data.draw(raw_query_tail, label="raw query"))
    method = data.draw(st.sampled_from(["GET"] * 7 + ["DELETE", "PATCH", "PUT"]), label="method")
    headers, rid = data.draw(header_sets(target.tenant.key), label="headers")
    response = send(client, method, "/v1/candidates" + ("?" + qs if qs else ""), headers)
    check_envelope(response, rid, key_is_valid(headers, target.tenant))


@FUZZ
@given(data=st.data())
def test_valid_requests_with_arbitrary_headers(
    client: TestClient, target: Target, data: st.DataObject
) -> None:
    """Well-formed requests, so that header handling is reached past body and query checks."""
    headers, rid = data.draw(header_sets(target.tenant.key), label="headers")
    tenant = target.tenant
    choice = data.draw(st.sampled_from(["create", "list", "detail", "update"]), label="route")
    content: bytes | None = None
    if choice == "create":
        method, path = "POST", "/v1/candidates"
        n = data.draw(st.integers(0, 10**9), label="n")
        content = encoded(
            {
                "jobPositionId": tenant.position_id,
                "firstName": "Ona",
                "lastName": "Header",
                "email": f"hdr{n}@example.com",
            },
            True,
        )
    elif choice == "list":
        method, path = "GET", f"/v1/candidates?jobPositionId={tenant.position_id}"
    elif choice == "detail":
        method, path = "GET", f"/v1/candidates/{target.candidate_id}"
    else:
        method, path = "PATCH", f"/v1/candidates/{target.candidate_id}"
        content = encoded({"notes": data.draw(st.text(max_size=20), label="notes")}, True)
    response = send(client, method, path, headers, content)
    check_envelope(response, rid, key_is_valid(headers, tenant))


# --- regressions found by the properties above -----------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("POST", "/v1/candidates", {"firstName": "a\x00b"}, 400, "firstName"),
        ("POST", "/v1/candidates", {"notes": "\x00"}, 400, "notes"),
        ("POST", "/v1/candidates", {"jobPositionId": "pos_\x00"}, 400, "jobPositionId"),
        ("PATCH", "/v1/candidates/{id}", {"notes": "x\x00"}, 400, "notes"),
        ("GET", "/v1/candidates?jobPositionId={pos}&q=%00", None, 400, "q"),
        ("GET", "/v1/candidates?jobPositionId=pos_%00", None, 400, "jobPositionId"),
        ("GET", "/v1/candidates/{id}?jobPositionId=%00", None, 400, "jobPositionId"),
        ("GET", "/v1/candidates/cand_%00", None, 404, None),
        ("DELETE", "/v1/candidates/cand_%00x", None, 404, None),
        ("GET", "/v1/job-positions/pos_%00", None, 404, None),
    ],
)
def test_nul_characters_are_refused_not_500(
    client: TestClient,
    target: Target,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    status: int,
    field: str | None,
) -> None:
    """PostgreSQL text cannot hold U+0000; it must never surface as INTERNAL_ERROR."""
    tenant = target.tenant
    url = path.format(id=target.candidate_id, pos=tenant.position_id)
    content = None
    if body is not None:
        full = {
            "jobPositionId": tenant.position_id,
            "firstName": "Ona",
            "lastName": "Nul",
            "email": "nul@example.com",
        }
        if method == "PATCH":
            full = {}
        content = encoded({**full, **body}, True)
    response = send(client, method, url, [("X-API-Key", tenant.key.encode())], content)
    check_envelope(response, None, True)
    assert response.status_code == status, response.text
    if field is not None:
        assert response.json()["details"][0]["field"] == field
