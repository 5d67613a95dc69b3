"""Job position routes: read-only for the API (contract §7)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from panelist.http.docs import doc
from panelist.http.pipeline import Call, Endpoint, Result, execute
from panelist.http.scopes import Category, Scope
from panelist.job_positions import repository, service
from panelist.job_positions.schemas import (
    JobPositionDetailOut,
    JobPositionListQuery,
    JobPositionOut,
    to_wire,
    to_wire_detail,
)

router = APIRouter(tags=["Job positions"])

READ = Endpoint(scope=Scope.READ_JOBS, category=Category.READS)


def _list(call: Call, session: Session) -> Result:
    query = call.query_as(JobPositionListQuery)
    rows, pagination = repository.list_page(
        session,
        call.company_id,
        privacy=query.privacy,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
        secret=call.services.secret,
    )
    return Result([to_wire(p, n) for p, n in rows], pagination=pagination)


@router.get("/job-positions", **doc(READ, JobPositionOut, query=JobPositionListQuery, many=True))
async def list_job_positions(request: Request) -> Response:
    """List the company's job positions, newest first."""
    return await execute(request, READ, _list)


def _detail(call: Call, session: Session) -> Result:
    position, count = service.require_with_count(
        session, call.company_id, call.path_params["jobPositionId"]
    )
    return Result(to_wire_detail(position, count))


@router.get("/job-positions/{jobPositionId}", **doc(READ, JobPositionDetailOut, not_found=True))
async def get_job_position(request: Request, jobPositionId: str) -> Response:
    """Get one job position with its requirements and interview configuration."""
    return await execute(request, READ, _detail)
