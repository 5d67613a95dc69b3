"""Unauthenticated system routes: health, docs, OpenAPI."""
