"""SQL for API keys. Authentication looks a key up by its keyed hash, with company and creator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

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


# Built once from table columns: a plain Core statement (no ORM compile step, entities or
# identity map) with a bound parameter, so a request only executes SQLAlchemy's cached
# compilation of it.
_keys, _companies, _users = (cast(sa.Table, model.__table__) for model in (ApiKey, Company, User))
_FIND_FOR_AUTH = (
    sa.select(
        _keys.c.id,
        _keys.c.key_hash,
        _keys.c.scopes,
        _keys.c.ip_allowlist,
        _keys.c.expires_at,
        _keys.c.revoked_at,
        _keys.c.last_used_at,
        _keys.c.last_used_ip,
        _companies.c.id,
        _companies.c.suspended,
        _companies.c.api_enabled,
        _companies.c.rate_limits,
        _users.c.id,
        _users.c.company_id,
        _users.c.active,
        _users.c.role,
    )
    .select_from(
        _keys.join(_companies, _companies.c.id == _keys.c.company_id).join(
            _users, _users.c.id == _keys.c.created_by
        )
    )
    .where(_keys.c.key_hash == sa.bindparam("key_hash"))
)


def find_for_auth(session: Session, key_hash: str) -> AuthRecord | None:
    row = session.connection().execute(_FIND_FOR_AUTH, {"key_hash": key_hash}).first()
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
