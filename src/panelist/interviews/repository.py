"""SQL for interview sessions and answers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.interviews.models import (
    InterviewAnswer,
    InterviewLinkTombstone,
    InterviewSession,
)

OPEN_STATES = ("pending", "in_progress")


def add(session: Session, record: InterviewSession) -> None:
    session.add(record)
    session.flush()


def by_token_hash(session: Session, token_hash: str) -> InterviewSession | None:
    return session.scalars(
        sa.select(InterviewSession).where(InterviewSession.token_hash == token_hash)
    ).first()


def get(session: Session, company_id: str, session_id: str) -> InterviewSession | None:
    return session.scalars(
        sa.select(InterviewSession).where(
            InterviewSession.company_id == company_id, InterviewSession.id == session_id
        )
    ).first()


def open_for_candidate(
    session: Session, company_id: str, candidate_id: str
) -> list[InterviewSession]:
    return list(
        session.scalars(
            sa.select(InterviewSession).where(
                InterviewSession.company_id == company_id,
                InterviewSession.candidate_id == candidate_id,
                InterviewSession.status.in_(OPEN_STATES),
            )
        )
    )


def due_for_expiry(session: Session, now: datetime, limit: int = 500) -> list[InterviewSession]:
    return list(
        session.scalars(
            sa.select(InterviewSession)
            .where(InterviewSession.status.in_(OPEN_STATES), InterviewSession.expires_at <= now)
            .order_by(InterviewSession.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def answers(session: Session, session_id: str) -> dict[str, str]:
    rows = session.execute(
        sa.select(InterviewAnswer.question_id, InterviewAnswer.answer).where(
            InterviewAnswer.session_id == session_id
        )
    )
    return {str(q): str(a) for q, a in rows}


def save_answer(
    session: Session, session_id: str, question_id: str, answer: str, at: datetime
) -> None:
    existing = session.scalars(
        sa.select(InterviewAnswer).where(
            InterviewAnswer.session_id == session_id, InterviewAnswer.question_id == question_id
        )
    ).first()
    if existing is None:
        session.add(
            InterviewAnswer(
                session_id=session_id, question_id=question_id, answer=answer, updated_at=at
            )
        )
    else:
        existing.answer, existing.updated_at = answer, at
    session.flush()


def by_token_hash_for_update(session: Session, token_hash: str) -> InterviewSession | None:
    """The session row locked for this transaction, so answers, completion and the sweep of
    one session never interleave."""
    return session.scalars(
        sa.select(InterviewSession)
        .where(InterviewSession.token_hash == token_hash)
        .with_for_update()
    ).first()


def for_candidate(
    session: Session, company_id: str, candidate_id: str, *, lock: bool = False
) -> list[InterviewSession]:
    stmt = sa.select(InterviewSession).where(
        InterviewSession.company_id == company_id, InterviewSession.candidate_id == candidate_id
    )
    if lock:
        stmt = stmt.with_for_update()
    return list(session.scalars(stmt))


def clear_answer(session: Session, session_id: str, question_id: str) -> None:
    session.execute(
        sa.delete(InterviewAnswer).where(
            InterviewAnswer.session_id == session_id, InterviewAnswer.question_id == question_id
        )
    )


def add_tombstone(
    session: Session, token_hash: str, company_id: str, revoked_at: datetime, purge_after: datetime
) -> None:
    if session.get(InterviewLinkTombstone, token_hash) is None:
        session.add(
            InterviewLinkTombstone(
                token_hash=token_hash,
                company_id=company_id,
                revoked_at=revoked_at,
                purge_after=purge_after,
            )
        )


def has_tombstone(session: Session, token_hash: str) -> bool:
    found = session.scalar(
        sa.select(InterviewLinkTombstone.token_hash).where(
            InterviewLinkTombstone.token_hash == token_hash
        )
    )
    return found is not None


def purge_tombstones(session: Session, now: datetime, batch: int) -> int:
    hashes = list(
        session.scalars(
            sa.select(InterviewLinkTombstone.token_hash)
            .where(InterviewLinkTombstone.purge_after <= now)
            .limit(batch)
        )
    )
    if hashes:
        session.execute(
            sa.delete(InterviewLinkTombstone).where(InterviewLinkTombstone.token_hash.in_(hashes))
        )
    return len(hashes)
