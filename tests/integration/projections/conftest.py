"""Projections fed with domain events directly (no HTTP, no log): a real SQLite or PostgreSQL view database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.projections.database import PostgresViewDatabase, SQLiteViewDatabase, ViewDatabase
from services.projections.store import ViewStore


@pytest.fixture(params=["sqlite", "postgres"])
def view_database(request, tmp_path) -> Iterator[ViewDatabase]:
    """The view database of either kind the product runs on."""
    if request.param == "sqlite":
        db: ViewDatabase = SQLiteViewDatabase(tmp_path / "views.sqlite")
    else:
        db = PostgresViewDatabase(request.getfixturevalue("pg_url"), schema=request.getfixturevalue("pg_schema"))
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def store(view_database) -> ViewStore:
    return ViewStore(view_database)
