"""API key material: `celp_` + 32 lowercase hex characters, stored only as a keyed hash."""

from __future__ import annotations

import re
import secrets

from panelist.kit import crypto

KEY_PATTERN = re.compile(r"^celp_[0-9a-f]{32}$")
_PURPOSE = "api-key"


def generate() -> str:
    return "celp_" + secrets.token_hex(16)


def well_formed(raw: str) -> bool:
    return bool(KEY_PATTERN.fullmatch(raw))


def hash_key(server_secret: bytes, raw: str) -> str:
    return crypto.keyed_hash(server_secret, raw, _PURPOSE)


def display_prefix(raw: str) -> str:
    """Enough to tell keys apart in a list, far too little to guess the rest."""
    return raw[:9]
