"""SQL for the event outbox."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.events.models import OutboxEvent


def add(session: Session, event: OutboxEvent) -> None:
    session.add(event)


def for_company(session: Session, company_id: str) -> list[OutboxEvent]:
    return list(
        session.scalars(
            sa.select(OutboxEvent)
            .where(OutboxEvent.company_id == company_id)
            .order_by(OutboxEvent.created_at, OutboxEvent.id)
        )
    )
