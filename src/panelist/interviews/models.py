from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base


class InterviewSession(Base):
    """A candidate's interview link. The token is stored only as a keyed hash."""

    __tablename__ = "interview_sessions"
    __table_args__ = (sa.Index("ix_interview_sessions_sweep", "status", "expires_at"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    candidate_id: Mapped[str] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    job_position_id: Mapped[str] = mapped_column(sa.String(32))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    expires_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class InterviewAnswer(Base):
    __tablename__ = "interview_answers"
    __table_args__ = (sa.UniqueConstraint("session_id", "question_id"),)

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    session_id: Mapped[str] = mapped_column(
        sa.ForeignKey("interview_sessions.id", ondelete="CASCADE")
    )
    question_id: Mapped[str] = mapped_column(sa.String(64))
    answer: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime]


class InterviewLinkTombstone(Base):
    """A link whose session row is gone (its candidate was deleted; sessions cascade), kept so
    the link answers 410 SESSION_EXPIRED rather than 404. Holds only the keyed token hash.

    `purge_after` is when the row may be dropped: one link TTL past the later of the link's
    own expiry and its revocation (see `tasks.purge_tombstones`).
    """

    __tablename__ = "interview_link_tombstones"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # None only for markers carried over from before this table (migration 0003).
    company_id: Mapped[str | None] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    revoked_at: Mapped[datetime]
    purge_after: Mapped[datetime] = mapped_column(index=True)
