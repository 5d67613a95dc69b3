"""SQL for users."""

from __future__ import annotations

from sqlalchemy.orm import Session

from panelist.users.models import User


def get(session: Session, user_id: str) -> User | None:
    return session.get(User, user_id)


def add(session: Session, user: User) -> None:
    session.add(user)
    session.flush()
