"""Company users. Passwords (for the future dashboard) are stored as scrypt hashes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.errors import NotFound, validation_error
from panelist.http.scopes import Role
from panelist.kit.ids import new_id
from panelist.users import repository
from panelist.users.models import User


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"


def _role(value: str) -> str:
    if value not in {r.value for r in Role}:
        raise validation_error("role", "Must be owner, admin or member.")
    return value


def create(
    session: Session,
    *,
    company_id: str,
    email: str,
    role: str,
    name: str | None,
    password: str | None,
    at: datetime,
) -> User:
    user = User(
        id=new_id("usr_"),
        company_id=company_id,
        email=email.strip().lower(),
        name=name,
        role=_role(role),
        active=True,
        password_hash=hash_password(password) if password else None,
        created_at=at,
        updated_at=at,
    )
    try:
        with session.begin_nested():
            repository.add(session, user)
    except sa.exc.IntegrityError:
        raise validation_error("email", "A user with this email already exists.") from None
    return user


def require(session: Session, user_id: str) -> User:
    user = repository.get(session, user_id)
    if user is None:
        raise NotFound("User not found.")
    return user


def update(
    session: Session, user: User, *, role: str | None, active: bool | None, at: datetime
) -> User:
    if role is not None:
        user.role = _role(role)
    if active is not None:
        user.active = active
    user.updated_at = at
    session.flush()
    return user


def to_wire(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "companyId": user.company_id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "active": user.active,
    }
