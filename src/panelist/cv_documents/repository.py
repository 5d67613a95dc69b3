"""SQL for stored CV documents."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.cv_documents.models import CvDocument


def for_candidate(session: Session, company_id: str, candidate_id: str) -> CvDocument | None:
    return session.scalars(
        sa.select(CvDocument).where(
            CvDocument.company_id == company_id, CvDocument.candidate_id == candidate_id
        )
    ).first()


def by_id(session: Session, document_id: str) -> CvDocument | None:
    """Unscoped on purpose: only for a download whose signed link was verified first."""
    return session.get(CvDocument, document_id)


def add(session: Session, document: CvDocument) -> None:
    session.add(document)
    session.flush()


def delete(session: Session, document: CvDocument) -> None:
    session.delete(document)
    session.flush()
