"""`POST /v1/candidates/{candidateId}/select` and `…/reject` (contract §7): scope action:decide,
category actions, idempotent."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, StringConstraints
from sqlalchemy.orm import Session
from starlette.responses import Response

from panelist.decisions import service
from panelist.http.docs import doc
from panelist.http.pipeline import Call, Endpoint, Handler, Result, execute
from panelist.http.scopes import Category, Scope
from panelist.kit.timefmt import iso

router = APIRouter(tags=["Candidate actions"])

DECIDE = Endpoint(scope=Scope.ACTION_DECIDE, category=Category.ACTIONS, idempotent=True, body=True)
CONFLICTS = "INVALID_STATUS_TRANSITION, ANALYSIS_NOT_VIEWED or IDEMPOTENCY_CONFLICT"


class DecisionBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    jobPositionId: str
    reason: Annotated[str, StringConstraints(max_length=1_000)] | None = None


class DecisionOut(BaseModel):
    candidateId: str
    status: Literal["selected", "rejected"]
    previousStatus: Literal["interviewed"]
    decidedAt: str


def _decider(decision: service.Decision) -> Handler:
    def handle(call: Call, session: Session) -> Result:
        body = call.body_as(DecisionBody)
        decided = service.decide(
            session,
            call.company_id,
            call.path_params["candidateId"],
            body.jobPositionId,
            decision,
            reason=body.reason,
            key_id=call.principal.key_id,
            at=call.services.clock.now(),
        )
        return Result(
            {
                "candidateId": decided.candidate_id,
                "status": decided.status,
                "previousStatus": decided.previous_status,
                "decidedAt": iso(decided.decided_at),
            }
        )

    return handle


_select, _reject = _decider("selected"), _decider("rejected")


@router.post(
    "/candidates/{candidateId}/select",
    **doc(DECIDE, DecisionOut, body=DecisionBody, not_found=True, conflicts=CONFLICTS),
)
async def select_candidate(request: Request) -> Response:
    """Select an interviewed candidate whose interview analysis was viewed."""
    return await execute(request, DECIDE, _select)


@router.post(
    "/candidates/{candidateId}/reject",
    **doc(DECIDE, DecisionOut, body=DecisionBody, not_found=True, conflicts=CONFLICTS),
)
async def reject_candidate(request: Request) -> Response:
    """Reject an interviewed candidate whose interview analysis was viewed."""
    return await execute(request, DECIDE, _reject)
