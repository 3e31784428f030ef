"""What the fault tests share: real `cascade` processes, databases of their own, tokens, waiting.

Every process started here is killed by the caller's `finally` (and, should pytest itself die,
by the kernel: `setpriv --pdeathsig KILL`). Every wait is bounded by a deadline.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

from cascade.pgcluster import ThrowawayCluster
from services.auth import Principal, ensure_development_key, mint_token

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "cascade.cli"]
HOST = "127.0.0.1"

T = TypeVar("T")

_databases = itertools.count(1)
_SETPRIV = shutil.which("setpriv")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], T], timeout: float, interval: float = 0.05, what: str = "") -> T:
    """The first truthy value of `predicate()`, or AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(interval)


# Databases ---------------------------------------------------------------------------------
def with_dbname(url: str, dbname: str) -> str:
    """The same server and user, another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """CREATE DATABASE for one test on the session's server, dropped (forcibly) afterwards."""
    name = f"fault_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield with_dbname(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class RestartableCluster(ThrowawayCluster):
    """A throwaway cluster whose server can be stopped and started again on its data and port."""

    def options(self) -> str:
        return (
            f"-c listen_addresses={HOST} -c port={self.port} -c unix_socket_directories='' "
            "-c max_connections=200 -c fsync=on -c shared_buffers=128MB"
        )

    def stop_server(self) -> None:
        """`pg_ctl stop -m fast`: sessions are terminated, the data directory stays."""
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def start_server(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-o", self.options(), "-w", "-t", "60",
                  "-l", str(self.base / "server.log"), "start")


# Processes ---------------------------------------------------------------------------------
def cascade_env(pg_url: str, data_dir: Path, **settings: Any) -> dict[str, str]:
    """The parent's environment without any CASCADE_* variable, plus the given settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env.update(
        CASCADE_STORE="postgres", CASCADE_PG_URL=pg_url, CASCADE_DATA_DIR=str(data_dir),
        CASCADE_LOG_FORMAT="json",
    )
    env.update({f"CASCADE_{k.upper()}": str(v) for k, v in settings.items()})
    return env


def run_cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`cascade ARGS` to completion; a non-zero exit fails the test with its stderr."""
    result = subprocess.run([*CLI, *args], env=env, cwd=REPO, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"cascade {' '.join(args)} failed: {result.stderr[-3000:]}"
    return result


def spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A `cascade` process in a session of its own, its output appended to `log`."""
    prefix = [_SETPRIV, "--pdeathsig", "KILL", "--"] if _SETPRIV and sys.platform == "linux" else []
    with open(log, "ab") as out:
        return subprocess.Popen([*prefix, *CLI, *args], env=env, cwd=REPO, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def kill(process: subprocess.Popen | None) -> None:
    """SIGKILL and reap; nothing to do if it is already gone."""
    if process is None or process.poll() is not None:
        return
    try:
        os.kill(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


class ServerProcess:
    """`cascade serve` on a fixed loopback port, started, killed and restarted by the test."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.port = int(env["CASCADE_PORT"])
        self.url = f"http://{HOST}:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 30) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        self.process = spawn(["serve"], self.env, self.log)
        self.starts += 1
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.url, timeout=1.0) as client:
            while True:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise AssertionError(
                        f"cascade serve exited with {self.process.returncode}:\n{tail(self.log)}"
                    )
                try:
                    if client.get("/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"/health not answering after {timeout} s:\n{tail(self.log)}")
                time.sleep(0.05)

    def kill(self) -> None:
        """kill -9: no shutdown hook runs, the pool's connections just vanish."""
        kill(self.process)

    def stop(self) -> None:
        kill(self.process)
        self.process = None


# Tokens and tenants ------------------------------------------------------------------------
REGION = "ru-16"
MUNICIPALITY = "ru-16-kaybitsy"


def provision(env: dict[str, str]) -> None:
    """The region and one municipality, through the operator's command line."""
    run_cli(env, "tenants", "add-region", REGION, "--name", "Республика Татарстан")
    run_cli(env, "tenants", "add-municipality", MUNICIPALITY, "--region", REGION,
            "--name", "Кайбицкий район")


def officer_token(data_dir: Path, tenant: str = MUNICIPALITY, region: str = REGION) -> str:
    """A municipal officer's token signed with the development key the server reads."""
    key = ensure_development_key(data_dir / "dev-signing-key.pem")
    return mint_token(key, Principal(f"officer@{tenant}", "municipal_officer", region, tenant))


def register_school(code: str) -> dict[str, str]:
    return {"type": "register_school", "school": code, "name": f"Школа {code}", "locality": "с. Кайбицы"}


def registered_codes(pg_url: str, tenant: str = MUNICIPALITY) -> dict[str, list[int]]:
    """School code -> the log positions of its School.Registered events, read from the store."""
    from tenants.backends import PostgresBackend

    backend = PostgresBackend(pg_url, pool_size=1)
    try:
        app = backend.application(tenant)
        found: dict[str, list[int]] = {}
        for notification in app.recorder.select_notifications(start=None, limit=1_000_000):
            event = app.mapper.to_domain_event(notification)
            if type(event).__qualname__ == "School.Registered":
                found.setdefault(event.code, []).append(notification.id)  # type: ignore[attr-defined]
        return found
    finally:
        backend.close()
