"""SQL for API keys. Authentication looks a key up by its keyed hash, with company and creator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.api_keys.models import ApiKey
from panelist.companies.models import Company
from panelist.users.models import User


@dataclass(frozen=True, slots=True)
class AuthRecord:
    """What checks 1–5 of contract §2 need about a key, its company and its creator."""

    key_id: str
    key_hash: str
    scopes: list[str]
    ip_allowlist: list[str] | None
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    last_used_ip: str | None
    company_id: str
    suspended: bool
    api_enabled: bool
    rate_limits: dict[str, Any] | None
    user_id: str
    user_company_id: str
    user_active: bool
    role: str


# Built once: plain columns (no ORM objects, no identity map) and a bound parameter, so each
# request only executes a statement whose compiled form SQLAlchemy has cached.
_FIND_FOR_AUTH = (
    sa.select(
        ApiKey.id,
        ApiKey.key_hash,
        ApiKey.scopes,
        ApiKey.ip_allowlist,
        ApiKey.expires_at,
        ApiKey.revoked_at,
        ApiKey.last_used_at,
        ApiKey.last_used_ip,
        Company.id,
        Company.suspended,
        Company.api_enabled,
        Company.rate_limits,
        User.id,
        User.company_id,
        User.active,
        User.role,
    )
    .join(Company, Company.id == ApiKey.company_id)
    .join(User, User.id == ApiKey.created_by)
    .where(ApiKey.key_hash == sa.bindparam("key_hash"))
)


def find_for_auth(session: Session, key_hash: str) -> AuthRecord | None:
    row = session.execute(_FIND_FOR_AUTH, {"key_hash": key_hash}).first()
    if row is None:
        return None
    values: tuple[Any, ...] = tuple(row)
    return AuthRecord(*values)


def record_use(session: Session, key_id: str, at: datetime, ip: str) -> None:
    session.execute(
        sa.update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=at, last_used_ip=ip)
    )


def add(session: Session, key: ApiKey) -> None:
    session.add(key)


def get(session: Session, key_id: str) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def list_for_company(session: Session, company_id: str) -> list[ApiKey]:
    return list(
        session.scalars(
            sa.select(ApiKey)
            .where(ApiKey.company_id == company_id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
        )
    )
