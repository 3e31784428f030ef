"""Tamper evidence on both backends: each kind of alteration is found at its position."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from tenants.backends import PostgresBackend, SQLiteBackend, table_prefix
from tenants.chain import verify_log
from tests.integration.test_projections import KAYBITSY, REGION, write_schools


@pytest.fixture
def log(backend):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 6)
    return backend


@pytest.fixture
def notary(tmp_path):
    from services.audit.notary import Notary
    from services.audit.signing import InstallationKey

    return Notary(InstallationKey.development(tmp_path / "audit-key.pem"), tmp_path / "witness.json")


def run_sql(backend, sql: str, params=()):
    """Act as someone with write access to the database, bypassing the service."""
    if isinstance(backend, SQLiteBackend):
        with sqlite3.connect(backend.tenant_file(KAYBITSY.id)) as conn:
            conn.execute(sql.replace("{events}", "stored_events").replace("%s", "?"), params)
    else:
        assert isinstance(backend, PostgresBackend)
        table = f"{backend.schema}.{table_prefix(KAYBITSY.id)}_events"
        with psycopg.connect(backend.url, autocommit=True) as conn:
            conn.execute(sql.replace("{events}", table), params)


def position_column(backend) -> str:
    return "rowid" if isinstance(backend, SQLiteBackend) else "notification_id"


def verdict(backend):
    return verify_log(backend.application(KAYBITSY.id).recorder, KAYBITSY.id)


def test_an_untouched_log_verifies_with_its_count(log):
    result = verdict(log)
    assert result.ok and result.checked == 6


def test_one_altered_byte_is_found_at_its_position(log):
    col = position_column(log)
    if isinstance(log, SQLiteBackend):
        run_sql(log, f"UPDATE {{events}} SET state = CAST(REPLACE(CAST(state AS TEXT), 'Школа 3', 'Школа 8') AS BLOB) WHERE {col} = 4")
    else:
        run_sql(log, f"UPDATE {{events}} SET state = convert_to(replace(convert_from(state, 'UTF8'), 'Школа 3', 'Школа 8'), 'UTF8') WHERE {col} = 4")
    result = verdict(log)
    assert not result.ok and result.first_bad_position == 4 and "altered" in result.problem


def test_a_deleted_event_is_found(log):
    run_sql(log, f"DELETE FROM {{events}} WHERE {position_column(log)} = 3")
    result = verdict(log)
    assert not result.ok and result.first_bad_position == 3 and "deleted" in result.problem


def test_an_inserted_event_is_found(log):
    app = log.application(KAYBITSY.id)
    [last] = app.recorder.select_notifications(start=6, limit=1)
    forged_id = "00000000-0000-0000-0000-000000000001"
    if isinstance(log, SQLiteBackend):
        run_sql(log, "INSERT INTO {events} (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)",
                (forged_id.replace("-", ""), 1, last.topic, last.state))
    else:
        run_sql(log, "INSERT INTO {events} (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)",
                (forged_id, 1, last.topic, last.state))
    result = verdict(log)
    assert not result.ok and result.first_bad_position == 7 and "inserted" in result.problem


def test_two_swapped_events_are_found_at_the_first(log):
    col = position_column(log)
    run_sql(log, f"UPDATE {{events}} SET {col} = 100 WHERE {col} = 2")
    run_sql(log, f"UPDATE {{events}} SET {col} = 2 WHERE {col} = 5")
    run_sql(log, f"UPDATE {{events}} SET {col} = 5 WHERE {col} = 100")
    result = verdict(log)
    assert not result.ok and result.first_bad_position == 2


def test_a_rewritten_but_consistent_chain_is_caught_by_the_region_checkpoint(log):
    from services.audit.checkpoints import checkpoint_region
    from services.audit.verification import verify_tenant
    from tenants.chain import chain_links

    [result] = checkpoint_region(log, REGION.id)
    assert result.ok and result.recorded and result.position == 6
    assert checkpoint_region(log, REGION.id)[0].recorded is False  # nothing new: no new anchor
    # Someone with database access alters an event and recomputes the whole chain.
    col = position_column(log)
    if isinstance(log, SQLiteBackend):
        run_sql(log, f"UPDATE {{events}} SET state = CAST(REPLACE(CAST(state AS TEXT), 'Школа 2', 'Школа 9') AS BLOB) WHERE {col} = 3")
    else:
        run_sql(log, f"UPDATE {{events}} SET state = convert_to(replace(convert_from(state, 'UTF8'), 'Школа 2', 'Школа 9'), 'UTF8') WHERE {col} = 3")
    recorder = log.application(KAYBITSY.id).recorder
    forged = list(chain_links(KAYBITSY.id, recorder.raw_events(0, 100)))
    if isinstance(log, SQLiteBackend):
        with sqlite3.connect(log.tenant_file(KAYBITSY.id)) as conn:
            conn.executemany("UPDATE chain SET hash = ? WHERE position = ?", [(h, p) for p, h in forged])
    else:
        with psycopg.connect(log.url, autocommit=True) as conn:
            table = f"{log.schema}.{table_prefix(KAYBITSY.id)}_chain"
            for position, digest in forged:
                conn.execute(f"UPDATE {table} SET hash = %s WHERE position = %s", (digest, position))
    assert verdict(log).ok  # internally consistent
    caught = verify_tenant(log, KAYBITSY.id)
    assert not caught.ok and caught.first_bad_position == 6 and "checkpoint" in caught.problem


def wait_for(condition, seconds: float = 20) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_the_projector_anchors_at_start_up_and_after_n_events_long_before_the_interval(log):
    from services.audit.schedule import PeriodicCheckpoints
    from services.audit.verification import region_checkpoints

    periodic = PeriodicCheckpoints(log, interval=3600, every_events=3)
    periodic.start()
    try:
        assert wait_for(lambda: 6 in region_checkpoints(log, REGION.id, KAYBITSY.id))
        write_schools(log, KAYBITSY.id, 3, start=20)
        assert wait_for(lambda: 9 in region_checkpoints(log, REGION.id, KAYBITSY.id))
    finally:
        periodic.stop()
    anchors = region_checkpoints(log, REGION.id, KAYBITSY.id)
    assert set(anchors) == {6, 9} and anchors[9] == verdict(log).head


def test_an_upgraded_log_without_seals_is_sealed_once_then_every_link_is_checked(log, notary):
    from services.audit.checkpoints import seal_unsealed
    from services.audit.verification import verify_tenant

    key = bytes(range(32))
    log.chain_key = key  # the upgrade: a chain key from now on
    for tenant in (REGION, KAYBITSY):
        log.application(tenant.id).recorder.chain_key = key
    before = verify_tenant(log, KAYBITSY.id, notary)
    assert not before.ok and before.first_bad_position == 1 and "no seal" in before.problem
    assert all(r.ok for r in seal_unsealed(log, notary))
    assert verify_tenant(log, KAYBITSY.id, notary).ok
    write_schools(log, KAYBITSY.id, 1, start=40)
    assert verify_tenant(log, KAYBITSY.id, notary).ok  # new links are sealed as written
