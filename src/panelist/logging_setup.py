"""Structured logging: JSON lines (or a console renderer on a terminal) via structlog."""

from __future__ import annotations

import logging
import sys
from typing import Any

import orjson
import structlog

from panelist.settings import LogFormat


def _json_line(event: Any, **kwargs: Any) -> str:
    # orjson: one log line per request, so the renderer is on the hot path (~4x json.dumps).
    fallback = kwargs.get("default") or str
    return orjson.dumps(event, default=fallback, option=orjson.OPT_NON_STR_KEYS).decode()


def configure(log_format: LogFormat | None) -> None:
    if log_format is None:
        log_format = LogFormat.CONSOLE if sys.stderr.isatty() else LogFormat.JSON
    renderer: structlog.types.Processor = (
        structlog.dev.ConsoleRenderer()
        if log_format is LogFormat.CONSOLE
        else structlog.processors.JSONRenderer(serializer=_json_line)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
