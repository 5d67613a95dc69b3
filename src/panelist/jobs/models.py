from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class Job(Base):
    """A unit of background work, written in the same transaction as the change needing it.

    A worker claims a job by setting `locked_by`/`locked_until` (a lease); a worker that dies
    leaves the lease to expire, and the next worker takes the job over.
    """

    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_claim", "status", "run_at"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    company_id: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=5)
    run_at: Mapped[datetime]
    locked_by: Mapped[str | None] = mapped_column(sa.String(64))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    # Periodic jobs carry "kind:slot" here, so N workers scheduling one slot create one job.
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(128), unique=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
