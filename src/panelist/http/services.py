"""The process-wide services a request needs, built once by `create_app`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from panelist.db.engine import Database
from panelist.http.client_ip import Network, client_ip
from panelist.http.ratelimit import RateLimitStore
from panelist.http.scopes import GLOBAL, Category
from panelist.kit.clock import Clock
from panelist.settings import RATE_LIMIT_CATEGORIES, Settings


@dataclass
class AppServices:
    settings: Settings
    db: Database
    clock: Clock
    secret: bytes
    rate_limiter: RateLimitStore
    trusted_proxies: list[Network]
    default_limits: dict[str, int]

    def caller_ip(self, request: Request) -> str:
        peer = request.client.host if request.client else None
        return client_ip(peer, request.headers.get("x-forwarded-for"), self.trusted_proxies)

    def limits_for(self, overrides: dict[str, Any], category: Category) -> list[tuple[str, int]]:
        def limit(name: str) -> int:
            value = overrides.get(name)
            if isinstance(value, int) and value >= 1 and name in RATE_LIMIT_CATEGORIES:
                return value
            return self.default_limits[name]

        return [(GLOBAL, limit(GLOBAL)), (category.value, limit(category.value))]
