"""One HTTP request sent straight into an ASGI app (no sockets): for in-process measurements
and for tests that look at one layer of the stack."""

from __future__ import annotations

from typing import Any


async def asgi_request(
    app: Any,
    path: str,
    headers: list[tuple[bytes, bytes]],
    *,
    method: str = "GET",
    query: str = "",
    scope_app: Any = None,
) -> int:
    """Send a bodiless request; returns the response status. `scope_app` is what the scope
    names as its app (the FastAPI app when `app` is one layer of its middleware)."""
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "root_path": "",
        "state": {},
    }
    if scope_app is not None:
        scope["app"] = scope_app
    await app(scope, receive, send)
    return status
