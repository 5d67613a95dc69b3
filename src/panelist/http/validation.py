"""Turn pydantic's validation errors into the contract's `details` with dotted field paths."""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError

from panelist.errors import FieldError, ValidationFailed

_MESSAGES = {
    "missing": "Field required.",
    "extra_forbidden": "Unknown field.",
}


def field_errors(exc: PydanticValidationError) -> ValidationFailed:
    details: list[FieldError] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False, include_context=False, include_input=False):
        path = ".".join(str(part) for part in err["loc"]) or "body"
        message = _MESSAGES.get(err["type"], err["msg"])
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if (path, message) not in seen:
            seen.add((path, message))
            details.append(FieldError(path, message))
    summary = "; ".join(f"{d.field}: {d.message}" for d in details[:5])
    return ValidationFailed(f"Validation failed: {summary}", details=details)
