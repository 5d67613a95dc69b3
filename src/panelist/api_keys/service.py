"""API keys: created and revoked by operators; the full key is returned once, at creation."""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from panelist.api_keys import repository, secrets
from panelist.api_keys.models import ApiKey
from panelist.errors import NotFound, validation_error
from panelist.http.scopes import Scope
from panelist.kit.ids import new_id
from panelist.kit.timefmt import iso
from panelist.users.models import User


def create(
    session: Session,
    server_secret: bytes,
    *,
    creator: User,
    name: str,
    scopes: list[str],
    ip_allowlist: list[str],
    expires_at: datetime | None,
    at: datetime,
) -> tuple[ApiKey, str]:
    known = {s.value for s in Scope}
    unknown = [s for s in scopes if s not in known]
    if unknown or not scopes:
        raise validation_error("scopes", f"Unknown or missing scopes: {unknown or '[]'}.")
    for entry in ip_allowlist:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise validation_error("ip", f"Not an IP address or CIDR range: {entry!r}.") from None
    raw = secrets.generate()
    key = ApiKey(
        id=new_id("key_"),
        company_id=creator.company_id,
        created_by=creator.id,
        name=name,
        key_hash=secrets.hash_key(server_secret, raw),
        prefix=secrets.display_prefix(raw),
        scopes=sorted(set(scopes)),
        ip_allowlist=ip_allowlist,
        expires_at=expires_at,
        revoked_at=None,
        created_at=at,
    )
    repository.add(session, key)
    session.flush()
    return key, raw


def revoke(session: Session, key_id: str, at: datetime) -> ApiKey:
    key = repository.get(session, key_id)
    if key is None:
        raise NotFound("API key not found.")
    if key.revoked_at is None:
        key.revoked_at = at
    session.flush()
    return key


def list_for_company(session: Session, company_id: str) -> list[ApiKey]:
    return repository.list_for_company(session, company_id)


def to_wire(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "scopes": list(key.scopes),
        "ipAllowlist": list(key.ip_allowlist or []),
        "expiresAt": iso(key.expires_at),
        "createdBy": key.created_by,
        "revoked": key.revoked_at is not None,
        "revokedAt": iso(key.revoked_at),
        "lastUsedAt": iso(key.last_used_at),
        "lastUsedIp": key.last_used_ip,
        "createdAt": iso(key.created_at),
    }
