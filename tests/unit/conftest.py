"""Fixtures shared by the domain tests: provenance of the facts a test records."""

import pytest

from domain.base import Actor, Provenance


@pytest.fixture
def meta() -> Provenance:
    return Provenance(
        tenant_id="ru-16-kaybitsy",
        actor=Actor(subject="officer-1", role="municipal_officer", organisation="ru-16-kaybitsy"),
        correlation_id="test-correlation",
    )
