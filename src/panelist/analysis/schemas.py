"""Wire shapes of the analysis routes (contract §7, "Candidate analysis")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from panelist.analysis.models import CvAnalysis, InterviewAnalysis
from panelist.candidates.models import Candidate
from panelist.candidates.schemas import CandidateRefQuery, CandidateStatus, CvAnalysisStatus
from panelist.kit.timefmt import iso


class AnalysisQuery(CandidateRefQuery):
    language: Literal["en", "lt"] = "en"


class EngineOut(BaseModel):
    name: str
    version: str


class CvAnalysisOut(BaseModel):
    cvScore: int | None
    aiEvaluation: str | None
    upsides: list[str]
    shortcomings: list[str]
    language: Literal["en", "lt"]
    status: CvAnalysisStatus
    analyzedAt: str | None
    engine: EngineOut | None


class QuestionOut(BaseModel):
    questionId: str
    question: str
    answer: str
    score: int
    feedback: str


class InterviewAnalysisOut(BaseModel):
    """`available: false` carries only `status`; `available: true` carries the rest."""

    available: bool
    status: CandidateStatus | None = None
    interviewScore: int | None = None
    summary: str | None = None
    strengths: list[str] | None = None
    concerns: list[str] | None = None
    recommendation: Literal["strong_yes", "yes", "no", "strong_no"] | None = None
    questions: list[QuestionOut] | None = None
    analyzedAt: str | None = None
    engine: EngineOut | None = None


def cv_analysis_wire(c: Candidate, row: CvAnalysis | None, language: str) -> dict[str, Any]:
    return {
        # The candidate's score is canonical: every language shows the same number.
        "cvScore": c.cv_score,
        "aiEvaluation": row.evaluation if row else None,
        "upsides": list(row.upsides) if row else [],
        "shortcomings": list(row.shortcomings) if row else [],
        "language": language,
        "status": c.cv_analysis_status,
        "analyzedAt": iso(row.analyzed_at) if row else None,
        "engine": {"name": row.engine_name, "version": row.engine_version} if row else None,
    }


def interview_analysis_wire(c: Candidate, row: InterviewAnalysis | None) -> dict[str, Any]:
    if row is None:
        return {"available": False, "status": c.status}
    return {
        "available": True,
        "interviewScore": c.interview_score,
        "summary": row.summary,
        "strengths": list(row.strengths),
        "concerns": list(row.concerns),
        "recommendation": row.recommendation,
        "questions": [dict(q) for q in row.questions],
        "analyzedAt": iso(row.analyzed_at),
        "engine": {"name": row.engine_name, "version": row.engine_version},
    }
