"""The log context of one request, seen by every line it causes, whichever thread or task logs it.

Litestar runs sync guards in worker threads and resolves dependencies in tasks of their own:
values they bind with structlog's contextvars vanish when that thread or task ends. Here the
request's context is one dict, created by the middleware; copied contexts share the dict, so
what a guard adds is on the handler's and the exception handler's lines too.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import structlog

_REQUEST: ContextVar[dict[str, Any] | None] = ContextVar("cascade_request_log", default=None)


def start_request(**fields: Any) -> None:
    """A fresh context for one request (called by the middleware before anything else)."""
    structlog.contextvars.clear_contextvars()
    _REQUEST.set(dict(fields))


def bind_request(**fields: Any) -> None:
    """Add fields to the current request's context (outside a request: to structlog's own)."""
    current = _REQUEST.get()
    if current is None:
        structlog.contextvars.bind_contextvars(**fields)
    else:
        current.update(fields)


def merge_request_context(_logger: Any, _method: str, event: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: the request's fields on every line, after structlog's contextvars."""
    event = structlog.contextvars.merge_contextvars(_logger, _method, event)
    for key, value in (_REQUEST.get() or {}).items():
        event.setdefault(key, value)
    return event
