"""structlog set-up: JSON lines in production, key=value on a terminal, context from contextvars."""

from __future__ import annotations

import logging
import sys

import structlog

from services.log_context import merge_request_context
from services.observability.tracing import add_trace_context


def configure_logging(log_format: str = "auto", level: str = "INFO") -> None:
    """Configure once at start-up; every line carries the bound request context."""
    if log_format == "auto":
        log_format = "console" if sys.stderr.isatty() else "json"
    renderer = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            merge_request_context,
            add_trace_context,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
