"""The bulk import job: a stepwise job that imports its rows chunk by chunk.

Each chunk is one `ctx.transaction()`, which re-checks this worker's lease (and renews it), so
a job taken over after a crash continues from the last committed chunk and never imports a
row twice. The final transition and its `bulk_import_complete` event share one transaction,
guarded by the import's status, so a job resumed after it (before the job was marked done)
finds nothing left to do.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from panelist.bulk_imports import service
from panelist.jobs.worker import JobContext, JobKind, PermanentJobError

RUN = service.RUN_KIND
# Small enough that a chunk transaction holds SQLite's single write lock only briefly, large
# enough that the per-chunk queries and commit are amortised.
CHUNK_SIZE = 100


def _target(ctx: JobContext) -> tuple[str, str]:
    company_id, import_id = ctx.job.company_id, ctx.job.payload.get("bulkImportId")
    if company_id is None or not isinstance(import_id, str):
        raise PermanentJobError("bulk import job without company or bulkImportId")
    return company_id, import_id


def run(ctx: JobContext) -> None:
    company_id, import_id = _target(ctx)
    finished = False
    while not finished:
        with ctx.transaction() as session:
            finished = service.import_next_chunk(
                session, company_id, import_id, size=CHUNK_SIZE, at=ctx.services.clock.now()
            )


def on_failed(ctx: JobContext, session: Session, error: str) -> None:
    company_id, import_id = _target(ctx)
    service.fail(session, company_id, import_id, ctx.services.clock.now())


KINDS = [JobKind(RUN, stepwise=run, on_failed=on_failed)]
