"""companies domain."""
