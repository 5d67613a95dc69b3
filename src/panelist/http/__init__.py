"""Cross-cutting HTTP concerns: envelope, errors, request id, auth, rate limits, idempotency."""
