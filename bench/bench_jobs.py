"""Jobs/s through the transactional queue, for a no-op job kind, on a fresh SQLite file (or
PANELIST_BENCH_DATABASE_URL).

    .venv/bin/python -m bench.bench_jobs [--jobs 2000] [--workers 1]

Prints the enqueue rate (one transaction per job, as requests enqueue) and the run rate (claim,
run and mark done: two write transactions per job), with `--workers` worker threads. Also a
baseline measured in the same run on the same database: `--jobs` bare single-row UPDATE
transactions, i.e. what the database alone allows per commit on this machine now.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from panelist.app import build_services
from panelist.db.migrate import upgrade_to_head
from panelist.http.services import AppServices
from panelist.jobs import queue
from panelist.jobs.models import Job
from panelist.jobs.worker import JobContext, JobKind, Worker
from panelist.settings import Settings

NOOP = "bench.noop"


def _noop(ctx: JobContext, session: Session) -> None:
    return None


def baseline_commits(services: AppServices, n: int) -> float:
    """Commits/s of the cheapest write transaction through the same Database object."""
    now = services.clock.now()
    with services.db.write() as s:
        job = queue.enqueue(s, "bench.baseline", {}, at=now)
    t0 = time.perf_counter()
    for i in range(n):
        with services.db.write() as s:
            s.execute(sa.update(Job).where(Job.id == job.id).values(attempts=i))
    return n / (time.perf_counter() - t0)


def enqueue_rate(services: AppServices, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        with services.db.write() as s:
            queue.enqueue(s, NOOP, {}, at=services.clock.now())
    return n / (time.perf_counter() - t0)


def run_rate(services: AppServices, workers: int) -> tuple[int, float]:
    kinds = {NOOP: JobKind(NOOP, transactional=_noop)}
    done = [0] * workers

    def drain(i: int) -> None:
        done[i] = Worker(services, kinds).run_until_idle()

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(workers)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - t0
    return sum(done), sum(done) / elapsed


def bench_queue(services: AppServices, jobs: int, workers: int = 1) -> None:
    base = baseline_commits(services, jobs)
    enq = enqueue_rate(services, jobs)
    done, rate = run_rate(services, workers)
    print(f"baseline: {base:.0f} bare write transactions/s (same database, same run)")
    print(f"enqueue: {enq:.0f} jobs/s, one transaction each ({enq / base:.2f}× baseline)")
    print(
        f"queue: {done} no-op jobs run at {rate:.0f} jobs/s with {workers} worker thread(s) "
        f"({rate / base:.2f}× baseline; claim + done are two transactions per job)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("PANELIST_BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'j.db'}"
        settings = Settings(data_dir=Path(tmp), database_url=url, secret_key="bench-" + "0" * 40)
        services = build_services(settings)
        upgrade_to_head(services.db.engine)
        print(f"database: {services.db.engine.url.render_as_string(hide_password=True)}")
        bench_queue(services, args.jobs, args.workers)
        services.db.dispose()


if __name__ == "__main__":
    main()
