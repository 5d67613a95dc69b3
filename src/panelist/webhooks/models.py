"""Webhooks and their delivery log (contract §7, §8.4–8.5)."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from panelist.db.base import Base, JSONType


class Webhook(Base):
    """A company's subscription; the secret is stored encrypted (`webhooks.secrets_box`)."""

    __tablename__ = "webhooks"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    url: Mapped[str] = mapped_column(sa.String(2048))
    events: Mapped[list[str]] = mapped_column(JSONType)
    status_filters: Mapped[list[str]] = mapped_column(JSONType)
    is_active: Mapped[bool] = mapped_column(default=True)
    secret_encrypted: Mapped[str] = mapped_column(sa.Text)
    failure_count: Mapped[int] = mapped_column(default=0)
    # When the current run of consecutive failed attempts began; a run of 5 days disables.
    failing_since: Mapped[datetime | None]
    last_delivery_at: Mapped[datetime | None]
    last_delivery_status: Mapped[str | None] = mapped_column(sa.String(16))
    disabled_reason: Mapped[str | None] = mapped_column(sa.String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class WebhookDelivery(Base):
    """One event for one webhook, and its attempts so far.

    The row is the delivery's job: a sender claims it by leasing it (`locked_by`,
    `locked_until`), and records each attempt's outcome in one transaction; a sender killed
    mid-attempt leaves the lease to expire and the attempt is made again (at-least-once).
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_deliveries_log", "webhook_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    company_id: Mapped[str] = mapped_column(sa.String(32))
    webhook_id: Mapped[str] = mapped_column(sa.ForeignKey("webhooks.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    event_type: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    event_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    response_status: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(sa.Text)
    duration_ms: Mapped[int | None]
    created_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    locked_by: Mapped[str | None] = mapped_column(sa.String(64))
    locked_until: Mapped[datetime | None]
