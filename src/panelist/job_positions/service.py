"""Job positions: read through the API, created by company users (CLI today)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from panelist.errors import NotFound
from panelist.job_positions import repository
from panelist.job_positions.models import JobPosition
from panelist.kit.ids import new_id


def require(session: Session, company_id: str, position_id: str) -> JobPosition:
    position = repository.get(session, company_id, position_id)
    if position is None:
        raise NotFound("Job position not found.")
    return position


def require_with_count(
    session: Session, company_id: str, position_id: str
) -> tuple[JobPosition, int]:
    found = repository.get_with_count(session, company_id, position_id)
    if found is None:
        raise NotFound("Job position not found.")
    return found


def create(
    session: Session,
    *,
    company_id: str,
    position: str,
    department: str | None,
    location: str | None,
    type_: str,
    privacy: str,
    status: str,
    description: str | None,
    requirements: list[str],
    questions: list[str],
    language: str,
    at: datetime,
) -> JobPosition:
    record = JobPosition(
        id=new_id("pos_"),
        company_id=company_id,
        position=position,
        department=department,
        location=location,
        type=type_,
        privacy=privacy,
        status=status,
        description=description,
        requirements=requirements,
        interview_config={
            "language": language,
            "durationMinutes": 30,
            "questions": [{"id": f"q{i}", "text": q} for i, q in enumerate(questions, 1)],
        },
        created_at=at,
        updated_at=at,
    )
    repository.add(session, record)
    return record
