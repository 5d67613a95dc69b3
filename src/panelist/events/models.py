from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class OutboxEvent(Base):
    """A domain event, written in the same transaction as the change that caused it.

    The webhook dispatcher turns undispatched rows into deliveries; `dispatched_at` is set in
    the same transaction that creates them, so an event is never lost nor fanned out twice.
    """

    __tablename__ = "outbox_events"
    __table_args__ = (sa.Index("ix_outbox_events_pending", "dispatched_at", "created_at"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    event_type: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime]
    dispatched_at: Mapped[datetime | None]
