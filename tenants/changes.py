"""Waking readers when tenant logs grow: LISTEN on PostgreSQL, polling on SQLite."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod

from tenants.backends import Backend, PostgresBackend, table_prefix


class ChangeFeed(ABC):
    """`wait()` returns the tenants whose logs may have grown (None: any of them)."""

    @abstractmethod
    def wait(self, timeout: float) -> set[str] | None:
        """Block up to `timeout` seconds for news."""

    def ready(self) -> set[str]:
        """Tenants with news that has already arrived, without waiting (none when it cannot tell)."""
        return set()

    def close(self) -> None:
        """Release the listening connection, if any."""


class PollingFeed(ChangeFeed):
    """SQLite recorders cannot notify: check every tenant after a short sleep."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval

    def wait(self, timeout: float) -> set[str] | None:
        time.sleep(min(self.interval, timeout))
        return None


class ListeningFeed(ChangeFeed):
    """One connection LISTENs on every tenant's channel; new tenants are added as they appear."""

    def __init__(self, backend: PostgresBackend) -> None:
        import psycopg

        self.backend = backend
        self.conn = psycopg.connect(backend.url, autocommit=True)
        self.channels: dict[str, str] = {}
        self._last_registry_check = 0.0

    def _listen_new_tenants(self) -> None:
        from psycopg.sql import SQL, Identifier

        now = time.monotonic()
        if now - self._last_registry_check < 1.0:
            return
        self._last_registry_check = now
        for tenant in self.backend.registry.all():
            channel = table_prefix(tenant.id) + "_events"
            if channel not in self.channels:
                self.conn.execute(SQL("LISTEN {}").format(Identifier(channel)))
                self.channels[channel] = tenant.id

    def wait(self, timeout: float) -> set[str] | None:
        import psycopg

        try:
            known = len(self.channels)
            self._listen_new_tenants()
            if len(self.channels) != known:
                return None
            woken: set[str] = set()
            for notify in self.conn.notifies(timeout=timeout, stop_after=1):
                woken.add(self.channels.get(notify.channel, ""))
            # Drain what else arrived meanwhile, without waiting.
            for notify in self.conn.notifies(timeout=0.0):
                woken.add(self.channels.get(notify.channel, ""))
        except psycopg.Error:
            self._reconnect(timeout)
            return None  # notifications may have been missed: check every tenant
        woken.discard("")
        return woken

    def ready(self) -> set[str]:
        """Notifications already received, for a runner in the middle of a round."""
        import psycopg

        try:
            woken = {self.channels.get(n.channel, "") for n in self.conn.notifies(timeout=0.0)}
        except psycopg.Error:
            return set()  # the next wait() reconnects and has every tenant checked
        woken.discard("")
        return woken

    def _reconnect(self, timeout: float) -> None:
        """The server restarted or the connection dropped: listen again from a new connection."""
        import psycopg

        try:
            self.conn.close()
        except psycopg.Error:
            pass
        self.channels.clear()
        self._last_registry_check = 0.0
        try:
            self.conn = psycopg.connect(self.backend.url, autocommit=True, connect_timeout=3)
        except psycopg.Error:
            time.sleep(min(timeout, 1.0))  # still down: the runner retries on its next wait
            raise

    def close(self) -> None:
        self.conn.close()


def change_feed(backend: Backend, poll_interval: float = 0.2) -> ChangeFeed:
    """The best feed the backend offers."""
    if isinstance(backend, PostgresBackend):
        return ListeningFeed(backend)
    return PollingFeed(poll_interval)
