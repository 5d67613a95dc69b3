"""The candidate-facing interview (contract §9): the HTML page with real form posts, the JSON
routes, completion, the 404/409/410 rules and the per-token / per-IP rate limits."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from panelist.app import build_services, create_app
from panelist.http.services import AppServices
from panelist.job_positions import service as job_positions
from panelist.kit.clock import FrozenClock
from panelist.settings import Settings
from tests.fixtures.factories import Tenant, make_position, make_tenant
from tests.fixtures.interview_sessions import (
    WEEK,
    Link,
    candidate_row,
    jobs_of_kind,
    make_link,
    session_row,
    status_events,
)

QUESTION = "Tell us about a project you are proud of."


@pytest.fixture
def link(services: AppServices, tenant: Tenant) -> Link:
    return make_link(services, tenant.company_id, tenant.position_id)


class _Form(HTMLParser):
    """Collects what an accessibility check needs: labels, textareas, headings, <html lang>."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.label_for: set[str] = set()
        self.textareas: dict[str, str] = {}  # name -> id
        self.values: dict[str, str] = {}
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        elif tag == "textarea":
            self.textareas[str(a["name"])] = str(a.get("id"))
            self._in = str(a["name"])
            self.values[self._in] = ""
        elif tag in ("h1", "h2"):
            self.headings.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._in is not None:
            # As browsers do (HTML parsing rules): one newline right after <textarea> is dropped.
            self.values[self._in] = self.values[self._in].removeprefix("\n")
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self.values[self._in] += data


def parse(html: str) -> _Form:
    form = _Form()
    form.feed(html)
    return form


# The HTML page --------------------------------------------------------------------------------


def test_page_renders_questions_accessibly_with_private_headers(
    client: TestClient, link: Link
) -> None:
    r = client.get(link.page)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "script-src" not in r.headers["content-security-policy"]
    assert r.headers["x-ratelimit-limit"] == "60"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in r.text
    assert "Senior Developer" in r.text
    assert QUESTION in r.text
    assert "Jonas" in r.text
    form = parse(r.text)
    assert form.lang == "en"
    assert form.headings[0] == "h1"
    assert "h2" in form.headings
    assert set(form.textareas) == {"answer_q1"}
    assert all(element_id in form.label_for for element_id in form.textareas.values())


def test_form_save_redirects_back_and_page_shows_escaped_answer(
    client: TestClient, services: AppServices, link: Link
) -> None:
    answer = "I built <b>Panelist</b> & shipped it.\r\nSecond line."
    r = client.post(link.page, data={"answer_q1": answer, "action": "save"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"{link.page}?saved=1"
    assert r.headers["referrer-policy"] == "no-referrer"

    page = client.get(r.headers["location"])
    assert page.status_code == 200
    assert "Your answers were saved." in page.text
    assert "&lt;b&gt;Panelist&lt;/b&gt; &amp; shipped" in page.text
    assert "<b>Panelist</b>" not in page.text
    # CRLF from the browser is stored as one newline, and the textarea shows it back as typed.
    assert (
        parse(page.text).values["answer_q1"]
        == "I built <b>Panelist</b> & shipped it.\nSecond line."
    )
    data = client.get(link.api).json()["data"]
    assert data["answers"] == {"q1": "I built <b>Panelist</b> & shipped it.\nSecond line."}
    assert data["status"] == "in_progress"
    record = session_row(services, link.session_id)
    assert record is not None
    assert record.started_at == services.clock.now()


def test_form_submit_completes_interview_and_shows_thank_you(
    client: TestClient, services: AppServices, link: Link
) -> None:
    r = client.post(
        link.page, data={"answer_q1": "My answer", "action": "submit"}, follow_redirects=False
    )
    assert r.status_code == 303
    assert r.headers["location"] == link.page
    page = client.get(link.page)
    assert page.status_code == 200
    assert "Thank you, Jonas!" in page.text
    assert "<textarea" not in page.text
    assert client.get(link.api).json()["data"]["answers"] == {"q1": "My answer"}
    candidate = candidate_row(services, link.company_id, link.candidate_id)
    assert candidate.status == "interviewed"
    again = client.post(link.page, data={"answer_q1": "late", "action": "save"})
    assert again.status_code == 409
    assert "already submitted" in again.text


def test_form_answer_too_long_keeps_the_text_and_saves_nothing(
    client: TestClient, link: Link
) -> None:
    text = "x" * 10_001
    r = client.post(link.page, data={"answer_q1": text, "action": "save"})
    assert r.status_code == 400
    assert 'role="alert"' in r.text
    assert parse(r.text).values["answer_q1"] == text
    assert client.get(link.api).json()["data"]["answers"] == {}


def test_page_escapes_position_title_and_name(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    position_id = make_position(services, tenant.company_id, "<script>alert(1)</script> Dev")
    link = make_link(services, tenant.company_id, position_id, first_name='"><img src=x>')
    r = client.get(link.page)
    assert r.status_code == 200
    assert "<script>" not in r.text
    assert "<img" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Dev" in r.text


def test_lithuanian_position_without_questions_gets_default_questions(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    with services.db.write() as s:
        position = job_positions.create(
            s,
            company_id=tenant.company_id,
            position="Programuotojas",
            department=None,
            location=None,
            type_="full-time",
            privacy="public",
            status="active",
            description=None,
            requirements=["Python", "SQL"],
            questions=[],
            language="lt",
            at=services.clock.now(),
        )
        position_id = position.id
    link = make_link(services, tenant.company_id, position_id)
    r = client.get(link.page)
    form = parse(r.text)
    assert form.lang == "lt"
    assert set(form.textareas) == {"answer_d1", "answer_d2", "answer_d3"}
    assert "Išsaugoti atsakymus" in r.text
    questions = client.get(link.api).json()["data"]["questions"]
    assert [q["id"] for q in questions] == ["d1", "d2", "d3"]
    assert "Python" in questions[0]["text"]
    assert "Programuotojas" in questions[2]["text"]
    put = client.put(f"{link.api}/answers/d2", json={"answer": "Daug SQL"})
    assert put.status_code == 200


def test_page_unknown_expired_and_rate_limited_are_friendly_pages(
    client: TestClient, clock: FrozenClock, link: Link
) -> None:
    missing = client.get("/interview/not-a-real-token", headers={"Accept-Language": "lt"})
    assert missing.status_code == 404
    assert "Pokalbis nerastas" in missing.text
    assert missing.headers["cache-control"] == "no-store"
    clock.advance(WEEK)
    expired = client.get(link.page)
    assert expired.status_code == 410
    assert "no longer valid" in expired.text
    posted = client.post(link.page, data={"answer_q1": "late"})
    assert posted.status_code == 410


# JSON routes ---------------------------------------------------------------------------------


def test_json_get_shape_request_id_and_etag(client: TestClient, link: Link) -> None:
    r = client.get(link.api)
    assert r.status_code == 200
    body = r.json()
    assert body["requestId"] == r.headers["x-request-id"]
    assert r.headers["cache-control"] == "no-store"
    assert body["data"] == {
        "sessionId": link.session_id,
        "status": "pending",
        "candidateFirstName": "Jonas",
        "position": "Senior Developer",
        "questions": [{"id": "q1", "text": QUESTION}],
        "answers": {},
        "expiresAt": body["data"]["expiresAt"],
    }
    assert body["data"]["expiresAt"].endswith("Z")
    cached = client.get(link.api, headers={"If-None-Match": r.headers["etag"]})
    assert cached.status_code == 304


def test_json_answer_save_and_clear(client: TestClient, link: Link) -> None:
    r = client.put(f"{link.api}/answers/q1", json={"answer": "Hello"})
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"questionId": "q1", "answer": "Hello", "status": "in_progress"}
    assert "x-ratelimit-remaining" in r.headers
    assert client.get(link.api).json()["data"]["answers"] == {"q1": "Hello"}
    cleared = client.put(f"{link.api}/answers/q1", json={"answer": ""})
    assert cleared.json()["data"] == {"questionId": "q1", "answer": "", "status": "in_progress"}
    assert client.get(link.api).json()["data"]["answers"] == {}
    exact = client.put(f"{link.api}/answers/q1", json={"answer": "é" * 10_000})
    assert exact.status_code == 200


def test_json_empty_first_answer_keeps_session_pending(client: TestClient, link: Link) -> None:
    r = client.put(f"{link.api}/answers/q1", json={"answer": "   "})
    assert r.json()["data"]["status"] == "pending"


@pytest.mark.parametrize(
    ("content", "code", "field"),
    [
        (b"{not json", "INVALID_BODY", None),
        (b"", "INVALID_BODY", None),
        (b'["answer"]', "INVALID_BODY", None),
        (b'{"answer": 5}', "VALIDATION_ERROR", "answer"),
        (b"{}", "VALIDATION_ERROR", "answer"),
        (b'{"answer": "a", "extra": 1}', "VALIDATION_ERROR", "extra"),
        (b'{"answer": "' + b"a" * 10_001 + b'"}', "VALIDATION_ERROR", "answer"),
    ],
)
def test_json_answer_body_errors(
    client: TestClient, link: Link, content: bytes, code: str, field: str | None
) -> None:
    r = client.put(
        f"{link.api}/answers/q1", content=content, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == code
    if field is not None:
        assert [d["field"] for d in body["details"]] == [field]


def test_json_unknown_question_and_unknown_token_are_404(client: TestClient, link: Link) -> None:
    r = client.put(f"{link.api}/answers/q99", json={"answer": "x"})
    assert r.status_code == 404
    assert r.json()["error"] == "NOT_FOUND"
    for response in (
        client.get("/v1/interview-sessions/nope"),
        client.put("/v1/interview-sessions/nope/answers/q1", json={"answer": "x"}),
        client.post("/v1/interview-sessions/nope/complete"),
    ):
        assert response.status_code == 404
        assert response.json()["error"] == "NOT_FOUND"


def test_json_complete_moves_candidate_once_and_queues_analysis(
    client: TestClient, services: AppServices, link: Link
) -> None:
    client.put(f"{link.api}/answers/q1", json={"answer": "Answer"})
    r = client.post(f"{link.api}/complete")
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"status": "completed"}

    candidate = candidate_row(services, link.company_id, link.candidate_id)
    assert candidate.status == "interviewed"
    assert candidate.interviewed_at == services.clock.now()
    interviewed = [
        e for e in status_events(services, link.candidate_id) if e["status"] == "interviewed"
    ]
    assert interviewed == [
        {
            "candidateId": link.candidate_id,
            "jobPositionId": link.position_id,
            "status": "interviewed",
            "previousStatus": "invited",
        }
    ]
    jobs = jobs_of_kind(services, "analysis.interview")
    assert [(j.payload, j.company_id, j.status) for j in jobs] == [
        (
            {"candidateId": link.candidate_id, "sessionId": link.session_id},
            link.company_id,
            "queued",
        )
    ]
    record = session_row(services, link.session_id)
    assert record is not None
    assert (record.status, record.completed_at) == ("completed", services.clock.now())

    # Completed: still readable, but no longer answerable or completable.
    assert client.get(link.api).json()["data"]["status"] == "completed"
    for response in (
        client.post(f"{link.api}/complete"),
        client.put(f"{link.api}/answers/q1", json={"answer": "more"}),
    ):
        assert response.status_code == 409
        assert response.json()["error"] == "SESSION_COMPLETED"
    assert len(jobs_of_kind(services, "analysis.interview")) == 1
    assert len(status_events(services, link.candidate_id)) == 3  # new, invited, interviewed


def test_past_expiry_is_410_before_the_sweep_runs(
    client: TestClient, services: AppServices, clock: FrozenClock, link: Link
) -> None:
    clock.advance(WEEK)
    for response in (
        client.get(link.api),
        client.put(f"{link.api}/answers/q1", json={"answer": "x"}),
        client.post(f"{link.api}/complete"),
    ):
        assert response.status_code == 410
        assert response.json()["error"] == "SESSION_EXPIRED"
    assert candidate_row(services, link.company_id, link.candidate_id).status == "invited"


# Rate limits ---------------------------------------------------------------------------------


@pytest.fixture
def strict_services(
    services: AppServices, settings: Settings, clock: FrozenClock
) -> Iterator[AppServices]:
    """Same database and clock (`services` has wiped both stores), interview limit 3."""
    built = build_services(settings.model_copy(update={"interview_rate_limit": 3}), clock)
    yield built
    built.db.dispose()


def _client(services: AppServices, ip: str) -> TestClient:
    return TestClient(create_app(services=services), client=(ip, 50000))


def test_per_token_limit_holds_across_ips_and_slides(
    strict_services: AppServices, clock: FrozenClock
) -> None:
    tenant = make_tenant(strict_services)
    link = make_link(strict_services, tenant.company_id, tenant.position_id)
    first, second = _client(strict_services, "10.0.0.1"), _client(strict_services, "10.0.0.2")
    remaining = [first.get(link.api).headers["x-ratelimit-remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    refused = second.get(link.api)
    assert refused.status_code == 429
    assert refused.json()["error"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["ratelimit-policy"] == '"token";q=3;w=60, "ip";q=3;w=60'
    assert "token:" not in refused.headers["ratelimit"]
    page = second.get(link.page)
    assert page.status_code == 429
    assert "retry-after" in page.headers
    clock.advance(60)
    assert second.get(link.api).status_code == 200


def test_per_ip_limit_holds_across_tokens(strict_services: AppServices) -> None:
    tenant = make_tenant(strict_services)
    a = make_link(strict_services, tenant.company_id, tenant.position_id)
    b = make_link(strict_services, tenant.company_id, tenant.position_id)
    client = _client(strict_services, "10.0.0.3")
    for _ in range(3):
        assert client.get(a.api).status_code == 200
    r = client.get(b.api)
    assert r.status_code == 429
    # Unknown tokens count too: guessing links costs the guesser's IP budget.
    assert client.get("/v1/interview-sessions/guess").status_code == 429
