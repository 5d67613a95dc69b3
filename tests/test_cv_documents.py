"""Contract §7 CV upload and signed download: PDF, DOCX and plain text are stored and their
text extracted; other types are VALIDATION_ERROR; the link downloads the exact bytes without a
key for 15 minutes (injected clock) and is refused (410) when stale or tampered with."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from panelist.kit.clock import FrozenClock
from panelist.storage import storage_for
from tests.fixtures.analysis import (
    CV,
    candidate_url,
    create_candidate,
    events_of,
    roomy_tenant,
    run_jobs,
)
from tests.fixtures.documents import make_docx, make_pdf
from tests.fixtures.factories import Tenant

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_LINES = ["Ona Petraitiene - Backend Engineer", "Python, PostgreSQL and Kubernetes since 2015"]


@pytest.fixture
def roomy(services: AppServices) -> Tenant:
    return roomy_tenant(services)


def upload(
    client: TestClient,
    tenant: Tenant,
    candidate_id: str,
    name: str,
    data: bytes,
    content_type: str,
    **fields: str,
) -> httpx.Response:
    form = {"jobPositionId": tenant.position_id, **fields}
    return client.post(
        candidate_url(candidate_id, "/cv-document"),
        headers=tenant.headers,
        data=form,
        files={"file": (name, data, content_type)},
    )


def link_of(client: TestClient, tenant: Tenant, candidate_id: str) -> dict[str, Any]:
    r = client.get(candidate_url(candidate_id, "/cv-document"), headers=tenant.headers)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


@pytest.mark.parametrize(
    ("name", "content_type", "stored_type", "expected"),
    [
        ("ona.pdf", "application/pdf", "application/pdf", "Python, PostgreSQL and Kubernetes"),
        ("ona.docx", DOCX, DOCX, "Kubernetes since 2015"),
        ("ona.txt", "text/plain", "text/plain; charset=utf-8", "Kubernetes since 2015"),
    ],
)
def test_upload_stores_extracts_and_reanalyses(
    client: TestClient,
    services: AppServices,
    roomy: Tenant,
    name: str,
    content_type: str,
    stored_type: str,
    expected: str,
) -> None:
    files = {
        "application/pdf": make_pdf(PDF_LINES),
        DOCX: make_docx(PDF_LINES[:1], table=[["Skills", PDF_LINES[1]]]),
        "text/plain": "\n".join(PDF_LINES).encode(),
    }
    data = files[content_type]
    candidate = create_candidate(client, roomy)
    assert candidate["importedWithoutCv"] is True
    r = upload(client, roomy, candidate["id"], name, data, content_type)
    assert r.status_code == 200, r.text
    detail = r.json()["data"]
    assert expected in detail["cvText"]
    assert detail["originalCvFileName"] == name
    assert detail["importedWithoutCv"] is False
    assert (detail["cvAnalysisStatus"], detail["cvScore"]) == ("pending", None)
    run_jobs(services)
    after = client.get(candidate_url(candidate["id"]), headers=roomy.headers).json()["data"]
    assert after["cvAnalysisStatus"] == "completed"
    assert isinstance(after["cvScore"], int)
    assert len(events_of(services, candidate["id"], "cv_analysis_complete")) == 1

    link = link_of(client, roomy, candidate["id"])
    assert link["available"] is True
    assert (link["fileName"], link["contentType"], link["sizeBytes"]) == (
        name,
        stored_type,
        len(data),
    )
    download = client.get(link["url"])  # no API key
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"].startswith(stored_type.split(";")[0])


def test_no_file_means_not_available(client: TestClient, roomy: Tenant) -> None:
    candidate = create_candidate(client, roomy, cvText=CV)
    assert link_of(client, roomy, candidate["id"]) == {"available": False}


def test_signed_link_expires_after_15_minutes_and_refuses_tampering(
    client: TestClient, services: AppServices, clock: FrozenClock, roomy: Tenant
) -> None:
    candidate = create_candidate(client, roomy)
    data = make_pdf(PDF_LINES)
    assert upload(client, roomy, candidate["id"], "cv.pdf", data, "application/pdf").is_success
    link = link_of(client, roomy, candidate["id"])
    url = link["url"]
    assert url.startswith("http://testserver/v1/cv-documents/cvd_")
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert int(query["expires"]) == int(clock.now().timestamp()) + 900

    def refused(target: str) -> None:
        r = client.get(target)
        assert r.status_code == 410, r.text
        assert r.json()["error"] == "SESSION_EXPIRED"
        assert data not in r.content

    signature = query["signature"]
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    refused(url.replace(signature, flipped))
    refused(url.replace(f"expires={query['expires']}", f"expires={int(query['expires']) + 3600}"))
    refused(url.replace("/cvd_", "/cvd_x"))
    refused(parts.path)  # no signature at all

    clock.advance(899)
    assert client.get(url).content == data
    clock.advance(2)
    refused(url)
    # A fresh link works again.
    assert client.get(link_of(client, roomy, candidate["id"])["url"]).content == data


def test_replacing_or_deleting_the_file_kills_old_links_and_removes_bytes(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    candidate = create_candidate(client, roomy)
    first = b"First CV: Python developer."
    assert upload(client, roomy, candidate["id"], "a.txt", first, "text/plain").is_success
    old_url = link_of(client, roomy, candidate["id"])["url"]
    second = make_docx(["Second CV: PostgreSQL expert."])
    assert upload(client, roomy, candidate["id"], "b.docx", second, DOCX).is_success
    assert client.get(old_url).status_code == 410
    new_url = link_of(client, roomy, candidate["id"])["url"]
    assert client.get(new_url).content == second
    root = storage_for(services.settings).root  # type: ignore[attr-defined]
    assert len([p for p in root.rglob("*") if p.is_file()]) == 1

    r = client.delete(candidate_url(candidate["id"]), headers=roomy.headers)
    assert r.status_code == 200
    assert [p for p in root.rglob("*") if p.is_file()] == []
    assert client.get(new_url).status_code == 410


def test_skip_analysis_keeps_the_file_unanalysed(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    candidate = create_candidate(client, roomy, cvText=CV)
    assert isinstance(candidate["cvScore"], int)
    r = upload(
        client,
        roomy,
        candidate["id"],
        "cv.txt",
        b"New CV text about Go.",
        "text/plain",
        skipAnalysis="true",
    )
    assert r.status_code == 200
    detail = r.json()["data"]
    # The old analysis described the old CV, so it is gone; none is queued.
    assert (detail["cvScore"], detail["cvAnalysisStatus"]) == (None, "not_requested")
    assert detail["aiEvaluation"] is None
    assert detail["upsides"] == []
    assert run_jobs(services) == 0


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        ("cv.html", b"<html><body>Python</body></html>", "text/html"),
        ("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "application/msword"),
        ("cv.zip", make_docx(["x"]).replace(b"word/document.xml", b"word/documenX.xml"), "x"),
        ("cv.pdf", b"%PDF-1.4\nthis is not really a pdf", "application/pdf"),
        ("cv.txt", b"\xff\xfe\x00broken", "text/plain"),
        ("cv.txt", b"", "text/plain"),
        ("cv.txt", b" \n\t ", "text/plain"),
    ],
)
def test_other_or_unreadable_types_are_validation_errors(
    client: TestClient,
    services: AppServices,
    roomy: Tenant,
    name: str,
    data: bytes,
    content_type: str,
) -> None:
    candidate = create_candidate(client, roomy, cvText=CV)
    r = upload(client, roomy, candidate["id"], name, data, content_type)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "VALIDATION_ERROR"
    assert r.json()["details"][0]["field"] == "file"
    detail = client.get(candidate_url(candidate["id"]), headers=roomy.headers).json()["data"]
    assert (detail["cvText"], detail["originalCvFileName"]) == (CV, None)


def test_size_limits_missing_file_and_bad_bodies(client: TestClient, roomy: Tenant) -> None:
    candidate = create_candidate(client, roomy)
    cid = candidate["id"]
    big = b"a" * (10 * 1024 * 1024 + 1)
    r = upload(client, roomy, cid, "big.txt", big, "text/plain")
    assert (r.status_code, r.json()["error"]) == (400, "VALIDATION_ERROR")
    huge = b"a" * (11 * 1024 * 1024 + 1)
    r = upload(client, roomy, cid, "huge.txt", huge, "text/plain")
    assert (r.status_code, r.json()["error"]) == (413, "PAYLOAD_TOO_LARGE")
    r = client.post(
        candidate_url(cid, "/cv-document"),
        headers=roomy.headers,
        data={"jobPositionId": roomy.position_id},
        files={"other": ("cv.txt", b"Python", "text/plain")},
    )
    assert (r.status_code, r.json()["details"][0]["field"]) == (400, "file")
    r = client.post(
        candidate_url(cid, "/cv-document"), headers=roomy.headers, json={"file": "Python"}
    )
    assert (r.status_code, r.json()["error"]) == (400, "INVALID_BODY")
    # jobPositionId may come in the query instead of the form; missing entirely it is invalid.
    r = client.post(
        candidate_url(cid, "/cv-document"),
        headers=roomy.headers,
        params={"jobPositionId": roomy.position_id},
        files={"file": ("cv.txt", b"Python developer", "text/plain")},
    )
    assert r.status_code == 200, r.text
    r = client.post(
        candidate_url(cid, "/cv-document"),
        headers=roomy.headers,
        files={"file": ("cv.txt", b"Python developer", "text/plain")},
    )
    assert (r.status_code, r.json()["details"][0]["field"]) == (400, "jobPositionId")
    r = upload(
        client, roomy, cid, "cv.txt", b"Python", "text/plain", jobPositionId="pos_" + "a" * 24
    )
    assert (r.status_code, r.json()["error"]) == (404, "NOT_FOUND")
    r = upload(client, roomy, "cand_" + "a" * 24, "cv.txt", b"Python", "text/plain")
    assert (r.status_code, r.json()["error"]) == (404, "NOT_FOUND")


def test_routes_use_their_scopes_and_rate_limit_categories(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    candidate = create_candidate(client, tenant)
    r = client.post(
        candidate_url(candidate["id"], "/cv-document"),
        headers=tenant.headers,
        data={"jobPositionId": tenant.position_id},
        files={"file": ("cv.txt", b"Python developer", "text/plain")},
    )
    assert r.status_code == 200
    url = candidate_url(candidate["id"], "/cv-document")
    for _ in range(10):
        assert client.get(url, headers=tenant.headers).status_code == 200
    r = client.get(url, headers=tenant.headers)
    assert (r.status_code, r.json()["error"]) == (429, "RATE_LIMITED")
    assert r.headers["X-RateLimit-Limit"] == "10"


def test_a_rolled_back_upload_leaves_no_file(
    client: TestClient, services: AppServices, roomy: Tenant
) -> None:
    from panelist.candidates import service as candidates
    from panelist.cv_documents import service as documents
    from panelist.cv_documents.extract import extract
    from panelist.cv_documents.form import Upload

    candidate = create_candidate(client, roomy)
    storage = storage_for(services.settings)
    file = Upload("cv.txt", "text/plain", b"Python developer")

    def failing_upload() -> None:
        with services.db.write() as s:
            row = candidates.require(s, roomy.company_id, candidate["id"])
            documents.upload(
                s,
                storage,
                row,
                file,
                extract(file.data, file.file_name, file.content_type),
                skip_analysis=False,
                at=services.clock.now(),
            )
            assert len([p for p in storage.root.rglob("*") if p.is_file()]) == 1  # type: ignore[attr-defined]
            raise RuntimeError("the request failed after the file was written")

    with pytest.raises(RuntimeError):
        failing_upload()
    assert [p for p in storage.root.rglob("*") if p.is_file()] == []  # type: ignore[attr-defined]
    assert link_of(client, roomy, candidate["id"]) == {"available": False}
