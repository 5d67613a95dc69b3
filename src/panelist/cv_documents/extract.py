"""Recognise an uploaded CV (PDF, DOCX or plain text) by its content and extract its text.

The bytes decide the type, not the client's claim: a PDF starts with `%PDF-`, a DOCX is a zip
holding `word/document.xml`, plain text must be UTF-8 without binary control characters. Any
other file, or one that cannot be read, is a `VALIDATION_ERROR` on field `file`.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass

import docx
import pypdf

from panelist.errors import ValidationFailed, validation_error

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain; charset=utf-8"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 100_000  # the `cvText` limit (contract §7)
# A DOCX is a zip: refuse archives that would inflate far beyond any real CV (zip bombs).
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
_TEXT_TYPES = {"", "text/plain", "application/octet-stream"}
_TEXT_SUFFIXES = {"", ".txt", ".text"}
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Extracted:
    content_type: str
    text: str


def _invalid(message: str) -> ValidationFailed:
    return validation_error("file", message)


def extract(data: bytes, file_name: str, declared_type: str) -> Extracted:
    if not data:
        raise _invalid("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise _invalid("The file is larger than 10 MiB.")
    if data.startswith(b"%PDF-"):
        content_type, text = PDF, _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        content_type, text = DOCX, _docx_text(data)
    else:
        content_type, text = TEXT, _plain_text(data, file_name, declared_type)
    text = text.replace("\x00", "").strip()
    if not text:
        raise _invalid("No text could be extracted from the file (is it a scanned image?).")
    return Extracted(content_type, text[:MAX_TEXT_CHARS])


def _pdf_text(data: bytes) -> str:
    # pypdf logs recoverable oddities of real-world PDFs as warnings; they are not ours to show.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _invalid("The PDF is password-protected.")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ValidationFailed:
        raise
    except Exception:  # pypdf raises many types for damaged files
        raise _invalid("The PDF could not be read.") from None


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _invalid("Only PDF, DOCX and plain-text files are accepted.") from None
    if "word/document.xml" not in names:
        raise _invalid("Only PDF, DOCX and plain-text files are accepted.")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _invalid("The DOCX file is too large once unpacked.")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many types for damaged files
        raise _invalid("The DOCX file could not be read.") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _plain_text(data: bytes, file_name: str, declared_type: str) -> str:
    suffix = ("." + file_name.rsplit(".", 1)[1].lower()) if "." in file_name else ""
    base_type = declared_type.split(";", 1)[0].strip().lower()
    if suffix not in _TEXT_SUFFIXES or base_type not in _TEXT_TYPES:
        raise _invalid("Only PDF, DOCX and plain-text files are accepted.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _invalid("A plain-text CV must be UTF-8 encoded.") from None
    if _BINARY.search(text):
        raise _invalid("Only PDF, DOCX and plain-text files are accepted.")
    return text
