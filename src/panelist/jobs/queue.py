"""Enqueue background jobs inside the caller's transaction (the transactional outbox)."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.jobs import repository
from panelist.jobs.models import Job
from panelist.kit.ids import new_id

# Set after commit by anyone who enqueued, so an in-process worker wakes without polling delay.
wakeup = threading.Event()


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    at: datetime,
    company_id: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int = 5,
    dedupe_key: str | None = None,
) -> Job:
    job = Job(
        id=new_id("job_"),
        kind=kind,
        payload=payload,
        company_id=company_id,
        status="queued",
        attempts=0,
        max_attempts=max_attempts,
        run_at=run_at or at,
        locked_by=None,
        locked_until=None,
        last_error=None,
        dedupe_key=dedupe_key,
        created_at=at,
        updated_at=at,
        finished_at=None,
    )
    repository.add(session, job)
    session.info.setdefault("after_commit", []).append(wakeup.set)
    return job


def enqueue_many(
    session: Session,
    kind: str,
    payloads: list[dict[str, Any]],
    *,
    at: datetime,
    company_id: str | None = None,
    max_attempts: int = 5,
) -> list[str]:
    """Many jobs of one kind as one executemany (e.g. an analysis job per imported row)."""
    if not payloads:
        return []
    rows = [
        {
            "id": new_id("job_"),
            "kind": kind,
            "payload": payload,
            "company_id": company_id,
            "status": "queued",
            "attempts": 0,
            "max_attempts": max_attempts,
            "run_at": at,
            "locked_by": None,
            "locked_until": None,
            "last_error": None,
            "dedupe_key": None,
            "created_at": at,
            "updated_at": at,
            "finished_at": None,
        }
        for payload in payloads
    ]
    repository.add_many(session, rows)
    session.info.setdefault("after_commit", []).append(wakeup.set)
    return [str(row["id"]) for row in rows]


def enqueue_once(
    session: Session, kind: str, payload: dict[str, Any], *, dedupe_key: str, at: datetime
) -> bool:
    """Enqueue unless a job with this dedupe key already exists (periodic jobs)."""
    if repository.exists_with_dedupe_key(session, dedupe_key):
        return False
    try:
        with session.begin_nested():
            enqueue(session, kind, payload, at=at, dedupe_key=dedupe_key)
            session.flush()
    except sa.exc.IntegrityError:
        return False
    return True
