"""Checks 1–5 of contract §2: who is calling, and may their company use the API at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from panelist.api_keys import repository as key_repository
from panelist.api_keys import secrets as key_secrets
from panelist.db.engine import Database
from panelist.errors import AccountSuspended, ApiDisabled, Forbidden, IpNotAllowed, Unauthorized
from panelist.http.client_ip import ip_allowed
from panelist.kit import crypto

# lastUsedAt/lastUsedIp are refreshed at most this often per key, so that reads stay reads.
LAST_USED_PRECISION = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Principal:
    company_id: str
    key_id: str
    user_id: str
    role: str
    scopes: frozenset[str]
    rate_limits: dict[str, Any] = field(default_factory=dict)


def authenticate(
    db: Database,
    secret: bytes,
    raw_key: str | None,
    caller_ip: str,
    now: datetime,
    session: Session | None = None,
) -> Principal:
    """Checks 1–5. The lookup runs in `session` when given (a GET's one read session, which
    its handler then reuses), else in a read transaction of its own; only the occasional
    lastUsedAt refresh writes."""
    if not raw_key or not key_secrets.well_formed(raw_key):
        raise Unauthorized()
    key_hash = key_secrets.hash_key(secret, raw_key)
    if session is not None:
        found = key_repository.find_for_auth(session, key_hash)
    else:
        with db.read() as own:
            found = key_repository.find_for_auth(own, key_hash)
    if found is None or not crypto.same(found.key_hash, key_hash):
        raise Unauthorized()
    if found.revoked_at is not None or (found.expires_at is not None and found.expires_at <= now):
        raise Unauthorized()
    if found.suspended:
        raise AccountSuspended()
    if not found.api_enabled:
        raise ApiDisabled()
    if found.ip_allowlist and not ip_allowed(caller_ip, found.ip_allowlist):
        raise IpNotAllowed()
    if not found.user_active or found.user_company_id != found.company_id:
        raise Forbidden("The key's creator no longer has access to this company.")
    if (
        found.last_used_at is None
        or found.last_used_ip != caller_ip
        or now - found.last_used_at >= LAST_USED_PRECISION
    ):
        with db.write() as writer:
            key_repository.record_use(writer, found.key_id, now, caller_ip)
    return Principal(
        company_id=found.company_id,
        key_id=found.key_id,
        user_id=found.user_id,
        role=found.role,
        scopes=frozenset(found.scopes),
        rate_limits=dict(found.rate_limits or {}),
    )
