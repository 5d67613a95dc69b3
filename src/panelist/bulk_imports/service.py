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
from panelist.errors import ApiError, NotFound
from panelist.events import service as events
from panelist.job_positions import service as job_positions
from panelist.jobs import queue
from panelist.kit.ids import new_id

RUN_KIND = "bulk_import.run"
# Queued by `candidates.create_many` for rows with a CV, unless the import skips analysis.
ANALYSIS_CV_KIND = candidates.CV_ANALYSIS_JOB
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
    """Outcomes by row: a duplicate of an earlier chunk's row is settled here (one query);
    `create_many` settles duplicates within the chunk and of the position's candidates."""
    earlier = repository.emails_before(session, bulk.id, rows[0].index, {r.email for r in rows})
    fresh = [row for row in rows if row.email not in earlier]
    outcomes = {row.index: _outcome("duplicate") for row in rows if row.email in earlier}
    try:
        ids = candidates.create_many(
            session,
            bulk.company_id,
            bulk.job_position_id,
            # Validated when the batch was accepted (in the transaction that stored it): no
            # second pass through the email validator.
            [CandidateFields.model_construct(**row.data) for row in fresh],
            import_source=IMPORT_SOURCE,
            skip_analysis=bulk.skip_analysis,
            at=at,
        )
    except ApiError as exc:  # e.g. the position was deleted since the batch was accepted
        outcomes.update({row.index: _outcome("failed", error=exc.message) for row in fresh})
    else:
        for row, candidate_id in zip(fresh, ids, strict=True):
            outcomes[row.index] = (
                _outcome("duplicate")
                if candidate_id is None
                else _outcome("created", candidate_id=candidate_id)
            )
    return [{"bulk_import_id": bulk.id, "index": row.index, **outcomes[row.index]} for row in rows]


def _outcome(
    status: str, *, candidate_id: str | None = None, error: str | None = None
) -> dict[str, Any]:
    return {"status": status, "candidate_id": candidate_id, "error": error}
