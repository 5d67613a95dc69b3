"""Every job kind and periodic job, collected from each domain's `tasks` module."""

from __future__ import annotations

from panelist.analysis import tasks as analysis_tasks
from panelist.bulk_imports import tasks as bulk_import_tasks
from panelist.emails import tasks as email_tasks
from panelist.http.services import AppServices
from panelist.idempotency import tasks as idempotency_tasks
from panelist.interviews import tasks as interview_tasks
from panelist.jobs.worker import JobKind, Loop, Periodic, Worker
from panelist.webhooks import tasks as webhook_tasks

_MODULES = [bulk_import_tasks, email_tasks, idempotency_tasks, interview_tasks]
_MODULES.append(webhook_tasks)
_MODULES.append(analysis_tasks)


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


def loops(services: AppServices) -> list[Loop]:
    """Long-running loops that run beside the job threads: a module's `loops(services)`."""
    return [
        loop for module in _MODULES if hasattr(module, "loops") for loop in module.loops(services)
    ]


def build_worker(services: AppServices, concurrency: int = 1) -> Worker:
    return Worker(
        services, kinds(), periodic(services), concurrency=concurrency, loops=loops(services)
    )
