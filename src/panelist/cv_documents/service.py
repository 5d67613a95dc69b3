"""CV document use cases: upload (store, extract, re-analyse), signed link, download, delete.

Services never commit. File bytes are written before the transaction commits (and removed
again if it rolls back); old files are removed only after it has committed (`after_commit`),
so a committed row always points at a file that exists.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from panelist.analysis import service as analysis
from panelist.candidates.models import Candidate
from panelist.cv_documents import links, repository
from panelist.cv_documents.extract import Extracted
from panelist.cv_documents.form import Upload
from panelist.cv_documents.models import CvDocument
from panelist.errors import LinkExpired
from panelist.kit.ids import new_id
from panelist.kit.timefmt import iso
from panelist.storage import FileStorage

MAX_NAME_CHARS = 255


def clean_file_name(name: str, content_type: str) -> str:
    """The client's file name without directories or control characters (shown, never used
    as a path)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if not base:
        base = {"application/pdf": "cv.pdf"}.get(content_type, "")
        base = base or ("cv.txt" if content_type.startswith("text/") else "cv.docx")
    return base[-MAX_NAME_CHARS:]


def upload(
    session: Session,
    storage: FileStorage,
    candidate: Candidate,
    file: Upload,
    extracted: Extracted,
    *,
    skip_analysis: bool,
    at: datetime,
) -> Candidate:
    old = repository.for_candidate(session, candidate.company_id, candidate.id)
    if old is not None:
        _forget(session, storage, old)
    document_id = new_id("cvd_")
    key = f"cv/{candidate.company_id}/{document_id}"
    storage.put(key, file.data)
    # If the transaction does not commit, nothing points at the new file: remove it.
    event.listen(session, "after_rollback", lambda _session: storage.delete(key), once=True)
    name = clean_file_name(file.file_name, extracted.content_type)
    repository.add(
        session,
        CvDocument(
            id=document_id,
            candidate_id=candidate.id,
            company_id=candidate.company_id,
            file_name=name,
            content_type=extracted.content_type,
            size_bytes=len(file.data),
            sha256=hashlib.sha256(file.data).hexdigest(),
            storage_key=key,
            created_at=at,
        ),
    )
    candidate.cv_text = extracted.text
    candidate.original_cv_file_name = name
    candidate.imported_without_cv = False
    candidate.updated_at = at
    # The old analysis described the old CV: forget it, and queue the new one unless skipped.
    analysis.reset_cv(session, candidate, pending=not skip_analysis)
    if not skip_analysis:
        analysis.queue_cv(session, candidate, at)
    session.flush()
    return candidate


def delete_for_candidate(
    session: Session, storage: FileStorage, company_id: str, candidate_id: str
) -> None:
    document = repository.for_candidate(session, company_id, candidate_id)
    if document is not None:
        _forget(session, storage, document)


def _forget(session: Session, storage: FileStorage, document: CvDocument) -> None:
    key = document.storage_key
    repository.delete(session, document)
    session.info.setdefault("after_commit", []).append(lambda: storage.delete(key))


def describe(
    session: Session, candidate: Candidate, secret: bytes, base_url: str, now: datetime
) -> dict[str, Any]:
    document = repository.for_candidate(session, candidate.company_id, candidate.id)
    if document is None:
        return {"available": False}
    url, expires = links.make(secret, base_url, document.id, now)
    return {
        "available": True,
        "fileName": document.file_name,
        "contentType": document.content_type,
        "sizeBytes": document.size_bytes,
        "url": url,
        "expiresAt": iso(datetime.fromtimestamp(expires, tz=now.tzinfo)),
    }


@dataclass(frozen=True, slots=True)
class Download:
    file_name: str
    content_type: str
    data: bytes


def download(
    session: Session,
    storage: FileStorage,
    secret: bytes,
    document_id: str,
    *,
    expires: str | None,
    signature: str | None,
    now: datetime,
) -> Download:
    links.verify(secret, document_id, expires, signature, now)
    document = repository.by_id(session, document_id)
    data = storage.get(document.storage_key) if document is not None else None
    if document is None or data is None:
        raise LinkExpired("The file behind this link is no longer available.")
    return Download(document.file_name, document.content_type, data)
