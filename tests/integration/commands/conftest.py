"""Command handlers through the real executor on a real SQLite store, without HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenants.backends import SQLiteBackend
from tests.integration.commands.scenario import TENANTS, Scenario


@pytest.fixture
def scenario(tmp_path) -> Iterator[Scenario]:
    store = SQLiteBackend(tmp_path / "store")
    for tenant in TENANTS:
        store.provision(tenant)
    try:
        yield Scenario(store)
    finally:
        store.close()
