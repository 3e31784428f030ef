"""structlog set-up: JSON lines in production, key=value on a terminal, context from contextvars.

The JSON line is encoded by msgspec and written as bytes, and each logger is bound to this
configuration on its first use (`cache_logger_on_first_use`): the access line of every request
was 7 % of a command's samples under load with the stdlib encoder and a logger rebuilt per call
(issue 16). Call configure_logging() before the first line is logged: a logger used before keeps
the configuration it first saw.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import msgspec
import structlog

from services.log_context import merge_request_context
from services.observability.tracing import add_trace_context

#: Anything msgspec does not encode itself (a path, an exception, an object) is written as its str().
_ENCODER = msgspec.json.Encoder(enc_hook=str)


def render_json(_logger: Any, _method: str, event: dict[str, Any]) -> bytes:
    """structlog renderer: the event as one JSON object, in bytes (BytesLogger adds the newline)."""
    return _ENCODER.encode(event)


def configure_logging(log_format: str = "auto", level: str = "INFO") -> None:
    """Configure once at start-up; every line carries the bound request context."""
    if log_format == "auto":
        log_format = "console" if sys.stderr.isatty() else "json"
    binary = getattr(sys.stderr, "buffer", None)
    if log_format == "json" and binary is not None:
        renderer: Any = render_json
        factory: Any = structlog.BytesLoggerFactory(file=binary)
    else:
        renderer = (structlog.processors.JSONRenderer() if log_format == "json"
                    else structlog.dev.ConsoleRenderer(colors=False))
        factory = structlog.PrintLoggerFactory(file=sys.stderr)
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
        logger_factory=factory,
        cache_logger_on_first_use=True,
    )
