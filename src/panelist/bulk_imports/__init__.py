"""bulk imports."""
