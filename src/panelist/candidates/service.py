"""Candidate use cases. Services never commit: the request's transaction does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.candidates import repository
from panelist.candidates.models import Candidate
from panelist.candidates.schemas import CandidateCreate, CandidateFields, CandidateUpdate
from panelist.errors import DuplicateCandidate, NotFound, validation_error
from panelist.events import service as events
from panelist.job_positions import service as job_positions
from panelist.jobs import queue
from panelist.kit.ids import new_id

_NOT_NULL = ("firstName", "lastName", "email")
# Run by the analysis domain's task; queued by imports that bring a CV.
CV_ANALYSIS_JOB = "analysis.cv"


def require(
    session: Session, company_id: str, candidate_id: str, position_id: str | None = None
) -> Candidate:
    candidate = repository.get(session, company_id, candidate_id)
    if candidate is None or (position_id is not None and candidate.job_position_id != position_id):
        raise NotFound("Candidate not found.")
    return candidate


def create(
    session: Session,
    company_id: str,
    position_id: str,
    fields: CandidateFields,
    *,
    import_source: str,
    skip_analysis: bool,
    at: datetime,
) -> Candidate:
    """Create one candidate and its `candidate_status_changed` event in the caller's transaction."""
    job_positions.require(session, company_id, position_id)
    if repository.email_taken(session, company_id, position_id, fields.email):
        raise DuplicateCandidate()
    has_cv = bool(fields.cvText and fields.cvText.strip())
    candidate = Candidate(
        id=new_id("cand_"),
        company_id=company_id,
        job_position_id=position_id,
        first_name=fields.firstName,
        last_name=fields.lastName,
        email=fields.email,
        phone=fields.phone,
        notes=fields.notes,
        cv_text=fields.cvText,
        status="new",
        analysis_viewed=False,
        import_source=import_source,
        imported_without_cv=not has_cv,
        # The analysis engine fills the score; until it has run the analysis is pending.
        cv_analysis_status="pending" if has_cv and not skip_analysis else "not_requested",
        upsides=[],
        shortcomings=[],
        created_at=at,
        updated_at=at,
    )
    _insert_unique(session, candidate)
    events.status_changed(
        session,
        company_id=company_id,
        candidate_id=candidate.id,
        job_position_id=position_id,
        status="new",
        previous=None,
        at=at,
    )
    return candidate


def create_many(
    session: Session,
    company_id: str,
    position_id: str,
    rows: Sequence[CandidateFields],
    *,
    import_source: str,
    skip_analysis: bool,
    at: datetime,
) -> list[str | None]:
    """Create many candidates of one position; per row, the new candidate's id, or None when
    the row is a duplicate (the position has the email, or an earlier row of `rows` has it).

    As `create` for each new candidate (its `candidate_status_changed` event), plus a CV
    analysis job for a row with a CV unless `skip_analysis`; but one query for the existing
    emails and one executemany each for candidates, events and jobs instead of a few
    statements per row. Should a concurrent insert take an email after the check (PostgreSQL),
    the batch is redone row by row, each in a savepoint, so only that row becomes a duplicate.
    """
    job_positions.require(session, company_id, position_id)
    taken = repository.emails_in_position(session, company_id, position_id, {r.email for r in rows})
    ids: list[str | None] = [None] * len(rows)
    new: list[tuple[int, CandidateFields]] = []
    # In email order, so concurrent batches sharing emails (PostgreSQL) take their unique-index
    # entries in the same order and never deadlock; ties keep input order (first one wins).
    for position, fields in sorted(enumerate(rows), key=lambda item: (item[1].email, item[0])):
        if fields.email not in taken:
            taken.add(fields.email)
            new.append((position, fields))
    values = [
        _columns(company_id, position_id, f, import_source, skip_analysis, at) for _, f in new
    ]
    try:
        with session.begin_nested():
            repository.add_many(session, values)
    except sa.exc.IntegrityError:
        return _create_one_by_one(
            session, company_id, position_id, rows, new, import_source, skip_analysis, at
        )
    for (position, _), row in zip(new, values, strict=True):
        ids[position] = row["id"]
    _after_create(session, company_id, position_id, values, at)
    return ids


def _columns(
    company_id: str,
    position_id: str,
    fields: CandidateFields,
    import_source: str,
    skip_analysis: bool,
    at: datetime,
) -> dict[str, Any]:
    """A new candidate's row, exactly as `create` builds it."""
    has_cv = bool(fields.cvText and fields.cvText.strip())
    return {
        "id": new_id("cand_"),
        "company_id": company_id,
        "job_position_id": position_id,
        "first_name": fields.firstName,
        "last_name": fields.lastName,
        "email": fields.email,
        "phone": fields.phone,
        "notes": fields.notes,
        "cv_text": fields.cvText,
        "status": "new",
        "cv_score": None,
        "interview_score": None,
        "analysis_viewed": False,
        "analysis_viewed_at": None,
        "import_source": import_source,
        "ai_evaluation": None,
        "upsides": [],
        "shortcomings": [],
        "cv_analysis_status": "pending" if has_cv and not skip_analysis else "not_requested",
        "imported_without_cv": not has_cv,
        "original_cv_file_name": None,
        "session_id": None,
        "invited_at": None,
        "interviewed_at": None,
        "decided_at": None,
        "decision_reason": None,
        "decided_by_key_id": None,
        "created_at": at,
        "updated_at": at,
    }


def _after_create(
    session: Session, company_id: str, position_id: str, rows: list[dict[str, Any]], at: datetime
) -> None:
    events.status_changed_many(
        session,
        company_id=company_id,
        job_position_id=position_id,
        changes=[(row["id"], "new", None) for row in rows],
        at=at,
    )
    queue.enqueue_many(
        session,
        CV_ANALYSIS_JOB,
        [{"candidateId": row["id"]} for row in rows if row["cv_analysis_status"] == "pending"],
        at=at,
        company_id=company_id,
    )


def _create_one_by_one(
    session: Session,
    company_id: str,
    position_id: str,
    rows: Sequence[CandidateFields],
    new: list[tuple[int, CandidateFields]],
    import_source: str,
    skip_analysis: bool,
    at: datetime,
) -> list[str | None]:
    ids: list[str | None] = [None] * len(rows)
    created = []
    for position, fields in new:
        row = _columns(company_id, position_id, fields, import_source, skip_analysis, at)
        try:
            with session.begin_nested():
                repository.add_many(session, [row])
        except sa.exc.IntegrityError:
            continue  # taken by a concurrent insert since the check: a duplicate
        ids[position] = row["id"]
        created.append(row)
    _after_create(session, company_id, position_id, created, at)
    return ids


def create_from_api(
    session: Session, company_id: str, body: CandidateCreate, at: datetime
) -> Candidate:
    return create(
        session,
        company_id,
        body.jobPositionId,
        body,
        import_source="api",
        skip_analysis=body.skipAnalysis,
        at=at,
    )


def update_changes(body: CandidateUpdate) -> dict[str, Any]:
    """The fields a PATCH body changes; VALIDATION_ERROR if none, or a required one is null."""
    changes = body.model_dump(include=body.model_fields_set)
    if not changes:
        raise validation_error("body", "Provide at least one field to update.")
    for name in _NOT_NULL:
        if name in changes and changes[name] is None:
            raise validation_error(name, "May not be null.")
    return changes


def update(
    session: Session, candidate: Candidate, body: CandidateUpdate, at: datetime
) -> Candidate:
    changes = update_changes(body)
    email = changes.get("email")
    if (
        email is not None
        and email != candidate.email
        and repository.email_taken(
            session, candidate.company_id, candidate.job_position_id, email, except_id=candidate.id
        )
    ):
        raise DuplicateCandidate()
    columns = {
        "firstName": "first_name",
        "lastName": "last_name",
        "email": "email",
        "phone": "phone",
        "notes": "notes",
    }
    for name, value in changes.items():
        setattr(candidate, columns[name], value)
    candidate.updated_at = at
    try:
        with session.begin_nested():
            session.flush()
    except sa.exc.IntegrityError:
        raise DuplicateCandidate() from None
    return candidate


def delete(session: Session, candidate: Candidate) -> None:
    repository.delete(session, candidate)


def _insert_unique(session: Session, candidate: Candidate) -> None:
    """Insert; a concurrent insert of the same email surfaces as DUPLICATE_CANDIDATE."""
    try:
        with session.begin_nested():
            repository.add(session, candidate)
    except sa.exc.IntegrityError:
        raise DuplicateCandidate() from None


def change_status(session: Session, candidate: Candidate, status: str, at: datetime) -> None:
    """The one way a status changes: the row and its `candidate_status_changed` event together."""
    previous = candidate.status
    if previous == status:
        return
    candidate.status = status
    candidate.updated_at = at
    session.flush()
    events.status_changed(
        session,
        company_id=candidate.company_id,
        candidate_id=candidate.id,
        job_position_id=candidate.job_position_id,
        status=status,
        previous=previous,
        at=at,
    )


def get_for_update(session: Session, company_id: str, candidate_id: str) -> Candidate | None:
    """The candidate row locked for this transaction (worker paths)."""
    return repository.get_for_update(session, company_id, candidate_id)


def get(session: Session, company_id: str, candidate_id: str) -> Candidate | None:
    """The candidate, or None (worker paths that must not raise NOT_FOUND)."""
    return repository.get(session, company_id, candidate_id)
