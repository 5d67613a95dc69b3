"""kill -9 of a worker while webhook deliveries are in flight and one receiver is down: after a
restart (now `panelist worker` itself) and the receiver's recovery, every event reaches both
receivers at least once, and the log has exactly one delivered entry per (webhook, event)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from panelist.events import service as events
from panelist.http.services import AppServices
from panelist.kit.clock import SystemClock
from panelist.settings import Settings
from panelist.webhooks.models import WebhookDelivery
from tests.conftest import TEST_REDIS_URL, TEST_SECRET
from tests.fixtures.factories import Tenant
from tests.fixtures.webhook_receiver import Receiver, verify_both

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 100
LEASE_SECONDS = 2
# The first worker: the webhook sender alone, with a short lease so the test need not wait
# out the default (timeout + 30 s) before the restarted worker takes its deliveries over.
FIRST_WORKER = """
import sys, threading
from panelist.app import build_services
from panelist.settings import Settings
from panelist.webhooks.runner import DeliveryRunner

runner = DeliveryRunner(build_services(Settings()), lease_seconds=float(sys.argv[1]))
runner.run(threading.Event())
"""


@pytest.fixture
def clock() -> Any:
    return SystemClock()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhook_allow_http": True, "webhook_allow_private": True})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def spawn(database_url: str, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "PANELIST_DATA_DIR": str(tmp_path / "data"),
        "PANELIST_SECRET_KEY": TEST_SECRET,
        "PANELIST_DATABASE_URL": database_url,
        "PANELIST_WEBHOOK_ALLOW_HTTP": "true",
        "PANELIST_WEBHOOK_ALLOW_PRIVATE": "true",
        "PANELIST_WEBHOOK_TIMEOUT_SECONDS": "5",
        # Enough retries, a second or two apart, to outlast the down receiver and the restart.
        "PANELIST_WEBHOOK_RETRY_SCHEDULE": ",".join(["1"] * 10 + ["2"] * 20),
        "PANELIST_LOG_FORMAT": "json",
    }
    if TEST_REDIS_URL:
        env["PANELIST_REDIS_URL"] = TEST_REDIS_URL
    procs: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker-{len(procs)}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        procs.append(proc)
        return proc

    try:
        yield start
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_kill_9_with_deliveries_in_flight_loses_nothing(
    client: TestClient,
    services: AppServices,
    tenant: Tenant,
    spawn: Callable[..., subprocess.Popen[bytes]],
) -> None:
    up = Receiver()
    up.delay = 1.0  # long enough that attempts are surely in flight at the kill
    down_port = _free_port()  # nothing listens here yet: connection refused
    down: Receiver | None = None
    hooks = []
    for url in (up.url(), f"http://127.0.0.1:{down_port}/hook"):
        response = client.post(
            "/v1/webhooks",
            json={"url": url, "events": ["candidate_status_changed"]},
            headers=tenant.headers,
        )
        assert response.status_code == 201, response.text
        hooks.append(response.json()["data"])
    event_ids = []
    with services.db.write() as session:
        for n in range(EVENTS):
            data = {"candidateId": f"cand_{n}", "status": "invited", "previousStatus": "new"}
            event = events.emit(
                session, tenant.company_id, "candidate_status_changed", data, services.clock.now()
            )
            event_ids.append(event.id)

    def deliveries() -> list[WebhookDelivery]:
        with services.db.read() as session:
            return list(session.scalars(sa.select(WebhookDelivery)))

    try:
        first = spawn("-c", FIRST_WORKER, str(LEASE_SECONDS))
        wait_for(lambda: len(up.received) >= 1, timeout=60, what="the first attempts")
        time.sleep(0.2)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        at_kill = deliveries()
        in_flight = [d for d in at_kill if d.locked_by is not None and d.status == "pending"]
        assert in_flight, "no delivery was in flight at the kill"
        assert not any(d.status == "delivered" for d in at_kill if d.webhook_id == hooks[1]["id"])

        down = Receiver(port=down_port)
        restarted = spawn("-m", "panelist.cli", "worker")

        def all_delivered() -> bool:
            rows = deliveries()
            return len(rows) == 2 * EVENTS and all(d.status == "delivered" for d in rows)

        wait_for(all_delivered, timeout=120, what="every delivery to be delivered")
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=30)
    finally:
        up.stop()
        if down is not None:
            down.stop()

    rows = deliveries()
    assert len({(d.webhook_id, d.event_id) for d in rows}) == 2 * EVENTS  # none lost or doubled
    assert {d.status for d in rows} == {"delivered"}
    for receiver, hook in ((up, hooks[0]), (down, hooks[1])):
        assert receiver is not None
        got = receiver.events()
        assert {r.json["eventId"] for r in got} == set(event_ids)  # each at least once
        for received in got:
            verify_both(hook["secret"], received)
    # The up receiver saw the in-flight attempts twice (at-least-once); receivers de-duplicate.
    assert len(up.events()) >= EVENTS
