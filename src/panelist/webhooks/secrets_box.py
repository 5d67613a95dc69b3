"""Encryption of webhook secrets at rest.

Webhook secrets must be stored recoverably (every delivery is signed with them), so they are
encrypted rather than hashed. The key is derived from the server secret
(``PANELIST_SECRET_KEY``) with HKDF-SHA256 and a purpose label, so the same server secret can
also key API-key hashes and signed URLs without any two uses sharing a key. Encryption is
AES-256-GCM (authenticated: a tampered or foreign token fails instead of decrypting to junk).

Token format: ``v1.`` + urlsafe-base64(12-byte nonce || ciphertext || 16-byte tag). The version
prefix leaves room for a later key-rotation scheme without guessing at old rows.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = "v1."
_NONCE_BYTES = 12
_TAG_BYTES = 16
_INFO = b"panelist/webhook-secret/aes-256-gcm/v1"
# Bound to the ciphertext as associated data so a token made for another purpose under a key
# that happened to match could still not be passed off as a webhook secret.
_AAD = b"panelist webhook secret"


class SecretBoxError(ValueError):
    """The token is malformed, was tampered with, or was made with another server secret."""


def _key(server_secret: bytes) -> bytes:
    if not server_secret:
        raise ValueError("server secret must not be empty")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return hkdf.derive(server_secret)


def encrypt(server_secret: bytes, plaintext: str) -> str:
    """Encrypt ``plaintext`` (a webhook secret) for storage; a fresh nonce every call."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_key(server_secret)).encrypt(nonce, plaintext.encode("utf-8"), _AAD)
    return _VERSION + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(server_secret: bytes, token: str) -> str:
    """Recover the plaintext of :func:`encrypt`; raises :class:`SecretBoxError` on any failure."""
    if not token.startswith(_VERSION):
        raise SecretBoxError("unknown secret token version")
    try:
        raw = base64.urlsafe_b64decode(token[len(_VERSION) :].encode("ascii"))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise SecretBoxError("secret token is not valid base64") from exc
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise SecretBoxError("secret token is too short")
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    try:
        plain = AESGCM(_key(server_secret)).decrypt(nonce, sealed, _AAD)
    except InvalidTag as exc:
        raise SecretBoxError("secret token failed authentication") from exc
    return plain.decode("utf-8")
