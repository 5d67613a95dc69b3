"""The API's routes are dispatched without FastAPI's router; everything else still reaches it."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.routing import APIRoute

from bench.asgi import asgi_request
from panelist.app import create_app
from panelist.http.direct_routes import DirectRoutes
from panelist.http.services import AppServices
from tests.fixtures.factories import Tenant


def _call(asgi: Any, app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    return asyncio.run(asgi_request(asgi, path, headers, method=method, scope_app=app))


def test_api_routes_skip_fastapi_and_the_rest_falls_through(
    services: AppServices, tenant: Tenant
) -> None:
    app = create_app(services=services)
    fell_through: list[str] = []

    async def fallback(scope: Any, receive: Any, send: Any) -> None:
        fell_through.append(f"{scope['method']} {scope['path']}")
        await send({"type": "http.response.start", "status": 599, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    direct = DirectRoutes(fallback, app, app.state.included_routers)
    headers = [(b"x-api-key", tenant.key.encode())]
    position = f"/v1/job-positions/{tenant.position_id}"
    assert _call(direct, app, "GET", position, headers) == 200  # path parameter as keyword
    assert _call(direct, app, "GET", "/v1/candidates/cand_missing", headers) == 404  # ApiError
    assert _call(direct, app, "GET", "/v1/candidates/bulk/bulk_missing", headers) == 404
    assert _call(direct, app, "GET", "/v1/health", []) == 200
    assert fell_through == []
    for method, path in (("PUT", "/v1/health"), ("GET", "/v1/no-such-route"), ("GET", "/v1/docs")):
        assert _call(direct, app, method, path, []) == 599
    assert fell_through == ["PUT /v1/health", "GET /v1/no-such-route", "GET /v1/docs"]


def test_every_api_route_of_the_document_is_dispatched_directly(services: AppServices) -> None:
    app = create_app(services=services)
    direct = DirectRoutes(app.router, app, app.state.included_routers)
    covered = {(m, e.route.path) for m, entries in direct.table.items() for e in entries}
    for router, _ in app.state.included_routers:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            for method in route.methods:
                assert (method, route.path) in covered, f"{method} {route.path} needs FastAPI"
