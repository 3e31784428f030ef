"""Per-person keys of a tenant (152-ФЗ crypto-shredding): destroying a key erases the person.

Names and contacts are stored in events encrypted with their person's key (AES-256-GCM). The
events, and so the hash chain over them, never change; erasure destroys the key, after which
every replay shows the person as erased. A key row stays (with `erased_at`) as the record that
the erasure happened, but loses its lookup handles, so nothing links it to the name any more.

`person_ref` is the lookup handle: sha256 of the normalised full name and contact, and
`name_ref` the same of the name alone (to find every record of a name whatever its contact).
Neither is the name itself, though a hash of a known name can be tested against them: that is
why erasure drops them too.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import unicodedata
import uuid
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import Any

import structlog
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg.sql import SQL, Identifier

log = structlog.get_logger("cascade.keys")

NONCE_BYTES = 12
KEY_BITS = 256
#: How long a live key is trusted from memory: another process may erase it meanwhile.
CACHE_SECONDS = 30.0

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Same person, same handle: Unicode NFKC, case-folded, ё as е, single inner spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip()


def name_ref(full_name: str) -> str:
    """Handle of every record of a full name, whatever its contact."""
    return hashlib.sha256(f"cascade-person-name\n{normalise(full_name)}".encode()).hexdigest()


def person_ref(full_name: str, contact: str = "") -> str:
    """Handle of one person's key: the normalised full name and contact, hashed."""
    payload = f"cascade-person\n{normalise(full_name)}\n{normalise(contact)}"
    return hashlib.sha256(payload.encode()).hexdigest()


def encrypt(key_id: str, key: bytes, plaintext: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) under the person's key, bound to the key id."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, key_id.encode())


def decrypt(key_id: str, key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    """Raises cryptography.exceptions.InvalidTag when the ciphertext or the key id was altered."""
    return AESGCM(key).decrypt(nonce, ciphertext, key_id.encode())


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


class SQLiteKeyStore(KeyStore):
    """`person_keys` in the tenant's SQLite file (the datastore of its log)."""

    table = "person_keys"

    def __init__(self, datastore: Any, cache_seconds: float = CACHE_SECONDS) -> None:
        super().__init__(cache_seconds)
        self.datastore = datastore

    def create_table(self) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} ("
                "key_id TEXT PRIMARY KEY, person_ref TEXT NOT NULL UNIQUE, name_ref TEXT, "
                "key BLOB, erased_at TEXT)"
            )

    def _key_for(
        self, ref: str, name: str | None, new_id: str, new_key: bytes
    ) -> tuple[str, bytes] | None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {self.table} (key_id, person_ref, name_ref, key) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (person_ref) DO NOTHING",
                (new_id, ref, name, new_key),
            )
            c.execute(f"SELECT key_id, key FROM {self.table} WHERE person_ref = ?", (ref,))
            row = c.fetchone()
        if row is None or row["key"] is None:
            return None
        return row["key_id"], bytes(row["key"])

    def _select_by_id(self, key_id: str) -> tuple[bytes | None, bool] | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT key, erased_at FROM {self.table} WHERE key_id = ?", (key_id,))
            row = c.fetchone()
        if row is None:
            return None
        return (bytes(row["key"]) if row["key"] is not None else None), row["erased_at"] is not None

    def _erase(self, ref: str, at: datetime) -> str | None:
        with self.datastore.get_connection(commit=True) as conn:
            with conn.cursor() as pragma:
                pragma.execute("PRAGMA secure_delete = ON")  # zero the freed bytes
            try:
                with conn.transaction(commit=True) as c:
                    c.execute(
                        f"SELECT key_id FROM {self.table} WHERE person_ref = ? AND key IS NOT NULL",
                        (ref,),
                    )
                    row = c.fetchone()
                    if row is None:
                        return None
                    c.execute(
                        f"UPDATE {self.table} SET key = NULL, erased_at = ?, "
                        "person_ref = 'erased:' || key_id, name_ref = NULL WHERE key_id = ?",
                        (at.isoformat(), row["key_id"]),
                    )
                    return str(row["key_id"])
            finally:
                with conn.cursor() as pragma:
                    pragma.execute("PRAGMA secure_delete = OFF")

    def _find(self, name: str) -> list[str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT person_ref FROM {self.table} WHERE name_ref = ? AND key IS NOT NULL "
                "ORDER BY person_ref",
                (name,),
            )
            return [r["person_ref"] for r in c.fetchall()]

    def _purge(self) -> None:
        """Old page images of the key may sit in the write-ahead log: checkpoint and empty it."""
        with self.datastore.get_connection(commit=True) as conn:
            with conn.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


class PostgresKeyStore(KeyStore):
    """`t_<tenant>_person_keys` beside the tenant's other tables on the shared datastore."""

    def __init__(self, datastore: Any, table: str, cache_seconds: float = CACHE_SECONDS) -> None:
        super().__init__(cache_seconds)
        if len(table) > 63:
            raise ValueError(f"identifier too long: {table}")
        self.datastore = datastore
        self.table_name = table
        self._table = Identifier(datastore.schema, table)

    def create_table(self) -> None:
        with self.datastore.transaction(commit=True) as curs:
            # Two processes opening the tenant at once must not race on the catalogue.
            curs.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.table_name,))
            curs.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} (key_id text PRIMARY KEY, "
                    "person_ref text NOT NULL UNIQUE, name_ref text, key bytea, "
                    "erased_at timestamptz)"
                ).format(self._table)
            )

    def _key_for(
        self, ref: str, name: str | None, new_id: str, new_key: bytes
    ) -> tuple[str, bytes] | None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL(
                    "INSERT INTO {} (key_id, person_ref, name_ref, key) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (person_ref) DO NOTHING"
                ).format(self._table),
                (new_id, ref, name, new_key),
            )
            curs.execute(
                SQL("SELECT key_id, key FROM {} WHERE person_ref = %s").format(self._table), (ref,)
            )
            row = curs.fetchone()
        if row is None or row["key"] is None:
            return None
        return row["key_id"], bytes(row["key"])

    def _select_by_id(self, key_id: str) -> tuple[bytes | None, bool] | None:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL("SELECT key, erased_at FROM {} WHERE key_id = %s").format(self._table),
                (key_id,),
            )
            row = curs.fetchone()
        if row is None:
            return None
        return (bytes(row["key"]) if row["key"] is not None else None), row["erased_at"] is not None

    def _erase(self, ref: str, at: datetime) -> str | None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL(
                    "UPDATE {} SET key = NULL, erased_at = %s, person_ref = 'erased:' || key_id, "
                    "name_ref = NULL WHERE person_ref = %s AND key IS NOT NULL RETURNING key_id"
                ).format(self._table),
                (at, ref),
            )
            row = curs.fetchone()
        return None if row is None else str(row["key_id"])

    def _find(self, name: str) -> list[str]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL(
                    "SELECT person_ref FROM {} WHERE name_ref = %s AND key IS NOT NULL "
                    "ORDER BY person_ref"
                ).format(self._table),
                (name,),
            )
            return [r["person_ref"] for r in curs.fetchall()]

    def _purge(self) -> None:
        """The old row version keeps the key bytes until the table is rewritten."""
        with self.datastore.get_connection() as conn:
            conn.execute(SQL("VACUUM FULL {}").format(self._table))
