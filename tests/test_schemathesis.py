"""schemathesis against `/v1/openapi.json`: every documented operation, with a valid key and
seeded data so requests get past authentication and name real resources; then stateful runs
over the links schemathesis infers. Zero 5xx, zero responses outside the documented schema.

Generic over the spec: a route added anywhere is fuzzed without touching this file. A path or
query parameter whose name matches a seeded resource (`candidateId`, `token`, …) gets the real
id half of the time and a generated one otherwise; add a seed below for a new kind of id.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
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
from tests.fixtures.isolation import private_rate_limits
from tests.test_faults import serve

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROOMY = {name: 1_000_000 for name in ("global", "reads", "writes", "bulk", "actions")}
EXAMPLES_PER_OPERATION = 50
STATEFUL_SECONDS = 20


@dataclass
class Seeded:
    app: FastAPI
    headers: dict[str, str]
    ids: dict[str, str]


@pytest.fixture
def seeded(services: AppServices) -> Iterator[Seeded]:
    services.settings = services.settings.model_copy(update={"interview_rate_limit": 1_000_000})
    with private_rate_limits(services):
        yield _seed(create_app(services=services), services)


def _seed(app: FastAPI, services: AppServices) -> Seeded:
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
    """Chains of calls along the links schemathesis infers (create → read/update/delete …),
    run by schemathesis's own engine (`st run --phases stateful`) against the seeded app on a
    real port. Its engine, unlike a bare Hypothesis state machine, copes with an API whose
    answers change as the scenario goes, and stops at the time budget."""
    for base in serve(seeded.app.state.services):
        command = [
            str(Path(sys.executable).with_name("st")),
            "run",
            f"{base}/v1/openapi.json",
            "--phases=stateful",
            f"--header=X-API-Key: {seeded.headers['X-API-Key']}",
            "--checks=" + ",".join(check.__name__ for check in CHECKS),
            f"--max-time={STATEFUL_SECONDS}",
            "--seed=1",
            "--workers=1",
            "--output-truncate=true",
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        report = result.stdout + result.stderr
        assert result.returncode == 0, report
        assert "No issues found" in report, report
        links = re.search(r"API Links:\s+(\d+) covered", report)
        assert links, report
        assert int(links.group(1)) > 0, report  # stateful testing really followed links
