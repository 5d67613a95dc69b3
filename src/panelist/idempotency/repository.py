"""SQL for idempotency records; always scoped to one company."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.idempotency.models import IdempotencyRecord


def find(session: Session, company_id: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(
        sa.select(IdempotencyRecord).where(
            IdempotencyRecord.company_id == company_id, IdempotencyRecord.key == key
        )
    ).first()


def delete(session: Session, record: IdempotencyRecord) -> None:
    session.delete(record)
    session.flush()


def add(session: Session, record: IdempotencyRecord) -> None:
    session.add(record)
    session.flush()


def delete_expired(session: Session, now: datetime, batch: int = 1000) -> int:
    ids = list(
        session.scalars(
            sa.select(IdempotencyRecord.id).where(IdempotencyRecord.expires_at <= now).limit(batch)
        )
    )
    if ids:
        session.execute(sa.delete(IdempotencyRecord).where(IdempotencyRecord.id.in_(ids)))
    return len(ids)


def try_lock(session: Session, company_id: str, key: str) -> bool:
    """Mark (company, key) as in progress until this transaction ends.

    PostgreSQL: a transaction-scoped advisory lock, released by commit, rollback or a dropped
    connection, so a crash can never leave a key stuck "in progress". SQLite: write
    transactions are already serialised (BEGIN IMMEDIATE), so a second request simply waits
    for the first to commit and then replays its stored outcome.
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    digest = hashlib.sha256(f"idem\x00{company_id}\x00{key}".encode()).digest()
    lock_id = int.from_bytes(digest[:8], "big", signed=True)
    return bool(session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(lock_id))))
