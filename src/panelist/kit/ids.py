"""Opaque identifiers: a type prefix and 24 lowercase base32 characters (120 random bits)."""

import secrets

_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
ID_LENGTH = 24


def new_id(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(ID_LENGTH))


def looks_like_id(value: str, prefix: str) -> bool:
    body = value[len(prefix) :]
    return value.startswith(prefix) and len(body) == ID_LENGTH and all(c in _ALPHABET for c in body)
