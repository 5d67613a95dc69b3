"""DELETE candidate and interview sessions (contract §7): ACTIVE_SESSION without force; with
force the link is revoked and keeps answering 410 after the candidate's rows are gone."""

from __future__ import annotations

from datetime import timedelta

import httpx
import sqlalchemy as sa
from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from panelist.interviews.models import InterviewLinkTombstone
from panelist.interviews.tasks import PURGE_TOMBSTONES
from panelist.jobs import queue
from panelist.jobs.models import Job
from panelist.jobs.registry import build_worker
from panelist.kit.clock import FrozenClock
from tests.fixtures.factories import Tenant
from tests.fixtures.interview_sessions import WEEK, Link, jobs_of_kind, make_link, session_row


def tombstones(services: AppServices) -> list[InterviewLinkTombstone]:
    with services.db.read() as s:
        return list(s.scalars(sa.select(InterviewLinkTombstone)))


def delete(
    client: TestClient, tenant: Tenant, link: Link, force: str | None = None
) -> httpx.Response:
    params = {"jobPositionId": link.position_id}
    if force is not None:
        params["force"] = force
    return client.delete(
        f"/v1/candidates/{link.candidate_id}", headers=tenant.headers, params=params
    )


def assert_gone(client: TestClient, services: AppServices, tenant: Tenant, link: Link) -> None:
    r = client.get(f"/v1/candidates/{link.candidate_id}", headers=tenant.headers)
    assert r.status_code == 404
    assert session_row(services, link.session_id) is None


def assert_link_revoked(client: TestClient, link: Link) -> None:
    for r in (
        client.get(link.api),
        client.put(f"{link.api}/answers/q1", json={"answer": "x"}),
        client.post(f"{link.api}/complete"),
    ):
        assert (r.status_code, r.json()["error"]) == (410, "SESSION_EXPIRED")
    page = client.get(link.page)
    assert page.status_code == 410
    assert "no longer valid" in page.text


def test_active_session_blocks_delete_without_force(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    for force in (None, "false"):
        r = delete(client, tenant, link, force)
        assert r.status_code == 409
        assert r.json()["error"] == "ACTIVE_SESSION"
    assert (
        client.get(f"/v1/candidates/{link.candidate_id}", headers=tenant.headers).status_code == 200
    )
    assert client.get(link.api).status_code == 200


def test_in_progress_session_is_active_too(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    client.put(f"{link.api}/answers/q1", json={"answer": "started"})
    assert delete(client, tenant, link).status_code == 409


def test_force_delete_revokes_the_link_for_good(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    client.put(f"{link.api}/answers/q1", json={"answer": "started"})
    r = delete(client, tenant, link, "true")
    assert r.status_code == 200
    assert r.json()["data"] == {"candidateId": link.candidate_id, "deleted": True}
    assert_gone(client, services, tenant, link)
    assert_link_revoked(client, link)
    # The tombstone is a row of its own: no job carries it, so emptying the queue (as a
    # retention cleanup of finished jobs would) leaves the link answering 410.
    [stone] = tombstones(services)
    assert stone.company_id == tenant.company_id
    build_worker(services).run_until_idle()
    with services.db.write() as s:
        s.execute(sa.delete(Job))
    assert_link_revoked(client, link)
    assert client.get("/v1/interview-sessions/some-other-token").status_code == 404


def test_tombstones_are_purged_one_ttl_after_the_link_would_have_expired(
    client: TestClient, services: AppServices, clock: FrozenClock, tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)  # expires in a week
    assert delete(client, tenant, link, "true").status_code == 200
    ttl = timedelta(seconds=services.settings.interview_ttl_seconds)
    [stone] = tombstones(services)
    assert stone.revoked_at == clock.now()
    assert stone.purge_after == clock.now() + timedelta(seconds=WEEK) + ttl
    clock.advance(WEEK + int(ttl.total_seconds()) - 1)  # not yet due
    _run_purge(services)
    assert len(tombstones(services)) == 1
    assert_link_revoked(client, link)
    clock.advance(1)
    _run_purge(services)
    assert tombstones(services) == []
    assert client.get(link.api).status_code == 404


def _run_purge(services: AppServices) -> None:
    with services.db.write() as s:
        queue.enqueue(s, PURGE_TOMBSTONES, {}, at=services.clock.now())
    build_worker(services).run_until_idle()
    assert all(j.status == "done" for j in jobs_of_kind(services, PURGE_TOMBSTONES))


def test_expired_and_completed_sessions_do_not_block_and_stay_dead(
    client: TestClient, services: AppServices, clock: FrozenClock, tenant: Tenant
) -> None:
    completed = make_link(services, tenant.company_id, tenant.position_id)
    assert client.post(f"{completed.api}/complete").status_code == 200
    expired = make_link(services, tenant.company_id, tenant.position_id)
    clock.advance(WEEK)  # past expiresAt, and the sweep has not run: not active (§8.2)
    for link in (completed, expired):
        assert delete(client, tenant, link).status_code == 200
        assert_gone(client, services, tenant, link)
        assert_link_revoked(client, link)


def test_candidate_without_session_deletes_as_before(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    r = client.post(
        "/v1/candidates",
        headers=tenant.headers,
        json={
            "jobPositionId": tenant.position_id,
            "firstName": "Ona",
            "lastName": "P",
            "email": "ona@example.com",
        },
    )
    candidate_id = r.json()["data"]["id"]
    gone = client.delete(f"/v1/candidates/{candidate_id}", headers=tenant.headers)
    assert gone.status_code == 200
    assert tombstones(services) == []


def test_other_company_cannot_delete_or_probe(
    client: TestClient, services: AppServices, tenant: Tenant, other_tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    r = client.delete(
        f"/v1/candidates/{link.candidate_id}",
        headers=other_tenant.headers,
        params={"force": "true"},
    )
    assert r.status_code == 404
    assert client.get(link.api).status_code == 200
