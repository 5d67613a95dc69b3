"""Analysis use cases: request, store, fail and view CV and interview analyses.

Services never commit. Completing an analysis changes the candidate and writes its events
(`cv_analysis_complete`, `analysis_ready`, or a §8.1 status change) in one transaction, and
only while the analysis is still wanted (CV: `pending` for the same text; interview: the
candidate is `interviewed` and has none yet), so a retried or duplicated job completes once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from panelist.analysis import repository
from panelist.analysis.engine import (
    AnalysisEngine,
    CvInput,
    CvResult,
    InterviewInput,
    InterviewResult,
    Language,
)
from panelist.analysis.models import CvAnalysis, InterviewAnalysis
from panelist.candidates import service as candidates
from panelist.candidates.models import Candidate
from panelist.events import service as events
from panelist.interviews import service as interviews
from panelist.job_positions import service as job_positions
from panelist.jobs import queue

CV_JOB = "analysis.cv"
INTERVIEW_JOB = "analysis.interview"
PRIMARY: Language = "en"  # the language of the texts on the candidate itself
JOB_ATTEMPTS = 5


# CV ----------------------------------------------------------------------------------------


def cv_input(session: Session, candidate: Candidate) -> CvInput:
    position = job_positions.require(session, candidate.company_id, candidate.job_position_id)
    return CvInput(
        cv_text=candidate.cv_text or "",
        requirements=[r for r in (position.requirements or []) if r and r.strip()],
        description=position.description,
        title=position.position,
    )


def request_cv(
    session: Session, candidate: Candidate, engine: AnalysisEngine, at: datetime
) -> None:
    """Run a requested (`pending`) CV analysis now when the engine is fast, else queue it."""
    if candidate.cv_analysis_status != "pending":
        return
    if engine.is_fast:
        result = engine.analyze_cv(cv_input(session, candidate), PRIMARY)
        store_cv(session, candidate, {PRIMARY: result}, at)
    else:
        queue_cv(session, candidate, at)


def queue_cv(session: Session, candidate: Candidate, at: datetime) -> None:
    queue.enqueue(
        session,
        CV_JOB,
        {"candidateId": candidate.id},
        at=at,
        company_id=candidate.company_id,
        max_attempts=JOB_ATTEMPTS,
    )


def reset_cv(session: Session, candidate: Candidate, *, pending: bool) -> None:
    """Forget the analysis of a replaced CV; `pending` when a new one is on its way."""
    candidate.cv_score = candidate.ai_evaluation = None
    candidate.upsides, candidate.shortcomings = [], []
    candidate.cv_analysis_status = "pending" if pending else "not_requested"
    repository.delete_cv(session, candidate.company_id, candidate.id)


def store_cv(
    session: Session, candidate: Candidate, results: Mapping[Language, CvResult], at: datetime
) -> None:
    primary = results[PRIMARY]
    candidate.cv_score = primary.score
    candidate.ai_evaluation = primary.evaluation
    candidate.upsides, candidate.shortcomings = list(primary.upsides), list(primary.shortcomings)
    candidate.cv_analysis_status = "completed"
    candidate.updated_at = at
    repository.delete_cv(session, candidate.company_id, candidate.id)
    for result in results.values():
        repository.add(session, _cv_row(candidate, result, at))
    ref = {"candidateId": candidate.id, "jobPositionId": candidate.job_position_id}
    events.emit(
        session,
        candidate.company_id,
        events.CV_ANALYSIS_COMPLETE,
        {**ref, "cvScore": primary.score, "status": "completed"},
        at,
    )
    events.emit(
        session,
        candidate.company_id,
        events.ANALYSIS_READY,
        {**ref, "analysisType": "cv", "cvScore": primary.score},
        at,
    )


def complete_cv(
    session: Session,
    company_id: str,
    candidate_id: str,
    cv_text: str,
    results: Mapping[Language, CvResult],
    at: datetime,
) -> bool:
    """Store a job's results if still wanted for this very text (a newer upload wins)."""
    candidate = candidates.get_for_update(session, company_id, candidate_id)
    if candidate is None or candidate.cv_analysis_status != "pending":
        return False
    if (candidate.cv_text or "") != cv_text:
        return False
    store_cv(session, candidate, results, at)
    return True


def fail_cv(session: Session, company_id: str, candidate_id: str, at: datetime) -> None:
    candidate = candidates.get_for_update(session, company_id, candidate_id)
    if candidate is None or candidate.cv_analysis_status != "pending":
        return
    candidate.cv_analysis_status, candidate.updated_at = "failed", at
    events.emit(
        session,
        company_id,
        events.CV_ANALYSIS_COMPLETE,
        {
            "candidateId": candidate.id,
            "jobPositionId": candidate.job_position_id,
            "cvScore": None,
            "status": "failed",
        },
        at,
    )


def cv_view(
    session: Session,
    candidate: Candidate,
    language: Language,
    engine: AnalysisEngine,
    at: datetime,
) -> CvAnalysis | None:
    """The stored analysis in `language`; a missing language is produced once (fast engines
    only: a slow engine's job stores every language up front) and kept."""
    row = repository.cv(session, candidate.company_id, candidate.id, language)
    if row is not None or candidate.cv_analysis_status != "completed" or not engine.is_fast:
        return row
    row = _cv_row(candidate, engine.analyze_cv(cv_input(session, candidate), language), at)
    if not repository.add_cached(session, row):
        return repository.cv(session, candidate.company_id, candidate.id, language)
    return row


def _cv_row(candidate: Candidate, result: CvResult, at: datetime) -> CvAnalysis:
    return CvAnalysis(
        candidate_id=candidate.id,
        language=result.language,
        company_id=candidate.company_id,
        score=result.score,
        evaluation=result.evaluation,
        upsides=list(result.upsides),
        shortcomings=list(result.shortcomings),
        engine_name=result.engine_name,
        engine_version=result.engine_version,
        analyzed_at=at,
    )


# Interview ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InterviewJobInput:
    session_id: str
    data: InterviewInput


def interview_input(
    session: Session, company_id: str, candidate_id: str, session_id: str
) -> InterviewJobInput | None:
    """What the interview job analyses, or None when there is nothing (left) to do."""
    candidate = candidates.get(session, company_id, candidate_id)
    if candidate is None or candidate.status != "interviewed":
        return None
    if repository.has_interview(session, company_id, candidate_id):
        return None
    return _interview_input(session, candidate, session_id)


def _interview_input(
    session: Session, candidate: Candidate, session_id: str
) -> InterviewJobInput | None:
    found = interviews.questions_and_answers(session, candidate.company_id, session_id)
    if found is None:
        return None
    questions, answers = found
    position = job_positions.require(session, candidate.company_id, candidate.job_position_id)
    data = InterviewInput(
        questions=[(q.id, q.text) for q in questions],
        answers=answers,
        requirements=[r for r in (position.requirements or []) if r and r.strip()],
        title=position.position,
        description=position.description,
    )
    return InterviewJobInput(session_id, data)


def complete_interview(
    session: Session,
    company_id: str,
    candidate_id: str,
    session_id: str,
    results: Mapping[Language, InterviewResult],
    at: datetime,
) -> bool:
    """Store the analysis; §8.1: an unevaluable interview moves the candidate there."""
    candidate = candidates.get_for_update(session, company_id, candidate_id)
    if candidate is None or candidate.status != "interviewed":
        return False
    if repository.has_interview(session, company_id, candidate_id):
        return False
    for result in results.values():
        repository.add(session, _interview_row(candidate, session_id, result, at))
    primary = results[PRIMARY]
    if not primary.evaluable:
        candidates.change_status(session, candidate, "unevaluable", at)
        return True
    candidate.interview_score, candidate.updated_at = primary.score, at
    events.emit(
        session,
        company_id,
        events.ANALYSIS_READY,
        {
            "candidateId": candidate.id,
            "jobPositionId": candidate.job_position_id,
            "analysisType": "interview",
            "interviewScore": primary.score,
        },
        at,
    )
    return True


def fail_interview(session: Session, company_id: str, candidate_id: str, at: datetime) -> None:
    """§8.1: retries exhausted, so the interviewed candidate becomes `failed`."""
    candidate = candidates.get_for_update(session, company_id, candidate_id)
    if candidate is None or candidate.status != "interviewed":
        return
    if not repository.has_interview(session, company_id, candidate_id):
        candidates.change_status(session, candidate, "failed", at)


def interview_view(
    session: Session,
    candidate: Candidate,
    language: Language,
    engine: AnalysisEngine,
    at: datetime,
) -> InterviewAnalysis | None:
    """The evaluable analysis in `language` (produced once if missing and the engine is fast),
    or None while there is none; a shown analysis marks the candidate's as viewed."""
    primary = repository.interview(session, candidate.company_id, candidate.id, PRIMARY)
    if primary is None or not primary.evaluable:
        return None
    row = primary
    if language != PRIMARY:
        row = _interview_in(session, candidate, primary, language, engine, at)
    if not candidate.analysis_viewed:
        locked = candidates.get_for_update(session, candidate.company_id, candidate.id)
        if locked is not None and not locked.analysis_viewed:
            locked.analysis_viewed, locked.analysis_viewed_at = True, at
            session.flush()
    return row


def _interview_in(
    session: Session,
    candidate: Candidate,
    primary: InterviewAnalysis,
    language: Language,
    engine: AnalysisEngine,
    at: datetime,
) -> InterviewAnalysis:
    row = repository.interview(session, candidate.company_id, candidate.id, language)
    if row is not None or not engine.is_fast:
        return row or primary
    found = _interview_input(session, candidate, primary.session_id)
    if found is None:
        return primary
    result = engine.analyze_interview(found.data, language)
    row = _interview_row(candidate, primary.session_id, result, at)
    if not repository.add_cached(session, row):
        return repository.interview(session, candidate.company_id, candidate.id, language) or row
    return row


def _interview_row(
    candidate: Candidate, session_id: str, result: InterviewResult, at: datetime
) -> InterviewAnalysis:
    return InterviewAnalysis(
        candidate_id=candidate.id,
        language=result.language,
        company_id=candidate.company_id,
        session_id=session_id,
        evaluable=result.evaluable,
        score=result.score,
        summary=result.summary,
        strengths=list(result.strengths),
        concerns=list(result.concerns),
        recommendation=result.recommendation,
        questions=[
            {
                "questionId": q.question_id,
                "question": q.question,
                "answer": q.answer,
                "score": q.score,
                "feedback": q.feedback,
            }
            for q in result.questions
        ],
        engine_name=result.engine_name,
        engine_version=result.engine_version,
        analyzed_at=at,
    )
