"""SQL for the email outbox. Every query starts from `_readable`, the one tenant filter."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.emails.models import OutboundEmail


def _readable(company_id: str) -> sa.Select[OutboundEmail]:
    return sa.select(OutboundEmail).where(OutboundEmail.company_id == company_id)


def add(session: Session, email: OutboundEmail) -> None:
    session.add(email)
    session.flush()


def get(session: Session, company_id: str, email_id: str) -> OutboundEmail | None:
    return session.scalars(_readable(company_id).where(OutboundEmail.id == email_id)).first()


def newest(session: Session, company_id: str, limit: int) -> list[OutboundEmail]:
    stmt = _readable(company_id).order_by(OutboundEmail.created_at.desc(), OutboundEmail.id.desc())
    return list(session.scalars(stmt.limit(limit)))
