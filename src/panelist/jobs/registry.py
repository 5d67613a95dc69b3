"""Every job kind and periodic job, collected from each domain's `tasks` module."""

from __future__ import annotations

from panelist.bulk_imports import tasks as bulk_import_tasks
from panelist.emails import tasks as email_tasks
from panelist.http.services import AppServices
from panelist.idempotency import tasks as idempotency_tasks
from panelist.interviews import tasks as interview_tasks
from panelist.jobs.worker import JobKind, Periodic, Worker

_MODULES = [bulk_import_tasks, email_tasks, idempotency_tasks, interview_tasks]


def kinds() -> dict[str, JobKind]:
    return {kind.name: kind for module in _MODULES for kind in module.KINDS}


def periodic(services: AppServices) -> list[Periodic]:
    """Periodic jobs: a module's `PERIODIC` list, or its `periodic(services)` when the period
    comes from settings."""
    items: list[Periodic] = []
    for module in _MODULES:
        items.extend(getattr(module, "PERIODIC", []))
        if hasattr(module, "periodic"):
            items.extend(module.periodic(services))
    return items


def build_worker(services: AppServices, concurrency: int = 1) -> Worker:
    return Worker(
        services,
        kinds(),
        periodic(services),
        concurrency=concurrency,
        lease_seconds=services.settings.job_lease_seconds,
    )
