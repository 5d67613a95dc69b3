"""Structured logging: JSON lines (or a console renderer on a terminal) via structlog."""

from __future__ import annotations

import logging
import sys

import structlog

from panelist.settings import LogFormat


def configure(log_format: LogFormat | None) -> None:
    if log_format is None:
        log_format = LogFormat.CONSOLE if sys.stderr.isatty() else LogFormat.JSON
    renderer: structlog.types.Processor = (
        structlog.dev.ConsoleRenderer()
        if log_format is LogFormat.CONSOLE
        else structlog.processors.JSONRenderer()
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
