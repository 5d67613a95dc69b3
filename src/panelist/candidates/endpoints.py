"""Candidate routes (contract §7). Each route: its Endpoint, a handler, a one-line docstring."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from panelist.analysis import service as analysis
from panelist.analysis.engines import engine_for
from panelist.candidates import repository, service
from panelist.candidates.models import Candidate
from panelist.candidates.schemas import (
    CandidateCreate,
    CandidateCreatedOut,
    CandidateDeletedOut,
    CandidateDeleteQuery,
    CandidateDetailOut,
    CandidateListQuery,
    CandidateOut,
    CandidateRefQuery,
    CandidateStatusOut,
    CandidateUpdate,
    CvScoreOut,
    to_wire,
    to_wire_detail,
)
from panelist.cv_documents import service as cv_documents
from panelist.db.pagination import decode_cursor
from panelist.http.docs import doc
from panelist.http.pipeline import Call, Endpoint, Result, execute
from panelist.http.scopes import Category, Scope
from panelist.interviews import service as interviews
from panelist.job_positions import service as job_positions
from panelist.storage import storage_for

router = APIRouter(tags=["Candidates"])

READ = Endpoint(scope=Scope.READ_CANDIDATES, category=Category.READS)
CREATE = Endpoint(
    scope=Scope.WRITE_CANDIDATES, category=Category.WRITES, idempotent=True, body=True
)
UPDATE = Endpoint(scope=Scope.WRITE_CANDIDATES, category=Category.WRITES, body=True)
DELETE = Endpoint(scope=Scope.WRITE_CANDIDATES, category=Category.WRITES)


def addressed(call: Call, session: Session) -> Candidate:
    """The candidate named by the path, in the caller's company and (if given) position."""
    ref = call.query_as(CandidateRefQuery)
    return service.require(
        session, call.company_id, call.path_params["candidateId"], ref.jobPositionId
    )


def _list(call: Call, session: Session) -> Result:
    query = call.query_as(CandidateListQuery)
    decode_cursor(call.services.secret, query.cursor)  # a bad cursor (check 10) before 404 (11)
    job_positions.require(session, call.company_id, query.jobPositionId)
    rows, pagination = repository.list_page(
        session,
        call.company_id,
        position_id=query.jobPositionId,
        status=query.status,
        import_source=query.importSource,
        text=query.q,
        limit=query.limit,
        cursor=query.cursor,
        secret=call.services.secret,
    )
    return Result([to_wire(c) for c in rows], pagination=pagination)


@router.get(
    "/candidates", **doc(READ, CandidateOut, query=CandidateListQuery, many=True, not_found=True)
)
async def list_candidates(request: Request) -> Response:
    """List the candidates of one job position, newest first; `q` searches names and email."""
    return await execute(request, READ, _list)


def _create(call: Call, session: Session) -> Result:
    body = call.body_as(CandidateCreate)
    now = call.services.clock.now()
    candidate = service.create_from_api(session, call.company_id, body, now)
    # A fast engine scores the CV before the 201; a slow one gets a job (`pending`).
    analysis.request_cv(session, candidate, engine_for(call.services.settings), now)
    return Result({**to_wire_detail(candidate), "candidateId": candidate.id}, status=201)


@router.post(
    "/candidates",
    **doc(
        CREATE,
        CandidateCreatedOut,
        body=CandidateCreate,
        status=201,
        not_found=True,
        conflicts="DUPLICATE_CANDIDATE or IDEMPOTENCY_CONFLICT",
    ),
)
async def create_candidate(request: Request) -> Response:
    """Import one candidate into a job position."""
    return await execute(request, CREATE, _create)


def _detail(call: Call, session: Session) -> Result:
    return Result(to_wire_detail(addressed(call, session)))


@router.get(
    "/candidates/{candidateId}",
    **doc(READ, CandidateDetailOut, query=CandidateRefQuery, not_found=True),
)
async def get_candidate(request: Request) -> Response:
    """Get one candidate with notes, CV text and analysis."""
    return await execute(request, READ, _detail)


def _update(call: Call, session: Session) -> Result:
    body = call.body_as(CandidateUpdate)
    service.update_changes(body)  # an empty or null-name body (check 10) before 404 (check 11)
    candidate = addressed(call, session)
    service.update(session, candidate, body, call.services.clock.now())
    return Result(to_wire_detail(candidate))


@router.patch(
    "/candidates/{candidateId}",
    **doc(
        UPDATE,
        CandidateDetailOut,
        body=CandidateUpdate,
        query=CandidateRefQuery,
        not_found=True,
        conflicts="DUPLICATE_CANDIDATE",
    ),
)
async def update_candidate(request: Request) -> Response:
    """Change a candidate's name, email, phone or notes."""
    return await execute(request, UPDATE, _update)


def _delete(call: Call, session: Session) -> Result:
    query = call.query_as(CandidateDeleteQuery)
    candidate = addressed(call, session)
    interviews.release_for_deletion(
        session,
        candidate.company_id,
        candidate.id,
        force=query.force == "true",
        at=call.services.clock.now(),
        link_ttl=timedelta(seconds=call.services.settings.interview_ttl_seconds),
    )
    cv_documents.delete_for_candidate(
        session, storage_for(call.services.settings), candidate.company_id, candidate.id
    )
    service.delete(session, candidate)
    return Result({"candidateId": candidate.id, "deleted": True})


@router.delete(
    "/candidates/{candidateId}",
    **doc(
        DELETE,
        CandidateDeletedOut,
        query=CandidateDeleteQuery,
        not_found=True,
        conflicts="ACTIVE_SESSION",
    ),
)
async def delete_candidate(request: Request) -> Response:
    """Delete a candidate permanently, with its analyses, answers and CV file."""
    return await execute(request, DELETE, _delete)


def _status(call: Call, session: Session) -> Result:
    c = addressed(call, session)
    return Result(
        {
            "status": c.status,
            "analysisViewed": c.analysis_viewed,
            "interviewScore": c.interview_score,
        }
    )


@router.get(
    "/candidates/{candidateId}/status",
    **doc(READ, CandidateStatusOut, query=CandidateRefQuery, not_found=True),
)
async def get_candidate_status(request: Request) -> Response:
    """Get a candidate's status, whether the analysis was viewed, and the interview score."""
    return await execute(request, READ, _status)


def _cv_score(call: Call, session: Session) -> Result:
    return Result({"cvScore": addressed(call, session).cv_score})


@router.get(
    "/candidates/{candidateId}/cv-score",
    **doc(READ, CvScoreOut, query=CandidateRefQuery, not_found=True),
)
async def get_cv_score(request: Request) -> Response:
    """Get a candidate's CV score (null until the CV analysis completes)."""
    return await execute(request, READ, _cv_score)
