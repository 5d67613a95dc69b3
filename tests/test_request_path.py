"""The GET request path's database work: one connection and two SELECTs (key, then the row),
so the optimisation of issue 2 cannot quietly regress to a session per step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from panelist.http.services import AppServices
from tests.fixtures.factories import Tenant


@contextmanager
def database_work(services: AppServices) -> Iterator[dict[str, list[Any]]]:
    seen: dict[str, list[Any]] = {"checkouts": [], "statements": []}
    engine = services.db.engine

    def on_checkout(*args: Any) -> None:
        seen["checkouts"].append(args)

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen["statements"].append(statement.strip().split()[0].upper())

    sa.event.listen(engine.pool, "checkout", on_checkout)
    sa.event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        sa.event.remove(engine.pool, "checkout", on_checkout)
        sa.event.remove(engine, "before_cursor_execute", on_execute)


def test_a_get_uses_one_connection_for_auth_and_handler(
    client: TestClient, services: AppServices, tenant: Tenant
) -> None:
    body = {
        "jobPositionId": tenant.position_id,
        "firstName": "Ona",
        "lastName": "P",
        "email": "ona@example.com",
    }
    candidate_id = client.post("/v1/candidates", headers=tenant.headers, json=body).json()["data"][
        "id"
    ]
    path = f"/v1/candidates/{candidate_id}"
    assert client.get(path, headers=tenant.headers).status_code == 200  # lastUsedAt is fresh now
    with database_work(services) as seen:
        r = client.get(path, headers=tenant.headers)
    assert r.status_code == 200
    assert r.json()["data"]["id"] == candidate_id
    assert len(seen["checkouts"]) == 1
    assert [s for s in seen["statements"] if s not in ("BEGIN", "COMMIT")] == ["SELECT", "SELECT"]
    # A refused request (unknown key) still answers from the one lookup.
    with database_work(services) as seen:
        r = client.get(path, headers={"X-API-Key": "celp_" + "0" * 32})
    assert r.status_code == 401
    assert len(seen["checkouts"]) == 1
