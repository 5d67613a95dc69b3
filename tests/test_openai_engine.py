"""The OpenAI-compatible engine against a real chat-completions server on 127.0.0.1: success,
malformed answers and timeouts (retried, then `AnalysisFailed`), and end to end through the
jobs: a slow engine leaves the 201 `pending`, and exhausted retries end in §8.1 `failed`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from panelist.analysis.engine import AnalysisFailed, CvInput, InterviewInput
from panelist.analysis.openai import OpenAIEngine
from panelist.app import build_services, create_app
from panelist.http.services import AppServices
from panelist.jobs import repository as jobs
from panelist.kit.clock import FrozenClock
from panelist.settings import Settings
from tests.fixtures.analysis import (
    CV,
    candidate_url,
    create_candidate,
    events_of,
    interviewed,
    roomy_tenant,
    run_jobs,
)
from tests.fixtures.chat_server import ChatServer, chat_server
from tests.fixtures.interview_sessions import candidate_row, status_events

CV_INPUT = CvInput(cv_text=CV, requirements=["Python"], description=None, title="Engineer")


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with chat_server() as server:
        yield server


def engine(chat: ChatServer, **kwargs: float) -> OpenAIEngine:
    options = {"timeout_seconds": 5.0, "max_retries": 2, "retry_delay_seconds": 0.0, **kwargs}
    return OpenAIEngine(
        base_url=chat.url,
        model="test-model",
        api_key="sk-test-secret",
        timeout_seconds=options["timeout_seconds"],
        max_retries=int(options["max_retries"]),
        retry_delay_seconds=options["retry_delay_seconds"],
    )


def test_cv_success_sends_a_json_schema_request(chat: ChatServer) -> None:
    result = engine(chat).analyze_cv(CV_INPUT, "lt")
    assert (result.score, result.engine_name) == (73, "openai")
    assert result.engine_version.startswith("test-model")
    assert result.evaluation.startswith("Lithuanian")
    assert result.language == "lt"
    [request] = chat.requests
    assert request["model"] == "test-model"
    assert request["temperature"] == 0
    fmt = request["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert set(fmt["json_schema"]["schema"]["required"]) == {
        "score",
        "evaluation",
        "upsides",
        "shortcomings",
    }
    assert chat.authorization == ["Bearer sk-test-secret"]
    assert "sk-test-secret" not in repr(engine(chat))


def test_interview_success_maps_every_question(chat: ChatServer) -> None:
    data = InterviewInput(
        questions=[("q1", "Why?"), ("q2", "How?")],
        answers={"q1": "Because."},
        requirements=["Python"],
        title="Engineer",
    )
    result = engine(chat).analyze_interview(data, "en")
    assert (result.evaluable, result.score, result.recommendation) == (True, 81, "yes")
    assert [(q.question_id, q.answer) for q in result.questions] == [
        ("q1", "Because."),
        ("q2", ""),
    ]


@pytest.mark.parametrize("mode", ["malformed", "broken_json"])
def test_malformed_answers_are_retried_then_fail(chat: ChatServer, mode: str) -> None:
    chat.mode = mode
    with pytest.raises(AnalysisFailed) as failure:
        engine(chat, max_retries=2).analyze_cv(CV_INPUT, "en")
    assert failure.value.retryable
    assert "malformed" in str(failure.value)
    assert len(chat.requests) == 3


def test_timeouts_are_retried_then_fail(chat: ChatServer) -> None:
    chat.mode, chat.delay_seconds = "slow", 1.0
    with pytest.raises(AnalysisFailed) as failure:
        engine(chat, timeout_seconds=0.2, max_retries=1).analyze_cv(CV_INPUT, "en")
    assert "timed out" in str(failure.value)
    assert len(chat.requests) == 2


def test_wrong_endpoint_is_not_retried(chat: ChatServer) -> None:
    broken = OpenAIEngine(
        base_url=chat.url + "/nope", model="m", api_key=None, retry_delay_seconds=0
    )
    with pytest.raises(AnalysisFailed) as failure:
        broken.analyze_cv(CV_INPUT, "en")
    assert not failure.value.retryable
    assert len(chat.requests) == 1


@pytest.fixture
def openai_services(
    services: AppServices, settings: Settings, clock: FrozenClock, chat: ChatServer
) -> Iterator[AppServices]:
    # Depends on `services` for its wipe: no job of an earlier test reaches this engine.
    configured = settings.model_copy(
        update={
            "analysis_engine": "openai",
            "openai_base_url": chat.url,
            "openai_model": "test-model",
            "openai_api_key": SecretStr("sk-test-secret"),
            "openai_timeout_seconds": 0.3,
            "openai_max_retries": 0,
        }
    )
    built = build_services(configured, clock)
    yield built
    built.db.dispose()


@pytest.fixture
def openai_client(openai_services: AppServices) -> Iterator[TestClient]:
    with TestClient(create_app(services=openai_services), raise_server_exceptions=False) as c:
        yield c


def run_until_settled(services: AppServices, clock: FrozenClock) -> None:
    """Run jobs, moving the clock past each retry's backoff, until none is left queued."""
    for _ in range(10):
        run_jobs(services)
        with services.db.read() as s:
            if jobs.counts_by_status(s).get("queued", 0) == 0:
                return
        clock.advance(3600)
    raise AssertionError("jobs did not settle")


def test_slow_engine_runs_in_the_job_and_stores_every_language(
    openai_client: TestClient, openai_services: AppServices, chat: ChatServer
) -> None:
    tenant = roomy_tenant(openai_services, "OpenAI Co")
    data = create_candidate(openai_client, tenant, cvText=CV)
    assert (data["cvScore"], data["cvAnalysisStatus"]) == (None, "pending")
    assert chat.requests == []  # nothing slow ran inside the request
    run_jobs(openai_services)
    assert len(chat.requests) == 2  # English and Lithuanian, once each
    url = candidate_url(data["id"], "/cv-analysis")
    en = openai_client.get(url, headers=tenant.headers).json()["data"]
    lt = openai_client.get(url, headers=tenant.headers, params={"language": "lt"}).json()["data"]
    assert (en["cvScore"], en["status"]) == (73, "completed")
    assert en["engine"]["name"] == "openai"
    assert en["engine"]["version"].startswith("test-model")
    assert en["aiEvaluation"].startswith("English")
    assert lt["aiEvaluation"].startswith("Lith")
    assert len(chat.requests) == 2  # the Lithuanian text came from the store
    assert len(events_of(openai_services, data["id"], "cv_analysis_complete")) == 1
    assert len(events_of(openai_services, data["id"], "analysis_ready")) == 1


def test_cv_analysis_fails_once_retries_are_exhausted(
    openai_client: TestClient,
    openai_services: AppServices,
    chat: ChatServer,
    clock: FrozenClock,
) -> None:
    chat.mode = "malformed"
    tenant = roomy_tenant(openai_services, "OpenAI Co")
    data = create_candidate(openai_client, tenant, cvText=CV)
    run_until_settled(openai_services, clock)
    assert len(chat.requests) == 5  # one request per job attempt (engine retries off here)
    detail = openai_client.get(candidate_url(data["id"]), headers=tenant.headers).json()["data"]
    assert (detail["cvAnalysisStatus"], detail["cvScore"]) == ("failed", None)
    assert events_of(openai_services, data["id"], "cv_analysis_complete") == [
        {
            "candidateId": data["id"],
            "jobPositionId": tenant.position_id,
            "cvScore": None,
            "status": "failed",
        }
    ]
    assert events_of(openai_services, data["id"], "analysis_ready") == []


def test_interview_analysis_timeouts_end_in_failed_status(
    openai_client: TestClient,
    openai_services: AppServices,
    chat: ChatServer,
    clock: FrozenClock,
) -> None:
    tenant = roomy_tenant(openai_services, "OpenAI Co")
    link = interviewed(openai_client, openai_services, tenant)
    chat.mode, chat.delay_seconds = "slow", 1.0
    run_until_settled(openai_services, clock)
    row = candidate_row(openai_services, tenant.company_id, link.candidate_id)
    assert row.status == "failed"
    failed = [
        e for e in status_events(openai_services, link.candidate_id) if e["status"] == "failed"
    ]
    assert failed == [
        {
            "candidateId": link.candidate_id,
            "jobPositionId": tenant.position_id,
            "status": "failed",
            "previousStatus": "interviewed",
        }
    ]
    r = openai_client.get(
        candidate_url(link.candidate_id, "/interview-analysis"), headers=tenant.headers
    )
    assert r.json()["data"] == {"available": False, "status": "failed"}


def test_interview_analysis_success_through_the_job(
    openai_client: TestClient, openai_services: AppServices, chat: ChatServer
) -> None:
    tenant = roomy_tenant(openai_services, "OpenAI Co")
    link = interviewed(openai_client, openai_services, tenant)
    run_jobs(openai_services)
    url = candidate_url(link.candidate_id, "/interview-analysis")
    data = openai_client.get(url, headers=tenant.headers, params={"language": "lt"}).json()["data"]
    assert (data["available"], data["interviewScore"], data["recommendation"]) == (True, 81, "yes")
    assert data["summary"].startswith("Lithuanian")
    assert [
        e["interviewScore"] for e in events_of(openai_services, link.candidate_id, "analysis_ready")
    ] == [81]


def test_settings_refuse_an_openai_engine_without_endpoint() -> None:
    with pytest.raises(ValueError, match="PANELIST_OPENAI_BASE_URL"):
        Settings(analysis_engine="openai")
    with pytest.raises(ValueError, match="analysis_engine"):
        Settings(analysis_engine="magic")
    shown = repr(
        Settings(
            analysis_engine="openai",
            openai_base_url="http://x",
            openai_model="m",
            openai_api_key="sk-very-secret",
        )
    )
    assert "sk-very-secret" not in shown
