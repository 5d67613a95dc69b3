"""Direct dispatch of the API's own routes, ahead of FastAPI's router.

Every public route is an `async def endpoint(request[, path params as str]) -> Response` that
hands the request to the pipeline; it needs nothing of FastAPI per request (no dependencies,
no body parsing, no response model). FastAPI's routing and dependency machinery still cost
about a fifth of an authenticated GET (measured with cProfile: route matching through nested
routers, `solve_dependencies`, response wrapping). This middleware matches such routes itself —
same templates, same order, exact method — and calls the endpoint directly; anything else
(other methods, unknown paths, docs, endpoints with other parameters) goes on to FastAPI
unchanged. FastAPI still owns the routes: it documents them and remains the fallback.

Exceptions are handled as Starlette's ExceptionMiddleware would, with the app's own handlers;
an unexpected one is re-raised to the outer ServerErrorMiddleware, exactly as before.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[..., Awaitable[Response]]


@dataclass(frozen=True)
class _Direct:
    pattern: re.Pattern[str]
    route: APIRoute
    endpoint: Endpoint
    params_as_kwargs: bool


def _callable_directly(route: APIRoute, params: Iterable[str]) -> bool | None:
    """True when the endpoint takes `request` and the path parameters (as keywords), False
    when it takes `request` alone, None when it needs FastAPI to call it."""
    signature = inspect.signature(route.endpoint)
    names = list(signature.parameters)
    if not inspect.iscoroutinefunction(route.endpoint) or not names or names[0] != "request":
        return None
    rest = names[1:]
    if not rest:
        return False
    if set(rest) == set(params) and all(
        signature.parameters[n].annotation in (str, "str") for n in rest
    ):
        return True
    return None


class DirectRoutes:
    def __init__(
        self, app: ASGIApp, fastapi_app: FastAPI, routers: Sequence[tuple[APIRouter, str]]
    ) -> None:
        """`routers`: (router, prefix) in the order they are included in `fastapi_app`."""
        self.app = app
        self.fastapi_app = fastapi_app
        self.table: dict[str, list[_Direct]] = {}
        for router, prefix in routers:
            self._add_router(router, prefix)

    def _add_router(self, router: APIRouter, prefix: str) -> None:
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            pattern, _, convertors = compile_path(prefix + route.path)
            if any(type(c).__name__ != "StringConvertor" for c in convertors.values()):
                continue
            how = _callable_directly(route, convertors)
            if how is None:
                continue
            entry = _Direct(pattern, route, route.endpoint, how)
            for method in route.methods or ():
                self.table.setdefault(method, []).append(entry)

    def _match(self, scope: Scope) -> tuple[_Direct, dict[str, str]] | None:
        path = scope.get("path", "")
        for entry in self.table.get(scope.get("method", ""), ()):
            found = entry.pattern.match(path)
            if found is not None:
                return entry, found.groupdict()
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        matched = self._match(scope) if scope["type"] == "http" else None
        if matched is None:
            await self.app(scope, receive, send)
            return
        entry, params = matched
        scope["route"] = entry.route
        scope["endpoint"] = entry.endpoint
        scope["path_params"] = params
        request = Request(scope, receive, send)
        try:
            if entry.params_as_kwargs:
                response = await entry.endpoint(request, **params)
            else:
                response = await entry.endpoint(request)
        except Exception as exc:
            handler = self._handler_for(exc)
            if handler is None:
                raise  # ServerErrorMiddleware answers 500 with the app's handler, as before
            response = handler(request, exc)
            if inspect.isawaitable(response):
                response = await response
        await response(scope, receive, send)

    def _handler_for(self, exc: Exception) -> Callable[[Request, Exception], Any] | None:
        handlers = self.fastapi_app.exception_handlers
        for cls in type(exc).__mro__:
            if cls is Exception:
                return None
            if cls in handlers:
                handler: Callable[[Request, Exception], Any] = handlers[cls]
                return handler
        return None
