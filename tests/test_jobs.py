"""The transactional job queue: exactly-once effects, retries, leases, kill -9, many workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from panelist.app import build_services
from panelist.events.models import OutboxEvent
from panelist.http.services import AppServices
from panelist.jobs import queue
from panelist.jobs import repository as jobs
from panelist.jobs.models import Job
from panelist.jobs.registry import build_worker
from panelist.jobs.worker import Periodic, Worker, backoff_seconds
from panelist.kit.clock import FrozenClock
from panelist.settings import Settings
from tests.conftest import TEST_SECRET
from tests.fixtures.factories import Tenant
from tests.fixtures.test_job_kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent


def _enqueue(
    services: AppServices, tenant: Tenant, kind: str, n: int = 1, **payload: object
) -> list[str]:
    with services.db.write() as s:
        return [
            queue.enqueue(
                s,
                kind,
                dict(payload),
                at=services.clock.now(),
                company_id=tenant.company_id,
                max_attempts=3,
            ).id
            for _ in range(n)
        ]


def _effects(services: AppServices, event_type: str = "test.effect") -> list[str]:
    with services.db.read() as s:
        rows = s.scalars(sa.select(OutboxEvent).where(OutboxEvent.event_type == event_type))
        return [str(e.payload["jobId"]) for e in rows]


def _job(services: AppServices, job_id: str) -> Job:
    with services.db.read() as s:
        job = jobs.get(s, job_id)
        assert job is not None
        return job


def test_job_runs_once_and_is_marked_done(services: AppServices, tenant: Tenant) -> None:
    [job_id] = _enqueue(services, tenant, "test.slow")
    worker = Worker(services, KINDS)
    assert worker.run_until_idle() == 1
    assert worker.run_until_idle() == 0
    assert _effects(services) == [job_id]
    job = _job(services, job_id)
    assert (job.status, job.attempts, job.locked_by) == ("done", 1, None)


def test_failures_retry_with_backoff_then_succeed(
    services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    [job_id] = _enqueue(services, tenant, "test.flaky", succeed_on=2)
    worker = Worker(services, KINDS)
    assert worker.run_until_idle() == 1
    job = _job(services, job_id)
    assert job.status == "queued"
    assert "boom on attempt 1" in (job.last_error or "")
    assert job.run_at == clock.now() + timedelta(seconds=backoff_seconds(1))
    assert worker.run_until_idle() == 0  # not due yet
    clock.advance(backoff_seconds(1))
    assert worker.run_until_idle() == 1
    assert _job(services, job_id).status == "done"
    assert _effects(services) == [job_id]


def test_exhausted_retries_end_failed_with_error_and_hook(
    services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    [job_id] = _enqueue(services, tenant, "test.flaky")
    worker = Worker(services, KINDS)
    for attempt in range(1, 4):
        assert worker.run_until_idle() == 1
        clock.advance(backoff_seconds(attempt))
    job = _job(services, job_id)
    assert job.status == "failed"
    assert job.attempts == 3
    assert "boom on attempt 3" in (job.last_error or "")
    assert _effects(services, "test.failed") == [job_id]
    assert worker.run_until_idle() == 0


def test_permanent_error_fails_at_once(services: AppServices, tenant: Tenant) -> None:
    [job_id] = _enqueue(services, tenant, "test.permanent")
    Worker(services, KINDS).run_until_idle()
    job = _job(services, job_id)
    assert (job.status, job.attempts) == ("failed", 1)


def test_unknown_kinds_wait_for_a_worker_that_knows_them(
    services: AppServices, tenant: Tenant
) -> None:
    [job_id] = _enqueue(services, tenant, "test.from_the_future")
    assert Worker(services, KINDS).run_until_idle() == 0
    assert _job(services, job_id).status == "queued"


def test_expired_lease_is_taken_over_and_done_once(
    services: AppServices, tenant: Tenant, clock: FrozenClock
) -> None:
    [job_id] = _enqueue(services, tenant, "test.slow")
    # A worker claims the job and "dies" before committing anything.
    with services.db.write() as s:
        assert (
            jobs.claim(s, "dead-worker", clock.now(), Worker(services, KINDS).lease, list(KINDS))
            is not None
        )
    survivor = Worker(services, KINDS, lease_seconds=30)
    assert survivor.run_until_idle() == 0  # lease still held
    clock.advance(301)
    assert survivor.run_until_idle() == 1
    job = _job(services, job_id)
    assert (job.status, job.attempts) == ("done", 2)
    assert _effects(services) == [job_id]


def test_periodic_jobs_are_scheduled_once_per_slot_by_any_number_of_workers(
    services: AppServices, clock: FrozenClock
) -> None:
    workers = [Worker(services, KINDS, [Periodic("test.slow", 30)]) for _ in range(3)]
    for worker in workers:
        worker.schedule_periodic()
    with services.db.read() as s:
        assert len(jobs.list_jobs(s, kind="test.slow")) == 1
    clock.advance(30)
    for worker in workers:
        worker.schedule_periodic()
    with services.db.read() as s:
        assert len(jobs.list_jobs(s, kind="test.slow")) == 2


def test_many_workers_never_run_a_job_twice(services: AppServices, tenant: Tenant) -> None:
    ids = _enqueue(services, tenant, "test.slow", n=120)
    workers = [Worker(services, KINDS) for _ in range(4)]
    threads = [threading.Thread(target=w.run_until_idle) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    effects = _effects(services)
    assert sorted(effects) == sorted(ids)
    assert len(set(effects)) == len(effects)
    with services.db.read() as s:
        assert jobs.counts_by_status(s) == {"done": 120}


def _spawn_worker(settings: Settings, lease_seconds: float) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PANELIST_DATABASE_URL": settings.effective_database_url,
        "PANELIST_DATA_DIR": str(settings.data_dir),
        "PANELIST_SECRET_KEY": TEST_SECRET,
        "PANELIST_LOG_FORMAT": "json",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fixtures.worker_process", str(lease_seconds)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _reap(proc: subprocess.Popen[str]) -> None:
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def _wait_for(predicate: object, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


@pytest.mark.parametrize("process_count", [1, 2])
def test_kill_9_mid_job_loses_nothing_and_doubles_nothing(
    settings: Settings, tenant: Tenant, process_count: int
) -> None:
    # These workers run on the real clock, in other processes.
    from panelist.app import build_services

    live = build_services(settings)
    ids = _enqueue(live, tenant, "test.slow", n=6, sleep=0.6)
    victims = [_spawn_worker(settings, lease_seconds=1.5) for _ in range(process_count)]

    def running() -> bool:
        with live.db.read() as s:
            return jobs.counts_by_status(s).get("running", 0) >= 1

    _wait_for(running)
    for proc in victims:
        os.kill(proc.pid, signal.SIGKILL)
        _reap(proc)
    survivor = _spawn_worker(settings, lease_seconds=1.5)
    try:

        def all_done() -> bool:
            with live.db.read() as s:
                return jobs.counts_by_status(s) == {"done": 6}

        _wait_for(all_done, timeout=60)
    finally:
        survivor.kill()
        _reap(survivor)
    effects = _effects(live)
    assert sorted(effects) == sorted(ids)
    live.db.dispose()


def test_lease_comes_from_worker_lease_seconds(
    settings: Settings, clock: FrozenClock, tenant: Tenant, services: AppServices
) -> None:
    short = build_services(settings.model_copy(update={"worker_lease_seconds": 7}), clock)
    try:
        assert Worker(short, KINDS).lease == timedelta(seconds=7)
        assert build_worker(short).lease == timedelta(seconds=7)
        [job_id] = _enqueue(short, tenant, "test.slow")
        with short.db.write() as s:
            claimed = jobs.claim(
                s, "dead-worker", clock.now(), Worker(short, KINDS).lease, ["test.slow"]
            )
            assert claimed is not None
            assert claimed.locked_until == clock.now() + timedelta(seconds=7)
        survivor = Worker(short, KINDS)
        clock.advance(6)
        assert survivor.run_until_idle() == 0  # the dead worker's lease still holds
        clock.advance(2)
        assert survivor.run_until_idle() == 1  # 8 s > 7 s: taken over
        assert _job(short, job_id).status == "done"
    finally:
        short.db.dispose()
    assert Worker(services, KINDS).lease == timedelta(seconds=300)  # the default
    assert Worker(services, KINDS, lease_seconds=30).lease == timedelta(seconds=30)


def test_worker_lease_seconds_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PANELIST_WORKER_LEASE_SECONDS", "42")
    assert Settings().worker_lease_seconds == 42
    monkeypatch.setenv("PANELIST_WORKER_LEASE_SECONDS", "0")
    with pytest.raises(ValueError):
        Settings()
