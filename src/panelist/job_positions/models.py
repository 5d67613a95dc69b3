from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class JobPosition(Base):
    __tablename__ = "job_positions"
    __table_args__ = (
        sa.Index("ix_job_positions_company_created", "company_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"))
    position: Mapped[str] = mapped_column(sa.String(200))
    department: Mapped[str | None] = mapped_column(sa.String(200))
    location: Mapped[str | None] = mapped_column(sa.String(200))
    type: Mapped[str] = mapped_column(sa.String(16), default="full-time")
    privacy: Mapped[str] = mapped_column(sa.String(16), default="public")
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    description: Mapped[str | None] = mapped_column(sa.Text)
    requirements: Mapped[list[str]] = mapped_column(JSONType, default=list)
    interview_config: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
