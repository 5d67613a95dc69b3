"""The worker: claims jobs with a lease, runs their handlers, retries with backoff.

Handlers come in two kinds. A *transactional* handler runs inside the same write transaction
that marks its job done, so its effects happen exactly once even if the worker dies at any
moment. A *stepwise* handler (long jobs such as bulk imports) opens its own transactions via
`JobContext.transaction()`, each of which re-checks the lease, and must be safe to resume.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy.orm import Session

from panelist.http.services import AppServices
from panelist.jobs import queue, repository
from panelist.kit.ids import new_id

log = structlog.get_logger("panelist.worker")
MAX_BACKOFF_SECONDS = 3600
_LOCKED_JOB = "panelist_locked_job"


class LeaseLost(Exception):
    """Another worker took this job over (our lease expired); stop without side effects."""


class PermanentJobError(Exception):
    """A failure that retrying cannot fix: the job fails at once."""


@dataclass(frozen=True)
class JobSnapshot:
    id: str
    kind: str
    payload: dict[str, Any]
    company_id: str | None
    attempts: int
    max_attempts: int


@dataclass
class JobContext:
    services: AppServices
    job: JobSnapshot
    worker_id: str
    lease: timedelta

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction that holds only while this worker still owns the job."""
        with self.services.db.write() as session:
            job = repository.get_locked(session, self.job.id, self.worker_id)
            if job is None:
                raise LeaseLost(self.job.id)
            job.locked_until = self.services.clock.now() + self.lease
            session.info[_LOCKED_JOB] = job  # checked and locked: no second lookup needed
            yield session


TransactionalHandler = Callable[[JobContext, Session], None]
StepwiseHandler = Callable[[JobContext], None]
FailureHook = Callable[[JobContext, Session, str], None]
# A long-running loop beside the job threads (e.g. the webhook sender); returns once stop is set.
Loop = Callable[[threading.Event], None]


@dataclass(frozen=True)
class JobKind:
    name: str
    transactional: TransactionalHandler | None = None
    stepwise: StepwiseHandler | None = None
    on_failed: FailureHook | None = None


@dataclass(frozen=True)
class Periodic:
    kind: str
    every_seconds: float


def backoff_seconds(attempts: int) -> float:
    return float(min(5 * 2 ** max(0, attempts - 1), MAX_BACKOFF_SECONDS))


@dataclass
class Worker:
    services: AppServices
    kinds: dict[str, JobKind]
    periodic: list[Periodic] = field(default_factory=list)
    concurrency: int = 1
    lease_seconds: float | None = None  # None: PANELIST_WORKER_LEASE_SECONDS
    poll_seconds: float = 0.5
    worker_id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{new_id('')[:8]}"
    )
    _last_slots: dict[str, int] = field(default_factory=dict)
    loops: list[Loop] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.lease_seconds is None:
            self.lease_seconds = self.services.settings.worker_lease_seconds

    @property
    def lease(self) -> timedelta:
        seconds = self.lease_seconds
        if seconds is None:
            seconds = self.services.settings.worker_lease_seconds
        return timedelta(seconds=seconds)

    def schedule_periodic(self) -> None:
        now = self.services.clock.now()
        for item in self.periodic:
            slot = int(now.timestamp() // item.every_seconds)
            if self._last_slots.get(item.kind) == slot:
                continue
            with self.services.db.write() as session:
                queue.enqueue_once(session, item.kind, {}, dedupe_key=f"{item.kind}:{slot}", at=now)
            self._last_slots[item.kind] = slot

    def run_once(self) -> bool:
        """Claim and run one job; False when nothing was runnable."""
        now = self.services.clock.now()
        with self.services.db.write() as session:
            job = repository.claim(session, self.worker_id, now, self.lease, list(self.kinds))
            if job is None:
                return False
            snapshot = JobSnapshot(
                job.id, job.kind, dict(job.payload), job.company_id, job.attempts, job.max_attempts
            )
        self._run(JobContext(self.services, snapshot, self.worker_id, self.lease))
        return True

    def run_until_idle(self, max_jobs: int = 100_000) -> int:
        """Run jobs until none is runnable now (tests and benchmarks)."""
        done = 0
        while done < max_jobs and self.run_once():
            done += 1
        return done

    def _run(self, ctx: JobContext) -> None:
        kind = self.kinds.get(ctx.job.kind)
        try:
            if kind is None:
                raise PermanentJobError(f"no handler for job kind {ctx.job.kind!r}")
            if kind.transactional is not None:
                with ctx.transaction() as session:
                    kind.transactional(ctx, session)
                    self._mark_done(session, ctx)
            else:
                assert kind.stepwise is not None
                kind.stepwise(ctx)
                with ctx.transaction() as session:
                    self._mark_done(session, ctx)
        except LeaseLost:
            log.warning("job lease lost", job_id=ctx.job.id, kind=ctx.job.kind)
        except Exception as exc:
            permanent = isinstance(exc, PermanentJobError)
            error = f"{type(exc).__name__}: {exc}"
            log.warning(
                "job failed",
                job_id=ctx.job.id,
                kind=ctx.job.kind,
                error=error,
                attempt=ctx.job.attempts,
            )
            logging.getLogger("panelist.worker").debug("".join(traceback.format_exception(exc)))
            self._mark_failed(ctx, kind, error, permanent)

    def _mark_done(self, session: Session, ctx: JobContext) -> None:
        # ctx.transaction() locked the job and checked the lease at its start, in this same
        # transaction, so the row cannot have changed hands since.
        job = session.info[_LOCKED_JOB]
        now = self.services.clock.now()
        job.status, job.finished_at, job.updated_at = "done", now, now
        job.locked_by = job.locked_until = None

    def _mark_failed(
        self, ctx: JobContext, kind: JobKind | None, error: str, permanent: bool
    ) -> None:
        try:
            with ctx.transaction() as session:
                job = repository.get_locked(session, ctx.job.id, self.worker_id)
                assert job is not None
                now = self.services.clock.now()
                job.last_error, job.updated_at = error[:4000], now
                job.locked_by = job.locked_until = None
                if permanent or job.attempts >= job.max_attempts:
                    job.status, job.finished_at = "failed", now
                    if kind is not None and kind.on_failed is not None:
                        kind.on_failed(ctx, session, error)
                else:
                    job.status = "queued"
                    job.run_at = now + timedelta(seconds=backoff_seconds(job.attempts))
        except LeaseLost:
            log.warning("job lease lost while recording failure", job_id=ctx.job.id)

    # Running ------------------------------------------------------------------------------

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.schedule_periodic()
                if self.run_once():
                    continue
            except Exception as exc:  # the loop must survive a database blip
                log.warning("worker loop error", error=f"{type(exc).__name__}: {exc}")
                stop.wait(min(5.0, self.poll_seconds * 4))
                continue
            queue.wakeup.wait(self.poll_seconds)
            queue.wakeup.clear()

    def start(self, stop: threading.Event) -> list[threading.Thread]:
        threads = [
            threading.Thread(
                target=self.run_forever, args=(stop,), daemon=True, name=f"panelist-worker-{i}"
            )
            for i in range(self.concurrency)
        ]
        threads += [
            threading.Thread(target=loop, args=(stop,), daemon=True, name=f"panelist-loop-{i}")
            for i, loop in enumerate(self.loops)
        ]
        for thread in threads:
            thread.start()
        return threads

    def shutdown(
        self, stop: threading.Event, threads: list[threading.Thread], grace_seconds: float = 30
    ) -> None:
        """Let in-flight jobs finish, then hand any still running back to the queue."""
        stop.set()
        queue.wakeup.set()
        for thread in threads:
            thread.join(timeout=grace_seconds)
        with self.services.db.write() as session:
            released = repository.release_worker(session, self.worker_id, self.services.clock.now())
        if released:
            log.info("released in-flight jobs", count=released)
