"""Scopes, roles and rate-limit categories: the wire strings, each in one StrEnum."""

from enum import StrEnum


class Scope(StrEnum):
    READ_JOBS = "read:jobs"
    READ_CANDIDATES = "read:candidates"
    WRITE_CANDIDATES = "write:candidates"
    ACTION_INVITE = "action:invite"
    ACTION_DECIDE = "action:decide"
    MANAGE_WEBHOOKS = "manage:webhooks"


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"


class Category(StrEnum):
    READS = "reads"
    WRITES = "writes"
    ANALYSIS = "analysis"
    STORAGE = "storage"
    BULK = "bulk"
    ACTIONS = "actions"
    WEBHOOKS = "webhooks"


GLOBAL = "global"
