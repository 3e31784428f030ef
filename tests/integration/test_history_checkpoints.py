"""Issue 16 goal 5: the views at an instant from a history checkpoint plus the tail equal a full
replay, on both backends; a checkpoint whose chain position does not verify is not used."""

from __future__ import annotations

import sqlite3
import time
import zlib
from datetime import UTC, datetime

from cascade.app import open_read_side
from cascade.settings import Settings
from services.projections import runner
from services.projections.failures import decode
from services.projections.history import HistoryCheckpoints, thinned, unpack
from services.projections.scratch import ScratchReplays
from tests.integration.test_projections import KAYBITSY, LENINOGORSK, REGION, write_schools


def _until_the_clock_passes(instant: datetime) -> None:
    deadline = time.monotonic() + 5
    while datetime.now(UTC) <= instant:
        assert time.monotonic() < deadline, "the clock did not move"


def _everything(store, views) -> dict[str, list[tuple]]:
    found = {}
    for view in views:
        tables = store.reader_tables(type(view))
        for name in view.schema:
            rows = store.db.query(f"SELECT * FROM {tables.physical(name)}")
            found[f"{view.name}.{name}"] = sorted(tuple(str(v) for v in r.values()) for r in rows)
    return found


def _positions(store, views) -> dict[str, dict[str, int]]:
    return {v.name: store.positions(type(v), store.ensure_live(type(v))) for v in views}


def test_views_at_an_instant_from_a_checkpoint_equal_a_full_replay(backend, tmp_path):
    for tenant in (REGION, KAYBITSY, LENINOGORSK):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 25)
    write_schools(backend, LENINOGORSK.id, 3)
    instant = datetime.now(UTC)
    _until_the_clock_passes(instant)
    write_schools(backend, KAYBITSY.id, 10, start=25)  # after the instant: not shown
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    history = HistoryCheckpoints(backend, read.store.db, read.views, every=10)
    from_checkpoints = ScratchReplays(backend, read.views, history=history)
    full = ScratchReplays(backend, read.views)
    try:
        assert history.catch_up([KAYBITSY.id]) == 3  # at the 10th, 20th and 30th event
        assert history.usable(KAYBITSY.id, instant).position == 20  # the 30th came after it
        replayed = full.store_at([KAYBITSY.id], instant)
        answer = from_checkpoints.store_at([KAYBITSY.id], instant)
        assert _everything(answer, read.views) == _everything(replayed, read.views)
        assert _positions(answer, read.views) == _positions(replayed, read.views)
        assert len([r for r in _everything(answer, read.views)["audit.events"]]) == 25

        # A checkpoint whose link no longer matches the chain at its position is passed over.
        read.store.db.query("UPDATE projection_history SET head = ? WHERE position = 20", ("0" * 64,))
        assert history.usable(KAYBITSY.id, instant).position == 10
        later = from_checkpoints.store_at([KAYBITSY.id], datetime.now(UTC))
        assert len(_everything(later, read.views)["audit.events"]) == 35
    finally:
        from_checkpoints.close()
        full.close()
        read.store.db.close()


def test_old_checkpoints_are_thinned_to_one_per_stretch_and_the_newest_all_kept():
    # Checkpoints every 10 events; the newest 2 kept; older ones one per 40 positions.
    taken = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert thinned(taken, keep=2, width=40) == [20, 30, 50, 60, 70]
    kept = sorted(set(taken) - set(thinned(taken, keep=2, width=40)))
    assert kept == [10, 40, 80, 90, 100]
    # A kept old checkpoint stays kept when later ones come; the ones no longer newest go.
    assert thinned([*kept, 110, 120], keep=2, width=40) == [90, 100]


def test_a_thinned_history_still_answers_an_old_instant_as_a_full_replay(backend, tmp_path):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 6)
    instant = datetime.now(UTC)
    _until_the_clock_passes(instant)
    write_schools(backend, KAYBITSY.id, 30, start=6)
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    history = HistoryCheckpoints(backend, read.store.db, read.views, every=2, keep=2, sparse=4)
    from_checkpoints = ScratchReplays(backend, read.views, history=history)
    full = ScratchReplays(backend, read.views)
    try:
        taken = history.catch_up([KAYBITSY.id])
        positions = [c.position for c in history.checkpoints(KAYBITSY.id)]
        assert taken == 18 and len(positions) < taken
        assert thinned(positions, keep=2, width=8) == []  # what is left is already thin
        answer = from_checkpoints.store_at([KAYBITSY.id], instant)
        replayed = full.store_at([KAYBITSY.id], instant)
        assert _everything(answer, read.views) == _everything(replayed, read.views)
        assert len(_everything(answer, read.views)["audit.events"]) == 6
    finally:
        from_checkpoints.close()
        full.close()
        read.store.db.close()


def _as_packed_before(database: bytes, directory) -> bytes:
    """A checkpoint as zlib packed it before zstd: the bytes of a WAL-mode SQLite file."""
    path = directory / "old.sqlite"
    path.write_bytes(database)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    old = path.read_bytes()
    assert old[18:20] == b"\x02\x02"  # what deserialize alone would refuse
    return zlib.compress(old, 1)


def test_a_checkpoint_packed_with_zlib_before_still_answers_as_a_full_replay(backend, tmp_path):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 12)
    instant = datetime.now(UTC)
    _until_the_clock_passes(instant)
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    history = HistoryCheckpoints(backend, read.store.db, read.views, every=10)
    from_checkpoints = ScratchReplays(backend, read.views, history=history)
    full = ScratchReplays(backend, read.views)
    try:
        assert history.catch_up([KAYBITSY.id]) == 1
        (data,) = [bytes(r["data"]) for r in read.store.db.query("SELECT data FROM projection_history")]
        assert data[:4] == b"\x28\xb5\x2f\xfd"  # packed with zstd now
        old = _as_packed_before(unpack(data), tmp_path)
        read.store.db.query("UPDATE projection_history SET data = ?", (old,))
        assert unpack(old)[18:20] == b"\x01\x01"
        answer = from_checkpoints.store_at([KAYBITSY.id], instant)
        assert history.usable(KAYBITSY.id, instant).position == 10
        replayed = full.store_at([KAYBITSY.id], instant)
        assert _everything(answer, read.views) == _everything(replayed, read.views)
        assert _positions(answer, read.views) == _positions(replayed, read.views)
        assert len(_everything(answer, read.views)["audit.events"]) == 12
    finally:
        from_checkpoints.close()
        full.close()
        read.store.db.close()


def test_events_after_the_instant_are_not_decoded_and_the_answer_is_a_full_decodes(backend, tmp_path, monkeypatch):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 7)
    instant = datetime.now(UTC)
    _until_the_clock_passes(instant)
    write_schools(backend, KAYBITSY.id, 5, start=7)
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    app = backend.application(KAYBITSY.id)
    mapper = type(app.mapper)
    decoded: list[int] = []
    to_domain_event = mapper.to_domain_event

    def counted(self, stored):
        decoded.append(stored.id)
        return to_domain_event(self, stored)

    monkeypatch.setattr(mapper, "to_domain_event", counted)
    probed, reference = ScratchReplays(backend, read.views), ScratchReplays(backend, read.views)
    try:
        answer = probed.store_at([KAYBITSY.id], instant)
        assert sorted(decoded) == list(range(1, 8))  # the 5 recorded after the instant: never decoded
        monkeypatch.setattr(runner, "decode_until", lambda app, n, until: decode(app, n))  # decode all, as before
        replayed = reference.store_at([KAYBITSY.id], instant)
        assert len(decoded) == 7 + 12
        assert _everything(answer, read.views) == _everything(replayed, read.views)
        assert _positions(answer, read.views) == _positions(replayed, read.views)
        assert len(_everything(answer, read.views)["audit.events"]) == 7
    finally:
        probed.close()
        reference.close()
        read.store.db.close()
