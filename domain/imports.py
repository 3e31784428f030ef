"""An import of a file into a tenant: which file (by its content's hash) and what it wrote.

Recorded once per file and tenant, so the audit trail names every import with its counts and a
re-upload of the same file is recognised (docs/imports.md).
"""

from __future__ import annotations

import hashlib
from uuid import UUID

from domain.base import CascadeAggregate, InvalidValue, Provenance

IMPORT_KINDS = ("schools", "results")


def file_digest(content: bytes) -> str:
    """The file's identity: SHA-256 of its bytes, hex."""
    return hashlib.sha256(content).hexdigest()


class FileImport(CascadeAggregate):
    """One file imported into a tenant, keyed by kind and content hash."""

    stream_kind = "import"

    class Recorded(CascadeAggregate.Created):
        kind: str
        source: str
        sha256: str
        rows: int
        written: int
        unchanged: int
        refused: int

    @staticmethod
    def key_for(kind: str, sha256: str) -> str:
        return f"{kind}.{sha256[:40]}"

    @staticmethod
    def create_id(meta: Provenance, kind: str, sha256: str) -> UUID:
        return FileImport.stream_for(meta.tenant_id, FileImport.key_for(kind, sha256))

    @classmethod
    def record(
        cls, meta: Provenance, kind: str, source: str, sha256: str, counts: tuple[int, int, int, int]
    ) -> FileImport:
        """`counts`: rows in the file, rows written, rows already registered the same, rows refused."""
        if kind not in IMPORT_KINDS:
            raise InvalidValue("kind", "must be one of {choices}", choices=', '.join(IMPORT_KINDS))
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise InvalidValue("sha256", "must be the file's SHA-256, 64 hex digits")
        rows, written, unchanged, refused = counts
        return cls._create(cls.Recorded, meta=meta, kind=kind, source=source, sha256=sha256, rows=rows,
                           written=written, unchanged=unchanged, refused=refused)

    def __init__(self, meta: Provenance, kind: str, source: str, sha256: str, rows: int,
                 written: int, unchanged: int, refused: int) -> None:
        self.kind, self.source, self.sha256 = kind, source, sha256
        self.counts = (rows, written, unchanged, refused)
