"""Contract §7 candidate analysis and §8.1/§8.3 through the real app: the built-in engine runs
inline at import and in the jobs, results carry the engine, every language is produced once,
and every completion writes exactly one event of each kind."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from panelist.analysis.builtin import ENGINE_VERSION
from panelist.analysis.models import CvAnalysis, InterviewAnalysis
from panelist.analysis.service import CV_JOB
from panelist.candidates.models import Candidate
from panelist.http.services import AppServices
from panelist.jobs import queue
from panelist.kit.clock import FrozenClock
from tests.fixtures.analysis import (
    CV,
    candidate_url,
    create_candidate,
    events_of,
    interviewed,
    roomy_tenant,
    run_jobs,
)
from tests.fixtures.factories import Tenant
from tests.fixtures.interview_sessions import candidate_row, status_events


@pytest.fixture
def roomy(services: AppServices) -> Tenant:
    return roomy_tenant(services)


def rows_of(services: AppServices, model: type, candidate_id: str) -> list[tuple[str, str]]:
    with services.db.read() as s:
        found = s.scalars(sa.select(model).where(model.candidate_id == candidate_id))  # type: ignore[attr-defined]
        return sorted((r.language, r.engine_name) for r in found)


def test_import_with_cv_is_scored_inline_with_one_event_of_each_kind(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    data = create_candidate(client, roomy, cvText=CV)
    assert isinstance(data["cvScore"], int)
    assert 50 <= data["cvScore"] <= 100
    assert data["cvAnalysisStatus"] == "completed"
    assert data["aiEvaluation"]
    assert data["upsides"]
    [complete] = events_of(services, data["id"], "cv_analysis_complete")
    assert complete == {
        "candidateId": data["id"],
        "jobPositionId": roomy.position_id,
        "cvScore": data["cvScore"],
        "status": "completed",
    }
    [ready] = events_of(services, data["id"], "analysis_ready")
    assert ready == {
        "candidateId": data["id"],
        "jobPositionId": roomy.position_id,
        "analysisType": "cv",
        "cvScore": data["cvScore"],
    }
    r = client.get(candidate_url(data["id"], "/cv-score"), headers=roomy.headers)
    assert r.json()["data"] == {"cvScore": data["cvScore"]}
    assert r.headers["X-RateLimit-Limit"] == "10000"


def test_cv_analysis_in_both_languages_is_produced_once_and_cached(
    client: TestClient, services: AppServices, clock: FrozenClock, roomy: Tenant
) -> None:
    data = create_candidate(client, roomy, cvText=CV)
    url = candidate_url(data["id"], "/cv-analysis")
    en = client.get(url, headers=roomy.headers).json()["data"]
    assert en["language"] == "en"
    assert en["status"] == "completed"
    assert en["cvScore"] == data["cvScore"]
    assert en["aiEvaluation"] == data["aiEvaluation"]
    assert en["engine"] == {"name": "builtin", "version": ENGINE_VERSION}
    assert en["analyzedAt"].endswith("Z")
    assert rows_of(services, CvAnalysis, data["id"]) == [("en", "builtin")]

    clock.advance(120)
    lt = client.get(url, headers=roomy.headers, params={"language": "lt"}).json()["data"]
    assert lt["language"] == "lt"
    assert lt["cvScore"] == data["cvScore"]
    assert lt["aiEvaluation"] != en["aiEvaluation"]
    assert any(ch in lt["aiEvaluation"] + " ".join(lt["upsides"]) for ch in "ąčęėįšųūž")
    assert rows_of(services, CvAnalysis, data["id"]) == [("en", "builtin"), ("lt", "builtin")]
    clock.advance(120)
    again = client.get(url, headers=roomy.headers, params={"language": "lt"}).json()["data"]
    assert again == lt  # served from the cache: same analyzedAt, not produced again

    bad = client.get(url, headers=roomy.headers, params={"language": "de"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "VALIDATION_ERROR"
    assert bad.json()["details"][0]["field"] == "language"


def test_cv_analysis_before_or_without_analysis_has_null_texts(
    client: TestClient, roomy: Tenant
) -> None:
    for extra, status in (({}, "not_requested"), ({"cvText": CV, "skipAnalysis": True}, None)):
        data = create_candidate(client, roomy, **extra)
        assert data["cvScore"] is None
        body = client.get(candidate_url(data["id"], "/cv-analysis"), headers=roomy.headers).json()[
            "data"
        ]
        assert body == {
            "cvScore": None,
            "aiEvaluation": None,
            "upsides": [],
            "shortcomings": [],
            "language": "en",
            "status": status or "not_requested",
            "analyzedAt": None,
            "engine": None,
        }


def test_cv_analysis_route_uses_the_analysis_rate_limit(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    data = create_candidate(client, tenant, cvText=CV)
    url = candidate_url(data["id"], "/cv-analysis")
    for _ in range(15):
        assert client.get(url, headers=tenant.headers).status_code == 200
    r = client.get(url, headers=tenant.headers)
    assert r.status_code == 429
    assert r.json()["error"] == "RATE_LIMITED"
    # Other categories still admit: the limit that ran out is the analysis one.
    assert client.get(candidate_url(data["id"], "/cv-score"), headers=tenant.headers).is_success


def test_bulk_rows_are_analysed_by_the_job_once(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    rows = [
        {"firstName": "A", "lastName": "B", "email": "a@example.com", "cvText": CV},
        {"firstName": "C", "lastName": "D", "email": "c@example.com"},
    ]
    r = client.post(
        "/v1/candidates/bulk",
        headers=roomy.headers,
        json={"jobPositionId": roomy.position_id, "candidates": rows},
    )
    assert r.status_code == 202, r.text
    run_jobs(services)
    listed = client.get(
        "/v1/candidates", headers=roomy.headers, params={"jobPositionId": roomy.position_id}
    ).json()["data"]
    by_email = {c["email"]: c for c in listed}
    with_cv, without = by_email["a@example.com"], by_email["c@example.com"]
    assert isinstance(with_cv["cvScore"], int)
    assert without["cvScore"] is None
    detail = client.get(candidate_url(with_cv["id"]), headers=roomy.headers).json()["data"]
    assert detail["cvAnalysisStatus"] == "completed"
    # A duplicated job (at-least-once delivery) finds nothing left to do: still one event each.
    with services.db.write() as s:
        queue.enqueue(
            s,
            CV_JOB,
            {"candidateId": with_cv["id"]},
            at=services.clock.now(),
            company_id=roomy.company_id,
        )
    run_jobs(services)
    assert len(events_of(services, with_cv["id"], "cv_analysis_complete")) == 1
    assert len(events_of(services, with_cv["id"], "analysis_ready")) == 1
    assert events_of(services, without["id"], "cv_analysis_complete") == []


def test_interview_analysis_before_it_exists_changes_nothing(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    link = interviewed(client, services, roomy)
    url = candidate_url(link.candidate_id, "/interview-analysis")
    r = client.get(url, headers=roomy.headers)  # the job has not run yet
    assert r.status_code == 200
    assert r.json()["data"] == {"available": False, "status": "interviewed"}
    row = candidate_row(services, roomy.company_id, link.candidate_id)
    assert (row.analysis_viewed, row.analysis_viewed_at) == (False, None)


def test_interview_analysis_marks_viewed_once_and_serves_both_languages(
    client: TestClient, services: AppServices, clock: FrozenClock, roomy: Tenant
) -> None:
    link = interviewed(client, services, roomy)
    run_jobs(services)
    status = client.get(candidate_url(link.candidate_id, "/status"), headers=roomy.headers)
    score = status.json()["data"]["interviewScore"]
    assert isinstance(score, int)
    assert status.json()["data"]["analysisViewed"] is False
    [ready] = events_of(services, link.candidate_id, "analysis_ready")
    assert ready == {
        "candidateId": link.candidate_id,
        "jobPositionId": roomy.position_id,
        "analysisType": "interview",
        "interviewScore": score,
    }

    first_view = clock.now()
    url = candidate_url(link.candidate_id, "/interview-analysis")
    en = client.get(url, headers=roomy.headers).json()["data"]
    assert en["available"] is True
    assert en["interviewScore"] == score
    assert en["recommendation"] in {"strong_yes", "yes", "no", "strong_no"}
    assert en["engine"] == {"name": "builtin", "version": ENGINE_VERSION}
    assert [q["questionId"] for q in en["questions"]] == ["q1", "q2"]
    assert all(
        set(q) == {"questionId", "question", "answer", "score", "feedback"} for q in en["questions"]
    )
    assert en["summary"]
    assert en["strengths"]
    row = candidate_row(services, roomy.company_id, link.candidate_id)
    assert (row.analysis_viewed, row.analysis_viewed_at) == (True, first_view)

    clock.advance(600)
    lt = client.get(url, headers=roomy.headers, params={"language": "lt"}).json()["data"]
    assert lt["interviewScore"] == score
    assert lt["summary"] != en["summary"]
    assert lt == client.get(url, headers=roomy.headers, params={"language": "lt"}).json()["data"]
    assert rows_of(services, InterviewAnalysis, link.candidate_id) == [
        ("en", "builtin"),
        ("lt", "builtin"),
    ]
    row = candidate_row(services, roomy.company_id, link.candidate_id)
    assert row.analysis_viewed_at == first_view  # the first view time is kept
    assert (
        client.get(candidate_url(link.candidate_id, "/status"), headers=roomy.headers).json()[
            "data"
        ]["analysisViewed"]
        is True
    )
    # A second run of the job (duplicate delivery) stores nothing and fires nothing.
    with services.db.write() as s:
        queue.enqueue(
            s,
            "analysis.interview",
            {"candidateId": link.candidate_id, "sessionId": link.session_id},
            at=clock.now(),
            company_id=roomy.company_id,
        )
    run_jobs(services)
    assert len(events_of(services, link.candidate_id, "analysis_ready")) == 1


def test_interview_with_empty_answers_is_unevaluable(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    link = interviewed(client, services, roomy, answers=[])
    run_jobs(services)
    row = candidate_row(services, roomy.company_id, link.candidate_id)
    assert (row.status, row.interview_score) == ("unevaluable", None)
    # Same-instant events (frozen clock) have no order: compare as a multiset.
    assert sorted(e["status"] for e in status_events(services, link.candidate_id)) == [
        "interviewed",
        "invited",
        "new",
        "unevaluable",
    ]
    assert events_of(services, link.candidate_id, "analysis_ready") == []
    r = client.get(candidate_url(link.candidate_id, "/interview-analysis"), headers=roomy.headers)
    assert r.json()["data"] == {"available": False, "status": "unevaluable"}
    assert candidate_row(services, roomy.company_id, link.candidate_id).analysis_viewed is False


def test_deleting_a_candidate_deletes_its_analyses(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    data = create_candidate(client, roomy, cvText=CV)
    client.get(
        candidate_url(data["id"], "/cv-analysis"), headers=roomy.headers, params={"language": "lt"}
    )
    r = client.delete(candidate_url(data["id"]), headers=roomy.headers)
    assert r.status_code == 200
    assert rows_of(services, CvAnalysis, data["id"]) == []
    with services.db.read() as s:
        assert s.get(Candidate, data["id"]) is None


def test_openapi_documents_the_new_routes_with_scope_and_category(client: TestClient) -> None:
    paths = client.get("/v1/openapi.json").json()["paths"]
    expected = {
        ("/v1/candidates/{candidateId}/cv-analysis", "get"): ("read:candidates", "analysis"),
        ("/v1/candidates/{candidateId}/interview-analysis", "get"): (
            "read:candidates",
            "analysis",
        ),
        ("/v1/candidates/{candidateId}/cv-document", "get"): ("read:candidates", "storage"),
        ("/v1/candidates/{candidateId}/cv-document", "post"): ("write:candidates", "writes"),
        ("/v1/candidates/{candidateId}/select", "post"): ("action:decide", "actions"),
        ("/v1/candidates/{candidateId}/reject", "post"): ("action:decide", "actions"),
    }
    for (path, method), (scope, category) in expected.items():
        operation = paths[path][method]
        assert operation["x-panelist-scope"] == scope, path
        assert operation["x-panelist-rate-limit-category"] == category, path
        assert {"401", "403", "404", "429"} <= set(operation["responses"]), path
    assert "410" in paths["/v1/cv-documents/{documentId}"]["get"]["responses"]
    assert "409" in paths["/v1/candidates/{candidateId}/select"]["post"]["responses"]
