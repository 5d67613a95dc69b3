"""Interview sessions as the candidate uses them (contract §8.2, §9), and the session rules
other domains rely on: DELETE's ACTIVE_SESSION check and the expiry sweep. Services never
commit: the caller's transaction does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from panelist.candidates import service as candidates
from panelist.errors import (
    ActiveSession,
    NotFound,
    SessionCompleted,
    SessionExpired,
    validation_error,
)
from panelist.interviews import repository
from panelist.interviews.models import InterviewSession
from panelist.interviews.questions import Question, language_of, questions_for
from panelist.interviews.tokens import hash_token
from panelist.job_positions import service as job_positions
from panelist.jobs import queue

MAX_ANSWER_CHARS = 10_000
OPEN = ("pending", "in_progress")
ANALYSIS_JOB = "analysis.interview"


@dataclass(frozen=True, slots=True)
class InterviewView:
    session_id: str
    status: str
    expires_at: datetime
    candidate_first_name: str
    position_title: str
    language: str
    questions: list[Question]
    answers: dict[str, str]


# Candidate-facing use cases ---------------------------------------------------------------


def view(session: Session, secret: bytes, token: str, now: datetime) -> InterviewView:
    """The interview behind a link; completed interviews stay readable (thank-you page)."""
    record = _resolve(session, secret, token, now, lock=False)
    position = job_positions.require(session, record.company_id, record.job_position_id)
    candidate = candidates.require(session, record.company_id, record.candidate_id)
    return InterviewView(
        session_id=record.id,
        status=record.status,
        expires_at=record.expires_at,
        candidate_first_name=candidate.first_name,
        position_title=position.position,
        language=language_of(position),
        questions=questions_for(position),
        answers=repository.answers(session, record.id),
    )


def save_answers(
    session: Session,
    secret: bytes,
    token: str,
    answers: Mapping[str, str],
    now: datetime,
    *,
    ignore_unknown: bool = False,
) -> InterviewSession:
    """Save answers by question id; an empty (or blank) answer clears the saved one.

    The HTML form passes `ignore_unknown` so that a question removed from the position while
    the page was open does not make the whole form fail; the JSON route answers 404.
    """
    record = _resolve(session, secret, token, now, lock=True)
    known = _question_ids(session, record)
    if not ignore_unknown and any(qid not in known for qid in answers):
        raise NotFound("Question not found.")  # check 11 of §2 comes before the 409 of 12
    _require_answerable(record)
    _save(session, record, known, answers, now)
    return record


def complete(session: Session, secret: bytes, token: str, now: datetime) -> InterviewSession:
    record = _resolve(session, secret, token, now, lock=True)
    _require_answerable(record)
    _complete(session, record, now)
    return record


def submit(
    session: Session, secret: bytes, token: str, answers: Mapping[str, str], now: datetime
) -> InterviewSession:
    """Save the form's last answers and complete, in one transaction (the page's submit)."""
    record = _resolve(session, secret, token, now, lock=True)
    _require_answerable(record)
    _save(session, record, _question_ids(session, record), answers, now)
    _complete(session, record, now)
    return record


# Rules for other domains -------------------------------------------------------------------


def is_active(session: Session, company_id: str, candidate_id: str, now: datetime) -> bool:
    """Contract §8.2: pending or in progress, and not past `expiresAt` (swept or not)."""
    return any(
        record.expires_at > now
        for record in repository.open_for_candidate(session, company_id, candidate_id)
    )


def revoke_for_candidate(
    session: Session, company_id: str, candidate_id: str, at: datetime
) -> list[InterviewSession]:
    revoked = [
        record
        for record in repository.for_candidate(session, company_id, candidate_id, lock=True)
        if record.status in OPEN
    ]
    for record in revoked:
        record.status, record.revoked_at, record.updated_at = "revoked", at, at
    session.flush()
    return revoked


def release_for_deletion(
    session: Session,
    company_id: str,
    candidate_id: str,
    *,
    force: bool,
    at: datetime,
    link_ttl: timedelta,
) -> None:
    """DELETE candidate's rule: refuse while a session is active unless forced; then revoke.

    Deleting the candidate cascades its sessions away, so each of its links leaves a tombstone
    to keep answering 410 SESSION_EXPIRED instead of 404. A tombstone is kept for one link TTL
    past the later of the link's own expiry and now, then purged (`purge_tombstones`).
    """
    if not force and is_active(session, company_id, candidate_id, at):
        raise ActiveSession()
    revoke_for_candidate(session, company_id, candidate_id, at)
    for record in repository.for_candidate(session, company_id, candidate_id):
        purge_after = max(record.expires_at, at) + link_ttl
        repository.add_tombstone(session, record.token_hash, company_id, at, purge_after)
    session.flush()


def purge_tombstones(session: Session, now: datetime, limit: int) -> int:
    """Drop up to `limit` tombstones past their `purge_after`; such links then answer 404."""
    return repository.purge_tombstones(session, now, limit)


def expire_due(session: Session, now: datetime, limit: int) -> int:
    """Expire up to `limit` open sessions past `expiresAt` and apply §8.1 to their candidates.

    Idempotent: an expired session is no longer open, so a second run finds nothing to do.
    """
    records = repository.due_for_expiry(session, now, limit)
    for record in records:
        started = record.status == "in_progress"
        record.status, record.updated_at = "expired", now
        candidate = candidates.get_for_update(session, record.company_id, record.candidate_id)
        # Only `invited` has an expiry transition; any other status is not the sweep's to move.
        if candidate is not None and candidate.status == "invited":
            candidates.change_status(session, candidate, "failed" if started else "expired", now)
    session.flush()
    return len(records)


# Internals ---------------------------------------------------------------------------------


def _resolve(
    session: Session, secret: bytes, token: str, now: datetime, *, lock: bool
) -> InterviewSession:
    token_hash = hash_token(secret, token)
    find = repository.by_token_hash_for_update if lock else repository.by_token_hash
    record = find(session, token_hash)
    if record is None:
        if repository.has_tombstone(session, token_hash):
            raise SessionExpired("This interview link is no longer valid.")
        raise NotFound("Interview session not found.")
    if record.status == "revoked":
        raise SessionExpired("This interview link is no longer valid.")
    # Past `expiresAt` counts as expired even before the sweep has caught up.
    if record.status == "expired" or (record.status in OPEN and now >= record.expires_at):
        raise SessionExpired()
    return record


def _require_answerable(record: InterviewSession) -> None:
    if record.status == "completed":
        raise SessionCompleted()


def _question_ids(session: Session, record: InterviewSession) -> set[str]:
    position = job_positions.require(session, record.company_id, record.job_position_id)
    return {q.id for q in questions_for(position)}


def _save(
    session: Session,
    record: InterviewSession,
    known: set[str],
    answers: Mapping[str, str],
    now: datetime,
) -> None:
    """Answers to questions not in `known` are skipped (the caller decided whether that is an
    error)."""
    for question_id, answer in answers.items():
        if question_id not in known:
            continue
        if len(answer) > MAX_ANSWER_CHARS:
            raise validation_error("answer", f"At most {MAX_ANSWER_CHARS} characters.")
        if answer.strip():
            repository.save_answer(session, record.id, question_id, answer, now)
            if record.status == "pending":
                record.status, record.started_at = "in_progress", now
        else:
            repository.clear_answer(session, record.id, question_id)
    record.updated_at = now
    session.flush()


def _complete(session: Session, record: InterviewSession, now: datetime) -> None:
    record.status, record.completed_at, record.updated_at = "completed", now, now
    candidate = candidates.get_for_update(session, record.company_id, record.candidate_id)
    if candidate is not None and candidate.status == "invited":
        candidate.interviewed_at = now
        candidates.change_status(session, candidate, "interviewed", now)
    queue.enqueue(
        session,
        ANALYSIS_JOB,
        {"candidateId": record.candidate_id, "sessionId": record.id},
        at=now,
        company_id=record.company_id,
    )
    session.flush()


# For the interview analysis ----------------------------------------------------------------


def questions_and_answers(
    session: Session, company_id: str, session_id: str
) -> tuple[list[Question], dict[str, str]] | None:
    """The questions of a session's position and the answers saved in that session."""
    record = repository.get(session, company_id, session_id)
    if record is None:
        return None
    position = job_positions.require(session, company_id, record.job_position_id)
    return questions_for(position), repository.answers(session, record.id)
