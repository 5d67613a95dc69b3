"""POST /v1/candidates/bulk and GET /v1/candidates/bulk/{jobId}, through the real app, database
and job worker."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from panelist.bulk_imports import service as bulk_service
from panelist.bulk_imports.models import BulkImport, BulkImportRow
from panelist.candidates import service as candidates
from panelist.candidates.models import Candidate
from panelist.candidates.schemas import CandidateFields
from panelist.events import repository as events_repository
from panelist.http.services import AppServices
from panelist.job_positions.models import JobPosition
from panelist.jobs import repository as jobs
from panelist.jobs.registry import build_worker
from tests.fixtures.factories import Tenant, make_key, make_tenant

ROOMY = {"global": 10000, "bulk": 10000, "writes": 10000, "reads": 10000}


@pytest.fixture
def roomy(services: AppServices) -> Tenant:
    return make_tenant(services, "Roomy", rate_limits=ROOMY)


def row(i: int, email: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "firstName": f"Vardas{i}",
        "lastName": f"Pavarde{i}",
        "email": email or f"person{i}@example.com",
        **extra,
    }


def post_bulk(
    client: TestClient,
    tenant: Tenant,
    rows: list[dict[str, Any]],
    *,
    key: str | None = None,
    **body: Any,
) -> httpx.Response:
    headers = dict(tenant.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    payload = {"jobPositionId": tenant.position_id, "candidates": rows, **body}
    return client.post("/v1/candidates/bulk", headers=headers, json=payload)


def progress(client: TestClient, tenant: Tenant, job_id: str) -> dict[str, Any]:
    response = client.get(f"/v1/candidates/bulk/{job_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def run_jobs(services: AppServices) -> int:
    return build_worker(services).run_until_idle()


def count(services: AppServices, model: Any, *where: Any) -> int:
    with services.db.read() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def events_of(services: AppServices, company_id: str, event_type: str) -> list[dict[str, Any]]:
    with services.db.read() as s:
        return [
            dict(e.payload)
            for e in events_repository.for_company(s, company_id)
            if e.event_type == event_type
        ]


def jobs_of_kind(services: AppServices, kind: str) -> list[dict[str, Any]]:
    with services.db.read() as s:
        return [dict(j.payload) for j in jobs.list_jobs(s, kind=kind)]


def test_accepted_then_completed_with_contract_shapes(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    response = post_bulk(client, roomy, [row(i) for i in range(3)])
    assert response.status_code == 202, response.text
    accepted = response.json()["data"]
    assert set(accepted) == {"jobId", "status", "total"}
    assert accepted["jobId"].startswith("bulk_")
    assert len(accepted["jobId"]) == 29
    assert (accepted["status"], accepted["total"]) == ("queued", 3)

    queued = progress(client, roomy, accepted["jobId"])
    assert queued == {
        "jobId": accepted["jobId"],
        "jobPositionId": roomy.position_id,
        "status": "queued",
        "total": 3,
        "processed": 0,
        "created": 0,
        "duplicates": 0,
        "failed": 0,
        "results": [],
        "createdAt": queued["createdAt"],
        "startedAt": None,
        "completedAt": None,
    }
    assert queued["createdAt"].endswith("Z")

    assert run_jobs(services) == 1
    done = progress(client, roomy, accepted["jobId"])
    assert (done["status"], done["processed"], done["created"]) == ("completed", 3, 3)
    assert done["startedAt"] is not None
    assert done["completedAt"] is not None
    assert [r["index"] for r in done["results"]] == [0, 1, 2]
    for i, result in enumerate(done["results"]):
        assert result["email"] == f"person{i}@example.com"
        assert result["status"] == "created"
        assert result["candidateId"].startswith("cand_")
        assert result["error"] is None
        detail = client.get(f"/v1/candidates/{result['candidateId']}", headers=roomy.headers)
        assert detail.status_code == 200
        assert detail.json()["data"]["importSource"] == "api"
        assert detail.json()["data"]["firstName"] == f"Vardas{i}"


def test_progress_lists_only_processed_rows_and_resumes_between_chunks(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    job_id = post_bulk(client, roomy, [row(i) for i in range(250)]).json()["data"]["jobId"]
    # One chunk, as a worker that then dies would have committed it.
    with services.db.write() as s:
        finished = bulk_service.import_next_chunk(
            s, roomy.company_id, job_id, size=100, at=services.clock.now()
        )
    assert finished is False
    partial = progress(client, roomy, job_id)
    assert (partial["status"], partial["processed"], partial["created"]) == ("processing", 100, 100)
    assert [r["index"] for r in partial["results"]] == list(range(100))

    assert run_jobs(services) == 1
    done = progress(client, roomy, job_id)
    assert (done["status"], done["processed"], done["created"]) == ("completed", 250, 250)
    assert [r["index"] for r in done["results"]] == list(range(250))
    assert count(services, Candidate, Candidate.company_id == roomy.company_id) == 250
    assert len(events_of(services, roomy.company_id, "candidate_status_changed")) == 250
    assert len(events_of(services, roomy.company_id, "bulk_import_complete")) == 1


def test_duplicates_in_batch_and_in_position_first_occurrence_wins(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    existing = client.post(
        "/v1/candidates",
        headers=roomy.headers,
        json={**row(99, "Taken@Example.com"), "jobPositionId": roomy.position_id},
    )
    assert existing.status_code == 201
    rows = [row(i) for i in range(150)]
    rows[1]["email"] = "TAKEN@example.com"  # exists in the position
    rows[3]["email"] = "PERSON0@EXAMPLE.COM"  # repeats row 0, same chunk
    rows[120]["email"] = "person5@example.com"  # repeats row 5, a later chunk
    job_id = post_bulk(client, roomy, rows).json()["data"]["jobId"]
    run_jobs(services)

    done = progress(client, roomy, job_id)
    assert (done["created"], done["duplicates"], done["failed"]) == (147, 3, 0)
    by_index = {r["index"]: r for r in done["results"]}
    for index in (1, 3, 120):
        assert by_index[index]["status"] == "duplicate"
        assert (by_index[index]["candidateId"], by_index[index]["error"]) == (None, None)
    assert by_index[3]["email"] == "person0@example.com"  # stored lower-cased
    assert by_index[0]["status"] == by_index[5]["status"] == "created"
    assert count(services, Candidate, Candidate.company_id == roomy.company_id) == 148


def test_an_invalid_row_rejects_the_whole_batch_and_stores_nothing(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    rows = [row(0), row(1), row(2, "not-an-email"), row(3, nickname="x")]
    response = post_bulk(client, roomy, rows)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    fields = {d["field"] for d in body["details"]}
    assert fields == {"candidates.2.email", "candidates.3.nickname"}
    assert count(services, BulkImport) == 0
    assert count(services, BulkImportRow) == 0
    assert count(services, Candidate) == 0
    with services.db.read() as s:
        assert jobs.list_jobs(s) == []


@pytest.mark.parametrize("size", [0, 501])
def test_batch_size_is_1_to_500(client: TestClient, roomy: Tenant, size: int) -> None:
    response = post_bulk(client, roomy, [row(i) for i in range(size)])
    assert response.status_code == 400
    assert [d["field"] for d in response.json()["details"]] == ["candidates"]


def test_body_over_one_mib_is_accepted(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    rows = [row(i, cvText="Python developer. " * 200) for i in range(500)]
    response = post_bulk(client, roomy, rows, skipAnalysis=True)
    assert response.status_code == 202, response.text
    assert response.json()["data"]["total"] == 500


def test_unknown_or_foreign_position_is_404_and_stores_nothing(
    client: TestClient, services: AppServices, roomy: Tenant, other_tenant: Tenant
) -> None:
    for position_id in ("pos_doesnotexist", other_tenant.position_id):
        response = post_bulk(client, roomy, [row(0)], jobPositionId=position_id)
        assert response.status_code == 404
        assert response.json()["error"] == "NOT_FOUND"
    assert count(services, BulkImport) == 0


def test_other_company_cannot_see_the_job(
    client: TestClient, services: AppServices, roomy: Tenant, other_tenant: Tenant
) -> None:
    job_id = post_bulk(client, roomy, [row(0)]).json()["data"]["jobId"]
    for path in (f"/v1/candidates/bulk/{job_id}", "/v1/candidates/bulk/bulk_unknown"):
        response = client.get(path, headers=other_tenant.headers)
        assert response.status_code == 404
        assert response.json()["error"] == "NOT_FOUND"


def test_idempotent_replay_returns_the_same_job(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    rows = [row(i) for i in range(5)]
    first = post_bulk(client, roomy, rows, key="bulk-1")
    again = post_bulk(client, roomy, rows, key="bulk-1")
    assert first.status_code == again.status_code == 202
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["data"] == first.json()["data"]
    assert count(services, BulkImport) == 1
    assert len(jobs_of_kind(services, "bulk_import.run")) == 1
    conflict = post_bulk(client, roomy, rows[:4], key="bulk-1")
    assert conflict.status_code == 409
    assert conflict.json()["error"] == "IDEMPOTENCY_CONFLICT"


def test_events_fire_exactly_once_even_when_the_job_runs_again(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    rows = [row(i) for i in range(4)] + [row(9, "person0@example.com")]
    job_id = post_bulk(client, roomy, rows).json()["data"]["jobId"]
    # Everything committed, then the worker "dies" before marking its job done: the job runs
    # again and must find nothing to do.
    with services.db.write() as s:
        while not bulk_service.import_next_chunk(
            s, roomy.company_id, job_id, size=2, at=services.clock.now()
        ):
            pass
    assert run_jobs(services) == 1
    assert run_jobs(services) == 0
    completions = events_of(services, roomy.company_id, "bulk_import_complete")
    assert completions == [
        {
            "jobId": job_id,
            "jobPositionId": roomy.position_id,
            "status": "completed",
            "total": 5,
            "created": 4,
            "duplicates": 1,
            "failed": 0,
        }
    ]
    changed = events_of(services, roomy.company_id, "candidate_status_changed")
    assert len(changed) == 4
    assert {e["status"] for e in changed} == {"new"}
    assert {e["previousStatus"] for e in changed} == {None}
    with services.db.read() as s:
        assert {j.status for j in jobs.list_jobs(s, kind="bulk_import.run")} == {"done"}


@pytest.mark.parametrize("skip", [False, True])
def test_cv_analysis_is_queued_only_for_rows_with_a_cv(
    client: TestClient, services: AppServices, roomy: Tenant, skip: bool
) -> None:
    rows = [
        row(0, cvText="Ten years of Python."),
        row(1),
        row(2, cvText="   "),
        row(3, cvText="SQL"),
    ]
    job_id = post_bulk(client, roomy, rows, skipAnalysis=skip).json()["data"]["jobId"]
    run_jobs(services)
    results = progress(client, roomy, job_id)["results"]
    queued = jobs_of_kind(services, "analysis.cv")
    if skip:
        assert queued == []
    else:
        expected = [results[0]["candidateId"], results[3]["candidateId"]]
        assert sorted(p["candidateId"] for p in queued) == sorted(expected)
    detail = client.get(f"/v1/candidates/{results[0]['candidateId']}", headers=roomy.headers)
    status = detail.json()["data"]["cvAnalysisStatus"]
    # run_jobs also ran the queued analysis.cv jobs (the analysis domain's worker kind).
    assert status == ("not_requested" if skip else "completed")


def test_a_concurrent_single_import_of_the_same_email_makes_the_row_a_duplicate(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    job_id = post_bulk(client, roomy, [row(0), row(1), row(2)]).json()["data"]["jobId"]
    holding, release = threading.Event(), threading.Event()
    backend: list[int] = []

    def single_import() -> None:
        with services.db.write() as s:
            fields = CandidateFields(
                firstName="Solo", lastName="Import", email="person1@example.com"
            )
            candidates.create(
                s,
                roomy.company_id,
                roomy.position_id,
                fields,
                import_source="api",
                skip_analysis=True,
                at=services.clock.now(),
            )
            if not services.db.is_sqlite:
                backend.append(int(s.scalar(sa.text("SELECT pg_backend_pid()")) or 0))
            holding.set()
            release.wait(30)

    racer = threading.Thread(target=single_import)
    racer.start()
    assert holding.wait(30)
    importer = threading.Thread(target=run_jobs, args=(services,))
    importer.start()
    if backend:
        # PostgreSQL: the chunk's pre-check cannot see the uncommitted row, so its insert waits
        # on the unique index behind ours; commit only once it is waiting.
        waiting = sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with services.db.read() as s:
                if s.scalar(waiting, {"pid": backend[0]}):
                    break
            time.sleep(0.02)
        else:
            raise AssertionError("the import never waited on the concurrent insert")
    # (SQLite serialises writers, so the import simply runs after the single import.)
    release.set()
    racer.join(30)
    importer.join(30)

    done = progress(client, roomy, job_id)
    assert [r["status"] for r in done["results"]] == ["created", "duplicate", "created"]
    assert (done["status"], done["created"], done["duplicates"]) == ("completed", 2, 1)
    assert count(services, Candidate, Candidate.company_id == roomy.company_id) == 3


def test_overlapping_imports_on_two_workers_create_each_email_once(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    # The same emails in opposite orders: imported in row order, two chunks would take the
    # unique-index entries in opposite orders and deadlock on PostgreSQL.
    forward = [row(i) for i in range(200)]
    first = post_bulk(client, roomy, forward).json()["data"]["jobId"]
    second = post_bulk(client, roomy, forward[::-1]).json()["data"]["jobId"]
    workers = [threading.Thread(target=run_jobs, args=(services,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    states = [progress(client, roomy, job_id) for job_id in (first, second)]
    assert [s["status"] for s in states] == ["completed", "completed"]
    assert sum(s["created"] for s in states) == 200
    assert sum(s["duplicates"] for s in states) == 200
    assert count(services, Candidate, Candidate.company_id == roomy.company_id) == 200
    with services.db.read() as s:
        assert {j.attempts for j in jobs.list_jobs(s, kind="bulk_import.run")} == {1}


def test_rows_fail_with_a_message_when_the_position_disappears(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    job_id = post_bulk(client, roomy, [row(0), row(1)]).json()["data"]["jobId"]
    with services.db.write() as s:
        s.execute(sa.delete(JobPosition).where(JobPosition.id == roomy.position_id))
    run_jobs(services)
    done = progress(client, roomy, job_id)
    assert (done["status"], done["failed"], done["created"]) == ("completed", 2, 0)
    assert {r["status"] for r in done["results"]} == {"failed"}
    assert all(r["error"] == "Job position not found." for r in done["results"])


def test_a_job_that_gives_up_ends_failed_with_one_event(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    job_id = post_bulk(client, roomy, [row(0)]).json()["data"]["jobId"]
    now = services.clock.now()
    for _ in range(2):
        with services.db.write() as s:
            bulk_service.fail(s, roomy.company_id, job_id, now)
    done = progress(client, roomy, job_id)
    assert (done["status"], done["processed"], done["results"]) == ("failed", 0, [])
    assert done["completedAt"] is not None
    completions = events_of(services, roomy.company_id, "bulk_import_complete")
    assert [e["status"] for e in completions] == ["failed"]


def test_scope_and_bulk_rate_limit(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    _, read_only = make_key(services, tenant.user_id, scopes=["read:candidates"])
    denied = client.post(
        "/v1/candidates/bulk",
        headers={"X-API-Key": read_only},
        json={"jobPositionId": tenant.position_id, "candidates": [row(0)]},
    )
    assert denied.status_code == 403
    assert denied.json()["error"] == "SCOPE_INSUFFICIENT"
    # The `bulk` category admits 3 per minute; the 403 above was counted (scope is check 7,
    # after rate limiting).
    statuses = [post_bulk(client, tenant, [row(i)]).status_code for i in range(3)]
    assert statuses == [202, 202, 429]
