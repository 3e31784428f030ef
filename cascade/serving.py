"""`cascade serve`'s uvicorn server: a SIGTERM ends open event streams and then the process.

uvicorn waits for every open connection before it stops; an overview stream may stay open for an
hour. On the signal the application's `stopping` event is set, each stream ends cleanly at its
next poll (within half a second, services/projections/overview/api.py), requests in flight get
`CASCADE_STOP_TIMEOUT_SECONDS`, and whatever is still open after that is cut.

HTTP/1.1 is parsed by httptools (C, pinned), not h11 (pure Python: 11 % of a command's samples
under load, issue 16). Granian was measured too (docs/performance.md, "HTTP layer and peers").
"""

from __future__ import annotations

import threading
from types import FrameType

import uvicorn
from litestar import Litestar

from cascade.settings import Settings


class GracefulServer(uvicorn.Server):
    """uvicorn.Server that tells the application it is stopping as soon as the signal arrives."""

    def __init__(self, config: uvicorn.Config, stopping: threading.Event) -> None:
        super().__init__(config)
        self.stopping = stopping

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.stopping.set()
        super().handle_exit(sig, frame)


def serve(app: Litestar, settings: Settings) -> None:
    """Listen until SIGTERM or SIGINT; request bodies are capped by the app (max_body_bytes)."""
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level="warning", access_log=False, http="httptools",
        timeout_graceful_shutdown=int(settings.stop_timeout_seconds) or None,
        timeout_keep_alive=int(settings.keepalive_seconds),
    )
    GracefulServer(config, app.state.services.stopping).run()
