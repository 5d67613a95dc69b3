"""Interview tokens: the candidate's only credential, so they are random and stored hashed."""

from __future__ import annotations

import secrets

from panelist.kit.crypto import keyed_hash

TOKEN_BYTES = 32  # contract §8.2: at least 32 random bytes
_PURPOSE = "interview-token"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(server_secret: bytes, token: str) -> str:
    """What the database keeps: a leaked table does not hand out working links."""
    return keyed_hash(server_secret, token, _PURPOSE)


def interview_link(public_base_url: str, token: str) -> str:
    return f"{public_base_url.rstrip('/')}/interview/{token}"
