"""Companies: created and updated by operators (CLI)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from panelist.companies import repository
from panelist.companies.models import Company
from panelist.errors import NotFound, validation_error
from panelist.kit.ids import new_id
from panelist.kit.timefmt import iso
from panelist.settings import RATE_LIMIT_CATEGORIES


def create(session: Session, name: str, *, api_enabled: bool, at: datetime) -> Company:
    company = Company(
        id=new_id("comp_"),
        name=name,
        api_enabled=api_enabled,
        suspended=False,
        rate_limits={},
        created_at=at,
        updated_at=at,
    )
    repository.add(session, company)
    return company


def require(session: Session, company_id: str) -> Company:
    company = repository.get(session, company_id)
    if company is None:
        raise NotFound("Company not found.")
    return company


def update(
    session: Session,
    company: Company,
    *,
    suspended: bool | None,
    api_enabled: bool | None,
    rate_limits: dict[str, int],
    at: datetime,
) -> Company:
    if suspended is not None:
        company.suspended = suspended
    if api_enabled is not None:
        company.api_enabled = api_enabled
    for category, limit in rate_limits.items():
        if category not in RATE_LIMIT_CATEGORIES:
            raise validation_error("rateLimit", f"Unknown category {category!r}.")
        if limit < 1:
            raise validation_error("rateLimit", "Limits must be at least 1.")
    if rate_limits:
        company.rate_limits = {**(company.rate_limits or {}), **rate_limits}
    company.updated_at = at
    session.flush()
    return company


def to_wire(company: Company) -> dict[str, Any]:
    return {
        "id": company.id,
        "name": company.name,
        "apiEnabled": company.api_enabled,
        "suspended": company.suspended,
        "rateLimits": dict(company.rate_limits or {}),
        "createdAt": iso(company.created_at),
        "updatedAt": iso(company.updated_at),
    }
