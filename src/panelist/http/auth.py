"""Checks 1–5 of contract §2: who is calling, and may their company use the API at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

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
    db: Database, secret: bytes, raw_key: str | None, caller_ip: str, now: datetime
) -> Principal:
    if not raw_key or not key_secrets.well_formed(raw_key):
        raise Unauthorized()
    key_hash = key_secrets.hash_key(secret, raw_key)
    with db.read() as session:
        found = key_repository.find_for_auth(session, key_hash)
    if found is None:
        raise Unauthorized()
    key, company, user = found
    if not crypto.same(key.key_hash, key_hash):
        raise Unauthorized()
    if key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now):
        raise Unauthorized()
    if company.suspended:
        raise AccountSuspended()
    if not company.api_enabled:
        raise ApiDisabled()
    if key.ip_allowlist and not ip_allowed(caller_ip, key.ip_allowlist):
        raise IpNotAllowed()
    if not user.active or user.company_id != company.id:
        raise Forbidden("The key's creator no longer has access to this company.")
    if (
        key.last_used_at is None
        or key.last_used_ip != caller_ip
        or now - key.last_used_at >= LAST_USED_PRECISION
    ):
        with db.write() as session:
            key_repository.record_use(session, key.id, now, caller_ip)
    return Principal(
        company_id=company.id,
        key_id=key.id,
        user_id=user.id,
        role=user.role,
        scopes=frozenset(key.scopes),
        rate_limits=dict(company.rate_limits or {}),
    )
