"""Bulk import routes (contract §7). Included before the candidates router, so that
`/candidates/bulk/{jobId}` is not taken for `/candidates/{candidateId}`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from panelist.bulk_imports import service
from panelist.bulk_imports.schemas import (
    BulkImportAcceptedOut,
    BulkImportCreate,
    BulkImportOut,
    to_wire,
    to_wire_accepted,
)
from panelist.http.docs import doc
from panelist.http.pipeline import Call, Endpoint, MiB, Result, execute
from panelist.http.scopes import Category, Scope

router = APIRouter(tags=["Candidates"])

CREATE = Endpoint(
    scope=Scope.WRITE_CANDIDATES,
    category=Category.BULK,
    idempotent=True,
    body=True,
    body_limit=64 * MiB,
)
READ = Endpoint(scope=Scope.READ_CANDIDATES, category=Category.READS)


def _create(call: Call, session: Session) -> Result:
    body = call.body_as(BulkImportCreate)
    bulk = service.start(session, call.company_id, body, call.services.clock.now())
    return Result(to_wire_accepted(bulk), status=202)


@router.post(
    "/candidates/bulk",
    **doc(
        CREATE,
        BulkImportAcceptedOut,
        body=BulkImportCreate,
        status=202,
        not_found=True,
        conflicts="IDEMPOTENCY_CONFLICT",
    ),
)
async def create_bulk_import(request: Request) -> Response:
    """Queue up to 500 candidates for import into one job position; every row is validated first."""
    return await execute(request, CREATE, _create)


def _progress(call: Call, session: Session) -> Result:
    bulk = service.require(session, call.company_id, call.path_params["jobId"])
    return Result(to_wire(bulk, service.outcomes(session, bulk)))


@router.get("/candidates/bulk/{jobId}", **doc(READ, BulkImportOut, not_found=True))
async def get_bulk_import(request: Request) -> Response:
    """Get a bulk import's progress and the outcome of every row processed so far."""
    return await execute(request, READ, _progress)
