"""Wire shapes of the candidate-facing interview routes (contract §9)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from panelist.interviews.service import MAX_ANSWER_CHARS, InterviewView
from panelist.kit.timefmt import iso

SessionStatus = Literal["pending", "in_progress", "completed"]


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(max_length=MAX_ANSWER_CHARS, description="An empty string clears it.")


class QuestionOut(BaseModel):
    id: str
    text: str


class InterviewSessionOut(BaseModel):
    sessionId: str
    status: SessionStatus
    candidateFirstName: str
    position: str
    questions: list[QuestionOut]
    answers: dict[str, str]
    expiresAt: str


class AnswerSavedOut(BaseModel):
    questionId: str
    answer: str
    status: SessionStatus


class CompletedOut(BaseModel):
    status: Literal["completed"]


def to_wire(view: InterviewView) -> dict[str, Any]:
    return {
        "sessionId": view.session_id,
        "status": view.status,
        "candidateFirstName": view.candidate_first_name,
        "position": view.position_title,
        "questions": [{"id": q.id, "text": q.text} for q in view.questions],
        "answers": view.answers,
        "expiresAt": iso(view.expires_at),
    }
