"""The webhook sender runs beside the job threads of every worker (see `runner`); it needs no
job kinds of its own, because each delivery row is its own leased unit of work."""

from __future__ import annotations

import threading
from collections.abc import Callable

from panelist.http.services import AppServices
from panelist.jobs.worker import JobKind
from panelist.webhooks.runner import DeliveryRunner

KINDS: list[JobKind] = []


def loops(services: AppServices) -> list[Callable[[threading.Event], None]]:
    return [DeliveryRunner(services).run]
