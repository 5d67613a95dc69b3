"""Candidate routes of contract §7: create, list (filters, search, pagination), detail, patch,
delete, /status and /cv-score."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from panelist.candidates import repository as candidate_rows
from panelist.candidates import service as candidates
from panelist.candidates.models import Candidate
from panelist.candidates.schemas import CandidateFields
from panelist.events import repository as outbox
from panelist.http.services import AppServices
from panelist.kit import cursor as cursors
from panelist.kit.clock import FrozenClock
from tests.fixtures.factories import Tenant, make_position, make_tenant

HIGH_LIMITS = {"global": 10000, "reads": 10000, "writes": 10000}
ID = re.compile(r"^cand_[a-z2-7]{24}$")
LIST_KEYS = {
    "id",
    "jobPositionId",
    "firstName",
    "lastName",
    "email",
    "phone",
    "status",
    "cvScore",
    "interviewScore",
    "analysisViewed",
    "importSource",
    "createdAt",
    "updatedAt",
}
DETAIL_KEYS = LIST_KEYS | {
    "notes",
    "cvText",
    "aiEvaluation",
    "upsides",
    "shortcomings",
    "cvAnalysisStatus",
    "importedWithoutCv",
    "originalCvFileName",
    "sessionId",
    "invitedAt",
    "interviewedAt",
    "decidedAt",
}


def body_for(position_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "jobPositionId": position_id,
        "firstName": "Jonas",
        "lastName": "Kazlauskas",
        "email": "jonas@example.com",
        **overrides,
    }


def create(client: TestClient, tenant: Tenant, **overrides: Any) -> dict[str, Any]:
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=body_for(tenant.position_id, **overrides)
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def listing(
    client: TestClient, tenant: Tenant, position_id: str | None = None, **params: Any
) -> dict[str, Any]:
    r = client.get(
        "/v1/candidates",
        headers=tenant.headers,
        params={"jobPositionId": position_id or tenant.position_id, **params},
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def all_ids(client: TestClient, tenant: Tenant, **params: Any) -> list[str]:
    return [c["id"] for c in listing(client, tenant, limit=200, **params)["data"]]


def validation_fields(r: Any) -> list[str]:
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["error"] == "VALIDATION_ERROR", body
    return [d["field"] for d in body["details"]]


def insert(
    services: AppServices,
    tenant: Tenant,
    count: int,
    *,
    position_id: str | None = None,
    import_source: str = "api",
    step: float = 0,
    prefix: str = "person",
) -> list[str]:
    """Create candidates through the real service in one transaction (faster than HTTP)."""
    ids = []
    clock = services.clock
    assert isinstance(clock, FrozenClock)
    with services.db.write() as s:
        for i in range(count):
            fields = CandidateFields(
                firstName=f"First{i}", lastName=f"Last{i}", email=f"{prefix}{i}@example.com"
            )
            c = candidates.create(
                s,
                tenant.company_id,
                position_id or tenant.position_id,
                fields,
                import_source=import_source,
                skip_analysis=True,
                at=clock.now(),
            )
            ids.append(c.id)
            clock.advance(step)
    return ids


def set_columns(services: AppServices, tenant: Tenant, candidate_id: str, **columns: Any) -> None:
    with services.db.write() as s:
        row = candidate_rows.get(s, tenant.company_id, candidate_id)
        assert row is not None
        for name, value in columns.items():
            setattr(row, name, value)


def events_of(services: AppServices, company_id: str) -> list[tuple[str, dict[str, Any]]]:
    with services.db.read() as s:
        return [(e.event_type, dict(e.payload)) for e in outbox.for_company(s, company_id)]


def count_rows(services: AppServices, tenant: Tenant) -> int:
    with services.db.read() as s:
        return len(
            candidate_rows.list_page(
                s,
                tenant.company_id,
                position_id=tenant.position_id,
                status=None,
                import_source=None,
                text=None,
                limit=1000,
                cursor=None,
                secret=services.secret,
            )[0]
        )


# --- create --------------------------------------------------------------------------------------


def test_create_returns_the_full_detail(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 4, 1, 10, 0, 0, 250000, tzinfo=UTC))
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json=body_for(tenant.position_id, phone="+37060012345", notes="Met at a meetup."),
    )
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert set(data) == DETAIL_KEYS | {"candidateId"}
    assert ID.fullmatch(data["id"])
    assert data["candidateId"] == data["id"]
    assert data == {
        "id": data["id"],
        "candidateId": data["id"],
        "jobPositionId": tenant.position_id,
        "firstName": "Jonas",
        "lastName": "Kazlauskas",
        "email": "jonas@example.com",
        "phone": "+37060012345",
        "status": "new",
        "cvScore": None,
        "interviewScore": None,
        "analysisViewed": False,
        "importSource": "api",
        "createdAt": "2026-04-01T10:00:00.250Z",
        "updatedAt": "2026-04-01T10:00:00.250Z",
        "notes": "Met at a meetup.",
        "cvText": None,
        "aiEvaluation": None,
        "upsides": [],
        "shortcomings": [],
        "cvAnalysisStatus": "not_requested",
        "importedWithoutCv": True,
        "originalCvFileName": None,
        "sessionId": None,
        "invitedAt": None,
        "interviewedAt": None,
        "decidedAt": None,
    }
    # The detail route answers the same document, without the alias.
    r = client.get(f"/v1/candidates/{data['id']}", headers=tenant.headers)
    assert r.status_code == 200
    assert r.json()["data"] == {k: v for k, v in data.items() if k != "candidateId"}


def test_create_normalises_email_and_names(client: TestClient, tenant: Tenant) -> None:
    data = create(
        client,
        tenant,
        email="  Jonas.Kazlauskas@Example.COM ",
        firstName="  Jonas ",
        lastName="\tKazlauskas\n",
    )
    assert data["email"] == "jonas.kazlauskas@example.com"
    assert data["firstName"] == "Jonas"
    assert data["lastName"] == "Kazlauskas"
    assert listing(client, tenant)["data"][0]["email"] == "jonas.kazlauskas@example.com"


def test_create_with_cv_text_requests_analysis(client: TestClient, tenant: Tenant) -> None:
    cv = "Python developer, 6 years, PostgreSQL, FastAPI."
    data = create(client, tenant, cvText=cv)
    assert data["cvText"] == cv
    assert data["importedWithoutCv"] is False
    assert data["importSource"] == "api"
    # Either the local engine already scored it, or the analysis is pending with no score yet.
    assert data["cvAnalysisStatus"] in {"pending", "completed"}
    if data["cvAnalysisStatus"] == "pending":
        assert data["cvScore"] is None
    else:
        assert isinstance(data["cvScore"], int)
        assert 0 <= data["cvScore"] <= 100


def test_create_without_analysis_is_not_requested(client: TestClient, tenant: Tenant) -> None:
    skipped = create(client, tenant, email="s@example.com", cvText="Python dev.", skipAnalysis=True)
    assert skipped["cvText"] == "Python dev."
    assert skipped["importedWithoutCv"] is False
    assert skipped["cvAnalysisStatus"] == "not_requested"
    assert skipped["cvScore"] is None
    a = create(client, tenant, email="a@example.com")
    b = create(client, tenant, email="b@example.com", skipAnalysis=False)
    c = create(client, tenant, email="c@example.com", cvText=None)
    for data in (a, b, c):
        assert data["importedWithoutCv"] is True
        assert data["cvAnalysisStatus"] == "not_requested"
        assert data["cvText"] is None


def test_create_writes_one_status_changed_event(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    data = create(client, tenant)
    assert events_of(services, tenant.company_id) == [
        (
            "candidate_status_changed",
            {
                "candidateId": data["id"],
                "jobPositionId": tenant.position_id,
                "status": "new",
                "previousStatus": None,
            },
        )
    ]


def test_refused_creates_write_nothing(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    create(client, tenant)
    before = events_of(services, tenant.company_id)
    refused = [
        body_for(tenant.position_id, email="JONAS@example.com"),  # duplicate
        body_for(tenant.position_id, email="bad"),  # invalid
        body_for("pos_missing", email="ona@example.com"),  # unknown position
        {**body_for(tenant.position_id, email="ona@example.com"), "extra": 1},  # unknown field
    ]
    for body in refused:
        r = client.post("/v1/candidates", headers=tenant.headers, json=body)
        assert r.status_code in (400, 404, 409), r.text
    assert events_of(services, tenant.company_id) == before
    assert count_rows(services, tenant) == 1


def test_duplicate_email_in_the_position_is_conflict(client: TestClient, tenant: Tenant) -> None:
    first = create(client, tenant, email="jonas@example.com")
    for email in ("jonas@example.com", "JONAS@EXAMPLE.COM", " Jonas@example.com "):
        r = client.post(
            "/v1/candidates",
            headers=tenant.headers,
            json=body_for(tenant.position_id, email=email, firstName="Someone"),
        )
        assert r.status_code == 409, r.text
        assert r.json()["error"] == "DUPLICATE_CANDIDATE"
    assert all_ids(client, tenant) == [first["id"]]


def test_same_email_in_another_position_or_company_is_allowed(
    client: TestClient, services: AppServices, tenant: Tenant, other_tenant: Tenant
) -> None:
    create(client, tenant)
    second = make_position(services, tenant.company_id, "Designer")
    r = client.post("/v1/candidates", headers=tenant.headers, json=body_for(second))
    assert r.status_code == 201, r.text
    r = client.post(
        "/v1/candidates", headers=other_tenant.headers, json=body_for(other_tenant.position_id)
    )
    assert r.status_code == 201, r.text


def test_create_requires_every_mandatory_field(client: TestClient, tenant: Tenant) -> None:
    full = body_for(tenant.position_id)
    for missing in ("jobPositionId", "firstName", "lastName", "email"):
        body = {k: v for k, v in full.items() if k != missing}
        r = client.post("/v1/candidates", headers=tenant.headers, json=body)
        assert validation_fields(r) == [missing]
    r = client.post("/v1/candidates", headers=tenant.headers, json={})
    assert set(validation_fields(r)) == {"jobPositionId", "firstName", "lastName", "email"}


def test_create_field_limits(client: TestClient, services: AppServices) -> None:
    t = make_tenant(services, "Limits", rate_limits=HIGH_LIMITS)
    local = "a" * 64
    domain = ".".join(["b" * 60, "c" * 60, "d" * 60, "e" * 48]) + ".com"  # 240 characters
    long_ok = f"{local[:10]}@{domain}"
    assert len(long_ok) <= 254
    accepted: list[dict[str, Any]] = [
        {"firstName": "J" * 100},
        {"lastName": "K" * 100},
        {"firstName": "J"},
        {"phone": "1" * 50},
        {"phone": ""},
        {"notes": "n" * 10_000},
        {"notes": ""},
        {"cvText": "c" * 100_000, "skipAnalysis": True},
        {"email": long_ok},
    ]
    for i, overrides in enumerate(accepted):
        body = body_for(t.position_id, **{"email": f"ok{i}@example.com", **overrides})
        r = client.post("/v1/candidates", headers=t.headers, json=body)
        assert r.status_code == 201, (overrides.keys(), r.text)
        for key, value in overrides.items():
            if key == "email":
                assert r.json()["data"]["email"] == value.lower()
            elif key != "skipAnalysis":
                assert r.json()["data"][key] == value
    refused = [
        ("firstName", "J" * 101),
        ("lastName", "K" * 101),
        ("firstName", ""),
        ("firstName", "   "),
        ("lastName", "\t"),
        ("phone", "1" * 51),
        ("notes", "n" * 10_001),
        ("cvText", "c" * 100_001),
        ("email", "x" * 250 + "@example.com"),
        ("email", "no-at-sign"),
        ("email", "two@@example.com"),
        ("email", "jonas@"),
        ("email", "@example.com"),
        ("email", ""),
        ("email", "jonas @example.com"),
        ("firstName", 42),
        ("lastName", ["K"]),
        ("email", {"address": "a@example.com"}),
        ("phone", 37060012345),
        ("notes", True),
        ("cvText", 1),
        ("skipAnalysis", "true"),
        ("skipAnalysis", 1),
        ("skipAnalysis", None),
        ("jobPositionId", 7),
        ("jobPositionId", None),
        ("firstName", None),
        ("email", None),
    ]
    for i, (field, value) in enumerate(refused):
        body = body_for(t.position_id, **{"email": f"bad{i}@example.com"})
        body[field] = value
        r = client.post("/v1/candidates", headers=t.headers, json=body)
        assert validation_fields(r) == [field], (field, value)
    assert len(all_ids(client, t)) == len(accepted)


# --- list ----------------------------------------------------------------------------------------


def test_list_items_have_the_list_shape(client: TestClient, tenant: Tenant) -> None:
    created = create(client, tenant, notes="private", cvText="cv", skipAnalysis=True)
    body = listing(client, tenant)
    assert set(body) == {"success", "requestId", "data", "pagination"}
    assert body["pagination"] == {"cursor": None, "hasMore": False}
    [item] = body["data"]
    assert set(item) == LIST_KEYS
    assert item == {k: created[k] for k in LIST_KEYS}


def test_list_is_newest_first_with_ties_by_id_descending(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    older = insert(services, tenant, 3, step=1, prefix="old")
    tied = insert(services, tenant, 4, step=0, prefix="tie")
    assert all_ids(client, tenant) == sorted(tied, reverse=True) + list(reversed(older))


def test_list_only_shows_the_requested_position(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    second = make_position(services, tenant.company_id, "Designer")
    mine = insert(services, tenant, 2, prefix="a")
    theirs = insert(services, tenant, 3, position_id=second, prefix="b")
    assert set(all_ids(client, tenant)) == set(mine)
    assert set(all_ids(client, tenant, jobPositionId=second)) == set(theirs)


def test_list_requires_a_known_position(client: TestClient, tenant: Tenant) -> None:
    body = listing(client, tenant)
    assert body["data"] == []
    assert body["pagination"] == {"cursor": None, "hasMore": False}
    r = client.get("/v1/candidates", headers=tenant.headers)
    assert validation_fields(r) == ["jobPositionId"]
    r = client.get("/v1/candidates", headers=tenant.headers, params={"jobPositionId": "pos_nope"})
    assert r.status_code == 404
    assert r.json()["error"] == "NOT_FOUND"


def test_list_filters_by_status(client: TestClient, services: AppServices, tenant: Tenant) -> None:
    ids = insert(services, tenant, 4)
    set_columns(services, tenant, ids[0], status="invited")
    set_columns(services, tenant, ids[1], status="rejected")
    assert set(all_ids(client, tenant, status="new")) == {ids[2], ids[3]}
    assert all_ids(client, tenant, status="invited") == [ids[0]]
    assert all_ids(client, tenant, status="rejected") == [ids[1]]
    assert all_ids(client, tenant, status="selected") == []
    assert len(all_ids(client, tenant)) == 4
    # Unknown query parameters are ignored.
    assert len(all_ids(client, tenant, foo="bar", sort="asc", page="2")) == 4
    for bad in ("NEW", "unknown", "new,invited"):
        r = client.get(
            "/v1/candidates",
            headers=tenant.headers,
            params={"jobPositionId": tenant.position_id, "status": bad},
        )
        assert validation_fields(r) == ["status"]


def test_list_filters_by_import_source(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    api = insert(services, tenant, 2, import_source="api", prefix="api")
    csv = insert(services, tenant, 3, import_source="csv", prefix="csv")
    manual = insert(services, tenant, 1, import_source="manual", prefix="man")
    assert set(all_ids(client, tenant, importSource="api")) == set(api)
    assert set(all_ids(client, tenant, importSource="csv")) == set(csv)
    assert set(all_ids(client, tenant, importSource="manual")) == set(manual)
    assert all_ids(client, tenant, importSource="email") == []
    for item in listing(client, tenant, importSource="csv")["data"]:
        assert item["importSource"] == "csv"
    r = client.get(
        "/v1/candidates",
        headers=tenant.headers,
        params={"jobPositionId": tenant.position_id, "importSource": "ftp"},
    )
    assert validation_fields(r) == ["importSource"]


def test_list_combines_filters(client: TestClient, services: AppServices, tenant: Tenant) -> None:
    csv = insert(services, tenant, 2, import_source="csv", prefix="csv")
    api = insert(services, tenant, 2, import_source="api", prefix="api")
    set_columns(services, tenant, csv[0], status="invited")
    set_columns(services, tenant, api[0], status="invited")
    assert all_ids(client, tenant, importSource="csv", status="invited") == [csv[0]]
    assert all_ids(client, tenant, importSource="csv", status="new", q="csv1") == [csv[1]]


def test_list_search_matches_names_and_email_case_insensitively(
    client: TestClient, services: AppServices
) -> None:
    t = make_tenant(services, "Search", rate_limits=HIGH_LIMITS)
    people = {
        "jonas": create(
            client, t, firstName="Jonas", lastName="Kazlauskas", email="jk@example.com"
        ),
        "ona": create(client, t, firstName="Ona", lastName="Petraitytė", email="ona@mail.lt"),
        "petras": create(
            client, t, firstName="Petras", lastName="Jonaitis", email="p_j@example.org"
        ),
        "ruta": create(client, t, firstName="Rūta", lastName="Vaitkė", email="ruta%x@example.com"),
        "zydrunas": create(
            client, t, firstName="Žydrūnas", lastName="Šimkus", email="zs@example.com"
        ),
    }

    def search(q: str) -> set[str]:
        found = {c["id"] for c in listing(client, t, q=q, limit=200)["data"]}
        return {name for name, c in people.items() if c["id"] in found}

    assert search("JONA") == {"jonas", "petras"}  # first name, last name
    assert search("ona") == {"jonas", "ona", "petras"}
    assert search("kazlausk") == {"jonas"}
    assert search("MAIL.LT") == {"ona"}  # email
    assert search("example.org") == {"petras"}
    assert search("@example") == {"jonas", "petras", "ruta", "zydrunas"}
    assert search("rŪta") == {"ruta"}
    assert search("Petraitytė") == {"ona"}
    # Case folding is not limited to ASCII (Lithuanian capitals).
    assert search("žydr") == {"zydrunas"}
    assert search("ŽYDRŪNAS") == {"zydrunas"}
    assert search("šim") == {"zydrunas"}
    assert search("ŪT") == {"ruta"}
    assert search("nobody") == set()
    # LIKE wildcards are matched literally.
    assert search("_") == {"petras"}
    assert search("%") == {"ruta"}
    assert search("p%j") == set()
    assert search("j_") == set()
    assert search("") == set(people)


def test_list_limit_bounds(client: TestClient, services: AppServices, tenant: Tenant) -> None:
    insert(services, tenant, 3)
    for good, size in (("1", 1), ("2", 2), ("200", 3), ("3", 3)):
        body = listing(client, tenant, limit=good)
        assert len(body["data"]) == size, good
    for bad in ("0", "201", "-1", "abc", "1.5", "", "1e2", "9" * 30):
        r = client.get(
            "/v1/candidates",
            headers=tenant.headers,
            params={"jobPositionId": tenant.position_id, "limit": bad},
        )
        assert validation_fields(r) == ["limit"], bad


def test_list_default_page_size_is_fifty(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    ids = insert(services, tenant, 51, step=0.001)
    first = listing(client, tenant)
    assert len(first["data"]) == 50
    assert first["pagination"]["hasMore"] is True
    assert isinstance(first["pagination"]["cursor"], str)
    second = listing(client, tenant, cursor=first["pagination"]["cursor"])
    assert [c["id"] for c in second["data"]] == [ids[0]]
    assert second["pagination"] == {"cursor": None, "hasMore": False}


def _walk(client: TestClient, tenant: Tenant, limit: int, **params: Any) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor = None
    while True:
        extra: dict[str, str] = {"cursor": cursor} if cursor else {}
        body = listing(client, tenant, limit=limit, **params, **extra)
        pages.append([c["id"] for c in body["data"]])
        pagination = body["pagination"]
        assert (pagination["cursor"] is None) == (pagination["hasMore"] is False)
        if not pagination["hasMore"]:
            return pages
        cursor = pagination["cursor"]
        assert len(pages) < 50


def test_cursor_paging_visits_everything_once(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    tied_position = make_position(services, tenant.company_id, "Designer")
    insert(services, tenant, 7, step=1, prefix="a")
    insert(services, tenant, 7, step=0, prefix="b", position_id=tied_position)
    for position in (tenant.position_id, tied_position):
        expected = all_ids(client, tenant, jobPositionId=position)
        assert len(expected) == 7
        pages = _walk(client, tenant, 3, jobPositionId=position)
        assert [len(p) for p in pages] == [3, 3, 1]
        assert [i for p in pages for i in p] == expected
        # A page that ends exactly at the last record says there is nothing more.
        assert _walk(client, tenant, 7, jobPositionId=position) == [expected]
        pages = _walk(client, tenant, 1, jobPositionId=position)
        assert [i for p in pages for i in p] == expected


def test_cursor_paging_with_filters(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    ids = insert(services, tenant, 6, step=1)
    for i in ids[::2]:
        set_columns(services, tenant, i, status="invited")
    pages = _walk(client, tenant, 2, status="invited")
    assert [i for p in pages for i in p] == list(reversed(ids[::2]))
    assert [len(p) for p in pages] == [2, 1]


def test_cursor_paging_is_stable_under_inserts(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    ids = insert(services, tenant, 7, step=1)
    expected = list(reversed(ids))
    first = listing(client, tenant, limit=3)
    assert [c["id"] for c in first["data"]] == expected[:3]
    # Newer candidates, via the API and at the very moment of the cursor's row.
    clock.advance(5)
    newest = create(client, tenant, email="newest@example.com")
    boundary = expected[2]
    with services.db.read() as s:
        boundary_row = candidate_rows.get(s, tenant.company_id, boundary)
        assert boundary_row is not None
        boundary_at = boundary_row.created_at
    tied_after = _insert_raw(services, tenant, "cand_" + "z" * 24, boundary_at)  # sorts before
    tied_before = _insert_raw(services, tenant, "cand_" + "2" * 24, boundary_at)  # sorts after
    rest: list[str] = []
    cursor = first["pagination"]["cursor"]
    while cursor:
        body = listing(client, tenant, limit=3, cursor=cursor)
        rest += [c["id"] for c in body["data"]]
        cursor = body["pagination"]["cursor"]
    served = [c["id"] for c in first["data"]] + rest
    assert len(served) == len(set(served))  # nothing twice
    assert set(expected) <= set(served)  # nothing skipped
    assert newest["id"] not in rest
    assert tied_after not in rest
    # Ordered (createdAt desc, id desc): the tie with a smaller id comes right after the cursor.
    assert rest[0] == tied_before
    assert rest[1:] == expected[3:]


def _insert_raw(services: AppServices, tenant: Tenant, candidate_id: str, at: datetime) -> str:
    with services.db.write() as s:
        s.add(
            Candidate(
                id=candidate_id,
                company_id=tenant.company_id,
                job_position_id=tenant.position_id,
                first_name="Tied",
                last_name="Row",
                email=f"{candidate_id}@example.com",
                status="new",
                analysis_viewed=False,
                import_source="manual",
                imported_without_cv=True,
                cv_analysis_status="not_requested",
                upsides=[],
                shortcomings=[],
                created_at=at,
                updated_at=at,
            )
        )
    return candidate_id


def test_cursor_survives_deletion_of_its_row(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    ids = insert(services, tenant, 5, step=1)
    expected = list(reversed(ids))
    first = listing(client, tenant, limit=2)
    r = client.delete(f"/v1/candidates/{expected[1]}", headers=tenant.headers)
    assert r.status_code == 200
    second = listing(client, tenant, limit=2, cursor=first["pagination"]["cursor"])
    assert [c["id"] for c in second["data"]] == expected[2:4]


def test_tampered_cursor_is_validation_error(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    insert(services, tenant, 3, step=1)
    cursor = listing(client, tenant, limit=1)["pagination"]["cursor"]
    assert isinstance(cursor, str)
    body, signature = cursor.split(".", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    forged_body = cursors.encode(
        services.secret, cursors.Cursor(datetime(2030, 1, 1, tzinfo=UTC), "cand_x")
    ).split(".", 1)[0]
    other_secret = cursors.encode(
        b"another-secret", cursors.Cursor(datetime(2030, 1, 1, tzinfo=UTC), "cand_x")
    )
    tampered = [
        flipped,
        forged_body + "." + signature,
        body,
        body + ".",
        "." + signature,
        ".",
        "garbage",
        "a.b.c",
        "!!!!.????",
        "é.ü",
        "%00",
        other_secret,
        cursor + "x",
        "x" * 5000,
    ]
    for bad in tampered:
        r = client.get(
            "/v1/candidates",
            headers=tenant.headers,
            params={"jobPositionId": tenant.position_id, "cursor": bad},
        )
        assert validation_fields(r) == ["cursor"], bad
    # The genuine cursor still works.
    assert len(listing(client, tenant, limit=1, cursor=cursor)["data"]) == 1


# --- detail ------------------------------------------------------------------------------------


def test_detail_with_and_without_position(client: TestClient, tenant: Tenant) -> None:
    created = create(client, tenant, phone="+370", notes="n", cvText="cv", skipAnalysis=True)
    expected = {k: v for k, v in created.items() if k != "candidateId"}
    r = client.get(f"/v1/candidates/{created['id']}", headers=tenant.headers)
    assert r.status_code == 200
    assert set(r.json()["data"]) == DETAIL_KEYS
    assert r.json()["data"] == expected
    r = client.get(
        f"/v1/candidates/{created['id']}",
        headers=tenant.headers,
        params={"jobPositionId": tenant.position_id},
    )
    assert r.json()["data"] == expected


def test_detail_reflects_stored_analysis_fields(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    created = create(client, tenant)
    invited = clock.now() + timedelta(hours=1)
    set_columns(
        services,
        tenant,
        created["id"],
        status="interviewed",
        cv_score=78,
        interview_score=85,
        ai_evaluation="Strong backend profile.",
        upsides=["Python", "SQL"],
        shortcomings=["No Kubernetes"],
        cv_analysis_status="completed",
        session_id="sess_" + "a" * 24,
        invited_at=invited,
        interviewed_at=invited + timedelta(days=1),
    )
    data = client.get(f"/v1/candidates/{created['id']}", headers=tenant.headers).json()["data"]
    assert data["status"] == "interviewed"
    assert data["cvScore"] == 78
    assert data["interviewScore"] == 85
    assert data["aiEvaluation"] == "Strong backend profile."
    assert data["upsides"] == ["Python", "SQL"]
    assert data["shortcomings"] == ["No Kubernetes"]
    assert data["cvAnalysisStatus"] == "completed"
    assert data["sessionId"] == "sess_" + "a" * 24
    assert data["invitedAt"] == invited.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert data["decidedAt"] is None


# --- patch -------------------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields(
    client: TestClient, services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    created = create(client, tenant, phone="+37060012345", notes="first")
    events_before = events_of(services, tenant.company_id)
    clock.advance(90.5)
    r = client.patch(
        f"/v1/candidates/{created['id']}", headers=tenant.headers, json={"lastName": " Petraitis "}
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert set(data) == DETAIL_KEYS
    assert data["lastName"] == "Petraitis"
    unchanged = {
        k: v for k, v in created.items() if k not in {"candidateId", "lastName", "updatedAt"}
    }
    assert {k: data[k] for k in unchanged} == unchanged
    assert data["createdAt"] == created["createdAt"]
    assert data["updatedAt"] != created["updatedAt"]
    now = clock.now()
    expected_updated = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    assert data["updatedAt"] == expected_updated
    r = client.get(f"/v1/candidates/{created['id']}", headers=tenant.headers)
    assert r.json()["data"] == data
    # No status changed, so no event was written.
    assert events_of(services, tenant.company_id) == events_before


def test_patch_every_field(client: TestClient, tenant: Tenant) -> None:
    created = create(client, tenant)
    change = {
        "firstName": "Ona",
        "lastName": "Petraitė",
        "email": "Ona.P@Example.com",
        "phone": "+37060000000",
        "notes": "Prefers mornings.",
    }
    r = client.patch(
        f"/v1/candidates/{created['id']}",
        headers=tenant.headers,
        params={"jobPositionId": tenant.position_id},
        json=change,
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert {k: data[k] for k in change} == {**change, "email": "ona.p@example.com"}
    assert data["status"] == "new"


def test_patch_null_clears_phone_and_notes(client: TestClient, tenant: Tenant) -> None:
    created = create(client, tenant, phone="+370", notes="n")
    path = f"/v1/candidates/{created['id']}"
    r = client.patch(path, headers=tenant.headers, json={"phone": None})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["phone"] is None
    assert r.json()["data"]["notes"] == "n"
    r = client.patch(path, headers=tenant.headers, json={"notes": None})
    assert r.json()["data"]["notes"] is None
    r = client.get(path, headers=tenant.headers)
    assert r.json()["data"]["phone"] is None
    assert r.json()["data"]["notes"] is None


def test_patch_refusals(client: TestClient, tenant: Tenant) -> None:
    created = create(client, tenant, phone="+370", notes="n")
    path = f"/v1/candidates/{created['id']}"
    refused: list[tuple[dict[str, Any], list[str] | None]] = [
        ({}, None),
        ({"firstName": None}, ["firstName"]),
        ({"lastName": None}, ["lastName"]),
        ({"email": None}, ["email"]),
        ({"firstName": ""}, ["firstName"]),
        ({"firstName": "  "}, ["firstName"]),
        ({"lastName": "x" * 101}, ["lastName"]),
        ({"email": "nope"}, ["email"]),
        ({"phone": "1" * 51}, ["phone"]),
        ({"notes": "n" * 10_001}, ["notes"]),
        ({"phone": 370}, ["phone"]),
        ({"cvText": "new cv"}, ["cvText"]),
        ({"status": "selected"}, ["status"]),
        ({"jobPositionId": "pos_x"}, ["jobPositionId"]),
        ({"notes": "ok", "unknown": 1}, ["unknown"]),
    ]
    for body, fields in refused:
        r = client.patch(path, headers=tenant.headers, json=body)
        got = validation_fields(r)
        if fields is not None:
            assert got == fields, body
    r = client.get(path, headers=tenant.headers)
    assert r.json()["data"] == {k: v for k, v in created.items() if k != "candidateId"}


def test_patch_email_conflicts(client: TestClient, tenant: Tenant) -> None:
    a = create(client, tenant, email="a@example.com")
    b = create(client, tenant, email="b@example.com")
    for email in ("a@example.com", "A@EXAMPLE.COM"):
        r = client.patch(
            f"/v1/candidates/{b['id']}",
            headers=tenant.headers,
            json={"email": email, "notes": "changed"},
        )
        assert r.status_code == 409, r.text
        assert r.json()["error"] == "DUPLICATE_CANDIDATE"
    r = client.get(f"/v1/candidates/{b['id']}", headers=tenant.headers)
    assert r.json()["data"]["email"] == "b@example.com"
    assert r.json()["data"]["notes"] is None
    # Re-stating one's own email, in any case, is no conflict.
    r = client.patch(
        f"/v1/candidates/{a['id']}", headers=tenant.headers, json={"email": "A@Example.com"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["email"] == "a@example.com"
    r = client.patch(
        f"/v1/candidates/{b['id']}", headers=tenant.headers, json={"email": "c@example.com"}
    )
    assert r.status_code == 200
    # The freed address can be taken again.
    create(client, tenant, email="b@example.com")


def test_patch_email_used_in_another_position_is_allowed(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    second = make_position(services, tenant.company_id, "Designer")
    r = client.post(
        "/v1/candidates", headers=tenant.headers, json=body_for(second, email="taken@example.com")
    )
    assert r.status_code == 201
    mine = create(client, tenant)
    r = client.patch(
        f"/v1/candidates/{mine['id']}", headers=tenant.headers, json={"email": "taken@example.com"}
    )
    assert r.status_code == 200, r.text


# --- delete ------------------------------------------------------------------------------------


def test_delete_removes_the_candidate(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    keep = create(client, tenant, email="keep@example.com")
    gone = create(client, tenant, email="gone@example.com")
    r = client.delete(f"/v1/candidates/{gone['id']}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"candidateId": gone["id"], "deleted": True}
    for path in ("", "/status", "/cv-score"):
        r = client.get(f"/v1/candidates/{gone['id']}{path}", headers=tenant.headers)
        assert r.status_code == 404, path
    r = client.delete(f"/v1/candidates/{gone['id']}", headers=tenant.headers)
    assert r.status_code == 404
    assert r.json()["error"] == "NOT_FOUND"
    r = client.patch(f"/v1/candidates/{gone['id']}", headers=tenant.headers, json={"notes": "x"})
    assert r.status_code == 404
    assert all_ids(client, tenant) == [keep["id"]]
    r = client.get(f"/v1/job-positions/{tenant.position_id}", headers=tenant.headers)
    assert r.json()["data"]["candidateCount"] == 1
    # The email is free again in the position.
    create(client, tenant, email="gone@example.com")


def test_delete_with_force_and_position(client: TestClient, tenant: Tenant) -> None:
    a = create(client, tenant, email="a@example.com")
    b = create(client, tenant, email="b@example.com")
    r = client.delete(
        f"/v1/candidates/{a['id']}",
        headers=tenant.headers,
        params={"force": "true", "jobPositionId": tenant.position_id},
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"candidateId": a["id"], "deleted": True}
    r = client.delete(
        f"/v1/candidates/{b['id']}", headers=tenant.headers, params={"force": "false"}
    )
    assert r.status_code == 200, r.text
    assert all_ids(client, tenant) == []


def test_delete_force_must_be_true_or_false(client: TestClient, tenant: Tenant) -> None:
    created = create(client, tenant)
    for bad in ("yes", "1", "TRUE", ""):
        r = client.delete(
            f"/v1/candidates/{created['id']}", headers=tenant.headers, params={"force": bad}
        )
        assert validation_fields(r) == ["force"], bad
    assert all_ids(client, tenant) == [created["id"]]


# --- /status and /cv-score ---------------------------------------------------------------------


def test_status_and_cv_score_routes(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    created = create(client, tenant, cvText="Python", skipAnalysis=True)
    status = f"/v1/candidates/{created['id']}/status"
    score = f"/v1/candidates/{created['id']}/cv-score"
    r = client.get(status, headers=tenant.headers)
    assert r.status_code == 200
    assert r.json()["data"] == {"status": "new", "analysisViewed": False, "interviewScore": None}
    r = client.get(score, headers=tenant.headers)
    assert r.status_code == 200
    assert r.json()["data"] == {"cvScore": None}
    set_columns(
        services,
        tenant,
        created["id"],
        status="interviewed",
        interview_score=85,
        analysis_viewed=True,
        cv_score=78,
    )
    own = {"jobPositionId": tenant.position_id}
    r = client.get(status, headers=tenant.headers, params=own)
    assert r.json()["data"] == {
        "status": "interviewed",
        "analysisViewed": True,
        "interviewScore": 85,
    }
    r = client.get(score, headers=tenant.headers, params=own)
    assert r.json()["data"] == {"cvScore": 78}
    set_columns(services, tenant, created["id"], cv_score=0, interview_score=0)
    assert client.get(score, headers=tenant.headers).json()["data"] == {"cvScore": 0}
    assert client.get(status, headers=tenant.headers).json()["data"]["interviewScore"] == 0


def test_unknown_candidate_is_not_found_on_every_route(client: TestClient, tenant: Tenant) -> None:
    for cid in ("cand_" + "a" * 24, "pos_" + "a" * 24):
        routes: list[tuple[str, str, dict[str, Any]]] = [
            ("GET", "", {}),
            ("GET", "/status", {}),
            ("GET", "/cv-score", {}),
            ("PATCH", "", {"json": {"notes": "x"}}),
            ("DELETE", "", {}),
        ]
        for method, suffix, kwargs in routes:
            r = client.request(
                method, f"/v1/candidates/{cid}{suffix}", headers=tenant.headers, **kwargs
            )
            assert r.status_code == 404, (cid, method, suffix)
            assert r.json()["error"] == "NOT_FOUND"
