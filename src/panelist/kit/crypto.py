"""Keyed hashing and signing with the server secret; every comparison is constant-time."""

import base64
import hashlib
import hmac


def keyed_hash(secret: bytes, value: str, purpose: str) -> str:
    """HMAC-SHA256 of value, domain-separated by purpose so one secret serves many uses."""
    return hmac.new(secret, purpose.encode() + b"\x00" + value.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def sign(secret: bytes, payload: bytes, purpose: str) -> str:
    digest = hmac.new(secret, purpose.encode() + b"\x00" + payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode().rstrip("=")


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
