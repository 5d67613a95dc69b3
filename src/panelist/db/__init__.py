"""Database engine, sessions and the declarative base shared by every domain."""
