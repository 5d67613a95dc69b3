"""Bulk import use cases: accept a batch (request side), import it chunk by chunk (worker side).

Services never commit. Each chunk runs in one transaction that also moves its rows out of
`pending` and updates the counters, so a worker killed at any moment leaves every row either
untouched or fully imported, and the job resumes where the last committed chunk ended.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from panelist.bulk_imports import repository
from panelist.bulk_imports.models import BulkImport
from panelist.bulk_imports.repository import PendingRow, RowOutcome
from panelist.bulk_imports.schemas import BulkImportCreate, completion_event
from panelist.candidates import service as candidates
from panelist.candidates.schemas import CandidateFields
from panelist.errors import ApiError, DuplicateCandidate, NotFound
from panelist.events import service as events
from panelist.job_positions import service as job_positions
from panelist.jobs import queue
from panelist.kit.ids import new_id

RUN_KIND = "bulk_import.run"
# Run by the analysis domain's task; queued here so a bulk import gets the same CV analysis as
# a single import.
ANALYSIS_CV_KIND = "analysis.cv"
IMPORT_SOURCE = "api"
TERMINAL = ("completed", "failed")


# Request side ------------------------------------------------------------------------------


def start(session: Session, company_id: str, body: BulkImportCreate, at: datetime) -> BulkImport:
    """Store the batch and queue its job, in the request's transaction."""
    job_positions.require(session, company_id, body.jobPositionId)
    bulk = BulkImport(
        id=new_id("bulk_"),
        company_id=company_id,
        job_position_id=body.jobPositionId,
        status="queued",
        skip_analysis=body.skipAnalysis,
        total=len(body.candidates),
        processed=0,
        created=0,
        duplicates=0,
        failed=0,
        created_at=at,
        started_at=None,
        completed_at=None,
    )
    rows = [
        {
            "bulk_import_id": bulk.id,
            "index": index,
            "email": fields.email,
            "data": fields.model_dump(),
            "status": repository.PENDING,
            "candidate_id": None,
            "error": None,
        }
        for index, fields in enumerate(body.candidates)
    ]
    repository.add(session, bulk, rows)
    queue.enqueue(session, RUN_KIND, {"bulkImportId": bulk.id}, at=at, company_id=company_id)
    return bulk


def require(session: Session, company_id: str, import_id: str) -> BulkImport:
    bulk = repository.get(session, company_id, import_id)
    if bulk is None:
        raise NotFound("Bulk import job not found.")
    return bulk


def outcomes(session: Session, bulk: BulkImport) -> list[RowOutcome]:
    return repository.outcomes(session, bulk.id)


# Worker side -------------------------------------------------------------------------------


def import_next_chunk(
    session: Session, company_id: str, import_id: str, *, size: int, at: datetime
) -> bool:
    """Import the next `size` pending rows; True once the import is finished.

    The import row is locked first, so the rows re-read below are exactly those no other
    transaction has imported, and the final transition (with its event) happens once.
    """
    bulk = repository.get_for_update(session, company_id, import_id)
    if bulk is None or bulk.status in TERMINAL:
        return True
    if bulk.status == "queued":
        bulk.status, bulk.started_at = "processing", at
    rows = repository.pending_chunk(session, bulk.id, size)
    if not rows:
        _finish(session, bulk, "completed", at)
        return True
    results = _import_rows(session, bulk, rows, at)
    repository.record_outcomes(session, results)
    for result in results:
        if result["status"] == "created":
            bulk.created += 1
        elif result["status"] == "duplicate":
            bulk.duplicates += 1
        else:
            bulk.failed += 1
    bulk.processed += len(results)
    return False


def fail(session: Session, company_id: str, import_id: str, at: datetime) -> None:
    """The job gave up (retries exhausted): the import ends `failed`, its event fires once."""
    bulk = repository.get_for_update(session, company_id, import_id)
    if bulk is not None and bulk.status not in TERMINAL:
        _finish(session, bulk, "failed", at)


def _finish(session: Session, bulk: BulkImport, status: str, at: datetime) -> None:
    bulk.status, bulk.completed_at = status, at
    events.emit(session, bulk.company_id, events.BULK_IMPORT_COMPLETE, completion_event(bulk), at)


def _import_rows(
    session: Session, bulk: BulkImport, rows: list[PendingRow], at: datetime
) -> list[dict[str, Any]]:
    emails = {row.email for row in rows}
    # Two queries per chunk instead of one per row: emails of earlier rows of this batch (the
    # first occurrence wins) and emails the position already has.
    taken = repository.emails_before(session, bulk.id, rows[0].index, emails)
    taken |= repository.existing_candidate_emails(
        session, bulk.company_id, bulk.job_position_id, emails
    )
    results = []
    # Inserting in email order makes concurrent chunks that share emails (two imports into one
    # position on PostgreSQL) wait on each other's unique-index entries in the same order, so
    # they never deadlock; ties keep index order, so the first occurrence still wins.
    for row in sorted(rows, key=lambda r: (r.email, r.index)):
        outcome = _import_row(session, bulk, row, taken, at)
        results.append({"bulk_import_id": bulk.id, "index": row.index, **outcome})
    return results


def _import_row(
    session: Session, bulk: BulkImport, row: PendingRow, taken: set[str], at: datetime
) -> dict[str, Any]:
    email = row.email.lower()
    if email in taken:
        return _outcome("duplicate")
    taken.add(email)
    # Validated when the batch was accepted (in the transaction that stored it): no second
    # pass through the email validator.
    fields = CandidateFields.model_construct(**row.data)
    try:
        candidate = candidates.create(
            session,
            bulk.company_id,
            bulk.job_position_id,
            fields,
            import_source=IMPORT_SOURCE,
            skip_analysis=bulk.skip_analysis,
            at=at,
        )
    except DuplicateCandidate:
        # A concurrent single import took the email after our pre-check; create() inserts in
        # a savepoint, so only this row is undone.
        return _outcome("duplicate")
    except ApiError as exc:
        return _outcome("failed", error=exc.message)
    if not bulk.skip_analysis and not candidate.imported_without_cv:
        queue.enqueue(
            session,
            ANALYSIS_CV_KIND,
            {"candidateId": candidate.id},
            at=at,
            company_id=bulk.company_id,
        )
    return _outcome("created", candidate_id=candidate.id)


def _outcome(
    status: str, *, candidate_id: str | None = None, error: str | None = None
) -> dict[str, Any]:
    return {"status": status, "candidate_id": candidate_id, "error": error}
