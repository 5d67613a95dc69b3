"""job positions domain."""
