"""Webhook secrets and delivery signatures (contract §8.5).

Every delivery carries two independent signatures over the same raw body:

* the platform's own scheme — ``X-Celper-Timestamp`` and
  ``X-Celper-Signature: sha256=<hex HMAC-SHA256>`` keyed with the secret *string* (the whole
  ``whsec_…`` text, as documented by the platform we are wire-compatible with) over
  ``"{timestamp}.{raw body}"``;
* the Standard Webhooks scheme (our extension) — ``webhook-id``, ``webhook-timestamp`` and
  ``webhook-signature: v1,<base64 HMAC-SHA256>`` keyed with the base64-decoded secret over
  ``"{eventId}.{timestamp}.{raw body}"``.

The Standard Webhooks part is produced by the reference ``standardwebhooks`` package so that
receivers using any official Standard Webhooks library verify us byte for byte.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 -- a public format prefix, not a credential
_SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh webhook secret: ``whsec_`` + standard base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(_SECRET_BYTES)).decode("ascii")


def secret_key_bytes(secret: str) -> bytes:
    """The HMAC key of the Standard Webhooks scheme: base64-decode(secret without ``whsec_``).

    Decoded strictly: the reference library decodes leniently (it silently skips characters that
    are not base64), which would turn a corrupted secret into a *different* key instead of an
    error. A corrupted secret must fail loudly, not sign with a key nobody holds.
    """
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("webhook secret must start with 'whsec_'")
    try:
        key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except binascii.Error as exc:
        raise ValueError("webhook secret is not valid base64") from exc
    if not key:
        raise ValueError("webhook secret is empty")
    return key


def celper_signature(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 keyed with the secret string over ``"{ts}.{body}"``."""
    # Bytes concatenation, not an f-string over a decoded body: the signature is over the raw
    # bytes on the wire, whatever their encoding.
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def sign(secret: str, event_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """All signature headers for one delivery attempt (each attempt is signed afresh).

    ``body`` must be the exact bytes that will be sent; it is JSON and therefore UTF-8, which the
    Standard Webhooks reference implementation requires (it signs text).
    """
    key = secret_key_bytes(secret)
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    standard = Webhook(key).sign(msg_id=event_id, timestamp=moment, data=body.decode("utf-8"))
    ts = str(timestamp)
    return {
        "X-Celper-Timestamp": ts,
        "X-Celper-Signature": celper_signature(secret, timestamp, body),
        "webhook-id": event_id,
        "webhook-timestamp": ts,
        "webhook-signature": standard,
    }
