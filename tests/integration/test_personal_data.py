"""Personal data (152-ФЗ) on both backends: sealed in the log, erasable by key, chain intact."""

from __future__ import annotations

import argparse
import base64
import os
from datetime import date
from typing import Any

import msgspec
import pytest
from eventsourcing.persistence import MapperDeserialisationError

from cascade.app import open_read_side
from cascade.privacy_cli import add_privacy_parser
from cascade.settings import Settings
from domain.partnership import Partnership, Person
from domain.rules import DeadlineRules
from domain.school import BasisDocument, School
from services.privacy.erasure import erase_person
from services.projections.runner import ProjectionRunner
from tenants.backends import Backend, PostgresBackend, SQLiteBackend, table_prefix
from tenants.chain import verify_log
from tenants.keys import KeyStore
from tenants.mapper import (
    ERASED_NAME,
    ERASED_PERSON,
    EventMapper,
    PersonalDataError,
    encode_state,
    is_erased,
)
from tenants.person_cipher import name_ref, person_ref
from tests.integration.test_projections import KAYBITSY, LENINOGORSK, REGION, audit_rows, meta

BASIS = BasisDocument(number="под-482/19", issued_on=date(2019, 3, 22), title="Приказ МО и Н РТ")
COORDINATOR = Person("Иванова Анна Петровна", "заместитель директора", "ivanova@example.org")
CURATOR = Person("Петров Иван Сергеевич", "учитель математики", "+7 843 000-00-00")
MUNICIPAL = Person("Сидорова Мария Ивановна", "методист")
SECRETS = (
    COORDINATOR.full_name, COORDINATOR.contact, CURATOR.full_name, CURATOR.contact,
    CURATOR.position, MUNICIPAL.full_name,
)


def assign(
    backend: Backend, tenant: str, key: str = "s-10--s-6", coordinator: Person = COORDINATOR
) -> Partnership:
    """Two schools and a partnership naming three people, saved to the tenant's log."""
    m = meta(tenant)
    supported = School.register(m, f"{key}-a", f"МБОУ СОШ № 10 ({key})")
    supported.identify(m, ("low_results",), 2019, BASIS)
    partner = School.register(m, f"{key}-b", "МБОУ СОШ № 6")
    partnership = Partnership.assign(
        m, key, supported, partner, coordinator, CURATOR, MUNICIPAL, date(2019, 4, 30), BASIS
    )
    backend.application(tenant).save(supported, partner, partnership)
    return partnership


def stored_text(backend: Backend, tenant: str) -> str:
    """Every stored event of the tenant, as the database holds it."""
    notifications = backend.application(tenant).recorder.select_notifications(start=0, limit=1000)
    assert notifications
    return "\n".join(bytes(n.state).decode() for n in notifications)


def replay(backend: Backend, tenant: str, key: str = "s-10--s-6") -> Partnership:
    return backend.application(tenant).repository.get(Partnership.stream_for(tenant, key))


def reopen(backend: Backend) -> Backend:
    """Another process on the same store: nothing from this one's memory."""
    if isinstance(backend, SQLiteBackend):
        return SQLiteBackend(backend.directory)
    assert isinstance(backend, PostgresBackend)
    return PostgresBackend(backend.url, schema=backend.schema, pool_size=2)


def _text(value: Any) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _rows(db, table: str) -> list[str]:
    return [" | ".join(_text(v) for v in row.values()) for row in db.query(f'SELECT * FROM "{table}"')]


def every_table(backend: Backend, read) -> dict[str, list[str]]:
    """All rows of all tables of the view database (on PostgreSQL: the whole schema), as text."""
    db = read.store.db
    if isinstance(backend, PostgresBackend):
        names = [r["table_name"] for r in db.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
            (backend.schema,),
        )]
    else:
        names = [r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: _rows(db, name) for name in names}


def live_view_tables(read) -> dict[str, list[str]]:
    """All rows of the tables readers use now, view by view, as text."""
    found = {}
    for view in read.views:
        tables = read.store.reader_tables(type(view))
        for logical in tables.logical:
            found[tables.physical(logical)] = _rows(read.store.db, tables.physical(logical))
    return found


def key_rows(backend: Backend, tenant: str) -> list[dict[str, Any]]:
    keys = backend.application(tenant).keys
    if isinstance(backend, SQLiteBackend):
        with keys.datastore.transaction(commit=False) as c:  # type: ignore[union-attr]
            c.execute("SELECT * FROM person_keys ORDER BY key_id")
            return [dict(r) for r in c.fetchall()]
    assert isinstance(backend, PostgresBackend)
    with backend.datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute(
            f"SELECT * FROM {backend.schema}.{table_prefix(tenant)}_person_keys ORDER BY key_id"
        )
        return [dict(r) for r in curs.fetchall()]


@pytest.fixture
def store(backend, tmp_path):
    for tenant in (REGION, KAYBITSY, LENINOGORSK):
        backend.provision(tenant)
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    yield backend, read
    read.store.db.close()


def test_names_are_sealed_in_the_log_and_read_back_whole(store):
    backend, _ = store
    assign(backend, KAYBITSY.id)
    raw = stored_text(backend, KAYBITSY.id)
    for secret in SECRETS:
        assert secret not in raw
    assert raw.count('"$person"') == 3 and "МБОУ СОШ № 10" in raw  # the rest stays readable
    partnership = replay(backend, KAYBITSY.id)
    assert (partnership.coordinator, partnership.curator, partnership.municipal_coordinator) == (
        COORDINATOR, CURATOR, MUNICIPAL
    )
    # The key table holds hashes and keys, never the names; one key per person.
    rows = key_rows(backend, KAYBITSY.id)
    assert len(rows) == 3
    assert {r["person_ref"] for r in rows} == {
        person_ref(p.full_name, p.contact) for p in (COORDINATOR, CURATOR, MUNICIPAL)
    }
    assert all(len(bytes(r["key"])) == 32 and r["erased_at"] is None for r in rows)
    for secret in SECRETS:
        assert secret not in repr(rows)
    # Another process reads them too.
    other = reopen(backend)
    try:
        assert replay(other, KAYBITSY.id).curator == CURATOR
    finally:
        other.close()


def test_the_same_person_keeps_one_key_across_events(store):
    backend, _ = store
    assign(backend, KAYBITSY.id, "p-1")
    assign(backend, KAYBITSY.id, "p-2")  # the same three people again: no new keys
    assert len(key_rows(backend, KAYBITSY.id)) == 3
    keys = backend.application(KAYBITSY.id).keys
    assert keys.find_refs("  иванова   анна петровна ") == [
        person_ref(COORDINATOR.full_name, COORDINATOR.contact)
    ]


def test_erasure_removes_a_person_from_replays_and_every_view_and_keeps_the_chain(store):
    backend, read = store
    assign(backend, KAYBITSY.id)
    assign(backend, LENINOGORSK.id)  # the same name in another tenant: another key
    runner = ProjectionRunner(backend, read.store, read.views)
    assert runner.run_once() > 0
    [assigned] = [r for r in audit_rows(read.store, KAYBITSY.id) if r[3] == "Partnership.Assigned"]
    assert COORDINATOR.full_name in assigned[4] and CURATOR.contact in assigned[4]
    positions_before = backend.application(KAYBITSY.id).head_position()
    assert any(  # the scan below would see the name if it were left
        COORDINATOR.full_name in row
        for rows in every_table(backend, read).values() for row in rows if KAYBITSY.id in row
    )

    report = erase_person(backend, read, KAYBITSY.id, "Иванова  Анна Петровна")

    assert report.erased == (person_ref(COORDINATOR.full_name, COORDINATOR.contact),)
    assert report.views_rebuilt == len(read.views) == 5
    # No view table readers use, and no table of the whole view database, keeps the name...
    live = live_view_tables(read)
    assert any(KAYBITSY.id in row for rows in live.values() for row in rows)
    for table, rows in live.items():
        for row in rows:
            if LENINOGORSK.id in row:
                continue  # the other tenant's rows, checked below
            assert COORDINATOR.full_name not in row and COORDINATOR.contact not in row, table
    for table, rows in every_table(backend, read).items():
        if table.startswith(table_prefix(LENINOGORSK.id)):
            continue
        for row in rows:
            if LENINOGORSK.id not in row:
                assert COORDINATOR.full_name not in row and COORDINATOR.contact not in row, table
    # ...while the rest of the partnership is still there, and the person shows as erased.
    [assigned] = [r for r in audit_rows(read.store, KAYBITSY.id) if r[3] == "Partnership.Assigned"]
    payload = msgspec.json.decode(assigned[4])
    assert payload["coordinator"] == msgspec.structs.asdict(ERASED_PERSON)
    assert payload["curator"]["full_name"] == CURATOR.full_name
    assert ERASED_NAME in assigned[4]

    # Replays, in this process and in a fresh one.
    for source in (backend, reopen(backend)):
        try:
            partnership = replay(source, KAYBITSY.id)
            assert is_erased(partnership.coordinator)
            assert partnership.curator == CURATOR and partnership.municipal_coordinator == MUNICIPAL
            assert replay(source, LENINOGORSK.id).coordinator == COORDINATOR
        finally:
            if source is not backend:
                source.close()

    # The log is untouched: same events, chain verified.
    app = backend.application(KAYBITSY.id)
    assert app.head_position() == positions_before
    verdict = verify_log(app.recorder, KAYBITSY.id)
    assert verdict.ok and verdict.checked == positions_before
    assert verify_log(backend.application(LENINOGORSK.id).recorder, LENINOGORSK.id).ok

    # The key row stays as the record of the erasure, without key or lookup handles.
    [erased] = [r for r in key_rows(backend, KAYBITSY.id) if r["erased_at"] is not None]
    assert erased["key"] is None and erased["name_ref"] is None
    assert erased["person_ref"] == f"erased:{erased['key_id']}"
    assert app.keys.find_refs(COORDINATOR.full_name) == []

    # The other tenant's person of the same name is untouched, in the log and in the views.
    [other] = [r for r in audit_rows(read.store, LENINOGORSK.id) if r[3] == "Partnership.Assigned"]
    assert COORDINATOR.full_name in other[4]
    assert len(backend.application(LENINOGORSK.id).keys.find_refs(COORDINATOR.full_name)) == 1

    # Erasing again finds nothing but still leaves the views clean.
    again = erase_person(backend, read, KAYBITSY.id, COORDINATOR.full_name)
    assert again.erased == () and again.views_rebuilt == 5


def test_a_person_named_again_after_erasure_gets_a_new_key(store):
    backend, read = store
    assign(backend, KAYBITSY.id, "p-1")
    erase_person(backend, read, KAYBITSY.id, COORDINATOR.full_name, COORDINATOR.contact)
    assign(backend, KAYBITSY.id, "p-2")
    assert is_erased(replay(backend, KAYBITSY.id, "p-1").coordinator)
    assert replay(backend, KAYBITSY.id, "p-2").coordinator == COORDINATOR
    assert len(key_rows(backend, KAYBITSY.id)) == 4


def test_erasure_with_a_contact_spares_the_same_name_with_another_contact(store):
    backend, read = store
    assign(backend, KAYBITSY.id, "p-1")
    namesake = Person(COORDINATOR.full_name, "учитель", "namesake@example.org")
    assign(backend, KAYBITSY.id, "p-2", coordinator=namesake)
    report = erase_person(backend, read, KAYBITSY.id, COORDINATOR.full_name, "ivanova@example.org")
    assert len(report.erased) == 1
    assert is_erased(replay(backend, KAYBITSY.id, "p-1").coordinator)
    assert replay(backend, KAYBITSY.id, "p-2").coordinator == namesake


def test_an_unknown_tenant_is_refused(store):
    from tenants.backends import UnknownTenant

    backend, read = store
    with pytest.raises(UnknownTenant):
        erase_person(backend, read, "ru-99-nowhere", COORDINATOR.full_name)


def test_the_privacy_command_erases(store, monkeypatch, tmp_path):
    backend, read = store
    assign(backend, KAYBITSY.id)
    for name in [n for n in os.environ if n.startswith("CASCADE_")]:
        if not name.startswith("CASCADE_TEST_"):
            monkeypatch.delenv(name)
    if isinstance(backend, PostgresBackend):
        monkeypatch.setenv("CASCADE_STORE", "postgres")
        monkeypatch.setenv("CASCADE_PG_URL", backend.url)
        monkeypatch.setenv("CASCADE_PG_SCHEMA", backend.schema)
        monkeypatch.setenv("CASCADE_DATA_DIR", str(tmp_path / "var"))  # its development keys
    else:
        monkeypatch.setenv("CASCADE_DATA_DIR", str(backend.directory))
    parser = argparse.ArgumentParser(prog="cascade")
    add_privacy_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["privacy", "erase", KAYBITSY.id, "--name", COORDINATOR.full_name])
    assert args.func(args) == 0
    assert args.func(args) == 1  # nothing left under that name
    unknown = parser.parse_args(["privacy", "erase", "ru-99-x", "--name", "X"])
    assert unknown.func(unknown) == 2
    # Another process erased the key: this one sees it once its cache is dropped.
    keys = backend.application(KAYBITSY.id).keys
    keys.forget()
    assert is_erased(replay(backend, KAYBITSY.id).coordinator)


def test_on_sqlite_no_file_keeps_the_erased_name(tmp_path):
    """Not even free pages or write-ahead logs: the files hold no copy of the name."""
    directory = tmp_path / "var"
    backend = SQLiteBackend(directory)
    try:
        for tenant in (REGION, KAYBITSY):
            backend.provision(tenant)
        read = open_read_side(Settings(data_dir=str(directory)), backend)
        assign(backend, KAYBITSY.id)
        ProjectionRunner(backend, read.store, read.views).run_once()
        files = [f for f in directory.rglob("*") if f.is_file()]
        assert any(COORDINATOR.full_name.encode() in f.read_bytes() for f in files)  # in a view
        erase_person(backend, read, KAYBITSY.id, COORDINATOR.full_name)
        for f in directory.rglob("*"):
            if f.is_file():
                data = f.read_bytes()
                assert COORDINATOR.full_name.encode() not in data, f.name
                assert COORDINATOR.contact.encode() not in data, f.name
        assert replay(backend, KAYBITSY.id).curator == CURATOR
        read.store.db.close()
    finally:
        backend.close()


# Codec, without a database --------------------------------------------------------------
class MemoryKeys(KeyStore):
    """The key store's logic over dicts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, Any]] = {}

    def create_table(self) -> None:
        pass

    def _key_for(self, ref, name, new_id, new_key):
        row = next((r for r in self.rows.values() if r["ref"] == ref), None)
        if row is None:
            row = self.rows[new_id] = {"ref": ref, "name": name, "key": new_key, "id": new_id}
        return (row["id"], row["key"]) if row["key"] is not None else None

    def _select_by_id(self, key_id):
        row = self.rows.get(key_id)
        return None if row is None else (row["key"], row["key"] is None)

    def _erase(self, ref, at):
        for row in self.rows.values():
            if row["ref"] == ref and row["key"] is not None:
                row.update(key=None, ref=f"erased:{row['id']}", name=None)
                return row["id"]
        return None

    def _find(self, name):
        return [r["ref"] for r in self.rows.values() if r["name"] == name and r["key"] is not None]


def _before_this_change(event) -> bytes:
    """The encoder as it was before personal data was sealed."""
    state = {k: v for k, v in vars(event).items() if k not in ("originator_id", "originator_version")}
    class_version = getattr(type(event), "class_version", 1)
    if class_version > 1:
        state["class_version"] = class_version
    return msgspec.json.Encoder().encode(state)


def _assigned_event(m) -> Any:
    supported = School.register(m, "s-10", "МБОУ СОШ № 10")
    supported.identify(m, ("low_results",), 2019, BASIS)
    partner = School.register(m, "s-6", "МБОУ СОШ № 6")
    partnership = Partnership.assign(
        m, "p-1", supported, partner, COORDINATOR, CURATOR, MUNICIPAL, date(2019, 4, 30), BASIS
    )
    return [*supported.collect_events(), *partner.collect_events()], partnership


def test_events_without_a_person_encode_byte_for_byte_as_before():
    m = meta(KAYBITSY.id)
    school_events, partnership = _assigned_event(m)
    partnership.conclude_agreement(m, "ПД-1", date(2019, 5, 6), DeadlineRules())
    events = [*school_events, *partnership.collect_events()[1:]]
    assert len(events) == 4
    keys = MemoryKeys()
    for event in events:
        expected = _before_this_change(event)
        assert encode_state(event) == expected
        assert EventMapper(keys=keys).to_stored_event(event).state == expected
        assert b"$person" not in expected
    assert keys.rows == {}  # no key is made for events without people


def test_a_person_is_stored_as_an_envelope_and_opens_only_with_its_key():
    keys = MemoryKeys()
    mapper = EventMapper(keys=keys)
    _, partnership = _assigned_event(meta(KAYBITSY.id))
    [event] = partnership.collect_events()
    stored = mapper.to_stored_event(event)
    state = msgspec.json.decode(stored.state)
    envelope = state["coordinator"]
    assert list(envelope) == ["$person", "n", "c"]
    assert len(base64.b64decode(envelope["n"])) == 12
    assert envelope["$person"] in keys.rows
    assert keys.rows[envelope["$person"]]["name"] == name_ref(COORDINATOR.full_name)
    for secret in SECRETS:
        assert secret.encode() not in stored.state
    # The rest of the event is stored as before.
    plain = msgspec.json.decode(_before_this_change(event))
    assert {k: v for k, v in state.items() if k not in ("coordinator", "curator",
            "municipal_coordinator")} == {k: v for k, v in plain.items() if k not in (
            "coordinator", "curator", "municipal_coordinator")}
    assert list(state) == list(plain)

    decoded = mapper.to_domain_event(stored)
    assert decoded.coordinator == COORDINATOR and decoded.basis == BASIS

    # Moving an envelope to another key id breaks the authentication tag: tampering is loud.
    forged_state = stored.state.replace(
        envelope["$person"].encode(), state["curator"]["$person"].encode(), 1
    )
    with pytest.raises(MapperDeserialisationError):
        mapper.to_domain_event(type(stored)(stored.originator_id, stored.originator_version,
                                            stored.topic, forged_state))

    assert keys.erase(person_ref(COORDINATOR.full_name, COORDINATOR.contact))
    decoded = mapper.to_domain_event(stored)
    assert decoded.coordinator == ERASED_PERSON and decoded.curator == CURATOR
    assert not keys.erase(person_ref(COORDINATOR.full_name, COORDINATOR.contact))


def test_without_a_key_store_a_person_is_neither_stored_nor_read():
    keys = MemoryKeys()
    _, partnership = _assigned_event(meta(KAYBITSY.id))
    [event] = partnership.collect_events()
    with pytest.raises(PersonalDataError):
        EventMapper().to_stored_event(event)
    stored = EventMapper(keys=keys).to_stored_event(event)
    with pytest.raises(MapperDeserialisationError):
        EventMapper().to_domain_event(stored)
