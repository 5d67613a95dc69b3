"""Bulk import and job-queue throughput on a fresh SQLite file (or PANELIST_BENCH_DATABASE_URL).

    .venv/bin/python bench/bench_bulk_import.py [--rows 500] [--runs 3] [--jobs 2000]

Prints, for one import of `--rows` candidates without CVs: the time from the 202 to
`completed` with an in-process worker polling as in `panelist serve`, and the time the worker
spends on the job alone; then jobs/s through the queue for no-op jobs (`bench.bench_jobs`).

Baseline, measured in the same run on the same database so that results taken on a loaded
machine stay comparable: one raw `INSERT … executemany` of `--rows` candidate rows in one
transaction — the floor for writing that many candidates at all.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
import structlog
from fastapi.testclient import TestClient

from panelist.api_keys import service as api_keys
from panelist.app import build_services, create_app
from panelist.candidates.models import Candidate
from panelist.companies import service as companies
from panelist.db.migrate import upgrade_to_head
from panelist.http.scopes import Scope
from panelist.http.services import AppServices
from panelist.job_positions import service as job_positions
from panelist.jobs.registry import build_worker
from panelist.kit.ids import new_id
from panelist.kit.timefmt import parse_iso
from panelist.settings import Settings
from panelist.users import service as users

try:  # as a module (`python -m bench.bench_bulk_import`) or as a script
    from bench.bench_jobs import bench_queue
except ImportError:  # pragma: no cover
    from bench_jobs import bench_queue  # type: ignore[no-redef]


def _tenant(services: AppServices) -> tuple[str, str]:
    """A company with generous limits, a key with every scope, and one position."""
    now = services.clock.now()
    with services.db.write() as s:
        company = companies.create(s, "Bench", api_enabled=True, at=now)
        limits = {"global": 10**6, "bulk": 10**6, "reads": 10**6, "writes": 10**6}
        companies.update(s, company, suspended=None, api_enabled=None, rate_limits=limits, at=now)
        user = users.create(
            s,
            company_id=company.id,
            email="bench@example.com",
            role="owner",
            name=None,
            password=None,
            at=now,
        )
        _, key = api_keys.create(
            s,
            services.secret,
            creator=user,
            name="bench",
            scopes=[x.value for x in Scope],
            ip_allowlist=[],
            expires_at=None,
            at=now,
        )
        position = job_positions.create(
            s,
            company_id=company.id,
            position="Bench",
            department=None,
            location=None,
            type_="full-time",
            privacy="public",
            status="active",
            description=None,
            requirements=[],
            questions=[],
            language="en",
            at=now,
        )
        return key, position.id


def _post(client: TestClient, key: str, position_id: str, run: int, rows: int) -> str:
    candidates = [
        {"firstName": "Bench", "lastName": f"Row{i}", "email": f"r{run}-{i}@example.com"}
        for i in range(rows)
    ]
    response = client.post(
        "/v1/candidates/bulk",
        headers={"X-API-Key": key},
        json={"jobPositionId": position_id, "candidates": candidates},
    )
    assert response.status_code == 202, response.text
    return str(response.json()["data"]["jobId"])


def _completed_at(client: TestClient, key: str, job_id: str) -> datetime | None:
    response = client.get(f"/v1/candidates/bulk/{job_id}", headers={"X-API-Key": key})
    data = response.json()["data"]
    return parse_iso(data["completedAt"]) if data["status"] == "completed" else None


def baseline_insert(services: AppServices, position_id: str, rows: int, run: int) -> float:
    """Seconds for one raw INSERT executemany of `rows` candidate rows, in one transaction."""
    now = services.clock.now()
    company_id = (
        services.db.engine.connect()
        .execute(
            sa.text("SELECT company_id FROM job_positions WHERE id = :id"), {"id": position_id}
        )
        .scalar_one()
    )
    values = [
        {
            "id": new_id("cand_"),
            "company_id": company_id,
            "job_position_id": position_id,
            "first_name": "Base",
            "last_name": f"Row{i}",
            "email": f"baseline{run}-{i}@example.com",
            "status": "new",
            "analysis_viewed": False,
            "import_source": "api",
            "upsides": [],
            "shortcomings": [],
            "cv_analysis_status": "not_requested",
            "imported_without_cv": True,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(rows)
    ]
    table = Candidate.__table__
    t0 = time.perf_counter()
    with services.db.engine.begin() as conn:
        conn.execute(sa.insert(table), values)
    return time.perf_counter() - t0


def bench_import(services: AppServices, rows: int, runs: int) -> None:
    key, position_id = _tenant(services)
    baseline = statistics.median(
        baseline_insert(services, position_id, rows, run) for run in range(runs)
    )
    with TestClient(create_app(services=services)) as client:
        latencies = []
        for run in range(runs):
            stop = threading.Event()
            worker = build_worker(services)
            threads = worker.start(stop)
            started = time.perf_counter()
            job_id = _post(client, key, position_id, run, rows)
            posted, accepted = time.perf_counter() - started, datetime.now(UTC)
            # Poll slowly, as a client would, and take the server's own completedAt: the
            # polling neither competes with the worker nor rounds the result.
            while (completed := _completed_at(client, key, job_id)) is None:
                time.sleep(0.25)
            latencies.append((completed - accepted).total_seconds())
            worker.shutdown(stop, threads)
            print(
                f"  run {run}: POST {posted * 1000:.0f} ms, "
                f"202→completed {latencies[-1] * 1000:.0f} ms"
            )
        worker_only = []
        for run in range(runs, 2 * runs):
            job_id = _post(client, key, position_id, run, rows)
            t0 = time.perf_counter()
            build_worker(services).run_until_idle()
            worker_only.append(time.perf_counter() - t0)
    latency, alone = statistics.median(latencies), statistics.median(worker_only)
    print(f"baseline: raw INSERT executemany of {rows} rows, median {baseline * 1000:.1f} ms")
    print(
        f"{rows}-row import, no CVs: 202→completed median {latency * 1000:.0f} ms "
        f"({latency / baseline:.1f}× baseline); worker time alone median {alone * 1000:.0f} ms "
        f"({alone / baseline:.1f}× baseline, {rows / alone:.0f} rows/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2000)
    args = parser.parse_args()
    # One log line per request would swamp the numbers.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("PANELIST_BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'b.db'}"
        settings = Settings(
            data_dir=Path(tmp),
            database_url=url,
            secret_key="bench-" + "0" * 40,
            redis_url=None,
            inprocess_worker=False,  # the benchmark starts its own worker, as `serve` would
        )
        services = build_services(settings)
        upgrade_to_head(services.db.engine)
        print(f"database: {services.db.engine.url.render_as_string(hide_password=True)}")
        bench_import(services, args.rows, args.runs)
        bench_queue(services, args.jobs)
        services.db.dispose()


if __name__ == "__main__":
    main()
