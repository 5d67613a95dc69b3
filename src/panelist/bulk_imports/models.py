from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class BulkImport(Base):
    __tablename__ = "bulk_imports"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    job_position_id: Mapped[str] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(16), default="queued")
    skip_analysis: Mapped[bool] = mapped_column(default=False)
    total: Mapped[int]
    processed: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class BulkImportRow(Base):
    """One input row and its outcome; a row moves from `pending` exactly once, in the same
    transaction that creates its candidate, so a killed import resumes without duplicates."""

    __tablename__ = "bulk_import_rows"

    bulk_import_id: Mapped[str] = mapped_column(
        sa.ForeignKey("bulk_imports.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    email: Mapped[str] = mapped_column(sa.String(254))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    candidate_id: Mapped[str | None] = mapped_column(sa.String(32))
    error: Mapped[str | None] = mapped_column(sa.Text)
