"""Wire shapes of candidates (contract §6.2) and the bodies and queries of their routes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from panelist.candidates.models import Candidate
from panelist.kit.timefmt import iso

CandidateStatus = Literal[
    "new", "invited", "interviewed", "selected", "rejected", "expired", "failed", "unevaluable"
]
ImportSource = Literal["api", "csv", "manual", "cv_upload", "email"]
CvAnalysisStatus = Literal["not_requested", "pending", "completed", "failed"]


def _email(value: str) -> str:
    value = value.strip()
    if len(value) > 254:
        raise ValueError("Email must be at most 254 characters.")
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"Invalid email address: {exc}") from None
    return value.lower()


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Email = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, StringConstraints(max_length=50)]
CvText = Annotated[str, StringConstraints(max_length=100_000)]
Notes = Annotated[str, StringConstraints(max_length=10_000)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CandidateFields(_Body):
    firstName: Name
    lastName: Name
    email: Email
    phone: Phone | None = None
    cvText: CvText | None = None
    notes: Notes | None = None


class CandidateCreate(CandidateFields):
    jobPositionId: str
    skipAnalysis: bool = False


class CandidateUpdate(_Body):
    firstName: Name | None = None
    lastName: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    notes: Notes | None = None


class CandidateListQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    jobPositionId: str
    status: CandidateStatus | None = None
    importSource: ImportSource | None = None
    q: Annotated[str, StringConstraints(max_length=200)] | None = None
    limit: int = Field(default=50, ge=1, le=200)
    cursor: str | None = None


class CandidateRefQuery(BaseModel):
    """`jobPositionId` may be given on every single-candidate route; it must then match."""

    model_config = ConfigDict(extra="ignore")

    jobPositionId: str | None = None


class CandidateDeleteQuery(CandidateRefQuery):
    force: Literal["true", "false"] = "false"


class CandidateOut(BaseModel):
    id: str
    jobPositionId: str
    firstName: str
    lastName: str
    email: str
    phone: str | None
    status: CandidateStatus
    cvScore: int | None
    interviewScore: int | None
    analysisViewed: bool
    importSource: ImportSource
    createdAt: str
    updatedAt: str


class CandidateDetailOut(CandidateOut):
    notes: str | None
    cvText: str | None
    aiEvaluation: str | None
    upsides: list[str]
    shortcomings: list[str]
    cvAnalysisStatus: CvAnalysisStatus
    importedWithoutCv: bool
    originalCvFileName: str | None
    sessionId: str | None
    invitedAt: str | None
    interviewedAt: str | None
    decidedAt: str | None


class CandidateCreatedOut(CandidateDetailOut):
    candidateId: str


class CandidateStatusOut(BaseModel):
    status: CandidateStatus
    analysisViewed: bool
    interviewScore: int | None


class CvScoreOut(BaseModel):
    cvScore: int | None


class CandidateDeletedOut(BaseModel):
    candidateId: str
    deleted: bool


def to_wire(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.id,
        "jobPositionId": c.job_position_id,
        "firstName": c.first_name,
        "lastName": c.last_name,
        "email": c.email,
        "phone": c.phone,
        "status": c.status,
        "cvScore": c.cv_score,
        "interviewScore": c.interview_score,
        "analysisViewed": c.analysis_viewed,
        "importSource": c.import_source,
        "createdAt": iso(c.created_at),
        "updatedAt": iso(c.updated_at),
    }


def to_wire_detail(c: Candidate) -> dict[str, Any]:
    return {
        **to_wire(c),
        "notes": c.notes,
        "cvText": c.cv_text,
        "aiEvaluation": c.ai_evaluation,
        "upsides": list(c.upsides or []),
        "shortcomings": list(c.shortcomings or []),
        "cvAnalysisStatus": c.cv_analysis_status,
        "importedWithoutCv": c.imported_without_cv,
        "originalCvFileName": c.original_cv_file_name,
        "sessionId": c.session_id,
        "invitedAt": iso(c.invited_at),
        "interviewedAt": iso(c.interviewed_at),
        "decidedAt": iso(c.decided_at),
    }
