"""The HTTP API as a client sees it, on both backends, with real signed tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from litestar.testing import TestClient

from cascade.app import create_app
from cascade.settings import Settings
from tenants.backends import Backend

# Re-exported: older test modules import these from the conftest; new ones use tests.e2e.helpers.
from tests.e2e.helpers import TENANTS, Api, auditor, officer, operator, school_user

__all__ = ["TENANTS", "Api", "auditor", "officer", "operator", "school_user"]


@pytest.fixture
def api(backend: Backend, tmp_path) -> Iterator[Api]:
    settings = Settings(data_dir=str(tmp_path / "var"))
    for tenant in TENANTS:
        backend.provision(tenant)
    app = create_app(settings, backend=backend)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, settings, backend)


@dataclass
class LiveServer:
    """The real ASGI server on a loopback port, for tests that need truly concurrent requests."""

    url: str
    api: Api


@pytest.fixture
def live_server(api: Api) -> Iterator[LiveServer]:
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(api.settings, backend=api.backend)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start within 10 s")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", api)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
