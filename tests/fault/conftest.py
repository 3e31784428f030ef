"""Fault tests: real `cascade` processes killed with SIGKILL, PostgreSQL stopped under load.

They run with the rest of the suite (`make test`); `-m "not fault"` leaves them out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fault.harness import fresh_database


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fault: kills processes or stops PostgreSQL (tests/fault)")


@pytest.fixture
def fault_db(pg_url: str) -> Iterator[str]:
    """A database of its own on the session's cluster, for one test's processes."""
    with fresh_database(pg_url) as url:
        yield url
