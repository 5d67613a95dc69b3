"""Signed keyset cursors: (createdAt, id) of the last row served, tamper-evident."""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from datetime import datetime

from panelist.kit import crypto, jsonx
from panelist.kit.timefmt import parse_iso

_PURPOSE = "cursor"


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Cursor:
    created_at: datetime
    id: str


def encode(secret: bytes, cursor: Cursor) -> str:
    payload = jsonx.dumps([cursor.created_at.isoformat(), cursor.id])
    return crypto.b64encode(payload) + "." + crypto.sign(secret, payload, _PURPOSE)


def decode(secret: bytes, text: str) -> Cursor:
    try:
        body, signature = text.split(".", 1)
        payload = crypto.b64decode(body)
    except (ValueError, binascii.Error) as exc:
        raise InvalidCursor("malformed cursor") from exc
    if not crypto.same(crypto.sign(secret, payload, _PURPOSE), signature):
        raise InvalidCursor("cursor signature does not match")
    try:
        created, ident = jsonx.loads(payload)
        return Cursor(created_at=parse_iso(str(created)), id=str(ident))
    except (ValueError, TypeError) as exc:
        raise InvalidCursor("malformed cursor") from exc
