"""SQL for the event outbox."""

from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.events.models import OutboxEvent

# Core inserts of column dicts: no ORM objects, one executemany.
_TABLE = cast(sa.Table, OutboxEvent.__table__)


def add(session: Session, event: OutboxEvent) -> None:
    session.add(event)


def add_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Column dicts as one executemany (no ORM objects)."""
    if rows:
        session.execute(sa.insert(_TABLE), rows)


def for_company(session: Session, company_id: str) -> list[OutboxEvent]:
    return list(
        session.scalars(
            sa.select(OutboxEvent)
            .where(OutboxEvent.company_id == company_id)
            .order_by(OutboxEvent.created_at, OutboxEvent.id)
        )
    )


def undispatched(session: Session, limit: int) -> list[OutboxEvent]:
    """The oldest events no dispatcher has fanned out yet, locked (SKIP LOCKED on PostgreSQL,
    so concurrent dispatchers take disjoint batches)."""
    stmt = (
        sa.select(OutboxEvent)
        .where(OutboxEvent.dispatched_at.is_(None))
        .order_by(OutboxEvent.created_at, OutboxEvent.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(stmt))


def any_undispatched(session: Session) -> bool:
    stmt = sa.select(OutboxEvent.id).where(OutboxEvent.dispatched_at.is_(None)).limit(1)
    return session.scalars(stmt).first() is not None
