"""SQL for job positions. Every read goes through `_readable`, the one tenant filter."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.candidates.models import Candidate
from panelist.db.pagination import page
from panelist.job_positions.models import JobPosition

_candidate_count = (
    sa.select(sa.func.count(Candidate.id))
    .where(Candidate.job_position_id == JobPosition.id)
    .correlate(JobPosition)
    .scalar_subquery()
)


def _readable(company_id: str) -> sa.Select[JobPosition, int]:
    return sa.select(JobPosition, _candidate_count).where(JobPosition.company_id == company_id)


def get_with_count(
    session: Session, company_id: str, position_id: str
) -> tuple[JobPosition, int] | None:
    row = session.execute(_readable(company_id).where(JobPosition.id == position_id)).first()
    return None if row is None else (row[0], int(row[1]))


def get(session: Session, company_id: str, position_id: str) -> JobPosition | None:
    return session.scalars(
        sa.select(JobPosition).where(
            JobPosition.company_id == company_id, JobPosition.id == position_id
        )
    ).first()


def list_page(
    session: Session,
    company_id: str,
    *,
    privacy: str | None,
    status: str | None,
    limit: int,
    cursor: str | None,
    secret: bytes,
) -> tuple[list[tuple[JobPosition, int]], dict[str, Any]]:
    stmt = _readable(company_id)
    if privacy:
        stmt = stmt.where(JobPosition.privacy == privacy)
    if status:
        stmt = stmt.where(JobPosition.status == status)
    rows, pagination = page(
        session,
        stmt,
        JobPosition.created_at,
        JobPosition.id,
        limit=limit,
        cursor=cursor,
        secret=secret,
    )
    return [(row[0], int(row[1])) for row in rows], pagination


def add(session: Session, position: JobPosition) -> None:
    session.add(position)
    session.flush()
