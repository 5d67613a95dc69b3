"""Background work of interviews: the expiry sweep (contract §8.2) and the purge of old
revoked-link tombstones."""

from __future__ import annotations

from sqlalchemy.orm import Session

from panelist.http.services import AppServices
from panelist.interviews import service
from panelist.jobs import queue
from panelist.jobs.worker import JobContext, JobKind, Periodic

SWEEP = "interviews.sweep"
# Small enough that one sweep transaction holds its row locks only briefly.
SWEEP_BATCH = 200
PURGE_TOMBSTONES = "interviews.purge_tombstones"
PURGE_BATCH = 1000


def sweep(ctx: JobContext, session: Session) -> None:
    """Expire one batch; a full batch means more may be due, so continue at once rather than
    a whole period later."""
    now = ctx.services.clock.now()
    if service.expire_due(session, now, SWEEP_BATCH) == SWEEP_BATCH:
        queue.enqueue(session, SWEEP, {}, at=now)


def purge_tombstones(ctx: JobContext, session: Session) -> None:
    now = ctx.services.clock.now()
    if service.purge_tombstones(session, now, PURGE_BATCH) == PURGE_BATCH:
        queue.enqueue(session, PURGE_TOMBSTONES, {}, at=now)


KINDS = [
    JobKind(SWEEP, transactional=sweep),
    JobKind(PURGE_TOMBSTONES, transactional=purge_tombstones),
]


def periodic(services: AppServices) -> list[Periodic]:
    return [
        Periodic(SWEEP, every_seconds=services.settings.sweep_interval_seconds),
        Periodic(PURGE_TOMBSTONES, every_seconds=3600),
    ]
