"""Wire shapes of job positions (contract §6.1)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from panelist.job_positions.models import JobPosition
from panelist.kit.timefmt import iso

PositionType = Literal["full-time", "part-time", "contract", "internship", "temporary"]
Privacy = Literal["public", "private"]
PositionStatus = Literal["active", "closed"]
DEFAULT_DURATION_MINUTES = 30


class JobPositionListQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = None
    privacy: Privacy | None = None
    status: PositionStatus | None = None


class InterviewQuestion(BaseModel):
    id: str
    text: str


class InterviewConfig(BaseModel):
    language: Literal["en", "lt"] = "en"
    durationMinutes: int = DEFAULT_DURATION_MINUTES
    questions: list[InterviewQuestion] = Field(default_factory=list)


class JobPositionOut(BaseModel):
    id: str
    position: str
    title: str
    department: str | None
    location: str | None
    type: PositionType
    privacy: Privacy
    status: PositionStatus
    candidateCount: int
    createdAt: str
    updatedAt: str


class JobPositionDetailOut(JobPositionOut):
    description: str | None
    requirements: list[str]
    interviewConfig: InterviewConfig


def interview_config(position: JobPosition) -> dict[str, Any]:
    config = position.interview_config or {}
    return {
        "language": config.get("language", "en"),
        "durationMinutes": config.get("durationMinutes", DEFAULT_DURATION_MINUTES),
        "questions": [
            {"id": str(q["id"]), "text": str(q["text"])} for q in config.get("questions", [])
        ],
    }


def to_wire(position: JobPosition, candidate_count: int) -> dict[str, Any]:
    return {
        "id": position.id,
        "position": position.position,
        "title": position.position,
        "department": position.department,
        "location": position.location,
        "type": position.type,
        "privacy": position.privacy,
        "status": position.status,
        "candidateCount": candidate_count,
        "createdAt": iso(position.created_at),
        "updatedAt": iso(position.updated_at),
    }


def to_wire_detail(position: JobPosition, candidate_count: int) -> dict[str, Any]:
    return {
        **to_wire(position, candidate_count),
        "description": position.description,
        "requirements": list(position.requirements or []),
        "interviewConfig": interview_config(position),
    }
