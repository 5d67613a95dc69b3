"""candidates domain."""
