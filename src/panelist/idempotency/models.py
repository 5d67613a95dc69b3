from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base


class IdempotencyRecord(Base):
    """A stored outcome, written in the same transaction as the request's own writes."""

    __tablename__ = "idempotency_records"
    __table_args__ = (sa.UniqueConstraint("company_id", "key"),)

    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"))
    key: Mapped[str] = mapped_column(sa.String(255))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int]
    response_body: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
