"""Imports every model so that the metadata (and Alembic's autogenerate) sees all tables."""

from panelist.api_keys.models import ApiKey
from panelist.candidates.models import Candidate
from panelist.companies.models import Company
from panelist.db.base import Base
from panelist.events.models import OutboxEvent
from panelist.idempotency.models import IdempotencyRecord
from panelist.job_positions.models import JobPosition
from panelist.users.models import User

__all__ = [
    "ApiKey",
    "Base",
    "Candidate",
    "Company",
    "IdempotencyRecord",
    "JobPosition",
    "OutboxEvent",
    "User",
]
