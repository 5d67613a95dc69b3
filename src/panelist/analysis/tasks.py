"""Analysis jobs: `analysis.cv` (bulk rows, CV uploads, slow engines) and `analysis.interview`
(queued when an interview is completed).

Stepwise, so that a slow engine's network call never holds a database transaction open: read
the input, call the engine outside any transaction, then store in one `ctx.transaction()`
that re-checks (see `service`) that the result is still wanted. An engine failure is retried
with the worker's backoff; when retries are exhausted `on_failed` applies §8.1.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from panelist.analysis import service
from panelist.analysis.engine import LANGUAGES, AnalysisEngine, AnalysisFailed, Language
from panelist.analysis.engines import engine_for
from panelist.candidates import service as candidates
from panelist.jobs.worker import JobContext, JobKind, PermanentJobError


def _candidate(ctx: JobContext) -> tuple[str, str]:
    company_id, candidate_id = ctx.job.company_id, ctx.job.payload.get("candidateId")
    if company_id is None or not isinstance(candidate_id, str):
        raise PermanentJobError("analysis job without company or candidateId")
    return company_id, candidate_id


def _languages(engine: AnalysisEngine) -> tuple[Language, ...]:
    # A fast engine produces other languages on first request; a slow one cannot, so its job
    # writes every language now.
    return (service.PRIMARY,) if engine.is_fast else LANGUAGES


def run_cv(ctx: JobContext) -> None:
    company_id, candidate_id = _candidate(ctx)
    engine = engine_for(ctx.services.settings)
    with ctx.services.db.read() as session:
        candidate = candidates.get(session, company_id, candidate_id)
        if candidate is None or candidate.cv_analysis_status != "pending":
            return
        data = service.cv_input(session, candidate)
    try:
        results = {lang: engine.analyze_cv(data, lang) for lang in _languages(engine)}
    except AnalysisFailed as exc:
        if not exc.retryable:
            raise PermanentJobError(str(exc)) from None
        raise
    with ctx.transaction() as session:
        service.complete_cv(
            session, company_id, candidate_id, data.cv_text, results, ctx.services.clock.now()
        )


def cv_failed(ctx: JobContext, session: Session, error: str) -> None:
    company_id, candidate_id = _candidate(ctx)
    service.fail_cv(session, company_id, candidate_id, ctx.services.clock.now())


def run_interview(ctx: JobContext) -> None:
    company_id, candidate_id = _candidate(ctx)
    session_id = ctx.job.payload.get("sessionId")
    if not isinstance(session_id, str):
        raise PermanentJobError("interview analysis job without sessionId")
    engine = engine_for(ctx.services.settings)
    with ctx.services.db.read() as session:
        found = service.interview_input(session, company_id, candidate_id, session_id)
    if found is None:
        return
    try:
        results = {lang: engine.analyze_interview(found.data, lang) for lang in _languages(engine)}
    except AnalysisFailed as exc:
        if not exc.retryable:
            raise PermanentJobError(str(exc)) from None
        raise
    with ctx.transaction() as session:
        service.complete_interview(
            session, company_id, candidate_id, session_id, results, ctx.services.clock.now()
        )


def interview_failed(ctx: JobContext, session: Session, error: str) -> None:
    company_id, candidate_id = _candidate(ctx)
    service.fail_interview(session, company_id, candidate_id, ctx.services.clock.now())


KINDS = [
    JobKind(service.CV_JOB, stepwise=run_cv, on_failed=cv_failed),
    JobKind(service.INTERVIEW_JOB, stepwise=run_interview, on_failed=interview_failed),
]
