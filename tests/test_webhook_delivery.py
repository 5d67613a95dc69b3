"""Webhook delivery end to end: outbox events → deliveries → signed POSTs to real receivers on
127.0.0.1 (one over HTTPS) → the delivery log. Every received request is checked by two
independent verifiers (`tests.fixtures.webhook_receiver`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from panelist.events import service as events
from panelist.events.models import OutboxEvent
from panelist.http.services import AppServices
from panelist.kit.clock import FrozenClock, SystemClock
from panelist.settings import Settings
from panelist.webhooks.models import Webhook, WebhookDelivery
from panelist.webhooks.runner import PER_WEBHOOK_IN_FLIGHT, DeliveryRunner
from tests.fixtures.factories import Tenant
from tests.fixtures.webhook_receiver import (
    Receiver,
    make_tls,
    verifies,
    verify_both,
)

ALL_EVENTS = [
    "candidate_status_changed",
    "cv_analysis_complete",
    "analysis_ready",
    "bulk_import_complete",
]
DELIVERY_KEYS = {
    "id",
    "eventId",
    "event",
    "status",
    "attempts",
    "responseStatus",
    "error",
    "durationMs",
    "createdAt",
    "lastAttemptAt",
    "nextAttemptAt",
    "deliveredAt",
}


@pytest.fixture
def clock() -> Any:
    # Real time: receivers (and the Standard Webhooks verifier) check signature timestamps
    # against the wall clock, and retries are scheduled in real seconds.
    return SystemClock()


@pytest.fixture
def tls(tmp_path: Path) -> Any:
    return make_tls(tmp_path / "tls")


@pytest.fixture
def settings(settings: Settings, tls: Any) -> Settings:
    return settings.model_copy(
        update={
            "webhook_allow_http": True,
            "webhook_allow_private": True,
            "webhook_retry_schedule": "0.2,0.2,0.2",
            "webhook_ca_file": str(tls[1]),
        }
    )


@pytest.fixture
def receivers() -> Iterator[Callable[..., Receiver]]:
    made: list[Receiver] = []

    def make(**kwargs: Any) -> Receiver:
        made.append(Receiver(**kwargs))
        return made[-1]

    yield make
    for receiver in made:
        receiver.stop()


@pytest.fixture
def runner(services: AppServices) -> DeliveryRunner:
    return DeliveryRunner(services, poll_seconds=0.05)


@contextmanager
def running(runner: DeliveryRunner) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def register(client: TestClient, tenant: Tenant, url: str, **body: Any) -> dict[str, Any]:
    response = client.post(
        "/v1/webhooks", json={"url": url, "events": ALL_EVENTS, **body}, headers=tenant.headers
    )
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def emit(services: AppServices, tenant: Tenant, event: str, **data: Any) -> str:
    with services.db.write() as session:
        return events.emit(session, tenant.company_id, event, data, services.clock.now()).id


def status_changed(services: AppServices, tenant: Tenant, status: str) -> str:
    return emit(
        services,
        tenant,
        "candidate_status_changed",
        candidateId="cand_x",
        jobPositionId=tenant.position_id,
        status=status,
        previousStatus="new",
    )


def log(client: TestClient, tenant: Tenant, hook: str, query: str = "") -> list[dict[str, Any]]:
    response = client.get(f"/v1/webhooks/{hook}/deliveries?{query}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["data"]
    return items


def webhook(client: TestClient, tenant: Tenant, hook: str) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/v1/webhooks/{hook}", headers=tenant.headers).json()["data"]
    return data


def statuses(services: AppServices, hook: dict[str, Any]) -> list[str]:
    """Delivery statuses straight from the database: polling the API would hit the webhooks
    rate limit (20 / 60 s)."""
    with services.db.read() as session:
        stmt = sa.select(WebhookDelivery.status).where(WebhookDelivery.webhook_id == hook["id"])
        return list(session.scalars(stmt))


def wait_until(condition: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")


def test_fan_out_filters_and_signatures(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    other_tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
    tls: Any,
) -> None:
    secure = receivers(tls=tls[0])
    invited_only, bulk_only, foreign = receivers(), receivers(), receivers()
    hooks = {
        "all": register(client, tenant, secure.url(host="localhost")),
        "invited": register(
            client,
            tenant,
            invited_only.url(),
            events=["candidate_status_changed"],
            statusFilters=["invited"],
        ),
        "bulk": register(client, tenant, bulk_only.url(), events=["bulk_import_complete"]),
        "foreign": register(client, other_tenant, foreign.url()),
    }
    mine = [
        status_changed(services, tenant, "invited"),
        status_changed(services, tenant, "rejected"),
        emit(services, tenant, "analysis_ready", candidateId="cand_x", analysisType="cv"),
        emit(services, tenant, "bulk_import_complete", jobId="bulk_x", status="completed"),
    ]
    theirs = status_changed(services, other_tenant, "new")
    runner.run_until_idle()

    expected = {
        "all": (secure, mine),
        "invited": (invited_only, mine[:1]),
        "bulk": (bulk_only, mine[3:]),
        "foreign": (foreign, [theirs]),
    }
    for name, (receiver, event_ids) in expected.items():
        hook = hooks[name]
        got = receiver.events()
        assert sorted(r.json["eventId"] for r in got) == sorted(event_ids), name
        owner = other_tenant if name == "foreign" else tenant
        logged = {d["id"]: d for d in log(client, owner, hook["id"])}
        for received in got:
            verify_both(hook["secret"], received)
            body = received.json
            assert set(body) == {"event", "eventId", "webhookId", "companyId", "timestamp", "data"}
            assert body["webhookId"] == hook["id"]
            assert body["companyId"] == owner.company_id
            assert received.headers["content-type"] == "application/json"
            assert received.headers["user-agent"].startswith("Panelist-Webhooks/")
            assert received.headers["x-celper-event"] == body["event"]
            delivery = logged[received.headers["x-celper-delivery"]]
            assert delivery["eventId"] == body["eventId"]
            assert delivery["status"] == "delivered"
        assert len(logged) == len(event_ids)
    invited = secure.events("candidate_status_changed")[0].json
    assert invited["data"]["status"] in ("invited", "rejected")
    with services.db.read() as session:
        pending = session.scalar(
            sa.select(sa.func.count()).where(OutboxEvent.dispatched_at.is_(None))
        )
    assert pending == 0


def test_retries_follow_the_schedule_and_end_delivered(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    receiver = receivers()
    receiver.responder = lambda n: 500 if n < 2 else 200
    hook = register(client, tenant, receiver.url())
    event_id = status_changed(services, tenant, "invited")
    with running(runner):
        wait_until(lambda: statuses(services, hook) == ["delivered"])
    got = receiver.events()
    assert len(got) == 3
    for received in got:
        verify_both(hook["secret"], received)
        assert received.json["eventId"] == event_id
    # 0.2 s between attempts, from the schedule in the settings.
    assert got[1].at - got[0].at >= 0.18
    assert got[2].at - got[1].at >= 0.18
    (delivery,) = log(client, tenant, hook["id"])
    assert set(delivery) == DELIVERY_KEYS
    assert delivery["id"].startswith("dlv_")
    assert delivery["eventId"] == event_id
    assert delivery["event"] == "candidate_status_changed"
    assert delivery["attempts"] == 3
    assert delivery["responseStatus"] == 200
    assert delivery["error"] is None
    assert isinstance(delivery["durationMs"], int)
    assert delivery["nextAttemptAt"] is None
    assert delivery["deliveredAt"] is not None
    assert delivery["lastAttemptAt"] == delivery["deliveredAt"]
    state = webhook(client, tenant, hook["id"])
    assert state["failureCount"] == 0
    assert state["lastDeliveryStatus"] == "delivered"
    assert state["lastDeliveryAt"] == delivery["deliveredAt"]


def test_retries_exhausted_end_failed(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    receiver = receivers()
    receiver.status = 500
    hook = register(client, tenant, receiver.url())
    status_changed(services, tenant, "invited")
    with running(runner):
        wait_until(lambda: statuses(services, hook) == ["failed"])
    assert len(receiver.events()) == 4  # the first attempt and three retries
    (delivery,) = log(client, tenant, hook["id"])
    assert delivery["attempts"] == 4
    assert delivery["responseStatus"] == 500
    assert delivery["error"] == "http_500"
    assert delivery["nextAttemptAt"] is None
    assert delivery["deliveredAt"] is None
    assert log(client, tenant, hook["id"], "status=failed") == [delivery]
    assert log(client, tenant, hook["id"], "status=delivered") == []
    state = webhook(client, tenant, hook["id"])
    assert state["failureCount"] == 4
    assert state["lastDeliveryStatus"] == "failed"
    assert state["isActive"] is True


def delivery_outcomes(outcome: str) -> float:
    """`panelist_webhook_deliveries_total{outcome=...}` as /metrics would report it."""
    value = REGISTRY.get_sample_value("panelist_webhook_deliveries_total", {"outcome": outcome})
    return value or 0.0


def test_gone_disables_the_webhook(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    receiver = receivers()
    receiver.status = 410
    hook = register(client, tenant, receiver.url())
    gone_before = delivery_outcomes("gone")
    status_changed(services, tenant, "invited")
    runner.run_until_idle()
    assert delivery_outcomes("gone") == gone_before + 1
    (delivery,) = log(client, tenant, hook["id"])
    assert delivery["status"] == "failed"
    assert delivery["attempts"] == 1
    assert delivery["responseStatus"] == 410
    state = webhook(client, tenant, hook["id"])
    assert state["isActive"] is False
    assert state["disabledReason"] == "endpoint_gone"
    status_changed(services, tenant, "selected")
    time.sleep(0.3)
    runner.run_until_idle()
    assert len(receiver.events()) == 1
    assert len(log(client, tenant, hook["id"])) == 1


def test_rotation_old_secret_no_longer_verifies(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    receiver = receivers()
    hook = register(client, tenant, receiver.url())
    status_changed(services, tenant, "invited")
    runner.run_until_idle()
    assert verifies(hook["secret"], receiver.events()[0]) == (True, True)
    rotated = client.post(f"/v1/webhooks/{hook['id']}/rotate-secret", headers=tenant.headers)
    new_secret = rotated.json()["data"]["secret"]
    status_changed(services, tenant, "selected")
    runner.run_until_idle()
    latest = receiver.events()[1]
    verify_both(new_secret, latest)
    assert verifies(hook["secret"], latest) == (False, False)


def test_hostname_is_pinned_to_the_vetted_address(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
) -> None:
    """Positive control for the blocked-address test: the same fake name resolving to
    127.0.0.1 is delivered to when private targets are allowed."""
    receiver = receivers()
    hook = register(client, tenant, receiver.url(host="receiver.test"))
    resolver_calls: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        resolver_calls.append(host)
        return ["127.0.0.1"]

    status_changed(services, tenant, "invited")
    DeliveryRunner(services, resolver=resolve).run_until_idle()
    (received,) = receiver.events()
    verify_both(hook["secret"], received)
    assert received.headers["host"] == f"receiver.test:{receiver.port}"
    assert resolver_calls == ["receiver.test"]


class TestPrivateTargetsNotAllowed:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"webhook_allow_private": False})

    def test_refused_at_registration_and_at_send_time(
        self,
        client: TestClient,
        services: AppServices,
        tenant: Tenant,
        receivers: Callable[..., Receiver],
    ) -> None:
        receiver = receivers()
        literal = client.post(
            "/v1/webhooks",
            json={"url": receiver.url(), "events": ALL_EVENTS},
            headers=tenant.headers,
        )
        assert literal.status_code == 400
        assert literal.json()["details"][0]["field"] == "url"
        # A name is accepted at registration; at send time it resolves to 127.0.0.1.
        hook = register(client, tenant, receiver.url(host="receiver.test"))

        async def resolve(host: str, port: int) -> list[str]:
            return ["127.0.0.1"]

        status_changed(services, tenant, "invited")
        DeliveryRunner(services, resolver=resolve).run_until_idle()
        (delivery,) = log(client, tenant, hook["id"])
        assert delivery["error"] == "blocked_destination"
        assert delivery["responseStatus"] is None
        assert delivery["attempts"] == 1
        assert receiver.events() == []


def test_redelivery_sends_the_same_event_again(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    receiver = receivers()
    hook = register(client, tenant, receiver.url())
    event_id = status_changed(services, tenant, "invited")
    runner.run_until_idle()
    (first,) = log(client, tenant, hook["id"])
    path = f"/v1/webhooks/{hook['id']}/deliveries"
    response = client.post(f"{path}/{first['id']}/redeliver", headers=tenant.headers)
    assert response.status_code == 202, response.text
    queued = response.json()["data"]
    assert queued["eventId"] == event_id
    assert queued["id"] != first["id"]
    assert queued["status"] == "pending"
    missing = client.post(f"{path}/dlv_aaaaaaaaaaaaaaaaaaaaaaaa/redeliver", headers=tenant.headers)
    assert missing.status_code == 404
    runner.run_until_idle()
    got = receiver.events()
    assert [r.headers["webhook-id"] for r in got] == [event_id, event_id]
    assert [r.headers["x-celper-delivery"] for r in got] == [first["id"], queued["id"]]
    for received in got:
        verify_both(hook["secret"], received)
    assert got[0].body == got[1].body
    assert {d["status"] for d in log(client, tenant, hook["id"])} == {"delivered"}


def test_test_route_sends_now_and_logs_it(
    client: TestClient,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    tls: Any,
) -> None:
    receiver = receivers(tls=tls[0])
    hook = register(client, tenant, receiver.url(host="localhost"))
    response = client.post(f"/v1/webhooks/{hook['id']}/test", headers=tenant.headers)
    assert response.status_code == 200, response.text
    outcome = response.json()["data"]
    assert outcome["delivered"] is True
    assert outcome["statusCode"] == 200
    assert outcome["error"] is None
    assert isinstance(outcome["durationMs"], int)
    (received,) = receiver.events()
    verify_both(hook["secret"], received)
    assert received.json["event"] == "test"
    assert isinstance(received.json["data"]["message"], str)
    receiver.status = 503
    failed = client.post(f"/v1/webhooks/{hook['id']}/test", headers=tenant.headers).json()["data"]
    assert failed == {**failed, "delivered": False, "statusCode": 503, "error": "http_503"}
    logged = log(client, tenant, hook["id"])
    assert [(d["event"], d["status"]) for d in logged] == [
        ("test", "failed"),
        ("test", "delivered"),
    ]
    assert logged[1]["id"] == received.headers["x-celper-delivery"]
    # A test is a probe: it does not count toward disabling the webhook.
    assert webhook(client, tenant, hook["id"])["failureCount"] == 0


def test_a_slow_receiver_does_not_hold_up_the_others(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    slow, fast = receivers(), receivers()
    slow.delay = 3
    slow_hook = register(client, tenant, slow.url())
    fast_hook = register(client, tenant, fast.url())
    count = PER_WEBHOOK_IN_FLIGHT + 8
    with services.db.write() as session:  # one commit, so the sender sees the whole backlog
        for _ in range(count):
            data = {"candidateId": "cand_x", "status": "invited", "previousStatus": "new"}
            events.emit(
                session, tenant.company_id, "candidate_status_changed", data, services.clock.now()
            )
    with running(runner):
        started = time.monotonic()
        # The slow receiver's first 32 attempts (3 s each) are in flight at once; the fast
        # receiver gets all its deliveries meanwhile.
        slow.wait_for(PER_WEBHOOK_IN_FLIGHT, timeout=2.5)
        wait_until(lambda: statuses(services, fast_hook) == ["delivered"] * count, timeout=2.5)
        assert time.monotonic() - started < 3
        assert len(fast.events()) == count
        assert set(statuses(services, slow_hook)) == {"pending"}
        # No more than the per-webhook share of slots went to the slow receiver.
        assert len(slow.events()) == PER_WEBHOOK_IN_FLIGHT
        wait_until(lambda: statuses(services, slow_hook) == ["delivered"] * count)


def test_log_pagination(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    receiver = receivers()
    hook = register(client, tenant, receiver.url())
    for status in ("invited", "interviewed", "selected"):
        status_changed(services, tenant, status)
    runner.run_until_idle()
    path = f"/v1/webhooks/{hook['id']}/deliveries"
    first = client.get(f"{path}?limit=2", headers=tenant.headers).json()
    assert first["pagination"]["hasMore"] is True
    cursor = first["pagination"]["cursor"]
    second = client.get(f"{path}?limit=2&cursor={cursor}", headers=tenant.headers).json()
    assert second["pagination"] == {"cursor": None, "hasMore": False}
    ids = [d["id"] for d in first["data"] + second["data"]]
    assert len(set(ids)) == 3


def test_delete_cancels_pending_deliveries(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    receivers: Callable[..., Receiver],
    runner: DeliveryRunner,
) -> None:
    receiver = receivers()
    receiver.status = 500
    hook = register(client, tenant, receiver.url())
    status_changed(services, tenant, "invited")
    runner.run_until_idle()
    assert log(client, tenant, hook["id"])[0]["status"] == "pending"
    client.delete(f"/v1/webhooks/{hook['id']}", headers=tenant.headers)
    with services.db.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 0
    time.sleep(0.3)
    runner.run_until_idle()
    assert len(receiver.events()) == 1


class TestFailingForFiveDays:
    @pytest.fixture
    def clock(self) -> FrozenClock:
        return FrozenClock()

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"webhook_retry_schedule": "3600,3600,3600,3600"})

    def test_disabled_after_five_days_without_success(
        self,
        client: TestClient,
        services: AppServices,
        clock: FrozenClock,
        tenant: Tenant,
        receivers: Callable[..., Receiver],
    ) -> None:
        receiver = receivers()
        receiver.status = 500
        hook = register(client, tenant, receiver.url())
        runner = DeliveryRunner(services)
        status_changed(services, tenant, "invited")
        runner.run_until_idle()
        clock.advance(4 * 86400)
        runner.run_until_idle()  # second failure, four days in: still active
        state = webhook(client, tenant, hook["id"])
        assert state["isActive"] is True
        assert state["failureCount"] == 2
        clock.advance(86400)
        runner.run_until_idle()
        state = webhook(client, tenant, hook["id"])
        assert state["isActive"] is False
        assert state["disabledReason"] == "failing"
        assert state["failureCount"] == 3
        with services.db.read() as session:
            stored = session.get(Webhook, hook["id"])
            assert stored is not None
            assert stored.failing_since is not None


class TestInProcessWorker:
    """`panelist serve`'s default: the app's own worker, woken by the commit that wrote the
    event, delivers it without waiting for a poll."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"inprocess_worker": True})

    def test_an_api_change_reaches_the_receiver(
        self, client: TestClient, tenant: Tenant, receivers: Callable[..., Receiver]
    ) -> None:
        receiver = receivers()
        hook = register(client, tenant, receiver.url(), events=["candidate_status_changed"])
        created = client.post(
            "/v1/candidates",
            json={
                "jobPositionId": tenant.position_id,
                "firstName": "Jonas",
                "lastName": "Kazlauskas",
                "email": "jonas@example.com",
            },
            headers=tenant.headers,
        )
        assert created.status_code == 201, created.text
        started = time.monotonic()
        (received,) = receiver.wait_for(1, timeout=10)
        assert time.monotonic() - started < 2
        verify_both(hook["secret"], received)
        assert received.json["data"] == {
            "candidateId": created.json()["data"]["id"],
            "jobPositionId": tenant.position_id,
            "status": "new",
            "previousStatus": None,
        }


def test_sender_lease_outlasts_an_attempt_and_follows_the_worker_lease_setting(
    services: AppServices,
) -> None:
    from dataclasses import replace
    from datetime import timedelta

    def lease_with(**changes: Any) -> timedelta:
        settings = services.settings.model_copy(update=changes)
        return DeliveryRunner(replace(services, settings=settings)).lease

    # Default job lease (300 s): the attempt timeout plus a 30 s margin.
    assert lease_with(webhook_timeout_seconds=15) == timedelta(seconds=45)
    # A short job lease shortens the margin, never below the attempt timeout.
    assert lease_with(webhook_timeout_seconds=15, worker_lease_seconds=3) == timedelta(seconds=18)
    assert lease_with(webhook_timeout_seconds=2, worker_lease_seconds=3) == timedelta(seconds=5)
