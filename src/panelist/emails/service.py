"""The email outbox: emails are written with the change that causes them and sent by a job.

Statuses: `pending` (queued), `sent` (accepted by the SMTP server), `logged` (no SMTP server
configured: kept in the outbox and logged, never sent), `failed` (retries exhausted or the
server refused it permanently).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from panelist.emails import repository
from panelist.emails.models import OutboundEmail
from panelist.jobs import queue
from panelist.kit.ids import new_id
from panelist.kit.timefmt import iso

SEND_JOB = "email.send"
INVITATION = "invitation"
# With the worker's doubling backoff (5 s, 10 s, … 640 s) 8 attempts ride out ~20 minutes of
# SMTP outage before the email is given up as failed.
MAX_ATTEMPTS = 8
FINISHED = ("sent", "logged")


def queue_email(
    session: Session,
    *,
    company_id: str,
    candidate_id: str | None,
    kind: str,
    to: str,
    subject: str,
    body: str,
    at: datetime,
) -> OutboundEmail:
    """Write the email and its send job in the caller's transaction: both or neither."""
    email = OutboundEmail(
        id=new_id("eml_"),
        company_id=company_id,
        candidate_id=candidate_id,
        kind=kind,
        to_address=to,
        subject=subject,
        body=body,
        status="pending",
        attempts=0,
        last_error=None,
        created_at=at,
        sent_at=None,
    )
    repository.add(session, email)
    queue.enqueue(
        session,
        SEND_JOB,
        {"emailId": email.id},
        at=at,
        company_id=company_id,
        max_attempts=MAX_ATTEMPTS,
    )
    return email


def get(session: Session, company_id: str, email_id: str) -> OutboundEmail | None:
    return repository.get(session, company_id, email_id)


def newest(session: Session, company_id: str, limit: int) -> list[OutboundEmail]:
    return repository.newest(session, company_id, limit)


def mark_sent(email: OutboundEmail, at: datetime) -> None:
    email.status, email.sent_at, email.last_error = "sent", at, None
    email.attempts += 1


def mark_logged(email: OutboundEmail) -> None:
    email.status = "logged"


def record_failure(email: OutboundEmail, error: str) -> None:
    email.attempts += 1
    email.last_error = error[:4000]


def mark_failed(email: OutboundEmail, error: str) -> None:
    # The SMTP server's own answer, recorded by the last attempt, says more than the job error.
    email.status = "failed"
    email.last_error = email.last_error or error[:4000]


def to_wire(email: OutboundEmail, *, with_body: bool = False) -> dict[str, Any]:
    # The body carries the interview link, a credential: shown only on explicit request.
    wire: dict[str, Any] = {
        "id": email.id,
        "kind": email.kind,
        "to": email.to_address,
        "subject": email.subject,
        "status": email.status,
        "attempts": email.attempts,
        "lastError": email.last_error,
        "createdAt": iso(email.created_at),
        "sentAt": iso(email.sent_at),
        "candidateId": email.candidate_id,
    }
    if with_body:
        wire["body"] = email.body
    return wire
