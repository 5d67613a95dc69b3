from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base


class CvDocument(Base):
    """The one stored CV file of a candidate; the bytes live in the file storage under
    `storage_key`, which is new for every upload (so links to a replaced file stop working)."""

    __tablename__ = "cv_documents"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    candidate_id: Mapped[str] = mapped_column(
        sa.ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    company_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    file_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(128))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime]
