"""Start-up waits for PostgreSQL: a database still starting (or restarting) is retried with
backoff, each try logged, for at most CASCADE_STARTUP_WAIT_SECONDS; then the process exits
with code 3 and one line saying why, never a traceback."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg
import structlog
from psycopg.conninfo import conninfo_to_dict

from cascade.settings import Settings

log = structlog.get_logger("cascade.startup")

#: Exit code of a process whose database did not answer within the start-up wait.
DATABASE_UNREACHABLE = 3

FIRST_DELAY = 0.5
LONGEST_DELAY = 15.0


class DatabaseUnreachable(RuntimeError):
    """PostgreSQL did not answer within the start-up wait."""


def where(url: str) -> str:
    """host:port/dbname of a URL, without its password (for the log)."""
    params = conninfo_to_dict(url)
    return f"{params.get('host', 'localhost')}:{params.get('port', 5432)}/{params.get('dbname', '')}"


def _probe(url: str) -> None:
    with psycopg.connect(url, connect_timeout=5) as conn:
        conn.execute("SELECT 1")


def wait_for_database(
    settings: Settings, connect: Callable[[str], Any] = _probe,
    sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
) -> int:
    """Return once the store answers (the number of tries it took); SQLite needs no wait."""
    if settings.store != "postgres":
        return 0
    deadline = clock() + settings.startup_wait_seconds
    delay, attempt = FIRST_DELAY, 1
    while True:
        try:
            connect(settings.pg_url)
        except psycopg.OperationalError as error:
            reason = str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
            left = deadline - clock()
            if left <= 0:
                raise DatabaseUnreachable(
                    f"PostgreSQL at {where(settings.pg_url)} did not answer within "
                    f"{settings.startup_wait_seconds:g} s ({attempt} tries): {reason}"
                ) from None
            pause = min(delay, left)
            log.warning("database not reachable; retrying", database=where(settings.pg_url),
                        attempt=attempt, retry_in_s=round(pause, 2), error=reason)
            sleep(pause)
            delay, attempt = min(delay * 2, LONGEST_DELAY), attempt + 1
            continue
        if attempt > 1:
            log.info("database reachable", database=where(settings.pg_url), attempts=attempt)
        return attempt


def database_or_exit(settings: Settings) -> int | None:
    """None once the database answers; the exit code after logging why it did not."""
    try:
        wait_for_database(settings)
    except DatabaseUnreachable as error:
        log.error("database unreachable; giving up", reason=str(error))
        return DATABASE_UNREACHABLE
    return None
