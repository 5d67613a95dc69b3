"""kill -9 in the middle of five 500-row bulk imports: after a restart every import completes,
every row is imported exactly once and `bulk_import_complete` fires once per import.

Real processes: `panelist serve` and a worker, set up through `panelist admin`. The first
server runs with `--no-worker` beside a separate worker process with a short lease
(`PANELIST_WORKER_LEASE_SECONDS`), so that the jobs the kill leaves behind are not held for the
default 300 s; the restarted server runs its own in-process worker, which takes the killed
worker's jobs over once their short leases have expired.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
import sqlalchemy as sa

from panelist.bulk_imports.models import BulkImport
from panelist.candidates.models import Candidate
from panelist.events.models import OutboxEvent
from tests.conftest import TEST_REDIS_URL, TEST_SECRET

ROOT = Path(__file__).resolve().parent.parent
IMPORTS, ROWS = 5, 500
LEASE_SECONDS = 3
WORKER = """
import sys, threading
from panelist.app import build_services
from panelist.jobs.registry import build_worker
from panelist.settings import Settings

settings = Settings()
assert settings.worker_lease_seconds == float(sys.argv[1])
worker = build_worker(build_services(settings), concurrency=2)
worker.poll_seconds = 0.05
worker.start(threading.Event())
threading.Event().wait()
"""


class Cluster:
    """Starts, kills and reaps the processes of one test; every one is killed at teardown."""

    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.tmp, self.env = tmp, env
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []

    def admin(self, *args: str) -> subprocess.Popen[bytes]:
        """Start `panelist admin …`; several run at once, as Python start-up dominates."""
        command = [sys.executable, "-m", "panelist.cli", "admin", *args]
        return subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

    @staticmethod
    def output(proc: subprocess.Popen[bytes]) -> dict[str, Any]:
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr.decode()
        result: dict[str, Any] = json.loads(stdout)
        return result

    def spawn(
        self, name: str, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{name}-{len(self.procs)}.log").open("wb")
        self.logs.append(log)
        proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def serve(self, port: int, *flags: str) -> subprocess.Popen[bytes]:
        return self.spawn("serve", "-m", "panelist.cli", "serve", "--port", str(port), *flags)

    def worker(self) -> subprocess.Popen[bytes]:
        lease = {"PANELIST_WORKER_LEASE_SECONDS": str(LEASE_SECONDS)}
        return self.spawn("worker", "-c", WORKER, str(float(LEASE_SECONDS)), env=lease)

    def wait_started(self, port: int) -> None:
        wait_for(lambda: _healthy(port), timeout=30, what="server start")

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def close(self) -> None:
        for proc in self.procs:
            self.kill(proc)
        for log in self.logs:
            log.close()


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def cluster(database_url: str, tmp_path: Path) -> Iterator[tuple[Cluster, str]]:
    url = (
        database_url
        if database_url.startswith("postgresql")
        else f"sqlite:///{tmp_path / 'kill.db'}"
    )
    env = {
        **os.environ,
        "PANELIST_DATA_DIR": str(tmp_path / "data"),
        "PANELIST_SECRET_KEY": TEST_SECRET,
        "PANELIST_DATABASE_URL": url,
        "PANELIST_RATE_LIMITS": "global=100000,bulk=100000,writes=100000,reads=100000",
        "PANELIST_LOG_FORMAT": "json",
        # The restarted server's worker: the five imports at once (PostgreSQL overlaps them).
        "PANELIST_WORKER_CONCURRENCY": str(IMPORTS),
    }
    env.pop("PANELIST_INPROCESS_WORKER", None)
    if TEST_REDIS_URL:
        env["PANELIST_REDIS_URL"] = TEST_REDIS_URL
    running = Cluster(tmp_path, env)
    try:
        yield running, url
    finally:
        running.close()


def test_kill_9_mid_import_resumes_without_loss_or_duplicates(
    cluster: tuple[Cluster, str],
) -> None:
    procs, url = cluster
    # The company first (its command also creates the schema), then everything else at once.
    company = procs.output(procs.admin("company", "create", "--name", "Kill Test"))["id"]
    port = _free_port()
    server = procs.serve(port, "--no-demo", "--no-worker")
    making_user = procs.admin(
        "user", "create", "--company", company, "--email", "o@example.com", "--role", "owner"
    )
    making_position = procs.admin("position", "create", "--company", company, "--position", "Dev")
    user = procs.output(making_user)["id"]
    key = procs.output(
        procs.admin(
            "key", "create", "--company", company, "--user", user, "--name", "k",
            "--scopes", "read:candidates,write:candidates",
        )
    )["key"]  # fmt: skip
    position = procs.output(making_position)["id"]
    procs.wait_started(port)
    engine = sa.create_engine(url)

    def processed() -> int:
        with engine.connect() as conn:
            stmt = sa.select(sa.func.coalesce(sa.func.sum(BulkImport.processed), 0))
            return int(conn.scalar(stmt.where(BulkImport.company_id == company)) or 0)

    api = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": key}, timeout=60)
    job_ids = []
    for n in range(IMPORTS):
        rows = [
            {"firstName": "K", "lastName": f"R{i}", "email": f"k{n}-{i}@example.com"}
            for i in range(ROWS)
        ]
        response = api.post(
            "/v1/candidates/bulk", json={"jobPositionId": position, "candidates": rows}
        )
        assert response.status_code == 202, response.text
        job_ids.append(response.json()["data"]["jobId"])

    # The worker starts once all five are queued (on SQLite it would otherwise hold the write
    # lock against the posts); kill once a chunk is committed and most work is still ahead.
    worker = procs.worker()
    wait_for(lambda: processed() >= 100, timeout=60, what="the first chunk")
    procs.kill(server)
    procs.kill(worker)
    assert processed() < IMPORTS * ROWS, "everything finished before the kill"
    api.close()

    port = _free_port()
    procs.serve(port, "--no-demo")  # with its in-process worker
    procs.wait_started(port)
    api = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": key}, timeout=60)

    def all_completed() -> bool:
        states = [api.get(f"/v1/candidates/bulk/{j}").json()["data"] for j in job_ids]
        return all(s["status"] == "completed" for s in states)

    wait_for(all_completed, timeout=60, what="all imports to complete")
    for job_id in job_ids:
        data = api.get(f"/v1/candidates/bulk/{job_id}").json()["data"]
        assert (data["processed"], data["created"], data["duplicates"], data["failed"]) == (
            ROWS,
            ROWS,
            0,
            0,
        )
        assert len({r["candidateId"] for r in data["results"]}) == ROWS
    api.close()

    with engine.connect() as conn:
        mine = Candidate.company_id == company
        assert conn.scalar(sa.select(sa.func.count()).where(mine)) == IMPORTS * ROWS
        emails = sa.select(sa.func.count(sa.distinct(Candidate.email))).where(mine)
        assert conn.scalar(emails) == IMPORTS * ROWS
        events = conn.execute(
            sa.select(OutboxEvent.event_type, OutboxEvent.payload).where(
                OutboxEvent.company_id == company
            )
        ).all()
    engine.dispose()
    completions = [p for kind, p in events if kind == "bulk_import_complete"]
    assert sorted(p["jobId"] for p in completions) == sorted(job_ids)
    assert {p["status"] for p in completions} == {"completed"}
    assert sum(kind == "candidate_status_changed" for kind, _ in events) == IMPORTS * ROWS
