"""Periodic cleanup of expired idempotency records."""

from __future__ import annotations

from sqlalchemy.orm import Session

from panelist.idempotency import repository
from panelist.jobs.worker import JobContext, JobKind, Periodic

CLEANUP = "idempotency.cleanup"


def cleanup(ctx: JobContext, session: Session) -> None:
    repository.delete_expired(session, ctx.services.clock.now(), batch=10_000)


KINDS = [JobKind(CLEANUP, transactional=cleanup)]
PERIODIC = [Periodic(CLEANUP, every_seconds=3600)]
