"""Per-person keys of a tenant (152-ФЗ crypto-shredding): destroying a key erases the person.

Names and contacts are stored in events encrypted with their person's key (AES-256-GCM, see
tenants/person_cipher.py). The events, and so the hash chain over them, never change; erasure
destroys the key, after which every replay shows the person as erased. A key row stays (with
`erased_at`) as the record that the erasure happened, but loses its lookup handles (`person_ref`,
`name_ref`), so nothing links it to the name any more. The tables are in tenants/key_tables.py.
"""

from __future__ import annotations

import threading
import time
import uuid
from abc import ABC, abstractmethod
from datetime import UTC, datetime

import structlog
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Re-exported for code written against the single keys module (branches merged later);
# new code imports them from tenants.person_cipher.
from tenants.person_cipher import decrypt, encrypt, name_ref, normalise, person_ref

__all__ = ["CACHE_SECONDS", "KEY_BITS", "KeyStore", "decrypt", "encrypt", "name_ref", "normalise",
           "person_ref"]

log = structlog.get_logger("cascade.keys")

KEY_BITS = 256
#: How long a live key is trusted from memory: another process may erase it meanwhile.
CACHE_SECONDS = 30.0


class KeyStore(ABC):
    """One tenant's person keys, in the tenant's own storage, cached in memory."""

    def __init__(self, cache_seconds: float = CACHE_SECONDS) -> None:
        self.cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._by_ref: dict[str, tuple[str, bytes, float]] = {}
        self._by_id: dict[str, tuple[bytes | None, float]] = {}

    # Public API ----------------------------------------------------------------------
    def key_for(self, ref: str, name: str | None = None) -> tuple[str, bytes]:
        """The person's (key id, key), created on first use; safe under concurrent writers.

        `name` is the person's `name_ref`, recorded with a new key so that `find_refs` finds it.
        """
        now = time.monotonic()
        cached = self._by_ref.get(ref)
        if cached is not None and cached[2] > now:
            return cached[0], cached[1]
        for _ in range(3):  # an erasure may take the handle between the insert and the select
            found = self._key_for(
                ref, name, uuid.uuid4().hex, AESGCM.generate_key(bit_length=KEY_BITS)
            )
            if found is not None:
                self._remember(found[0], found[1], ref)
                return found
        raise RuntimeError("the person's key was erased while being created; retry")

    def get(self, key_id: str) -> bytes | None:
        """The key, or None once erased (or never known)."""
        now = time.monotonic()
        cached = self._by_id.get(key_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        row = self._select_by_id(key_id)
        if row is None:
            return None
        key, erased = row
        if key is None or erased:
            with self._lock:
                self._by_id[key_id] = (None, float("inf"))  # an erasure is forever
            return None
        self._remember(key_id, key)
        return key

    def erase(self, ref: str) -> bool:
        """Destroy the person's key: False when there was no live key for this handle."""
        key_id = self._erase(ref, datetime.now(UTC))
        with self._lock:
            self._by_ref.pop(ref, None)
            if key_id is not None:
                self._by_id[key_id] = (None, float("inf"))
        if key_id is None:
            return False
        try:
            self._purge()
        except Exception:  # the key is gone from the table; leftovers are the database's own
            log.warning("purge after erasure failed", exc_info=True)
        return True

    def find_refs(self, full_name: str) -> list[str]:
        """Handles of the live keys of every person with this full name (any contact)."""
        return self._find(name_ref(full_name))

    def forget(self) -> None:
        """Drop the memory cache (another process may have erased keys)."""
        with self._lock:
            self._by_ref.clear()
            self._by_id.clear()

    def _remember(self, key_id: str, key: bytes, ref: str | None = None) -> None:
        expires = time.monotonic() + self.cache_seconds
        with self._lock:
            erased = self._by_id.get(key_id)
            if erased is not None and erased[0] is None:
                return  # erased meanwhile in this process
            self._by_id[key_id] = (key, expires)
            if ref is not None:
                self._by_ref[ref] = (key_id, key, expires)

    # Storage -------------------------------------------------------------------------
    @abstractmethod
    def create_table(self) -> None:
        """Create the key table if missing."""

    @abstractmethod
    def _key_for(
        self, ref: str, name: str | None, new_id: str, new_key: bytes
    ) -> tuple[str, bytes] | None:
        """Insert unless the handle exists, then read the handle's key (None if gone)."""

    @abstractmethod
    def _select_by_id(self, key_id: str) -> tuple[bytes | None, bool] | None:
        """(key, erased) of a key id, or None for an unknown id."""

    @abstractmethod
    def _erase(self, ref: str, at: datetime) -> str | None:
        """Null the key and the handles of a live row; its key id, or None."""

    @abstractmethod
    def _find(self, name: str) -> list[str]:
        """Live handles with this name handle."""

    def _purge(self) -> None:
        """Best effort: leave no old copy of erased keys in the database files."""
