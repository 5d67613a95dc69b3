"""Inviting a candidate (contract §7 invite, §8.1–8.2): one transaction writes the session,
the status change and its event, and the invitation email with its send job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from panelist.candidates import service as candidates
from panelist.companies import service as companies
from panelist.emails import service as emails
from panelist.emails import templates
from panelist.errors import InvalidStatus, NotFound
from panelist.interviews import repository
from panelist.interviews.models import InterviewSession
from panelist.interviews.tokens import hash_token, interview_link, new_token
from panelist.job_positions import service as job_positions
from panelist.kit.ids import new_id


@dataclass(frozen=True, slots=True)
class InviteRequest:
    company_id: str
    candidate_id: str
    job_position_id: str
    email_subject: str | None
    email_body: str | None


@dataclass(frozen=True, slots=True)
class LinkSettings:
    secret: bytes
    public_base_url: str
    ttl_seconds: int


@dataclass(frozen=True, slots=True)
class Invitation:
    candidate_id: str
    session_id: str
    link: str
    expires_at: datetime


def invite(
    session: Session, request: InviteRequest, links: LinkSettings, at: datetime
) -> Invitation:
    # Locked, so two concurrent invites cannot both see `new` (PostgreSQL; SQLite serialises).
    candidate = candidates.get_for_update(session, request.company_id, request.candidate_id)
    if candidate is None or candidate.job_position_id != request.job_position_id:
        raise NotFound("Candidate not found.")
    if candidate.status != "new":
        raise InvalidStatus(
            f"Only candidates with status 'new' can be invited; this one is '{candidate.status}'."
        )
    position = job_positions.require(session, request.company_id, candidate.job_position_id)
    token = new_token()
    record = InterviewSession(
        id=new_id("sess_"),
        company_id=request.company_id,
        candidate_id=candidate.id,
        job_position_id=candidate.job_position_id,
        token_hash=hash_token(links.secret, token),
        status="pending",
        expires_at=at + timedelta(seconds=links.ttl_seconds),
        created_at=at,
        updated_at=at,
    )
    repository.add(session, record)
    candidate.session_id, candidate.invited_at = record.id, at
    candidates.change_status(session, candidate, "invited", at)
    link = interview_link(links.public_base_url, token)
    text = templates.invitation(
        templates.InvitationFacts(
            first_name=candidate.first_name,
            position=position.position,
            company=companies.require(session, request.company_id).name,
            link=link,
            expires_at=record.expires_at,
        ),
        request.email_subject,
        request.email_body,
    )
    emails.queue_email(
        session,
        company_id=request.company_id,
        candidate_id=candidate.id,
        kind=emails.INVITATION,
        to=candidate.email,
        subject=text.subject,
        body=text.body,
        at=at,
    )
    return Invitation(candidate.id, record.id, link, record.expires_at)
