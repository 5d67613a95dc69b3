"""The expiry sweep (contract §8.1–8.2): a periodic transactional job, driven here by the
injected clock and the real worker."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from panelist.interviews import tasks
from panelist.jobs.registry import build_worker, periodic
from panelist.jobs.worker import Periodic
from panelist.kit.clock import FrozenClock
from tests.fixtures.factories import Tenant
from tests.fixtures.interview_sessions import (
    WEEK,
    Link,
    candidate_row,
    jobs_of_kind,
    make_link,
    session_row,
    status_events,
)


def sweep(services: AppServices) -> int:
    """Schedule the periodic sweep for the current slot and run every runnable job."""
    worker = build_worker(services)
    worker.schedule_periodic()
    return worker.run_until_idle()


def changes(services: AppServices, link: Link, previous: str) -> list[str]:
    return [
        e["status"]
        for e in status_events(services, link.candidate_id)
        if e["previousStatus"] == previous
    ]


def test_sweep_is_periodic_at_the_configured_interval(services: AppServices) -> None:
    expected = Periodic(tasks.SWEEP, every_seconds=services.settings.sweep_interval_seconds)
    assert expected in periodic(services)
    assert expected.every_seconds == 30


def test_pending_session_expires_candidate_once(
    client: TestClient, services: AppServices, clock: FrozenClock, tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    clock.advance(WEEK)
    sweep(services)
    record = session_row(services, link.session_id)
    assert record is not None
    assert record.status == "expired"
    assert candidate_row(services, link.company_id, link.candidate_id).status == "expired"
    assert changes(services, link, "invited") == ["expired"]
    assert [j.status for j in jobs_of_kind(services, tasks.SWEEP)] == ["done"]
    r = client.get(link.api)
    assert (r.status_code, r.json()["error"]) == (410, "SESSION_EXPIRED")


def test_started_session_fails_candidate_once(
    client: TestClient, services: AppServices, clock: FrozenClock, tenant: Tenant
) -> None:
    link = make_link(services, tenant.company_id, tenant.position_id)
    assert client.put(f"{link.api}/answers/q1", json={"answer": "half"}).status_code == 200
    clock.advance(WEEK + 1)
    sweep(services)
    record = session_row(services, link.session_id)
    assert record is not None
    assert record.status == "expired"
    assert candidate_row(services, link.company_id, link.candidate_id).status == "failed"
    assert changes(services, link, "invited") == ["failed"]


def test_sweep_leaves_live_and_completed_sessions_and_is_idempotent(
    client: TestClient, services: AppServices, clock: FrozenClock, tenant: Tenant
) -> None:
    expiring = make_link(services, tenant.company_id, tenant.position_id)
    completed = make_link(services, tenant.company_id, tenant.position_id)
    assert client.post(f"{completed.api}/complete").status_code == 200
    clock.advance(WEEK - 1)
    live = make_link(services, tenant.company_id, tenant.position_id)
    clock.advance(1)  # exactly at `expiring`'s expiresAt: expired (the boundary is inclusive)

    sweep(services)
    clock.advance(services.settings.sweep_interval_seconds)
    sweep(services)  # the next slot: a second sweep finds nothing left to change

    rows = {
        name: session_row(services, link.session_id)
        for name, link in (("expiring", expiring), ("completed", completed), ("live", live))
    }
    statuses = {name: row.status for name, row in rows.items() if row is not None}
    assert statuses == {"expiring": "expired", "completed": "completed", "live": "pending"}
    assert changes(services, expiring, "invited") == ["expired"]
    assert changes(services, completed, "invited") == ["interviewed"]
    assert changes(services, live, "invited") == []
    assert [j.status for j in jobs_of_kind(services, tasks.SWEEP)] == ["done", "done"]
    assert client.get(live.api).status_code == 200


def test_full_batch_continues_without_waiting_a_period(
    services: AppServices, clock: FrozenClock, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "SWEEP_BATCH", 2)
    links = [make_link(services, tenant.company_id, tenant.position_id) for _ in range(5)]
    clock.advance(WEEK)
    sweep(services)
    assert {
        candidate_row(services, link.company_id, link.candidate_id).status for link in links
    } == {"expired"}
    # 2 + 2 + 1: the third batch was not full, so no fourth job was queued.
    assert len(jobs_of_kind(services, tasks.SWEEP)) == 3
    for link in links:
        assert changes(services, link, "invited") == ["expired"]
