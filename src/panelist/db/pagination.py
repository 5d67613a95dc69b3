"""Keyset pagination over (created_at DESC, id DESC): stable under concurrent inserts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from panelist.errors import validation_error
from panelist.kit import cursor as cursors


def decode_cursor(secret: bytes, cursor: str | None) -> cursors.Cursor | None:
    """The position a `cursor` query parameter names; VALIDATION_ERROR (field `cursor`) if bad."""
    if not cursor:
        return None
    try:
        return cursors.decode(secret, cursor)
    except cursors.InvalidCursor:
        raise validation_error("cursor", "Malformed or tampered cursor.") from None


def page(
    session: Session,
    stmt: Any,
    created_at: InstrumentedAttribute[Any],
    ident: InstrumentedAttribute[Any],
    *,
    limit: int,
    cursor: str | None,
    secret: bytes,
) -> tuple[list[Any], dict[str, Any]]:
    """Return the rows of one page (entity first in each row) and the `pagination` object."""
    after = decode_cursor(secret, cursor)
    if after is not None:
        stmt = stmt.where(
            sa.or_(
                created_at < after.created_at,
                sa.and_(created_at == after.created_at, ident < after.id),
            )
        )
    rows = list(session.execute(stmt.order_by(created_at.desc(), ident.desc()).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if has_more:
        last = rows[-1][0]
        next_cursor = cursors.encode(secret, cursors.Cursor(last.created_at, last.id))
    return rows, {"cursor": next_cursor, "hasMore": has_more}
