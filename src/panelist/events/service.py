"""Write domain events to the outbox, inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from panelist.events import repository
from panelist.events.models import OutboxEvent
from panelist.kit.ids import new_id
from panelist.kit.signal import Signal

CANDIDATE_STATUS_CHANGED = "candidate_status_changed"
CV_ANALYSIS_COMPLETE = "cv_analysis_complete"
ANALYSIS_READY = "analysis_ready"
BULK_IMPORT_COMPLETE = "bulk_import_complete"
EVENT_TYPES = (CANDIDATE_STATUS_CHANGED, CV_ANALYSIS_COMPLETE, ANALYSIS_READY, BULK_IMPORT_COMPLETE)

# Set after a commit that wrote events, so an in-process dispatcher fans them out at once.
emitted = Signal()


def emit(
    session: Session, company_id: str, event_type: str, data: dict[str, Any], at: datetime
) -> OutboxEvent:
    event = OutboxEvent(
        id=new_id("evt_"),
        company_id=company_id,
        event_type=event_type,
        payload=data,
        created_at=at,
        dispatched_at=None,
    )
    repository.add(session, event)
    session.info.setdefault("after_commit", []).append(emitted.set)
    return event


def status_changed(
    session: Session,
    *,
    company_id: str,
    candidate_id: str,
    job_position_id: str,
    status: str,
    previous: str | None,
    at: datetime,
) -> OutboxEvent:
    return emit(
        session,
        company_id,
        CANDIDATE_STATUS_CHANGED,
        {
            "candidateId": candidate_id,
            "jobPositionId": job_position_id,
            "status": status,
            "previousStatus": previous,
        },
        at,
    )


def status_changed_many(
    session: Session,
    *,
    company_id: str,
    job_position_id: str,
    changes: list[tuple[str, str, str | None]],
    at: datetime,
) -> None:
    """`status_changed` for many candidates at once, as one executemany: each change is
    (candidate id, status, previous status)."""
    if not changes:
        return
    rows = [
        {
            "id": new_id("evt_"),
            "company_id": company_id,
            "event_type": CANDIDATE_STATUS_CHANGED,
            "payload": {
                "candidateId": candidate_id,
                "jobPositionId": job_position_id,
                "status": status,
                "previousStatus": previous,
            },
            "created_at": at,
            "dispatched_at": None,
        }
        for candidate_id, status, previous in changes
    ]
    repository.add_many(session, rows)
    session.info.setdefault("after_commit", []).append(emitted.set)


def take_undispatched(session: Session, limit: int) -> list[OutboxEvent]:
    """Events to fan out, locked for the caller's transaction; mark them with `dispatched`."""
    return repository.undispatched(session, limit)


def any_undispatched(session: Session) -> bool:
    return repository.any_undispatched(session)


def dispatched(events: list[OutboxEvent], at: datetime) -> None:
    for event in events:
        event.dispatched_at = at
