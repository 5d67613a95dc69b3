from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class Candidate(Base):
    __tablename__ = "candidates"
    __table_args__ = (
        # One email per job position; emails are stored lower-cased (contract §3).
        sa.UniqueConstraint("job_position_id", "email"),
        sa.Index("ix_candidates_position_created", "job_position_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    job_position_id: Mapped[str] = mapped_column(sa.ForeignKey("job_positions.id"))
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    status: Mapped[str] = mapped_column(sa.String(16), default="new")
    cv_score: Mapped[int | None]
    interview_score: Mapped[int | None]
    analysis_viewed: Mapped[bool] = mapped_column(default=False)
    analysis_viewed_at: Mapped[datetime | None]
    import_source: Mapped[str] = mapped_column(sa.String(16), default="api")
    notes: Mapped[str | None] = mapped_column(sa.Text)
    cv_text: Mapped[str | None] = mapped_column(sa.Text)
    ai_evaluation: Mapped[str | None] = mapped_column(sa.Text)
    upsides: Mapped[list[str]] = mapped_column(JSONType, default=list)
    shortcomings: Mapped[list[str]] = mapped_column(JSONType, default=list)
    cv_analysis_status: Mapped[str] = mapped_column(sa.String(16), default="not_requested")
    imported_without_cv: Mapped[bool] = mapped_column(default=True)
    original_cv_file_name: Mapped[str | None] = mapped_column(sa.String(255))
    session_id: Mapped[str | None] = mapped_column(sa.String(32))
    invited_at: Mapped[datetime | None]
    interviewed_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    decided_by_key_id: Mapped[str | None] = mapped_column(sa.String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
