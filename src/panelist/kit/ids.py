"""Opaque identifiers: a type prefix and 24 lowercase base32 characters (120 random bits)."""

import base64
import secrets

_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
ID_LENGTH = 24


def new_id(prefix: str) -> str:
    # 15 random bytes are exactly 24 base32 characters (RFC 4648: A-Z, 2-7), each uniformly
    # distributed; lower-cased that is `_ALPHABET`. About 20× faster than 24 `secrets.choice`
    # calls, which showed up in bulk imports (three ids per row).
    return prefix + base64.b32encode(secrets.token_bytes(15)).decode("ascii").lower()


def looks_like_id(value: str, prefix: str) -> bool:
    body = value[len(prefix) :]
    return value.startswith(prefix) and len(body) == ID_LENGTH and all(c in _ALPHABET for c in body)
