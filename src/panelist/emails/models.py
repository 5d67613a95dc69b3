from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base


class OutboundEmail(Base):
    """An email in the outbox: written with the change that causes it, sent by the worker."""

    __tablename__ = "emails"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    candidate_id: Mapped[str | None] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(32))
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
