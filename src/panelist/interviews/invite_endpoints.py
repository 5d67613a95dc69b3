"""`POST /v1/candidates/{candidateId}/invite` (contract §7): the route, its body and answer."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, StringConstraints
from sqlalchemy.orm import Session
from starlette.responses import Response

from panelist.http.docs import doc
from panelist.http.pipeline import Call, Endpoint, Result, execute
from panelist.http.scopes import Category, Scope
from panelist.interviews import invitations
from panelist.kit.timefmt import iso

router = APIRouter(tags=["Candidate actions"])

INVITE = Endpoint(scope=Scope.ACTION_INVITE, category=Category.ACTIONS, idempotent=True, body=True)


class InviteBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    jobPositionId: str
    emailSubject: Annotated[str, StringConstraints(max_length=200)] | None = None
    emailBody: Annotated[str, StringConstraints(max_length=5_000)] | None = None


class InviteOut(BaseModel):
    candidateId: str
    status: Literal["invited"]
    sessionId: str
    interviewLink: str
    expiresAt: str


def _invite(call: Call, session: Session) -> Result:
    body = call.body_as(InviteBody)
    settings = call.services.settings
    invitation = invitations.invite(
        session,
        invitations.InviteRequest(
            company_id=call.company_id,
            candidate_id=call.path_params["candidateId"],
            job_position_id=body.jobPositionId,
            email_subject=body.emailSubject,
            email_body=body.emailBody,
        ),
        invitations.LinkSettings(
            secret=call.services.secret,
            public_base_url=settings.public_base_url,
            ttl_seconds=settings.interview_ttl_seconds,
        ),
        call.services.clock.now(),
    )
    return Result(
        {
            "candidateId": invitation.candidate_id,
            "status": "invited",
            "sessionId": invitation.session_id,
            "interviewLink": invitation.link,
            "expiresAt": iso(invitation.expires_at),
        }
    )


@router.post(
    "/candidates/{candidateId}/invite",
    **doc(
        INVITE,
        InviteOut,
        body=InviteBody,
        not_found=True,
        conflicts="INVALID_STATUS or IDEMPOTENCY_CONFLICT",
    ),
)
async def invite_candidate(request: Request) -> Response:
    """Invite a `new` candidate to an interview: creates the session and emails the link."""
    return await execute(request, INVITE, _invite)
