"""candidates.service.create_many: the batched create behind bulk imports must produce exactly
what `create` would, row by row, and settle duplicates per row."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from panelist.candidates import repository
from panelist.candidates import service as candidates
from panelist.candidates.models import Candidate
from panelist.candidates.schemas import CandidateFields
from panelist.events.models import OutboxEvent
from panelist.http.services import AppServices
from panelist.jobs.models import Job
from tests.fixtures.factories import Tenant

# Columns that legitimately differ between two candidates made the same way.
_OWN = {"id", "first_name", "email"}


def fields(name: str, **extra: Any) -> CandidateFields:
    return CandidateFields(firstName=name, lastName="Batch", email=f"{name}@example.com", **extra)


def create_many(
    services: AppServices, tenant: Tenant, rows: list[CandidateFields], *, skip: bool = False
) -> list[str | None]:
    with services.db.write() as s:
        return candidates.create_many(
            s,
            tenant.company_id,
            tenant.position_id,
            rows,
            import_source="api",
            skip_analysis=skip,
            at=services.clock.now(),
        )


def columns(services: AppServices, candidate_id: str) -> dict[str, Any]:
    with services.db.read() as s:
        row = s.execute(sa.select(Candidate.__table__).where(Candidate.id == candidate_id)).one()
        return {k: v for k, v in row._mapping.items() if k not in _OWN}


def status_events(services: AppServices) -> dict[str, dict[str, Any]]:
    with services.db.read() as s:
        rows = s.scalars(
            sa.select(OutboxEvent).where(OutboxEvent.event_type == "candidate_status_changed")
        )
        return {str(e.payload["candidateId"]): dict(e.payload) for e in rows}


def analysis_jobs(services: AppServices) -> list[str]:
    with services.db.read() as s:
        rows = s.scalars(sa.select(Job).where(Job.kind == candidates.CV_ANALYSIS_JOB))
        return sorted(str(j.payload["candidateId"]) for j in rows)


@pytest.mark.parametrize("skip", [False, True])
def test_rows_become_what_create_makes(services: AppServices, tenant: Tenant, skip: bool) -> None:
    with services.db.write() as s:
        single = candidates.create(
            s,
            tenant.company_id,
            tenant.position_id,
            fields("single", cvText="Go and SQL", phone="+370 600 00000"),
            import_source="api",
            skip_analysis=skip,
            at=services.clock.now(),
        ).id
    batch = create_many(
        services,
        tenant,
        [fields("withcv", cvText="Go and SQL", phone="+370 600 00000"), fields("nocv")],
        skip=skip,
    )
    with_cv, without_cv = batch
    assert with_cv is not None
    assert without_cv is not None
    assert columns(services, with_cv) == columns(services, single)
    assert columns(services, without_cv)["cv_analysis_status"] == "not_requested"
    assert columns(services, without_cv)["imported_without_cv"] is True
    events = status_events(services)
    for candidate_id in batch:
        assert events[str(candidate_id)] == {
            "candidateId": candidate_id,
            "jobPositionId": tenant.position_id,
            "status": "new",
            "previousStatus": None,
        }
    assert len(events) == 3
    # `create` leaves the CV analysis to its caller; `create_many` queues it itself.
    assert analysis_jobs(services) == ([] if skip else [with_cv])


def test_duplicates_in_the_batch_and_in_the_position_are_none(
    services: AppServices, tenant: Tenant
) -> None:
    [existing] = create_many(services, tenant, [fields("old")])
    rows = [fields("b"), fields("old"), fields("a"), fields("b"), fields("c")]
    ids = create_many(services, tenant, rows)
    assert [i is None for i in ids] == [False, True, False, True, False]
    assert existing not in ids
    with services.db.read() as s:
        names = s.execute(
            sa.select(Candidate.id, Candidate.last_name, Candidate.email).where(
                Candidate.company_id == tenant.company_id
            )
        ).all()
    assert sorted(e for _, _, e in names) == sorted(
        f"{n}@example.com" for n in ("old", "a", "b", "c")
    )
    # The first "b" (row 0) is the one created.
    assert ids[0] in {i for i, _, e in names if e == "b@example.com"}
    assert len(status_events(services)) == 4
    assert create_many(services, tenant, []) == []


def test_an_email_taken_after_the_check_makes_only_that_row_a_duplicate(
    services: AppServices, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a concurrent insert does on PostgreSQL, made deterministic: the pre-check misses
    an email the position has, so the batch insert fails and is redone row by row."""
    [existing] = create_many(services, tenant, [fields("taken")])
    monkeypatch.setattr(repository, "emails_in_position", lambda *args: set())
    rows = [fields("x", cvText="CV"), fields("taken", cvText="CV"), fields("y")]
    x, taken, y = create_many(services, tenant, rows)
    assert taken is None
    assert x is not None
    assert y is not None
    events = status_events(services)
    assert set(events) == {existing, x, y}
    assert analysis_jobs(services) == [x]
    with services.db.read() as s:
        count = s.scalar(
            sa.select(sa.func.count())
            .select_from(Candidate)
            .where(Candidate.company_id == tenant.company_id)
        )
    assert count == 3
