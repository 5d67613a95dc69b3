"""Background work of interviews: the expiry sweep (contract §8.2) and the revoked-link
markers written when a candidate with sessions is deleted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from panelist.http.services import AppServices
from panelist.interviews import service
from panelist.jobs import queue
from panelist.jobs.worker import JobContext, JobKind, Periodic

SWEEP = "interviews.sweep"
# Small enough that one sweep transaction holds its row locks only briefly.
SWEEP_BATCH = 200


def sweep(ctx: JobContext, session: Session) -> None:
    """Expire one batch; a full batch means more may be due, so continue at once rather than
    a whole period later."""
    now = ctx.services.clock.now()
    if service.expire_due(session, now, SWEEP_BATCH) == SWEEP_BATCH:
        queue.enqueue(session, SWEEP, {}, at=now)


def keep_link_revoked(ctx: JobContext, session: Session) -> None:
    """Nothing to do: the job row itself is the marker (see `service._bury`)."""


KINDS = [
    JobKind(SWEEP, transactional=sweep),
    JobKind(service.LINK_REVOKED_JOB, transactional=keep_link_revoked),
]


def periodic(services: AppServices) -> list[Periodic]:
    return [Periodic(SWEEP, every_seconds=services.settings.sweep_interval_seconds)]
