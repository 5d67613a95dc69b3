"""JSON encoding: orjson for speed, and the canonical form used for fingerprints and ETags."""

from typing import Any

import orjson


def dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


def canonical(value: Any) -> bytes:
    """Keys sorted, no whitespace: two equal documents always give the same bytes."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
