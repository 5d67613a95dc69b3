"""SQL for the job queue: enqueue, claim with a lease, finish, retry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.jobs.models import Job

# Core inserts of column dicts: no ORM objects, one executemany.
_TABLE = cast(sa.Table, Job.__table__)

ACTIVE = ("queued", "running")


def add(session: Session, job: Job) -> None:
    session.add(job)


def add_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Column dicts as one executemany (no ORM objects)."""
    if rows:
        session.execute(sa.insert(_TABLE), rows)


def claim(
    session: Session, worker_id: str, now: datetime, lease: timedelta, kinds: list[str]
) -> Job | None:
    """Take the next runnable job, or one whose lease has expired, and lease it to worker_id.

    PostgreSQL: FOR UPDATE SKIP LOCKED lets many workers claim different jobs at once.
    SQLite: the caller's transaction is BEGIN IMMEDIATE, so claims are serialised anyway.
    Only kinds this worker knows are claimed, so a job queued by a newer version waits for a
    worker that can run it instead of failing.
    """
    runnable = sa.or_(
        sa.and_(Job.status == "queued", Job.run_at <= now),
        sa.and_(Job.status == "running", Job.locked_until < now),
    )
    stmt = (
        sa.select(Job)
        .where(runnable, Job.kind.in_(kinds))
        .order_by(Job.run_at, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    job = session.scalars(stmt).first()
    if job is None:
        return None
    job.status = "running"
    job.locked_by = worker_id
    job.locked_until = now + lease
    job.attempts += 1
    job.updated_at = now
    session.flush()
    return job


def get_locked(session: Session, job_id: str, worker_id: str) -> Job | None:
    """The job, locked for this transaction, if this worker still holds its lease."""
    job = session.scalars(sa.select(Job).where(Job.id == job_id).with_for_update()).first()
    if job is None or job.status != "running" or job.locked_by != worker_id:
        return None
    return job


def get(session: Session, job_id: str) -> Job | None:
    return session.get(Job, job_id)


def exists_with_dedupe_key(session: Session, dedupe_key: str) -> bool:
    return session.scalar(sa.select(Job.id).where(Job.dedupe_key == dedupe_key)) is not None


def release_worker(session: Session, worker_id: str, now: datetime) -> int:
    """Hand a stopping worker's in-flight jobs back to the queue at once."""
    result = session.execute(
        sa.update(Job)
        .where(Job.status == "running", Job.locked_by == worker_id)
        .values(status="queued", locked_by=None, locked_until=None, run_at=now, updated_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def counts_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(sa.select(Job.status, sa.func.count()).group_by(Job.status))
    return {str(status): int(n) for status, n in rows}


def list_jobs(session: Session, *, kind: str | None = None, status: str | None = None) -> list[Job]:
    stmt = sa.select(Job).order_by(Job.created_at, Job.id)
    if kind:
        stmt = stmt.where(Job.kind == kind)
    if status:
        stmt = stmt.where(Job.status == status)
    return list(session.scalars(stmt))


def oldest_queued(session: Session) -> datetime | None:
    value: Any = session.scalar(sa.select(sa.func.min(Job.run_at)).where(Job.status == "queued"))
    return value if isinstance(value, datetime) else None
