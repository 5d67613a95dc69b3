"""Fault tests through real sockets: SQLite under concurrent writers, PostgreSQL connections
killed during traffic, and Redis going away (rate limits fail closed with a 503)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from panelist.app import build_services, create_app
from panelist.candidates.models import Candidate
from panelist.db.engine import Database
from panelist.http.services import AppServices
from panelist.jobs import queue
from panelist.kit.clock import SystemClock
from panelist.settings import Settings
from tests.conftest import TEST_DATABASE_URL, _free_port
from tests.fixtures.factories import Tenant, make_tenant

ROOMY = {"global": 100000, "writes": 100000, "reads": 100000}


def serve(services: AppServices) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(services=services),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def candidate(tenant: Tenant, n: int) -> dict[str, object]:
    return {
        "jobPositionId": tenant.position_id,
        "firstName": "Fay",
        "lastName": f"Ult{n}",
        "email": f"fault-{n}-{uuid.uuid4().hex[:6]}@example.com",
        "skipAnalysis": True,
    }


def assert_clean_failure(response: httpx.Response) -> None:
    assert response.status_code in (500, 503), response.text
    body = response.json()
    assert body["success"] is False
    assert body["error"] in ("SERVICE_UNAVAILABLE", "INTERNAL_ERROR")
    assert body["requestId"] == response.headers["X-Request-ID"]


# SQLite ---------------------------------------------------------------------------------------


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite only")
def test_sqlite_concurrent_writers_never_see_database_is_locked(
    services: AppServices, live_server: str
) -> None:
    """Eight HTTP writers at once, while two other connection pools (standing in for a
    `panelist worker` process, which shares no lock with the server) write too."""
    tenant = make_tenant(services, "Busy", rate_limits=ROOMY)
    stop = threading.Event()
    other_writes = [0]

    def other_process_writer() -> None:
        db = Database(services.settings.effective_database_url)
        try:
            while not stop.is_set():
                with db.write() as session:
                    queue.enqueue(session, "fault.noop", {}, at=services.clock.now())
                other_writes[0] += 1
        finally:
            db.dispose()

    outsiders = [threading.Thread(target=other_process_writer) for _ in range(2)]
    for thread in outsiders:
        thread.start()
    try:
        with httpx.Client(base_url=live_server, headers=tenant.headers, timeout=60) as api:

            def post(n: int) -> httpx.Response:
                return api.post("/v1/candidates", json=candidate(tenant, n))

            with ThreadPoolExecutor(8) as pool:
                responses = list(pool.map(post, range(160)))
    finally:
        stop.set()
        for thread in outsiders:
            thread.join()
    assert [r.status_code for r in responses] == [201] * 160, {
        r.status_code: r.text for r in responses if r.status_code != 201
    }
    assert other_writes[0] > 0
    ids = {r.json()["data"]["id"] for r in responses}
    assert len(ids) == 160


# PostgreSQL -----------------------------------------------------------------------------------


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PANELIST_TEST_DATABASE_URL")
def test_postgres_connections_killed_during_traffic_fail_cleanly_and_recover(
    database_url: str, tmp_path: Path
) -> None:
    # Our own application_name marks this server's connections, so only they are terminated
    # (the shared server and other runs are left alone).
    marker = f"panelist_fault_{uuid.uuid4().hex[:8]}"
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=f"{database_url}&application_name={marker}",
        secret_key="fault-test-secret-0123456789abcdef0123456789",
        inprocess_worker=False,
    )
    services = build_services(settings, SystemClock())
    tenant = make_tenant(services, "Flaky", rate_limits=ROOMY)
    admin = sa.create_engine(database_url)
    kill = sa.text(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE application_name = :marker AND pid <> pg_backend_pid()"
    )
    terminated = [0]
    stop = threading.Event()

    def killer() -> None:
        while not stop.is_set():
            with admin.connect() as conn:
                terminated[0] += int(conn.execute(kill, {"marker": marker}).scalar() or 0)
            time.sleep(0.02)

    try:
        for base in serve(services):
            with httpx.Client(base_url=base, headers=tenant.headers, timeout=60) as api:

                def call(n: int) -> httpx.Response:
                    if n % 2:
                        return api.get(f"/v1/job-positions/{tenant.position_id}")
                    return api.post("/v1/candidates", json=candidate(tenant, n))

                assassin = threading.Thread(target=killer)
                assassin.start()
                try:
                    with ThreadPoolExecutor(6) as pool:
                        during = list(pool.map(call, range(300)))
                finally:
                    stop.set()
                    assassin.join()
                # Every answer is a success or a clean envelope, never a dropped connection.
                for response in during:
                    if response.status_code >= 500:
                        assert_clean_failure(response)
                    else:
                        assert response.status_code in (200, 201), response.text
                # Recovery without a restart: the pool replaces the dead connections.
                after = [call(n) for n in range(40)]
                assert [r.status_code for r in after] == [201, 200] * 20
                health = api.get("/v1/health")
                assert health.status_code == 200
    finally:
        services.db.dispose()
        admin.dispose()
    assert terminated[0] > 0, "no connection was terminated: the fault was not injected"


# Redis ----------------------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of this test's own on a free port (the shared one is never touched)."""

    def __init__(self, tmp: Path) -> None:
        self.port = _free_port()
        self.tmp = tmp
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_redis_unavailable_fails_closed_with_503_and_recovers(
    settings: Settings, services: AppServices, tmp_path: Path
) -> None:
    redis_server = PrivateRedis(tmp_path)
    redis_server.start()
    own = build_services(settings.model_copy(update={"redis_url": redis_server.url}))
    tenant = make_tenant(own, "NoRedis", rate_limits=ROOMY)
    try:
        for base in serve(own):
            with httpx.Client(base_url=base, headers=tenant.headers, timeout=30) as api:
                path = f"/v1/job-positions/{tenant.position_id}"
                assert api.get(path).status_code == 200
                redis_server.stop()
                started = time.monotonic()
                for response in (
                    api.get(path),
                    api.post("/v1/candidates", json=candidate(tenant, 1)),
                ):
                    assert response.status_code == 503, response.text
                    assert_clean_failure(response)
                    assert "X-RateLimit-Limit" not in response.headers
                assert time.monotonic() - started < 10, "a dead Redis must fail fast"
                # The candidate was not created: nothing runs unless its limit was checked.
                with own.db.read() as session:
                    mine = Candidate.company_id == tenant.company_id
                    assert session.scalar(sa.select(sa.func.count()).where(mine)) == 0
                redis_server.start()
                assert api.get(path).status_code == 200
    finally:
        redis_server.stop()
        own.rate_limiter._client.close()  # type: ignore[attr-defined]
        own.db.dispose()
