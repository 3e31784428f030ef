"""Where a tenant's person keys are stored: a table beside its log, in SQLite or PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg.sql import SQL, Identifier

from tenants.keys import CACHE_SECONDS, KeyStore


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
