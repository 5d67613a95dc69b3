"""Signed download links: `/v1/cv-documents/{documentId}?expires=<unix>&signature=<hmac>`.

The signature (HMAC-SHA256 with the server secret, purpose-separated) covers the document id
and the expiry, so neither can be changed; each upload gets a new document id, so a link to a
replaced or deleted file leads nowhere. Checked against the injected clock.
"""

from __future__ import annotations

from datetime import datetime

from panelist.errors import LinkExpired
from panelist.kit import crypto

VALID_SECONDS = 15 * 60
_PURPOSE = "cv-document-download"


def _signature(secret: bytes, document_id: str, expires: int) -> str:
    return crypto.sign(secret, f"{document_id}.{expires}".encode(), _PURPOSE)


def make(secret: bytes, base_url: str, document_id: str, now: datetime) -> tuple[str, int]:
    expires = int(now.timestamp()) + VALID_SECONDS
    signature = _signature(secret, document_id, expires)
    query = f"expires={expires}&signature={signature}"
    url = f"{base_url.rstrip('/')}/v1/cv-documents/{document_id}?{query}"
    return url, expires


def verify(
    secret: bytes, document_id: str, expires: str | None, signature: str | None, now: datetime
) -> None:
    """Raise 410 SESSION_EXPIRED unless the link is untampered and not yet stale."""
    if not expires or not signature or not expires.isdigit() or len(expires) > 12:
        raise LinkExpired("This download link is invalid.")
    if not crypto.same(signature, _signature(secret, document_id, int(expires))):
        raise LinkExpired("This download link is invalid.")
    if now.timestamp() > int(expires):
        raise LinkExpired("This download link has expired.")
