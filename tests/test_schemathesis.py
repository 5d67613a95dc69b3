"""schemathesis against `/v1/openapi.json`: every documented operation, with a valid key and
seeded data so requests get past authentication and name real resources; then stateful runs
over the links schemathesis infers. Zero 5xx, zero responses outside the documented schema.

Generic over the spec: a route added anywhere is fuzzed without touching this file. A path or
query parameter whose name matches a seeded resource (`candidateId`, `token`, …) gets the real
id half of the time and a generated one otherwise; add a seed below for a new kind of id.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from panelist.app import create_app
from panelist.http.services import AppServices
from panelist.settings import Settings
from tests.fixtures.factories import make_tenant
from tests.fixtures.interview_sessions import make_link

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROOMY = {name: 1_000_000 for name in ("global", "reads", "writes", "bulk", "actions")}
EXAMPLES_PER_OPERATION = 50
STATEFUL_SCENARIOS = 80


@dataclass
class Seeded:
    app: FastAPI
    headers: dict[str, str]
    ids: dict[str, str]


@pytest.fixture
def seeded(services: AppServices) -> Seeded:
    services.settings = services.settings.model_copy(update={"interview_rate_limit": 1_000_000})
    app = create_app(services=services)
    tenant = make_tenant(services, "Fuzz", rate_limits=ROOMY)
    link = make_link(services, tenant.company_id, tenant.position_id)
    with TestClient(app) as client:
        headers = tenant.headers
        made = client.post(
            "/v1/candidates",
            headers=headers,
            json={
                "jobPositionId": tenant.position_id,
                "firstName": "Fuzzy",
                "lastName": "Seed",
                "email": "fuzzy@example.com",
                "skipAnalysis": True,
            },
        )
        assert made.status_code == 201, made.text
        bulk = client.post(
            "/v1/candidates/bulk",
            headers=headers,
            json={
                "jobPositionId": tenant.position_id,
                "candidates": [{"firstName": "B", "lastName": "Ulk", "email": "b@example.com"}],
            },
        )
        assert bulk.status_code == 202, bulk.text
        session = client.get(f"/v1/interview-sessions/{link.token}")
        assert session.status_code == 200, session.text
        questions = session.json()["data"]["questions"]
    return Seeded(
        app=app,
        headers=headers,
        ids={
            "jobPositionId": tenant.position_id,
            "candidateId": made.json()["data"]["id"],
            "jobId": bulk.json()["data"]["jobId"],
            "token": link.token,
            "questionId": questions[0]["id"],
        },
    )


def served_spec() -> dict[str, Any]:
    """The document `/v1/openapi.json` serves, built by the same code without a database
    (pytest collects the operations before any fixture exists)."""
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            database_url=f"sqlite:///{data_dir}/spec.db",
            secret_key="spec-only-secret-0123456789abcdef01234567",
            inprocess_worker=False,
        )
        app = create_app(settings)
        with TestClient(app) as client:
            spec: dict[str, Any] = client.get("/v1/openapi.json").json()
        app.state.services.db.dispose()
    return spec


schema = schemathesis.openapi.from_dict(served_spec())


def use_seeds(case: Any, ids: dict[str, str]) -> None:
    """Real ids for half the cases (chosen by a hash of the case, so shrinking is stable)."""
    digest = hashlib.sha256(repr((case.path_parameters, case.query, case.body)).encode())
    if digest.digest()[0] % 2:
        return
    if case.headers and "Idempotency-Key" in case.headers:
        # A fresh key, so that seeded cases create things instead of replaying one another.
        case.headers["Idempotency-Key"] = digest.hexdigest()
    for container in (case.path_parameters, case.query):
        if container:
            for name in container:
                if name in ids:
                    container[name] = ids[name]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_conforms(case: Any, seeded: Seeded) -> None:
    use_seeds(case, seeded.ids)
    case.call_and_validate(app=seeded.app, headers=seeded.headers, checks=CHECKS)


def test_stateful_sequences_conform(seeded: Seeded) -> None:
    """Chains of calls along the links schemathesis infers (create → read/update/delete …)."""
    base = schema.as_state_machine()
    assert base.bundles, "no links were inferred: stateful testing would test nothing"

    class Machine(base):  # type: ignore[valid-type, misc]
        def before_call(self, case: Any) -> None:
            use_seeds(case, seeded.ids)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"app": seeded.app, "headers": seeded.headers}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Machine.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
    )
