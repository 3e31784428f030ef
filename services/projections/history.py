"""History checkpoints: every view of one tenant as it stood at a chained position of its log.

The views at an instant (services/projections/scratch.py) start from the newest checkpoint taken
before that instant and replay only the tail of the log after it, instead of the whole log. A
checkpoint is taken only over a stretch of the log whose chain verifies (links and seals from the
previous checkpoint on), records the link at its position, and is used only while the stored chain
still has that link there (and, with the chain key, its seal): a rewritten log never reuses one.
A checkpoint holds whole view databases (a scratch SQLite file's bytes, packed with zstd; those
packed with zlib before are still read), so the replay after it is the very replay a full one
would have made: its answer is identical. It is opened in memory, never written to a file.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog
import zstandard

from services.projections.collector import fewer_collections
from services.projections.database import ViewDatabase
from services.projections.memory_db import MemoryViewDatabase
from services.projections.runner import ProjectionRunner
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend
from tenants.chain import seal, verify

log = structlog.get_logger("cascade.projections")

#: Events of a tenant's log between two checkpoints.
EVERY = 500
#: The newest KEEP checkpoints are all kept; older ones, one per SPARSE × `every` positions: a
#: checkpoint holds every view of the tenant, so keeping them all would grow with the square of the
#: log, and an old instant then replays at most SPARSE × `every` events after its checkpoint.
#: Packed with zstd a checkpoint is 0.6 of what zlib made it, so one per 2,000 positions (not
#: 4,000) costs about what the sparser zlib ones did and halves the longest replay.
KEEP, SPARSE = 4, 4
#: zstd level: level 3 packs a checkpoint to 0.6 of zlib level 1 and unpacks it in a tenth of the time.
LEVEL = 3
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def pack(database: bytes) -> bytes:
    """A view database's bytes as a checkpoint stores them."""
    return zstandard.ZstdCompressor(level=LEVEL).compress(database)


def unpack(data: bytes) -> bytes:
    """A checkpoint's database bytes, ready for `deserialize`: zstd, or zlib as packed before.

    Those older ones were WAL files: their header is set back to a rollback journal, which is all
    SQLite opens in memory (the WAL was folded in before they were taken, so nothing is lost).
    """
    if data[:4] == _ZSTD_MAGIC:
        return zstandard.ZstdDecompressor().decompress(data)
    database = zlib.decompress(data)
    if database[18:20] == b"\x02\x02":
        database = database[:18] + b"\x01\x01" + database[20:]
    return database


def thinned(positions: Sequence[int], keep: int, width: int) -> list[int]:
    """The checkpoint positions to drop: all but the first of each `width` positions, the newest
    `keep` excepted (a kept one stays kept, as later checkpoints only come after it)."""
    seen: set[int] = set()
    drop = []
    for position in sorted(positions)[:-keep] if keep else sorted(positions):
        if position // width in seen:
            drop.append(position)
        seen.add(position // width)
    return drop

_TABLE = (
    "CREATE TABLE IF NOT EXISTS projection_history ("
    "tenant TEXT NOT NULL, position BIGINT NOT NULL, head TEXT NOT NULL, latest TEXT NOT NULL, "
    "fingerprint TEXT NOT NULL, data {blob} NOT NULL, PRIMARY KEY (tenant, fingerprint, position))"
)


@dataclass(frozen=True)
class Checkpoint:
    """The views of `tenant` after its events up to `position` (chain link `head`), the newest of
    them recorded at `latest`."""

    tenant: str
    position: int
    head: str
    latest: datetime


class HistoryCheckpoints:
    """Takes (every `every` events of a tenant) and finds the checkpoints of a set of views."""

    def __init__(self, backend: Backend, db: ViewDatabase, views: Sequence[View], every: int = EVERY,
                 keep: int = KEEP, sparse: int = SPARSE) -> None:
        self.backend, self.db, self.views, self.every = backend, db, tuple(views), every
        self.keep, self.width = keep, every * sparse
        shapes = "|".join(sorted(f"{v.name}:{v.fingerprint()}" for v in self.views))
        self.fingerprint = hashlib.sha256(shapes.encode()).hexdigest()[:32]
        with db.transaction() as tx:
            tx.lock("projection-ddl")
            tx.execute(_TABLE.format(blob="BYTEA" if db.dialect == "postgres" else "BLOB"))

    def checkpoints(self, tenant: str) -> list[Checkpoint]:
        rows = self.db.query(
            "SELECT position, head, latest FROM projection_history WHERE tenant = ? AND fingerprint = ? "
            "ORDER BY position", (tenant, self.fingerprint),
        )
        return [Checkpoint(tenant, int(r["position"]), r["head"], datetime.fromisoformat(r["latest"]))
                for r in rows]

    def usable(self, tenant: str, at: datetime) -> Checkpoint | None:
        """The newest checkpoint all of whose events were recorded by `at` and whose chain
        position still verifies."""
        for checkpoint in reversed(self.checkpoints(tenant)):
            if checkpoint.latest <= at and self.verifies(checkpoint):
                return checkpoint
            if checkpoint.latest <= at:
                log.error("history checkpoint disagrees with the chain; not used",
                          tenant=tenant, position=checkpoint.position)
        return None

    def verifies(self, checkpoint: Checkpoint) -> bool:
        """The stored chain still has the checkpoint's link at its position, sealed if sealing."""
        recorder = self.backend.application(checkpoint.tenant).recorder
        if recorder.chain(checkpoint.position - 1, 1) != [(checkpoint.position, checkpoint.head)]:
            return False
        key = getattr(recorder, "chain_key", None)
        if key is None:
            return True
        stored = dict(recorder.seals(checkpoint.position - 1, 1)).get(checkpoint.position)
        return stored is None or stored == seal(key, checkpoint.position, checkpoint.head)

    def restore(self, checkpoint: Checkpoint) -> MemoryViewDatabase:
        """The checkpoint's view database, opened in memory (the caller closes it)."""
        rows = self.db.query(
            "SELECT data FROM projection_history WHERE tenant = ? AND fingerprint = ? AND position = ?",
            (checkpoint.tenant, self.fingerprint, checkpoint.position),
        )
        return MemoryViewDatabase(unpack(bytes(rows[0]["data"])))

    def catch_up(self, tenants: Sequence[str] | None = None) -> int:
        """Take every checkpoint due (each `every` events) for the tenants; how many were taken."""
        taken = 0
        for tenant in tenants if tenants is not None else [t.id for t in self.backend.registry.all()]:
            known = self.checkpoints(tenant)
            base = known[-1] if known else None
            while (base := self._take(tenant, base)) is not None:
                taken += 1
            self._thin(tenant)
        return taken

    def _thin(self, tenant: str) -> None:
        """Drop the old checkpoints `thinned` names, so a tenant's history stays small."""
        drop = thinned([c.position for c in self.checkpoints(tenant)], self.keep, self.width)
        if drop:
            with self.db.transaction() as tx:
                tx.executemany(
                    "DELETE FROM projection_history WHERE tenant = ? AND fingerprint = ? AND position = ?",
                    [(tenant, self.fingerprint, position) for position in drop],
                )

    def _take(self, tenant: str, base: Checkpoint | None) -> Checkpoint | None:
        """The next checkpoint after `base`, if `every` more events are there and their chain verifies."""
        app = self.backend.application(tenant)
        recorder, after = app.recorder, base.position if base else 0
        events = recorder.raw_events(after, self.every)
        if len(events) < self.every:
            return None
        through = events[-1].position
        key = getattr(recorder, "chain_key", None)
        verdict = verify(tenant, events, recorder.chain(after, self.every),
                         since=(base.position, base.head) if base else None, key=key,
                         seals=recorder.seals(after, self.every) if key else ())
        if not verdict.ok or verdict.position != through:
            log.error("log does not verify; no history checkpoint", tenant=tenant,
                      position=verdict.first_bad_position, problem=verdict.problem)
            return None
        notifications = recorder.select_notifications(start=after, limit=self.every, stop=through,
                                                      inclusive_of_start=False)
        latest = max([app.mapper.to_domain_event(n).timestamp for n in notifications]
                     + ([base.latest] if base else []))
        data = self._replayed(tenant, base, through)
        checkpoint = Checkpoint(tenant, through, verdict.head, latest)
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO projection_history (tenant, position, head, latest, fingerprint, data) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, fingerprint, position) DO NOTHING",
                (tenant, through, verdict.head, latest.isoformat(), self.fingerprint, data),
            )
        return checkpoint

    def _replayed(self, tenant: str, base: Checkpoint | None, through: int) -> bytes:
        """The views of one tenant through `through`, from `base` on, packed."""
        db = self.restore(base) if base is not None else MemoryViewDatabase()
        try:
            runner = ProjectionRunner(self.backend, ViewStore(db), self.views, batch=5000)
            runner.through = through
            with fewer_collections():
                runner.run_once(only={tenant})
            if runner.failing:  # a partial replay is no checkpoint
                raise RuntimeError(f"history checkpoint of {tenant} failed: {runner.failing[tenant]}")
            return pack(db.snapshot())
        finally:
            db.close()
