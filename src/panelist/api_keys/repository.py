"""SQL for API keys. Authentication looks a key up by its keyed hash, with company and creator."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.api_keys.models import ApiKey
from panelist.companies.models import Company
from panelist.users.models import User


def find_for_auth(session: Session, key_hash: str) -> tuple[ApiKey, Company, User] | None:
    row = session.execute(
        sa.select(ApiKey, Company, User)
        .join(Company, Company.id == ApiKey.company_id)
        .join(User, User.id == ApiKey.created_by)
        .where(ApiKey.key_hash == key_hash)
    ).first()
    return None if row is None else (row[0], row[1], row[2])


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
