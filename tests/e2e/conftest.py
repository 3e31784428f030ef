"""The HTTP API as a client sees it, on both backends, with real signed tokens."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from litestar.testing import TestClient
from psycopg.conninfo import make_conninfo

from cascade.app import create_app
from cascade.settings import Settings
from tenants.backends import Backend, PostgresBackend, SQLiteBackend

# Re-exported: older test modules import these from the conftest; new ones use tests.e2e.helpers.
from tests.e2e.helpers import TENANTS, Api, auditor, officer, operator, school_user

__all__ = ["TENANTS", "Api", "auditor", "officer", "operator", "school_user"]


def _serve(backend: Backend, tmp_path: Path) -> Iterator[Api]:
    """The test's app and client on a backend: the e2e tenants provisioned, a fresh data dir."""
    settings = Settings(data_dir=str(tmp_path / "var"))
    for tenant in TENANTS:
        backend.provision(tenant)
    app = create_app(settings, backend=backend)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, settings, backend)


@pytest.fixture
def api(backend: Backend, tmp_path) -> Iterator[Api]:
    yield from _serve(backend, tmp_path)


# --- the demo, loaded once per worker and backend, copied for each test ------------------------

_databases = itertools.count(1)
#: The demo's schema inside each PostgreSQL template database and its copies.
DEMO_SCHEMA = "demo"


def _load_demo(backend: Backend, root: Path, projected: bool) -> None:
    """The e2e tenants and the whole demo posted; with `projected`, the views run to the head."""
    from cascade.calendar_store import bundled_calendars
    from cascade.demo.loader import post_demo
    from services.commands.executor import CommandExecutor

    try:
        for tenant in TENANTS:
            backend.provision(tenant)
        post_demo(backend, CommandExecutor(bundled_calendars()))
        if projected:
            for api in _serve(backend, root):
                api.project()
    finally:
        backend.close()


def _create_database(pg_url: str, template: str | None = None) -> str:
    """A new database (a copy of `template` when given); its name."""
    name = f"demo_{os.getpid()}_{next(_databases)}"
    copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}{copy}")
    return name


def _drop_database(pg_url: str, name: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class DemoTemplates:
    """Per worker, built on first use: the demo in a SQLite directory and in a PostgreSQL
    database, each unprojected and projected. No test opens a template, only copies of it
    (CREATE DATABASE … TEMPLATE needs one without connections)."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> None:
        self.tmp_path_factory, self.request = tmp_path_factory, request
        self.built: dict[tuple[str, bool], Path | str] = {}
        self.pg_url: str | None = None

    def get(self, kind: str, projected: bool) -> Path | str:
        if (kind, projected) not in self.built:
            self.built[kind, projected] = self._build(kind, projected)
        return self.built[kind, projected]

    def _build(self, kind: str, projected: bool) -> Path | str:
        root = self.tmp_path_factory.mktemp("demo-template")
        if kind == "sqlite":
            _load_demo(SQLiteBackend(root / "store"), root, projected)
            return root
        pg_url = self.pg_url = self.request.getfixturevalue("pg_url")
        name = _create_database(pg_url)
        with psycopg.connect(make_conninfo(pg_url, dbname=name), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {DEMO_SCHEMA}")
        backend = PostgresBackend(make_conninfo(pg_url, dbname=name), schema=DEMO_SCHEMA, pool_size=4)
        _load_demo(backend, root, projected)
        return name

    def drop(self) -> None:
        """Drop the template databases; a throwaway cluster stopped first took them with it."""
        for (kind, _), built in self.built.items():
            if kind == "postgres" and self.pg_url:
                try:
                    _drop_database(self.pg_url, str(built))
                except psycopg.OperationalError:
                    return


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory, request) -> Iterator[DemoTemplates]:
    templates = DemoTemplates(tmp_path_factory, request)
    yield templates
    templates.drop()


@contextmanager
def _demo_backend(backend_kind: str, tmp_path: Path, request, projected: bool) -> Iterator[Backend]:
    """A private copy of a demo template: what the test writes no other test sees."""
    template = request.getfixturevalue("demo_templates").get(backend_kind, projected)
    pg_url, copy = None, None
    if backend_kind == "sqlite":
        shutil.copytree(template / "store", tmp_path / "store")
        if projected:  # the views live in the data dir (cascade.app.open_view_database)
            (tmp_path / "var").mkdir()
            for views in (template / "var").glob("views.sqlite*"):
                shutil.copy2(views, tmp_path / "var" / views.name)
        store: Backend = SQLiteBackend(tmp_path / "store")
    else:
        pg_url = request.getfixturevalue("pg_url")
        copy = _create_database(pg_url, template=str(template))
        store = PostgresBackend(make_conninfo(pg_url, dbname=copy), schema=DEMO_SCHEMA, pool_size=4)
    try:
        yield store
    finally:
        store.close()
        if pg_url and copy:
            _drop_database(pg_url, copy)


@pytest.fixture
def demo_copy(backend_kind: str, tmp_path, request) -> Iterator[Api]:
    """`api` with the whole demo already posted (as `post_demo` would), on a copy made for this
    test of a store loaded once per worker and backend. Not projected: call `api.project()`."""
    with _demo_backend(backend_kind, tmp_path, request, projected=False) as store:
        yield from _serve(store, tmp_path)


@pytest.fixture
def projected_demo_copy(backend_kind: str, tmp_path, request) -> Iterator[Api]:
    """`demo_copy` with the views already run to the head (as `post_demo` then `api.project()`)."""
    with _demo_backend(backend_kind, tmp_path, request, projected=True) as store:
        yield from _serve(store, tmp_path)


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
