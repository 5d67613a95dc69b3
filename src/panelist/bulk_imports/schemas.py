"""Wire shapes of bulk imports (contract §7, `POST /v1/candidates/bulk` and its progress route)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from panelist.bulk_imports.models import BulkImport
from panelist.candidates.schemas import CandidateFields
from panelist.kit.timefmt import iso

MAX_ROWS = 500

BulkStatus = Literal["queued", "processing", "completed", "failed"]
RowStatus = Literal["created", "duplicate", "failed"]


class BulkImportCreate(BaseModel):
    """Every row is validated here, before anything is stored: one bad row rejects the batch."""

    model_config = ConfigDict(extra="forbid", strict=True)

    jobPositionId: str
    candidates: Annotated[list[CandidateFields], Field(min_length=1, max_length=MAX_ROWS)]
    skipAnalysis: bool = False


class BulkImportAcceptedOut(BaseModel):
    jobId: str
    status: BulkStatus
    total: int


class BulkRowResultOut(BaseModel):
    index: int
    email: str
    status: RowStatus
    candidateId: str | None
    error: str | None


class BulkImportOut(BaseModel):
    jobId: str
    jobPositionId: str
    status: BulkStatus
    total: int
    processed: int
    created: int
    duplicates: int
    failed: int
    results: list[BulkRowResultOut] = Field(
        description="Rows that have an outcome, by index; rows still pending are not listed."
    )
    createdAt: str
    startedAt: str | None
    completedAt: str | None


def to_wire_accepted(bulk: BulkImport) -> dict[str, Any]:
    return {"jobId": bulk.id, "status": bulk.status, "total": bulk.total}


def to_wire(bulk: BulkImport, outcomes: Iterable[Any]) -> dict[str, Any]:
    """`outcomes` are rows with `index, email, status, candidate_id, error` (no input data)."""
    return {
        "jobId": bulk.id,
        "jobPositionId": bulk.job_position_id,
        "status": bulk.status,
        "total": bulk.total,
        "processed": bulk.processed,
        "created": bulk.created,
        "duplicates": bulk.duplicates,
        "failed": bulk.failed,
        "results": [
            {
                "index": row.index,
                "email": row.email,
                "status": row.status,
                "candidateId": row.candidate_id,
                "error": row.error,
            }
            for row in outcomes
        ],
        "createdAt": iso(bulk.created_at),
        "startedAt": iso(bulk.started_at),
        "completedAt": iso(bulk.completed_at),
    }


def completion_event(bulk: BulkImport) -> dict[str, Any]:
    """The `bulk_import_complete` payload (contract §8.4)."""
    return {
        "jobId": bulk.id,
        "jobPositionId": bulk.job_position_id,
        "status": bulk.status,
        "total": bulk.total,
        "created": bulk.created,
        "duplicates": bulk.duplicates,
        "failed": bulk.failed,
    }
