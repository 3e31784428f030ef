"""Backup and restore as docs/operations.md says: pg_dump the schema, restore it elsewhere, and
`audit verify` proves the restored logs are the ones that were chained and signed."""

from __future__ import annotations

import os
import shutil
import subprocess

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from services.audit.checkpoints import checkpoint_all
from services.audit.verification import verify_tenant
from tenants.backends import PostgresBackend
from tests.e2e.helpers import TENANT, TENANTS, officer, ok

pytestmark = pytest.mark.postgres


@pytest.fixture(params=["postgres"])
def backend_kind(request):
    return request.param


@pytest.fixture
def other_database(pg_url):
    name = f"restore_{os.getpid()}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield make_conninfo(pg_url, dbname=name)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_a_restored_dump_verifies_against_the_chain_key_and_the_signed_checkpoints(
    api, pg_url, other_database, tmp_path
):
    for n in range(3):
        ok(api, {"type": "register_school", "school": f"b-{n}", "name": f"Школа {n}"})
    ok(api, {"type": "register_school", "school": "b-x", "name": "Школа"},
       as_=officer("ru-67-smolensk", "ru-67"), tenant="ru-67-smolensk")
    notary = api.client.app.state.notary
    checkpoint_all(api.backend, notary)
    ok(api, {"type": "register_school", "school": "b-late", "name": "После контрольной точки"})
    schema = api.backend.schema
    dump = tmp_path / "cascade.dump"
    subprocess.run([_tool("pg_dump"), "--format=custom", f"--schema={schema}", f"--file={dump}",
                    pg_url], check=True, capture_output=True, timeout=120)
    subprocess.run([_tool("pg_restore"), "--no-owner", f"--dbname={other_database}", str(dump)],
                   check=True, capture_output=True, timeout=120)

    restored = PostgresBackend(other_database, schema=schema, pool_size=2)
    restored.chain_key = api.backend.chain_key
    try:
        assert [t.id for t in restored.registry.all()] == [t.id for t in api.backend.registry.all()]
        for tenant in TENANTS:
            verdict = verify_tenant(restored, tenant.id, notary)
            assert verdict.ok, (tenant.id, verdict.problem)
        assert restored.application(TENANT).head_position() == api.head(TENANT)
        # Without the chain key held outside the database, the seals cannot be checked.
        unkeyed = PostgresBackend(other_database, schema=schema, pool_size=1)
        unkeyed.chain_key = bytes(32)
        try:
            assert not verify_tenant(unkeyed, TENANT, notary).ok
        finally:
            unkeyed.close()
    finally:
        restored.close()
