"""Imports every model so that the metadata (and Alembic's autogenerate) sees all tables."""

from panelist.analysis.models import CvAnalysis, InterviewAnalysis
from panelist.api_keys.models import ApiKey
from panelist.bulk_imports.models import BulkImport, BulkImportRow
from panelist.candidates.models import Candidate
from panelist.companies.models import Company
from panelist.cv_documents.models import CvDocument
from panelist.db.base import Base
from panelist.emails.models import OutboundEmail
from panelist.events.models import OutboxEvent
from panelist.idempotency.models import IdempotencyRecord
from panelist.interviews.models import InterviewAnswer, InterviewLinkTombstone, InterviewSession
from panelist.job_positions.models import JobPosition
from panelist.jobs.models import Job
from panelist.users.models import User
from panelist.webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "ApiKey",
    "Base",
    "BulkImport",
    "BulkImportRow",
    "Candidate",
    "Company",
    "CvAnalysis",
    "CvDocument",
    "IdempotencyRecord",
    "InterviewAnalysis",
    "InterviewAnswer",
    "InterviewLinkTombstone",
    "InterviewSession",
    "Job",
    "JobPosition",
    "OutboundEmail",
    "OutboxEvent",
    "User",
    "Webhook",
    "WebhookDelivery",
]
