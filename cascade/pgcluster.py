"""A throwaway PostgreSQL cluster on loopback for the tests and the benchmarks; as root run as `postgres`.

Part of the product so that `tests/` and `bench/` share it without reaching into each other.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL is needed: set CASCADE_TEST_PG_URL (tests) or CASCADE_BENCH_PG_URL (benchmarks) "
    "to postgresql://user:pass@host/db, or install the server binaries (Debian: apt-get install postgresql; initdb and pg_ctl "
    "must be on PATH or under /usr/lib/postgresql/*/bin)."
)


# Tests throw the cluster away: waiting for the disk buys them nothing.
NOT_DURABLE = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class PostgresUnavailable(RuntimeError):
    """Neither a URL nor local server binaries: nothing can run on PostgreSQL."""


def _find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary directory; as root the server runs as `postgres`."""

    def __init__(self, *, durable: bool = True) -> None:
        self.durable = durable
        self.initdb = _find_binary("initdb")
        self.pg_ctl = _find_binary("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise PostgresUnavailable(INSTALL_HINT)
        self.base = Path(tempfile.mkdtemp(prefix="cascade-pg-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        self._own_base()
        self._run(self.initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        return self.resume()

    def _own_base(self) -> None:
        if self.as_root:
            shutil.chown(self.base, "postgres")
            self.base.chmod(0o700)

    def resume(self) -> str:
        """Start the server on its data directory (again, after `pause`)."""
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
            "-c max_connections=200 -c shared_buffers=128MB "
            + ("-c fsync=on" if self.durable else NOT_DURABLE)
        )
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-w", "-t", "60",
                  "-l", str(self.base / "server.log"), "start")
        return self.url

    def pause(self) -> None:
        """Stop the server and keep its data (an outage of this one server): `resume` restarts it."""
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.SubprocessError:
            pass
        shutil.rmtree(self.base, ignore_errors=True)


class ThrowawayStandby(ThrowawayCluster):
    """A hot standby of a running cluster: `pg_basebackup -R` over loopback, then streaming.

    `-R` writes `standby.signal` and `primary_conninfo`, so the copy starts as a read-only
    replica that replays the primary's WAL as it streams in (initdb's pg_hba trusts loopback
    replication connections).
    """

    def __init__(self, primary: ThrowawayCluster) -> None:
        super().__init__(durable=primary.durable)
        self.primary = primary
        self.pg_basebackup = _find_binary("pg_basebackup")
        if not self.pg_basebackup:
            raise PostgresUnavailable(INSTALL_HINT)

    def start(self) -> str:
        self._own_base()
        self._run(self.pg_basebackup, "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
                  "-D", str(self.data), "-R", "-X", "stream", "-c", "fast")
        return self.resume()


def wait_until_accepting(url: str, timeout: float = 30.0) -> None:
    """Block until the server answers a query, so the first test does not race its start."""
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
