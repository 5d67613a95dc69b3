"""`/cv-analysis` and `/interview-analysis` (contract §7): scope read:candidates, category
analysis. Both may write (a language produced on first request; the analysis marked viewed),
so they run in a write transaction."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from panelist.analysis import service
from panelist.analysis.engines import engine_for
from panelist.analysis.schemas import (
    AnalysisQuery,
    CvAnalysisOut,
    InterviewAnalysisOut,
    cv_analysis_wire,
    interview_analysis_wire,
)
from panelist.candidates import service as candidates
from panelist.http.docs import doc
from panelist.http.pipeline import Call, Endpoint, Result, execute
from panelist.http.scopes import Category, Scope

router = APIRouter(tags=["Candidate analysis"])

ANALYSIS = Endpoint(scope=Scope.READ_CANDIDATES, category=Category.ANALYSIS, writes=True)


def _cv_analysis(call: Call, session: Session) -> Result:
    query = call.query_as(AnalysisQuery)
    candidate = candidates.require(
        session, call.company_id, call.path_params["candidateId"], query.jobPositionId
    )
    engine = engine_for(call.services.settings)
    row = service.cv_view(session, candidate, query.language, engine, call.services.clock.now())
    return Result(cv_analysis_wire(candidate, row, query.language))


@router.get(
    "/candidates/{candidateId}/cv-analysis",
    **doc(ANALYSIS, CvAnalysisOut, query=AnalysisQuery, not_found=True),
)
async def get_cv_analysis(request: Request) -> Response:
    """Get a candidate's CV analysis in English or Lithuanian (`language=en|lt`)."""
    return await execute(request, ANALYSIS, _cv_analysis)


def _interview_analysis(call: Call, session: Session) -> Result:
    query = call.query_as(AnalysisQuery)
    candidate = candidates.require(
        session, call.company_id, call.path_params["candidateId"], query.jobPositionId
    )
    engine = engine_for(call.services.settings)
    row = service.interview_view(
        session, candidate, query.language, engine, call.services.clock.now()
    )
    return Result(interview_analysis_wire(candidate, row))


@router.get(
    "/candidates/{candidateId}/interview-analysis",
    **doc(ANALYSIS, InterviewAnalysisOut, query=AnalysisQuery, not_found=True),
)
async def get_interview_analysis(request: Request) -> Response:
    """Get the interview analysis; showing it marks the analysis as viewed."""
    return await execute(request, ANALYSIS, _interview_analysis)
