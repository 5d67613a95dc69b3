"""Job position routes of contract §7 (read-only): list with filters and pagination, detail."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from panelist.job_positions import service as job_positions
from panelist.kit.clock import FrozenClock
from tests.fixtures.factories import Tenant, make_position, make_tenant

HIGH_LIMITS = {"global": 10000, "reads": 10000, "writes": 10000}
LIST_KEYS = {
    "id",
    "position",
    "title",
    "department",
    "location",
    "type",
    "privacy",
    "status",
    "candidateCount",
    "createdAt",
    "updatedAt",
}
DETAIL_KEYS = LIST_KEYS | {"description", "requirements", "interviewConfig"}


def positions(client: TestClient, tenant: Tenant, **params: Any) -> dict[str, Any]:
    r = client.get("/v1/job-positions", headers=tenant.headers, params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def ids(client: TestClient, tenant: Tenant, **params: Any) -> list[str]:
    return [p["id"] for p in positions(client, tenant, limit=200, **params)["data"]]


def detail(client: TestClient, tenant: Tenant, position_id: str) -> dict[str, Any]:
    r = client.get(f"/v1/job-positions/{position_id}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def validation_fields(r: Any) -> list[str]:
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "VALIDATION_ERROR"
    return [d["field"] for d in r.json()["details"]]


def add_candidate(client: TestClient, tenant: Tenant, position_id: str, email: str) -> str:
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json={"jobPositionId": position_id, "firstName": "A", "lastName": "B", "email": email},
    )
    assert r.status_code == 201, r.text
    cid: str = r.json()["data"]["id"]
    return cid


def make_positions(services: AppServices, tenant: Tenant, count: int, step: float = 1) -> list[str]:
    clock = services.clock
    assert isinstance(clock, FrozenClock)
    made = []
    for i in range(count):
        clock.advance(step)
        made.append(make_position(services, tenant.company_id, f"Role {i}"))
    return made


# --- list --------------------------------------------------------------------------------------


def test_list_item_shape(client: TestClient, tenant: Tenant) -> None:
    body = positions(client, tenant)
    assert set(body) == {"success", "requestId", "data", "pagination"}
    assert body["pagination"] == {"cursor": None, "hasMore": False}
    [item] = body["data"]
    assert set(item) == LIST_KEYS
    assert item["id"] == tenant.position_id
    assert item["position"] == "Senior Developer"
    assert item["title"] == item["position"]
    assert item["department"] == "Engineering"
    assert item["location"] == "Vilnius, Lithuania"
    assert item["type"] == "full-time"
    assert item["privacy"] == "public"
    assert item["status"] == "active"
    assert item["candidateCount"] == 0


def test_optional_fields_are_null(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    with services.db.write() as s:
        bare = job_positions.create(
            s,
            company_id=tenant.company_id,
            position="Intern",
            department=None,
            location=None,
            type_="internship",
            privacy="private",
            status="closed",
            description=None,
            requirements=[],
            questions=[],
            language="lt",
            at=services.clock.now(),
        )
    data = detail(client, tenant, bare.id)
    assert data["department"] is None
    assert data["location"] is None
    assert data["description"] is None
    assert data["requirements"] == []
    assert data["type"] == "internship"
    assert data["interviewConfig"] == {"language": "lt", "durationMinutes": 30, "questions": []}
    [item] = [p for p in positions(client, tenant)["data"] if p["id"] == bare.id]
    assert item["department"] is None
    assert item["location"] is None


def test_list_is_newest_first_with_ties_by_id_descending(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    older = make_positions(services, tenant, 3)
    tied = make_positions(services, tenant, 4, step=0)
    assert ids(client, tenant) == [
        *sorted([older[-1], *tied], reverse=True),
        *reversed(older[:-1]),
        tenant.position_id,
    ]


def test_list_counts_candidates_per_position(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    second = make_position(services, tenant.company_id, "Designer")
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        add_candidate(client, tenant, tenant.position_id, email)
    gone = add_candidate(client, tenant, second, "d@example.com")
    counts = {p["id"]: p["candidateCount"] for p in positions(client, tenant)["data"]}
    assert counts == {tenant.position_id: 3, second: 1}
    assert detail(client, tenant, tenant.position_id)["candidateCount"] == 3
    r = client.delete(f"/v1/candidates/{gone}", headers=tenant.headers)
    assert r.status_code == 200
    counts = {p["id"]: p["candidateCount"] for p in positions(client, tenant)["data"]}
    assert counts == {tenant.position_id: 3, second: 0}


def test_list_filters_by_privacy_and_status(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    public_closed = make_position(services, tenant.company_id, "PC", status="closed")
    private_active = make_position(services, tenant.company_id, "PA", privacy="private")
    private_closed = make_position(
        services, tenant.company_id, "PrC", privacy="private", status="closed"
    )
    public_active = tenant.position_id
    assert set(ids(client, tenant, privacy="public")) == {public_active, public_closed}
    assert set(ids(client, tenant, privacy="private")) == {private_active, private_closed}
    assert set(ids(client, tenant, status="active")) == {public_active, private_active}
    assert set(ids(client, tenant, status="closed")) == {public_closed, private_closed}
    assert ids(client, tenant, privacy="private", status="closed") == [private_closed]
    assert ids(client, tenant, privacy="public", status="active") == [public_active]
    assert len(ids(client, tenant)) == 4
    for item in positions(client, tenant, privacy="private")["data"]:
        assert item["privacy"] == "private"


def test_list_rejects_unknown_filter_values(client: TestClient, tenant: Tenant) -> None:
    for name, bad in (
        ("privacy", "secret"),
        ("privacy", "PUBLIC"),
        ("status", "open"),
        ("status", "Active"),
        ("status", ""),
    ):
        r = client.get("/v1/job-positions", headers=tenant.headers, params={name: bad})
        assert validation_fields(r) == [name], (name, bad)


def test_list_limit_bounds(client: TestClient, services: AppServices, tenant: Tenant) -> None:
    make_positions(services, tenant, 2)
    for good, size in (("1", 1), ("2", 2), ("200", 3)):
        assert len(positions(client, tenant, limit=good)["data"]) == size
    for bad in ("0", "201", "-5", "ten", "2.5", ""):
        r = client.get("/v1/job-positions", headers=tenant.headers, params={"limit": bad})
        assert validation_fields(r) == ["limit"], bad


def test_list_default_limit_is_fifty(client: TestClient, services: AppServices) -> None:
    t = make_tenant(services, "Big", rate_limits=HIGH_LIMITS)
    clock = services.clock
    assert isinstance(clock, FrozenClock)
    with services.db.write() as s:
        for i in range(50):
            clock.advance(0.001)
            job_positions.create(
                s,
                company_id=t.company_id,
                position=f"Role {i}",
                department=None,
                location=None,
                type_="full-time",
                privacy="public",
                status="active",
                description=None,
                requirements=[],
                questions=[],
                language="en",
                at=clock.now(),
            )
    first = positions(client, t)
    assert len(first["data"]) == 50
    assert first["pagination"]["hasMore"] is True
    second = positions(client, t, cursor=first["pagination"]["cursor"])
    assert [p["id"] for p in second["data"]] == [t.position_id]
    assert second["pagination"] == {"cursor": None, "hasMore": False}


def test_cursor_paging_visits_everything_once(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    make_positions(services, tenant, 4, step=1)
    make_positions(services, tenant, 3, step=0)  # three with the same createdAt
    expected = ids(client, tenant)
    assert len(expected) == 8
    for limit in (1, 3, 4, 8):
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            body = positions(client, tenant, **params)
            pages += 1
            seen += [p["id"] for p in body["data"]]
            pagination = body["pagination"]
            assert (pagination["cursor"] is None) == (not pagination["hasMore"])
            if not pagination["hasMore"]:
                break
            assert len(body["data"]) == limit
            cursor = pagination["cursor"]
            if pages == 1:
                # A position created while paging does not disturb the rest of the walk.
                clock.advance(10)
                make_position(services, tenant.company_id, f"Late {limit}")
        assert seen == expected, limit
        assert pages == -(-len(expected) // limit)
        expected = ids(client, tenant)  # include the late ones for the next walk


def test_cursor_paging_with_filter(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    clock = services.clock
    assert isinstance(clock, FrozenClock)
    private = []
    for i in range(5):
        clock.advance(1)
        private.append(make_position(services, tenant.company_id, f"P{i}", privacy="private"))
        make_position(services, tenant.company_id, f"Q{i}")
    seen: list[str] = []
    body = positions(client, tenant, privacy="private", limit=2)
    seen += [p["id"] for p in body["data"]]
    while body["pagination"]["hasMore"]:
        body = positions(
            client, tenant, privacy="private", limit=2, cursor=body["pagination"]["cursor"]
        )
        seen += [p["id"] for p in body["data"]]
    assert seen == list(reversed(private))


def test_tampered_cursor_is_validation_error(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    make_positions(services, tenant, 2)
    cursor = positions(client, tenant, limit=1)["pagination"]["cursor"]
    body, signature = cursor.split(".", 1)
    for bad in (
        body + "." + signature[::-1],
        body[:-2] + "." + signature,
        "nonsense",
        "....",
        cursor + "==",
        "x" + cursor,
    ):
        r = client.get("/v1/job-positions", headers=tenant.headers, params={"cursor": bad})
        assert validation_fields(r) == ["cursor"], bad
    assert len(positions(client, tenant, limit=1, cursor=cursor)["data"]) == 1


# --- detail ------------------------------------------------------------------------------------


def test_detail_shape(client: TestClient, services: AppServices, tenant: Tenant) -> None:
    pid = make_position(
        services,
        tenant.company_id,
        "Data Engineer",
        privacy="private",
        requirements=["Python", "Airflow", "5+ years of SQL"],
        questions=["Describe a pipeline you built.", "How do you test data quality?"],
    )
    data = detail(client, tenant, pid)
    assert set(data) == DETAIL_KEYS
    assert data["id"] == pid
    assert data["position"] == data["title"] == "Data Engineer"
    assert data["description"] == "Data Engineer building our platform."
    assert data["requirements"] == ["Python", "Airflow", "5+ years of SQL"]
    assert data["interviewConfig"] == {
        "language": "en",
        "durationMinutes": 30,
        "questions": [
            {"id": "q1", "text": "Describe a pipeline you built."},
            {"id": "q2", "text": "How do you test data quality?"},
        ],
    }
    assert data["privacy"] == "private"
    assert data["candidateCount"] == 0
    # The detail is the list item plus the three detail fields.
    [item] = [p for p in positions(client, tenant)["data"] if p["id"] == pid]
    assert {k: data[k] for k in LIST_KEYS} == item


def test_detail_of_unknown_position_is_not_found(client: TestClient, tenant: Tenant) -> None:
    for pid in ("pos_" + "a" * 24, "nope", "cand_" + "a" * 24, tenant.position_id.upper()):
        r = client.get(f"/v1/job-positions/{pid}", headers=tenant.headers)
        assert r.status_code == 404, pid
        assert r.json()["error"] == "NOT_FOUND"


def test_job_positions_are_read_only(client: TestClient, tenant: Tenant) -> None:
    body = {"position": "Hacker", "type": "full-time"}
    for method, path in (
        ("POST", "/v1/job-positions"),
        ("PATCH", f"/v1/job-positions/{tenant.position_id}"),
        ("PUT", f"/v1/job-positions/{tenant.position_id}"),
        ("DELETE", f"/v1/job-positions/{tenant.position_id}"),
    ):
        r = client.request(method, path, headers=tenant.headers, json=body)
        assert r.status_code == 405, (method, path)
        assert r.json()["error"] == "METHOD_NOT_ALLOWED"
    assert detail(client, tenant, tenant.position_id)["position"] == "Senior Developer"
