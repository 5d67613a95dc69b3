"""SQL for companies."""

from __future__ import annotations

from sqlalchemy.orm import Session

from panelist.companies.models import Company


def get(session: Session, company_id: str) -> Company | None:
    return session.get(Company, company_id)


def add(session: Session, company: Company) -> None:
    session.add(company)
    session.flush()
