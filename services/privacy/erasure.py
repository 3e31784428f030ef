"""Erasure of a person's data on request (152-ФЗ, ст. 14, 21) by crypto-shredding.

The events that name the person stay in the log byte for byte, so the hash chain stays valid;
what goes is the person's key (tenants/keys.py), after which every replay reads the person as
`tenants.mapper.ERASED_PERSON`. Views were built while the key existed, so every view is then
rebuilt from the logs: the new generation never sees the name, and the old one is dropped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from services.projections.database import SQLiteViewDatabase
from services.projections.rebuild import RebuildReport, rebuild
from tenants.backends import Backend
from tenants.person_cipher import person_ref

if TYPE_CHECKING:
    from services.projections.http import ReadSide

log = structlog.get_logger("cascade.privacy")


@dataclass(frozen=True)
class ErasureReport:
    """Which person handles lost their keys in which tenant, and the views rebuilt after."""

    tenant_id: str
    erased: tuple[str, ...]
    """`person_ref` handles (hashes, not names) whose keys were destroyed."""
    rebuilds: tuple[RebuildReport, ...]

    @property
    def views_rebuilt(self) -> int:
        return len(self.rebuilds)


def erase_person(
    backend: Backend, read_side: ReadSide, tenant_id: str, full_name: str, contact: str = ""
) -> ErasureReport:
    """Destroy the keys of a person of one tenant, then rebuild every view.

    With a contact, only the records of that name and contact; without, every record of the
    name whatever its contact. Views are rebuilt even when no live key was left, so a retry
    after an interrupted erasure still clears them. Raises UnknownTenant for an unknown tenant.
    """
    if not full_name.strip():
        raise ValueError("full_name must not be empty")
    keys = backend.application(tenant_id).keys
    if keys is None:
        raise RuntimeError(f"tenant {tenant_id} has no key store")
    refs = [person_ref(full_name, contact)] if contact.strip() else keys.find_refs(full_name)
    erased = tuple(ref for ref in refs if keys.erase(ref))
    log.info("personal data erased", tenant=tenant_id, keys=len(erased))
    rebuilds = tuple(rebuild(backend, read_side.store, view) for view in read_side.views)
    log.info("views rebuilt after erasure", tenant=tenant_id, views=len(rebuilds))
    _purge_dropped_generations(read_side)
    return ErasureReport(tenant_id, erased, rebuilds)


def _purge_dropped_generations(read_side: ReadSide) -> None:
    """Dropped SQLite tables leave their pages in the file and its write-ahead log: rewrite both.

    Best effort (a reader in another process may hold the log); PostgreSQL unlinks the files
    of dropped tables by itself.
    """
    db = read_side.store.db
    if not isinstance(db, SQLiteViewDatabase):
        return
    try:
        conn = sqlite3.connect(db.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        log.warning("could not compact the view database after erasure", exc_info=True)
