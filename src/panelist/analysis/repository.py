"""SQL for stored analyses. Every query is scoped by company and candidate."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.analysis.models import CvAnalysis, InterviewAnalysis


def cv(session: Session, company_id: str, candidate_id: str, language: str) -> CvAnalysis | None:
    return session.scalars(
        sa.select(CvAnalysis).where(
            CvAnalysis.company_id == company_id,
            CvAnalysis.candidate_id == candidate_id,
            CvAnalysis.language == language,
        )
    ).first()


def interview(
    session: Session, company_id: str, candidate_id: str, language: str
) -> InterviewAnalysis | None:
    return session.scalars(
        sa.select(InterviewAnalysis).where(
            InterviewAnalysis.company_id == company_id,
            InterviewAnalysis.candidate_id == candidate_id,
            InterviewAnalysis.language == language,
        )
    ).first()


def has_interview(session: Session, company_id: str, candidate_id: str) -> bool:
    stmt = sa.select(InterviewAnalysis.candidate_id).where(
        InterviewAnalysis.company_id == company_id,
        InterviewAnalysis.candidate_id == candidate_id,
    )
    return session.scalars(stmt.limit(1)).first() is not None


def delete_cv(session: Session, company_id: str, candidate_id: str) -> None:
    session.execute(
        sa.delete(CvAnalysis).where(
            CvAnalysis.company_id == company_id, CvAnalysis.candidate_id == candidate_id
        )
    )


def add_cached(session: Session, row: CvAnalysis | InterviewAnalysis) -> bool:
    """Insert a lazily produced language; False if a concurrent request stored it first."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except sa.exc.IntegrityError:
        return False
    return True


def add(session: Session, row: CvAnalysis | InterviewAnalysis) -> None:
    session.add(row)
    session.flush()
