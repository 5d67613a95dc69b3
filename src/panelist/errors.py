"""The one error hierarchy. Every expected failure is an `ApiError` carrying its HTTP status and
the contract's stable code; the handler in `panelist.http.handlers` renders the envelope.

    ApiError
    ├── Unauthorized (401)          ├── Conflict family (409)
    ├── Forbidden family (403)      │   DuplicateCandidate, InvalidStatus, …
    ├── RateLimited (429)           ├── SessionExpired (410)
    ├── ValidationFailed (400)      ├── PayloadTooLarge (413)
    ├── InvalidBody (400)           ├── MethodNotAllowed (405)
    ├── NotFound (404)              └── ServiceUnavailable (503) / InternalError (500)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class ApiError(Exception):
    status: int = 500
    code: str = "INTERNAL_ERROR"
    default_message: str = "An unexpected error occurred."

    def __init__(
        self,
        message: str | None = None,
        *,
        details: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = details
        self.headers = headers or {}
        super().__init__(self.message)


class Unauthorized(ApiError):
    status, code = 401, "UNAUTHORIZED"
    default_message = "API key is missing or invalid."


class IpNotAllowed(ApiError):
    status, code = 403, "IP_NOT_ALLOWED"
    default_message = "Request IP is not in the key's allowlist."


class ScopeInsufficient(ApiError):
    status, code = 403, "SCOPE_INSUFFICIENT"
    default_message = "API key lacks the required scope."


class Forbidden(ApiError):
    status, code = 403, "FORBIDDEN"
    default_message = "Access denied."


class ApiDisabled(ApiError):
    status, code = 403, "API_DISABLED"
    default_message = "API access is disabled for this company."


class AccountSuspended(ApiError):
    status, code = 403, "ACCOUNT_SUSPENDED"
    default_message = "The company account is suspended."


class RateLimited(ApiError):
    status, code = 429, "RATE_LIMITED"
    default_message = "Rate limit exceeded."


class ValidationFailed(ApiError):
    status, code = 400, "VALIDATION_ERROR"
    default_message = "The request has invalid parameters."


class InvalidBody(ApiError):
    status, code = 400, "INVALID_BODY"
    default_message = "Request body is not valid JSON."


class NotFound(ApiError):
    status, code = 404, "NOT_FOUND"
    default_message = "Resource not found."


class MethodNotAllowed(ApiError):
    status, code = 405, "METHOD_NOT_ALLOWED"
    default_message = "Method not allowed for this route."


class PayloadTooLarge(ApiError):
    status, code = 413, "PAYLOAD_TOO_LARGE"
    default_message = "Request body is too large."


class DuplicateCandidate(ApiError):
    status, code = 409, "DUPLICATE_CANDIDATE"
    default_message = "A candidate with this email already exists in the job position."


class InvalidStatus(ApiError):
    status, code = 409, "INVALID_STATUS"
    default_message = "The candidate's status does not allow this action."


class InvalidStatusTransition(ApiError):
    status, code = 409, "INVALID_STATUS_TRANSITION"
    default_message = "The candidate must be interviewed before a decision."


class AnalysisNotViewed(ApiError):
    status, code = 409, "ANALYSIS_NOT_VIEWED"
    default_message = "The interview analysis must be viewed before a decision."


class ActiveSession(ApiError):
    status, code = 409, "ACTIVE_SESSION"
    default_message = "The candidate has an active interview session; pass force=true."


class WebhookLimitReached(ApiError):
    status, code = 409, "WEBHOOK_LIMIT_REACHED"
    default_message = "The company already has 5 active webhooks."


class IdempotencyConflict(ApiError):
    status, code = 409, "IDEMPOTENCY_CONFLICT"
    default_message = "Idempotency-Key was already used with a different request."


class SessionExpired(ApiError):
    status, code = 410, "SESSION_EXPIRED"
    default_message = "This interview link has expired."


class SessionCompleted(ApiError):
    status, code = 409, "SESSION_COMPLETED"
    default_message = "This interview was already completed."


class InternalError(ApiError):
    status, code = 500, "INTERNAL_ERROR"


class ServiceUnavailable(ApiError):
    status, code = 503, "SERVICE_UNAVAILABLE"
    default_message = "A backing service is unavailable; try again shortly."


def validation_error(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{field}: {message}", details=[FieldError(field, message)])


class LinkExpired(ApiError):
    """A signed download link that is stale, tampered with or no longer leads to a file
    (contract §7 `cv-document`: `410`). The contract names no code for it; §3's only 410 code
    is `SESSION_EXPIRED` (a link without an API key that no longer works), so that is used
    rather than inventing one a client of the contract would not know."""

    status, code = 410, "SESSION_EXPIRED"
    default_message = "This download link has expired or is invalid."
