"""The tamper matrix: whoever can write the tables edits, deletes, inserts or reorders history.

Every case runs on both backends at the oldest, a middle and the newest event, with and without
the chain recomputed to match, and must be found at its position or at the checkpoint that
covers it. Region log edits, root log edits and snapshot edits follow.
"""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from services.audit.checkpoints import checkpoint_all
from services.audit.verification import verify_tenant
from tenants.backends import PostgresBackend, SQLiteBackend, table_prefix
from tenants.chain import chain_links
from tenants.root_log import root_log
from tests.integration.test_chain import notary  # noqa: F401  (fixture)
from tests.integration.test_projections import KAYBITSY, REGION, write_schools

EVENTS = 9
WHERE = {"oldest": 1, "middle": 5, "newest": EVENTS}


@pytest.fixture
def anchored(backend, notary):  # noqa: F811
    """Nine sealed events in a municipality, anchored in the region log and in a signed checkpoint."""
    backend.chain_key = bytes(range(32))
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, EVENTS)
    assert all(r.ok for r in checkpoint_all(backend, notary))
    assert verify_tenant(backend, KAYBITSY.id, notary).unanchored == 0
    return backend


def sql(backend, tenant: str, statement: str, params=()) -> None:
    """Run SQL on a tenant's tables as someone with write access, bypassing the service."""
    if isinstance(backend, SQLiteBackend):
        names = {"{events}": "stored_events", "{chain}": "chain", "{id}": "rowid"}
        for name, table in names.items():
            statement = statement.replace(name, table)
        with sqlite3.connect(backend.tenant_file(tenant)) as conn:
            conn.execute(statement.replace("%s", "?"), params)
        return
    assert isinstance(backend, PostgresBackend)
    prefix = f"{backend.schema}.{table_prefix(tenant)}"
    names = {"{events}": f"{prefix}_events", "{chain}": f"{prefix}_chain", "{id}": "notification_id"}
    for name, table in names.items():
        statement = statement.replace(name, table)
    with psycopg.connect(backend.url, autocommit=True) as conn:
        conn.execute(statement, params)


def recompute_chain(backend, tenant: str, keep_seals: bool = False) -> None:
    """Rewrite every chain link to match the tables as they now are (the seals cannot be made).

    Without `keep_seals` the links are written anew without seals; with it, each row keeps its old seal.
    """
    recorder = backend.application(tenant).recorder
    links = list(chain_links(tenant, recorder.raw_events(0, 10_000)))
    if not keep_seals:
        sql(backend, tenant, "DELETE FROM {chain}")
    for position in {p for p, _ in recorder.chain(0, 10_000)} - {p for p, _ in links}:
        sql(backend, tenant, "DELETE FROM {chain} WHERE position = %s", (position,))
    for position, digest in links:
        sql(backend, tenant, "UPDATE {chain} SET hash = %s WHERE position = %s", (digest, position))
        sql(backend, tenant, "INSERT INTO {chain} (position, hash) SELECT %s, %s WHERE NOT EXISTS "
                             "(SELECT 1 FROM {chain} WHERE position = %s)", (position, digest, position))


def edit(backend, position: int) -> None:
    old, new = f"Школа {position - 1}", "Школа подделанная"
    if isinstance(backend, SQLiteBackend):
        sql(backend, KAYBITSY.id, "UPDATE {events} SET state = CAST(REPLACE(CAST(state AS TEXT), %s, %s) AS BLOB) "
                                  "WHERE {id} = %s", (old, new, position))
    else:
        sql(backend, KAYBITSY.id, "UPDATE {events} SET state = convert_to(replace(convert_from(state, 'UTF8'), %s, %s), "
                                  "'UTF8') WHERE {id} = %s", (old, new, position))


def delete(backend, position: int) -> None:
    sql(backend, KAYBITSY.id, "DELETE FROM {events} WHERE {id} = %s", (position,))


def insert(backend, position: int) -> None:
    """A forged event at `position`: the events from there on move one place down."""
    [model] = backend.application(KAYBITSY.id).recorder.select_notifications(start=1, limit=1)
    sql(backend, KAYBITSY.id, "UPDATE {events} SET {id} = {id} + 1000 WHERE {id} >= %s", (position,))
    sql(backend, KAYBITSY.id, "UPDATE {events} SET {id} = {id} - 999 WHERE {id} >= 1000")
    forged = "00000000000000000000000000000001" if isinstance(backend, SQLiteBackend) else "00000000-0000-0000-0000-000000000001"
    sql(backend, KAYBITSY.id, "INSERT INTO {events} ({id}, originator_id, originator_version, topic, state) "
                              "VALUES (%s, %s, 1, %s, %s)", (position, forged, model.topic, model.state))


def reorder(backend, position: int) -> None:
    """Swap the event at `position` with its neighbour (the one before it, for the newest)."""
    other = position - 1 if position == EVENTS else position + 1
    sql(backend, KAYBITSY.id, "UPDATE {events} SET {id} = 1000 WHERE {id} = %s", (position,))
    sql(backend, KAYBITSY.id, "UPDATE {events} SET {id} = %s WHERE {id} = %s", (position, other))
    sql(backend, KAYBITSY.id, "UPDATE {events} SET {id} = %s WHERE {id} = 1000", (other,))


TAMPER = {"edit": edit, "delete": delete, "insert": insert, "reorder": reorder}


def first_changed(how: str, position: int) -> int:
    """The first position whose link no longer matches: a swap of the newest moves the one before it."""
    if how == "reorder" and position == EVENTS:
        return position - 1
    if how == "delete" and position < EVENTS:
        return position + 1
    return position


@pytest.mark.parametrize("chain", ["left", "recomputed", "recomputed-keeping-seals"])
@pytest.mark.parametrize("where", list(WHERE))
@pytest.mark.parametrize("how", list(TAMPER))
def test_every_tampering_is_found_at_its_position_or_at_the_anchor(anchored, notary, how, where, chain):  # noqa: F811
    position = WHERE[where]
    TAMPER[how](anchored, position)
    if chain != "left":
        recompute_chain(anchored, KAYBITSY.id, keep_seals=chain == "recomputed-keeping-seals")
    verdict = verify_tenant(anchored, KAYBITSY.id, notary)
    assert not verdict.ok, (how, where, chain)
    if chain == "left":
        expected = position - 1 if how == "reorder" and where == "newest" else position
    elif chain == "recomputed":  # new links without seals: the checkpoint at the newest event disagrees
        expected = EVENTS
    else:  # old seals on new links: the first changed link's seal is wrong
        expected = first_changed(how, position)
    assert verdict.first_bad_position == expected, verdict


@pytest.mark.parametrize("keep_seals", [False, True])
def test_an_event_appended_after_the_anchor_with_a_recomputed_chain_is_found_by_its_seal(anchored, notary, keep_seals):  # noqa: F811
    insert(anchored, EVENTS + 1)
    recompute_chain(anchored, KAYBITSY.id, keep_seals)
    verdict = verify_tenant(anchored, KAYBITSY.id, notary)
    assert not verdict.ok and verdict.first_bad_position == EVENTS + 1 and "seal" in verdict.problem


def test_events_after_the_anchor_are_counted(anchored, notary):  # noqa: F811
    write_schools(anchored, KAYBITSY.id, 3, start=30)
    verdict = verify_tenant(anchored, KAYBITSY.id, notary)
    assert verdict.ok and verdict.anchored_through == EVENTS and verdict.unanchored == 3


def test_the_newest_events_deleted_with_their_chain_rows_are_missed_by_nobody(anchored, notary):  # noqa: F811
    for position in (EVENTS, EVENTS - 1):
        delete(anchored, position)
        sql(anchored, KAYBITSY.id, "DELETE FROM {chain} WHERE position = %s", (position,))
    verdict = verify_tenant(anchored, KAYBITSY.id, notary)
    assert not verdict.ok and verdict.first_bad_position == EVENTS and "truncated" in verdict.problem


def region_checkpoint_positions(backend) -> list[int]:
    return [n.id for n in backend.application(REGION.id).recorder.select_notifications(start=1, limit=100)]


@pytest.mark.parametrize("recomputed", [False, True], ids=["chain-left", "chain-recomputed"])
def test_a_truncated_region_log_is_found(anchored, notary, recomputed):  # noqa: F811
    newest = region_checkpoint_positions(anchored)[-1]
    sql(anchored, REGION.id, "DELETE FROM {events} WHERE {id} = %s", (newest,))
    if recomputed:
        recompute_chain(anchored, REGION.id)
    verdict = verify_tenant(anchored, REGION.id, notary)
    assert not verdict.ok and verdict.first_bad_position == newest


@pytest.mark.parametrize("recomputed", [False, True], ids=["chain-left", "chain-recomputed"])
def test_a_region_checkpoint_edited_to_match_a_rewritten_municipality_is_found(anchored, notary, recomputed):  # noqa: F811
    edit(anchored, 3)
    recompute_chain(anchored, KAYBITSY.id)
    forged = anchored.application(KAYBITSY.id).recorder.chain(EVENTS - 1, 1)[0][1]
    newest = region_checkpoint_positions(anchored)[-1]
    [event] = anchored.application(REGION.id).recorder.select_notifications(start=newest, limit=1)
    true_head = anchored.application(REGION.id).mapper.to_domain_event(event).head
    if isinstance(anchored, SQLiteBackend):
        sql(anchored, REGION.id, "UPDATE {events} SET state = CAST(REPLACE(CAST(state AS TEXT), %s, %s) AS BLOB) "
                                 "WHERE {id} = %s", (true_head, forged, newest))
    else:
        sql(anchored, REGION.id, "UPDATE {events} SET state = convert_to(replace(convert_from(state, 'UTF8'), %s, %s), "
                                 "'UTF8') WHERE {id} = %s", (true_head, forged, newest))
    if recomputed:
        recompute_chain(anchored, REGION.id)
    municipality = verify_tenant(anchored, KAYBITSY.id, notary)
    region = verify_tenant(anchored, REGION.id, notary)
    assert not municipality.ok and municipality.first_bad_position == EVENTS
    assert not region.ok and region.first_bad_position == newest


def test_a_deleted_signed_checkpoint_is_found_by_the_witness(anchored, notary):  # noqa: F811
    write_schools(anchored, KAYBITSY.id, 2, start=50)
    checkpoint_all(anchored, notary)
    log = root_log(anchored)
    newest = log.latest()
    assert newest is not None and newest.seq == 2
    if isinstance(anchored, SQLiteBackend):
        with sqlite3.connect(anchored.directory / "root-log.sqlite") as conn:
            conn.execute("DELETE FROM root_log WHERE seq = 2")
    else:
        with psycopg.connect(anchored.url, autocommit=True) as conn:
            conn.execute(f"DELETE FROM {anchored.schema}.cascade_root_log WHERE seq = 2")
    verdict = verify_tenant(anchored, KAYBITSY.id, notary)
    assert not verdict.ok and "witness" in verdict.problem
    refused = [r for r in checkpoint_all(anchored, notary) if not r.ok]
    assert refused and "witness" in refused[0].problem  # no new checkpoint papers over the gap


@pytest.mark.parametrize("newest", [True, False], ids=["newest", "older"])
def test_an_edited_signed_checkpoint_is_found_by_its_signature(anchored, notary, newest):  # noqa: F811
    if not newest:  # a second checkpoint, read and cached by the notary, then the first one edited
        write_schools(anchored, KAYBITSY.id, 1, start=60)
        checkpoint_all(anchored, notary)
        assert verify_tenant(anchored, KAYBITSY.id, notary).ok
    entry = root_log(anchored).entries(0, 1)[0]
    forged = entry.body.replace(b'"ru-16-kaybitsy":[9,', b'"ru-16-kaybitsy":[8,')
    assert forged != entry.body
    if isinstance(anchored, SQLiteBackend):
        with sqlite3.connect(anchored.directory / "root-log.sqlite") as conn:
            conn.execute("UPDATE root_log SET body = ? WHERE seq = ?", (forged, entry.seq))
    else:
        with psycopg.connect(anchored.url, autocommit=True) as conn:
            conn.execute(f"UPDATE {anchored.schema}.cascade_root_log SET body = %s WHERE seq = %s", (forged, entry.seq))
    notary.witness.unlink()  # even without its witness
    verdict = verify_tenant(anchored, KAYBITSY.id, notary)
    assert not verdict.ok and "not signed" in verdict.problem


def test_a_snapshot_edit_does_not_change_a_decision(backend):
    from tests.integration.test_snapshots import edit_snapshots, long_roadmap

    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    loaded = long_roadmap(backend, 55)
    edit_snapshots(backend, '"i-3"', '"i-98"')
    roadmap = backend.application(KAYBITSY.id).repository.get(loaded.id)
    assert "i-3" in roadmap.items and "i-98" not in roadmap.items
