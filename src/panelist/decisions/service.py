"""The decision use case. Services never commit: the request's transaction does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from panelist.candidates import service as candidates
from panelist.errors import AnalysisNotViewed, InvalidStatusTransition, NotFound

Decision = Literal["selected", "rejected"]


@dataclass(frozen=True, slots=True)
class Decided:
    candidate_id: str
    status: Decision
    previous_status: str
    decided_at: datetime


def decide(
    session: Session,
    company_id: str,
    candidate_id: str,
    position_id: str,
    decision: Decision,
    *,
    reason: str | None,
    key_id: str,
    at: datetime,
) -> Decided:
    """Contract order: 404, then INVALID_STATUS_TRANSITION, then ANALYSIS_NOT_VIEWED."""
    candidate = candidates.get_for_update(session, company_id, candidate_id)
    if candidate is None or candidate.job_position_id != position_id:
        raise NotFound("Candidate not found.")
    if candidate.status != "interviewed":
        raise InvalidStatusTransition(
            f"Only an interviewed candidate can be {decision}; this one is {candidate.status}."
        )
    if not candidate.analysis_viewed:
        raise AnalysisNotViewed()
    previous = candidate.status
    candidate.decided_at = at
    candidate.decision_reason = reason
    candidate.decided_by_key_id = key_id
    candidates.change_status(session, candidate, decision, at)
    return Decided(candidate.id, decision, previous, at)
