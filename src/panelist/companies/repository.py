"""SQL for companies."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.companies.models import Company


def get(session: Session, company_id: str) -> Company | None:
    return session.get(Company, company_id)


def add(session: Session, company: Company) -> None:
    session.add(company)
    session.flush()


def lock(session: Session, company_id: str) -> None:
    """Row-lock the company for the rest of the transaction (PostgreSQL; SQLite writers are
    already serialised): per-company counts checked before an insert, such as the limit of
    active webhooks, then see the previous writer's rows even when there were none before."""
    session.execute(sa.select(Company.id).where(Company.id == company_id).with_for_update())
