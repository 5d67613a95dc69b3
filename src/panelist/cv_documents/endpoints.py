"""CV document routes (contract §7): upload (write:candidates, writes), signed link
(read:candidates, storage) and the download behind the link (no API key: the signature is the
credential)."""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from panelist.candidates import service as candidates
from panelist.candidates.schemas import CandidateDetailOut, CandidateRefQuery, to_wire_detail
from panelist.cv_documents import service
from panelist.cv_documents.extract import extract
from panelist.cv_documents.form import parse_form
from panelist.errors import validation_error
from panelist.http.docs import ErrorEnvelope, doc
from panelist.http.pipeline import Call, Endpoint, MiB, Result, execute
from panelist.http.scopes import Category, Scope
from panelist.http.services import AppServices
from panelist.storage import storage_for

router = APIRouter(tags=["Candidate analysis"])

UPLOAD = Endpoint(
    scope=Scope.WRITE_CANDIDATES, category=Category.WRITES, raw_body=True, body_limit=11 * MiB
)
LINK = Endpoint(scope=Scope.READ_CANDIDATES, category=Category.STORAGE)


class UploadFields(BaseModel):
    """The form fields (or query parameters) of an upload, besides `file`."""

    model_config = ConfigDict(extra="ignore")

    jobPositionId: str
    skipAnalysis: Literal["true", "false"] = "false"


class CvDocumentOut(BaseModel):
    available: bool
    fileName: str | None = None
    contentType: str | None = None
    sizeBytes: int | None = None
    url: str | None = None
    expiresAt: str | None = None


def _upload(call: Call, session: Session) -> Result:
    form = parse_form(call.extra["content_type"], call.extra["raw_body"])
    call.query = {**call.query, **form.fields}  # a form field wins over the same query name
    fields = call.query_as(UploadFields)
    file = form.files.get("file")
    if file is None:
        raise validation_error("file", "Attach the CV as the `file` part.")
    extracted = extract(file.data, file.file_name, file.content_type)
    candidate = candidates.require(
        session, call.company_id, call.path_params["candidateId"], fields.jobPositionId
    )
    service.upload(
        session,
        storage_for(call.services.settings),
        candidate,
        file,
        extracted,
        skip_analysis=fields.skipAnalysis == "true",
        at=call.services.clock.now(),
    )
    return Result(to_wire_detail(candidate))


_UPLOAD_DOC = doc(
    UPLOAD, CandidateDetailOut, query=UploadFields, not_found=True, extra_errors=(413,)
)
_UPLOAD_DOC["openapi_extra"]["requestBody"] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "jobPositionId": {"type": "string"},
                    "skipAnalysis": {"type": "string", "enum": ["true", "false"]},
                },
            }
        }
    },
}


@router.post("/candidates/{candidateId}/cv-document", **_UPLOAD_DOC)
async def upload_cv_document(request: Request) -> Response:
    """Upload a CV file (PDF, DOCX or plain text, ≤ 10 MiB) as multipart field `file`."""
    return await execute(request, UPLOAD, _upload)


def _link(call: Call, session: Session) -> Result:
    ref = call.query_as(CandidateRefQuery)
    candidate = candidates.require(
        session, call.company_id, call.path_params["candidateId"], ref.jobPositionId
    )
    settings = call.services.settings
    return Result(
        service.describe(
            session,
            candidate,
            call.services.secret,
            settings.public_base_url,
            call.services.clock.now(),
        )
    )


@router.get(
    "/candidates/{candidateId}/cv-document",
    **doc(LINK, CvDocumentOut, query=CandidateRefQuery, not_found=True),
)
async def get_cv_document(request: Request) -> Response:
    """Get a signed download link (valid 15 minutes) for the candidate's stored CV file."""
    return await execute(request, LINK, _link)


def _download(services: AppServices, document_id: str, request: Request) -> Response:
    with services.db.read() as session:
        found = service.download(
            session,
            storage_for(services.settings),
            services.secret,
            document_id,
            expires=request.query_params.get("expires"),
            signature=request.query_params.get("signature"),
            now=services.clock.now(),
        )
    return Response(
        found.data,
        media_type=found.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.file_name)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/cv-documents/{documentId}",
    responses={
        200: {"description": "The file's exact bytes", "content": {"application/octet-stream": {}}},
        410: {"model": ErrorEnvelope, "description": "SESSION_EXPIRED: stale or tampered link"},
    },
)
async def download_cv_document(request: Request, documentId: str) -> Response:
    """Download a stored CV through a signed link (no API key needed)."""
    return await run_in_threadpool(_download, request.app.state.services, documentId, request)
