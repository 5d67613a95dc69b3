"""Scale-out proof (operations.md §5): two `panelist serve --no-worker` processes and two
`panelist worker` processes on one PostgreSQL and one Redis, driven through real sockets.

Runs only in CI's PostgreSQL + Redis pass. Every scenario is one test function taking the
module's `scale` cluster and a fresh tenant of its own.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
import sqlalchemy as sa

from panelist.app import build_services
from panelist.bulk_imports.models import BulkImport
from panelist.bulk_imports.service import RUN_KIND
from panelist.candidates.models import Candidate
from panelist.events.models import OutboxEvent
from panelist.http.services import AppServices
from panelist.jobs.models import Job
from panelist.settings import Settings
from panelist.webhooks.models import WebhookDelivery
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL, TEST_SECRET, _free_port
from tests.fixtures.factories import Tenant, make_tenant
from tests.fixtures.webhook_receiver import Receiver, verify_both

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="needs PANELIST_TEST_DATABASE_URL and PANELIST_TEST_REDIS_URL",
)

ROOT = Path(__file__).resolve().parent.parent
LEASE_SECONDS = 3
WEBHOOK_TIMEOUT_SECONDS = 2


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class ScaleCluster:
    """Two API servers and two workers; `services` talks to the same database directly."""

    services: AppServices
    engine: sa.Engine
    env: dict[str, str]
    tmp: Path
    servers: list[str] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[IO[bytes]] = field(default_factory=list)
    open_clients: list[httpx.Client] = field(default_factory=list)

    def spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{name}-{len(self.procs)}.log").open("wb")
        self.logs.append(log)
        proc = subprocess.Popen(
            [sys.executable, "-m", "panelist.cli", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def start(self) -> None:
        ports = [_free_port(), _free_port()]
        for port in ports:
            self.spawn("serve", "serve", "--port", str(port), "--no-worker", "--no-demo")
        for _ in range(2):
            self.workers.append(self.spawn("worker", "worker", "--concurrency", "2"))
        for port in ports:
            wait_for(lambda p=port: _healthy(p), timeout=60, what=f"server on {port}")  # type: ignore[misc]
        self.servers = [f"http://127.0.0.1:{p}" for p in ports]

    def clients(self, tenant: Tenant) -> list[httpx.Client]:
        made = [httpx.Client(base_url=b, headers=tenant.headers, timeout=60) for b in self.servers]
        self.open_clients.extend(made)
        return made

    def close_clients(self) -> None:
        while self.open_clients:
            self.open_clients.pop().close()

    def tenant(self, name: str, **company: Any) -> Tenant:
        return make_tenant(self.services, name, **company)

    def revive_workers(self) -> None:
        """Replace workers an earlier scenario killed, so that a scenario starts with two."""
        for n, worker in enumerate(self.workers):
            if worker.poll() is not None:
                self.workers[n] = self.spawn("worker", "worker", "--concurrency", "2")

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def close(self) -> None:
        self.close_clients()
        for proc in self.procs:
            self.kill(proc)
        for log in self.logs:
            log.close()
        self.services.db.dispose()
        self.engine.dispose()


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def scale(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaleCluster]:
    tmp = tmp_path_factory.mktemp("scale")
    assert TEST_REDIS_URL
    env = {
        **os.environ,
        "PANELIST_DATA_DIR": str(tmp / "data"),
        "PANELIST_SECRET_KEY": TEST_SECRET,
        "PANELIST_DATABASE_URL": database_url,
        "PANELIST_REDIS_URL": TEST_REDIS_URL,
        "PANELIST_LOG_FORMAT": "json",
        "PANELIST_WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
        # The webhook scenario's receiver is plain HTTP on 127.0.0.1; a short attempt timeout
        # keeps the sender's lease (timeout + job lease) at a few seconds.
        "PANELIST_WEBHOOK_ALLOW_HTTP": "true",
        "PANELIST_WEBHOOK_ALLOW_PRIVATE": "true",
        "PANELIST_WEBHOOK_TIMEOUT_SECONDS": str(WEBHOOK_TIMEOUT_SECONDS),
    }
    env.pop("PANELIST_INPROCESS_WORKER", None)
    env.pop("PANELIST_RATE_LIMITS", None)
    settings = Settings(
        data_dir=tmp / "data",
        database_url=database_url,
        redis_url=TEST_REDIS_URL,
        secret_key=TEST_SECRET,
        inprocess_worker=False,
    )
    cluster = ScaleCluster(build_services(settings), sa.create_engine(database_url), env, tmp)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(autouse=True)
def _close_clients(scale: ScaleCluster) -> Iterator[None]:
    yield
    scale.close_clients()


def test_rate_limit_is_exact_across_processes(scale: ScaleCluster) -> None:
    # The global limit is the settings default (60/min); reads are raised by the company's
    # override so that the global window is the one that binds.
    tenant = scale.tenant("Limits", rate_limits={"reads": 1000})
    clients = scale.clients(tenant)
    path = f"/v1/job-positions/{tenant.position_id}"
    statuses: list[int] = []
    lock = threading.Lock()

    def fire(n: int) -> None:
        response = clients[n % 2].get(path)
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=fire, args=(n,)) for n in range(75)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [200, 429], statuses
    assert statuses.count(200) == 60
    # The next request is refused whichever server gets it.
    for client in clients:
        refused = client.get(path)
        assert refused.status_code == 429
        assert refused.json()["error"] == "RATE_LIMITED"
        assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_one_idempotency_key_sent_to_both_servers_creates_one_candidate(
    scale: ScaleCluster,
) -> None:
    tenant = scale.tenant("Idem", rate_limits={"global": 1000, "writes": 1000})
    clients = scale.clients(tenant)
    for round_ in range(5):
        body = {
            "jobPositionId": tenant.position_id,
            "firstName": "Ida",
            "lastName": f"Round{round_}",
            "email": f"ida{round_}@example.com",
            "skipAnalysis": True,
        }
        key = f"scale-{round_}"
        barrier = threading.Barrier(4)

        def post(n: int, body: dict[str, Any] = body, key: str = key, b: Any = barrier) -> Any:
            b.wait()
            return clients[n % 2].post(
                "/v1/candidates", json=body, headers={"Idempotency-Key": key}
            )

        with ThreadPoolExecutor(4) as pool:
            responses: list[httpx.Response] = list(pool.map(post, range(4)))
        created = [r for r in responses if r.status_code == 201]
        others = [r for r in responses if r.status_code != 201]
        assert created, [r.text for r in responses]
        assert {r.json()["data"]["id"] for r in created} == {created[0].json()["data"]["id"]}
        # A request that overlaps the first one is told to retry; nothing else is allowed.
        assert all(
            r.status_code == 409 and r.json()["error"] == "IDEMPOTENCY_CONFLICT" for r in others
        )
        # Once the first has finished, both servers replay it.
        for client in clients:
            replay = client.post("/v1/candidates", json=body, headers={"Idempotency-Key": key})
            assert replay.status_code == 201
            assert replay.headers["Idempotent-Replayed"] == "true"
            assert replay.json()["data"]["id"] == created[0].json()["data"]["id"]
    with scale.engine.connect() as conn:
        mine = Candidate.company_id == tenant.company_id
        assert conn.scalar(sa.select(sa.func.count()).where(mine)) == 5


def test_bulk_imports_done_exactly_once_with_a_worker_killed(scale: ScaleCluster) -> None:
    imports, rows = 6, 500
    tenant = scale.tenant("Bulk", rate_limits={"global": 1000, "bulk": 1000, "reads": 1000})
    clients = scale.clients(tenant)
    job_ids = []
    for n in range(imports):
        batch = [
            {"firstName": "B", "lastName": f"R{i}", "email": f"b{n}-{i}@example.com"}
            for i in range(rows)
        ]
        response = clients[n % 2].post(
            "/v1/candidates/bulk", json={"jobPositionId": tenant.position_id, "candidates": batch}
        )
        assert response.status_code == 202, response.text
        job_ids.append(response.json()["data"]["jobId"])

    def processed() -> int:
        with scale.engine.connect() as conn:
            stmt = sa.select(sa.func.coalesce(sa.func.sum(BulkImport.processed), 0))
            return int(conn.scalar(stmt.where(BulkImport.company_id == tenant.company_id)) or 0)

    def busy_worker() -> subprocess.Popen[bytes] | None:
        """A live worker process that holds the lease of a running bulk import."""
        with scale.engine.connect() as conn:
            holders = conn.scalars(
                sa.select(Job.locked_by).where(Job.status == "running", Job.kind == RUN_KIND)
            ).all()
        pids = {int(m.group(1)) for h in holders if h and (m := re.search(r":(\d+):", h))}
        return next((w for w in scale.workers if w.pid in pids and w.poll() is None), None)

    wait_for(lambda: processed() >= 50 and busy_worker() is not None, timeout=60, what="work")
    victim = busy_worker()
    assert victim is not None
    scale.kill(victim)
    assert processed() < imports * rows, "everything finished before the kill"

    def all_completed() -> bool:
        with scale.engine.connect() as conn:
            mine = BulkImport.company_id == tenant.company_id
            states = conn.scalars(sa.select(BulkImport.status).where(mine)).all()
        return len(states) == imports and set(states) == {"completed"}

    wait_for(all_completed, timeout=120, what="all imports to complete")
    for n, job_id in enumerate(job_ids):
        data = clients[n % 2].get(f"/v1/candidates/bulk/{job_id}").json()["data"]
        counts = (data["processed"], data["created"], data["duplicates"], data["failed"])
        assert counts == (rows, rows, 0, 0)
    with scale.engine.connect() as conn:
        mine = Candidate.company_id == tenant.company_id
        assert conn.scalar(sa.select(sa.func.count()).where(mine)) == imports * rows
        emails = sa.select(sa.func.count(sa.distinct(Candidate.email))).where(mine)
        assert conn.scalar(emails) == imports * rows
        kinds = conn.scalars(
            sa.select(OutboxEvent.event_type).where(OutboxEvent.company_id == tenant.company_id)
        ).all()
    assert kinds.count("bulk_import_complete") == imports


def test_webhook_deliveries_done_once_each_with_a_worker_killed(scale: ScaleCluster) -> None:
    """Events from both servers fan out to one delivery each; a worker killed with attempts in
    flight leaves leases that expire, the other worker takes them over, and every event
    reaches the receiver (at least once: an attempt cut off by the kill may arrive twice)."""
    events_wanted = 400
    scale.revive_workers()
    receiver = Receiver()
    receiver.delay = 0.1  # slow enough that attempts are in flight when the worker dies
    try:
        tenant = scale.tenant(
            "Hooks", rate_limits={"global": 1000, "bulk": 1000, "reads": 1000, "webhooks": 1000}
        )
        clients = scale.clients(tenant)
        created = clients[0].post(
            "/v1/webhooks",
            json={"url": receiver.url(), "events": ["candidate_status_changed"]},
        )
        assert created.status_code == 201, created.text
        webhook_id, secret = created.json()["data"]["id"], created.json()["data"]["secret"]
        half = events_wanted // 2
        for n, client in enumerate(clients):  # one import through each server
            rows = [
                {"firstName": "W", "lastName": f"R{i}", "email": f"w{n}-{i}@example.com"}
                for i in range(half)
            ]
            body = {"jobPositionId": tenant.position_id, "candidates": rows}
            response = client.post("/v1/candidates/bulk", json=body)
            assert response.status_code == 202, response.text

        def sending_worker() -> subprocess.Popen[bytes] | None:
            """A live worker process holding leases on deliveries of this webhook."""
            with scale.engine.connect() as conn:
                holders = conn.scalars(
                    sa.select(WebhookDelivery.locked_by).where(
                        WebhookDelivery.webhook_id == webhook_id,
                        WebhookDelivery.status == "pending",
                        WebhookDelivery.locked_by.is_not(None),
                    )
                ).all()
            pids = {int(m.group(1)) for h in holders if h and (m := re.search(r":(\d+):", h))}
            return next((w for w in scale.workers if w.pid in pids and w.poll() is None), None)

        wait_for(
            lambda: len(receiver.received) >= 20 and sending_worker() is not None,
            timeout=60,
            what="deliveries in flight",
        )
        victim = sending_worker()
        assert victim is not None
        scale.kill(victim)
        at_kill = len(receiver.received)
        assert at_kill < events_wanted, "everything was delivered before the kill"

        def deliveries() -> list[tuple[str, str]]:
            with scale.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(WebhookDelivery.event_id, WebhookDelivery.status).where(
                        WebhookDelivery.webhook_id == webhook_id
                    )
                ).all()
            return [(r[0], r[1]) for r in rows]

        def all_delivered() -> bool:
            found = deliveries()
            return len(found) == events_wanted and {s for _, s in found} == {"delivered"}

        wait_for(all_delivered, timeout=120, what="every delivery to be delivered")
        with scale.engine.connect() as conn:
            event_ids = set(
                conn.scalars(
                    sa.select(OutboxEvent.id).where(
                        OutboxEvent.company_id == tenant.company_id,
                        OutboxEvent.event_type == "candidate_status_changed",
                    )
                ).all()
            )
        assert len(event_ids) == events_wanted
        found = deliveries()
        # One delivery per event: no event fanned out twice, none left out.
        assert sorted(e for e, _ in found) == sorted(event_ids)
        received = list(receiver.received)
        received_ids = [r.headers["webhook-id"] for r in received]
        assert set(received_ids) == event_ids
        # Only attempts cut off by the kill may have arrived twice.
        assert len(received_ids) - len(event_ids) <= 64
        for receipt in received:
            verify_both(secret, receipt)
    finally:
        receiver.stop()
