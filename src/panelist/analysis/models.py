"""Stored analyses: one row per candidate and language, with the engine that produced it.

The candidate row keeps the canonical scores (`cv_score`, `interview_score`) and the English CV
texts shown in its detail; these tables hold every language's texts, so a language is produced
once and then served from here (contract §7, "produced once and cached").
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class CvAnalysis(Base):
    __tablename__ = "cv_analyses"

    candidate_id: Mapped[str] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    score: Mapped[int]
    evaluation: Mapped[str] = mapped_column(sa.Text)
    upsides: Mapped[list[str]] = mapped_column(JSONType)
    shortcomings: Mapped[list[str]] = mapped_column(JSONType)
    engine_name: Mapped[str] = mapped_column(sa.String(64))
    engine_version: Mapped[str] = mapped_column(sa.String(128))
    analyzed_at: Mapped[datetime]


class InterviewAnalysis(Base):
    __tablename__ = "interview_analyses"

    candidate_id: Mapped[str] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    session_id: Mapped[str] = mapped_column(sa.String(32))
    evaluable: Mapped[bool]
    score: Mapped[int | None]
    summary: Mapped[str] = mapped_column(sa.Text)
    strengths: Mapped[list[str]] = mapped_column(JSONType)
    concerns: Mapped[list[str]] = mapped_column(JSONType)
    recommendation: Mapped[str | None] = mapped_column(sa.String(16))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    engine_name: Mapped[str] = mapped_column(sa.String(64))
    engine_version: Mapped[str] = mapped_column(sa.String(128))
    analyzed_at: Mapped[datetime]
