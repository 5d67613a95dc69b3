"""SQL for bulk imports. Every read of an import starts from `_readable`, the one tenant filter."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.bulk_imports.models import BulkImport, BulkImportRow

PENDING = "pending"


# Small records instead of sqlalchemy Rows: a Row's `.index` is tuple.index(), not the column.
@dataclass(frozen=True, slots=True)
class PendingRow:
    index: int
    email: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RowOutcome:
    index: int
    email: str
    status: str
    candidate_id: str | None
    error: str | None


def _readable(company_id: str) -> sa.Select[BulkImport]:
    return sa.select(BulkImport).where(BulkImport.company_id == company_id)


def add(session: Session, bulk: BulkImport, rows: list[dict[str, Any]]) -> None:
    """The import and all its rows; rows go in as one executemany, not one ORM object each."""
    session.add(bulk)
    session.flush()
    session.execute(sa.insert(BulkImportRow), rows)


def get(session: Session, company_id: str, import_id: str) -> BulkImport | None:
    return session.scalars(_readable(company_id).where(BulkImport.id == import_id)).first()


def get_for_update(session: Session, company_id: str, import_id: str) -> BulkImport | None:
    """Locked for the transaction, so a chunk and the final transition never interleave."""
    stmt = _readable(company_id).where(BulkImport.id == import_id).with_for_update()
    return session.scalars(stmt).first()


def outcomes(session: Session, import_id: str) -> list[RowOutcome]:
    """Rows that have an outcome, by index, without their (possibly large) input data."""
    stmt = (
        sa.select(
            BulkImportRow.index,
            BulkImportRow.email,
            BulkImportRow.status,
            BulkImportRow.candidate_id,
            BulkImportRow.error,
        )
        .where(BulkImportRow.bulk_import_id == import_id, BulkImportRow.status != PENDING)
        .order_by(BulkImportRow.index)
    )
    return [RowOutcome(*row) for row in session.execute(stmt)]


def pending_chunk(session: Session, import_id: str, limit: int) -> list[PendingRow]:
    """The lowest-indexed rows still pending: `index, email, data`."""
    stmt = (
        sa.select(BulkImportRow.index, BulkImportRow.email, BulkImportRow.data)
        .where(BulkImportRow.bulk_import_id == import_id, BulkImportRow.status == PENDING)
        .order_by(BulkImportRow.index)
        .limit(limit)
    )
    return [PendingRow(*row) for row in session.execute(stmt)]


def emails_before(
    session: Session, import_id: str, before_index: int, emails: Collection[str]
) -> set[str]:
    """Which of `emails` already appeared in an earlier row of the same batch."""
    if not emails:
        return set()
    stmt = sa.select(BulkImportRow.email).where(
        BulkImportRow.bulk_import_id == import_id,
        BulkImportRow.index < before_index,
        BulkImportRow.email.in_(list(emails)),
    )
    return set(session.scalars(stmt))


def record_outcomes(session: Session, outcomes: list[dict[str, Any]]) -> None:
    """Set status/candidate_id/error of many rows by primary key, as one executemany."""
    if outcomes:
        session.execute(sa.update(BulkImportRow), outcomes)


def has_pending(session: Session, import_id: str) -> bool:
    stmt = sa.select(BulkImportRow.index).where(
        BulkImportRow.bulk_import_id == import_id, BulkImportRow.status == PENDING
    )
    return session.scalars(stmt.limit(1)).first() is not None
