"""api keys domain."""
