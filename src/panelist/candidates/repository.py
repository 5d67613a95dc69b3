"""SQL for candidates. Every query starts from `_readable`, the one tenant filter."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.candidates.models import Candidate
from panelist.db.pagination import page

# Core inserts of column dicts: no ORM objects, one executemany.
_TABLE = cast(sa.Table, Candidate.__table__)


def _readable(company_id: str | sa.BindParameter[str]) -> sa.Select[Candidate]:
    return sa.select(Candidate).where(Candidate.company_id == company_id)


# The hottest read (GET /v1/candidates/{id}), built once with bound parameters: building the
# statement and its cache key anew took a good part of the request's time.
_GET = _readable(sa.bindparam("company_id")).where(Candidate.id == sa.bindparam("candidate_id"))


def get(session: Session, company_id: str, candidate_id: str) -> Candidate | None:
    params = {"company_id": company_id, "candidate_id": candidate_id}
    return session.scalars(_GET, params).first()


def get_for_update(session: Session, company_id: str, candidate_id: str) -> Candidate | None:
    stmt = _readable(company_id).where(Candidate.id == candidate_id).with_for_update()
    return session.scalars(stmt).first()


def email_taken(
    session: Session, company_id: str, position_id: str, email: str, *, except_id: str = ""
) -> bool:
    stmt = (
        _readable(company_id)
        .where(Candidate.job_position_id == position_id, Candidate.email == email)
        .where(Candidate.id != except_id)
    )
    return session.scalars(stmt.limit(1)).first() is not None


def list_page(
    session: Session,
    company_id: str,
    *,
    position_id: str,
    status: str | None,
    import_source: str | None,
    text: str | None,
    limit: int,
    cursor: str | None,
    secret: bytes,
) -> tuple[list[Candidate], dict[str, Any]]:
    stmt = _readable(company_id).where(Candidate.job_position_id == position_id)
    if status:
        stmt = stmt.where(Candidate.status == status)
    if import_source:
        stmt = stmt.where(Candidate.import_source == import_source)
    if text:
        pattern = (
            "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Candidate.first_name).like(pattern, escape="\\"),
                sa.func.lower(Candidate.last_name).like(pattern, escape="\\"),
                Candidate.email.like(pattern, escape="\\"),
            )
        )
    rows, pagination = page(
        session,
        stmt,
        Candidate.created_at,
        Candidate.id,
        limit=limit,
        cursor=cursor,
        secret=secret,
    )
    return [row[0] for row in rows], pagination


def add(session: Session, candidate: Candidate) -> None:
    session.add(candidate)
    session.flush()


def delete(session: Session, candidate: Candidate) -> None:
    session.delete(candidate)
    session.flush()


def emails_in_position(
    session: Session, company_id: str, position_id: str, emails: Collection[str]
) -> set[str]:
    """Which of `emails` the position's candidates already have (one query for a batch)."""
    if not emails:
        return set()
    stmt = sa.select(Candidate.email).where(
        Candidate.company_id == company_id,
        Candidate.job_position_id == position_id,
        Candidate.email.in_(list(emails)),
    )
    return set(session.scalars(stmt))


def add_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Column dicts as one executemany (no ORM objects)."""
    if rows:
        session.execute(sa.insert(_TABLE), rows)
