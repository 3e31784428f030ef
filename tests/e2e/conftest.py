"""The HTTP API as a client sees it, on both backends, with real signed tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from litestar.testing import TestClient

from cascade.app import create_app
from cascade.settings import Settings
from services.auth import Principal, ensure_development_key, mint_token
from tenants.backends import Backend
from tenants.registry import Tenant

TENANTS = [
    Tenant("ru-16", "region", "ru-16", "Республика Татарстан"),
    Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий муниципальный район"),
    Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский муниципальный район"),
    Tenant("ru-67", "region", "ru-67", "Смоленская область"),
    Tenant("ru-67-smolensk", "municipality", "ru-67", "город Смоленск"),
]


@dataclass
class Api:
    """A client plus token minting: `api.post(tenant, command, as_=principal)`."""

    client: TestClient
    settings: Settings
    backend: Backend
    tokens: dict[Principal, str] = field(default_factory=dict)

    def token(self, principal: Principal) -> str:
        if principal not in self.tokens:
            key = ensure_development_key(self.settings.dev_key_path)
            self.tokens[principal] = mint_token(key, principal)
        return self.tokens[principal]

    def headers(self, principal: Principal | None, **extra: str) -> dict[str, str]:
        headers = dict(extra)
        if principal is not None:
            headers["Authorization"] = f"Bearer {self.token(principal)}"
        return headers

    def post(
        self, tenant: str, command: dict[str, Any], as_: Principal | None, key: str | None = None
    ) -> Any:
        extra = {"Idempotency-Key": key} if key else {}
        return self.client.post(
            f"/api/v1/tenants/{tenant}/commands", json=command, headers=self.headers(as_, **extra)
        )

    def get(self, path: str, as_: Principal | None, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(as_))

    def head(self, tenant: str) -> int:
        return self.backend.application(tenant).head_position()

    def project(self) -> int:
        """Run the projections once, up to the head of every log (tests drive it explicitly)."""
        from services.projections.runner import ProjectionRunner

        read = self.client.app.state.services.read
        return ProjectionRunner(self.backend, read.store, read.views).run_once()

    def count(self, tenant: str) -> int:
        """Events in the tenant log (positions may have gaps on PostgreSQL)."""
        recorder = self.backend.application(tenant).recorder
        return len(recorder.select_notifications(start=None, limit=1_000_000))


def officer(tenant: str = "ru-16-kaybitsy", region: str = "ru-16") -> Principal:
    return Principal(f"officer@{tenant}", "municipal_officer", region, tenant)


def school_user(school: str, tenant: str = "ru-16-kaybitsy", region: str = "ru-16") -> Principal:
    return Principal(f"user@{school}", "school_user", region, tenant, school)


def operator(region: str = "ru-16") -> Principal:
    return Principal(f"operator@{region}", "region_operator", region)


def auditor(region: str = "ru-16") -> Principal:
    return Principal(f"auditor@{region}", "auditor", region)


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
