"""A view: tables built from events; each exists in generations so a rebuild never stops readers.

SQL naming convention (the only one): statements name a view's tables by their logical name in
braces, `SELECT * FROM {<table>}`, and `Tables.sql` (or `BoundTx`) puts in the physical name of
the generation, `v_<view>_<table>_g<n>`. In an f-string the braces are doubled.
Only the model's projection.py (writer) and queries.py (reader) name its tables.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from domain.base import CascadeAggregate
from services.projections.database import ViewTx
from tenants.registry import Tenant

_NAME = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Index:
    """An index of one of the view's tables, on these columns (named per generation by the store)."""

    table: str
    columns: str


@dataclass(frozen=True)
class Tables:
    """Physical names of a view's tables in one generation: `{<table>}` -> `v_<view>_<table>_g<n>`."""

    view: str
    generation: int
    logical: tuple[str, ...]

    def physical(self, name: str) -> str:
        if name not in self.logical:
            raise KeyError(f"view {self.view} has no table {name!r}")
        return f"v_{self.view}_{name}_g{self.generation}"

    def index_sql(self, index: Index) -> str:
        """Index names are unique per generation too: `<physical table>_ix<n>`.

        `n` hashes the statement as views used to write it, so databases built before keep their
        index names and `IF NOT EXISTS` still finds them.
        """
        written = f"CREATE INDEX IF NOT EXISTS {{ix}} ON {{{index.table}}} ({index.columns})"
        table = self.physical(index.table)
        name = f"{table}_ix{zlib.crc32(written.encode()) % 100_000}"
        return f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({index.columns})"

    def sql(self, template: str) -> str:
        """Replace `{table}` placeholders by the physical names of this generation."""
        return _sql(self, template)


@lru_cache(maxsize=8192)
def _sql(tables: Tables, template: str) -> str:
    """`Tables.sql`, computed once per generation and statement: views run the same few
    statements for every event, and the substitution was a tenth of a replay's time."""
    return _NAME.sub(lambda m: tables.physical(m.group(1)), template)


@dataclass(frozen=True)
class Mark:
    """A live batch of one tenant: the view's (position, parked events) before it and after its commit.

    A view may keep state for the tenant's next batch when that one starts where this one ended
    (the runner's `scope`: its view database); nobody else wrote the rows in between then.
    """

    scope: object
    tenant: str
    since: tuple[int, int]
    after: tuple[int, int]


class BoundTx:
    """A transaction bound to one view generation: SQL names logical tables in braces."""

    def __init__(self, tx: ViewTx, tables: Tables, mark: Mark | None = None) -> None:
        self.tx = tx
        self.tables = tables
        self.mark = mark

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.tx.execute(self.tables.sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.tx.executemany(self.tables.sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.tx.query(self.tables.sql(sql), params)


class View(ABC):
    """Subclasses declare their tables and fold events into them; queries live beside them."""

    #: Stable name, used in table names, tracking rows and `cascade rebuild NAME`.
    name: ClassVar[str]
    #: logical table -> CREATE TABLE statement naming it (and only it) as `{logical}` (portable SQL).
    schema: ClassVar[dict[str, str]]
    #: Indexes created with the tables, each on a table named by its logical name.
    indexes: ClassVar[tuple[Index, ...]] = ()
    #: The indexes the view's own writes search by (None: all of them): the only ones a rebuild's
    #: scratch fold maintains (services/projections/rebuild.py).
    writer_indexes: ClassVar[tuple[Index, ...] | None] = None
    #: Bumped by hand when the rows a view writes change meaning without a change of its tables
    #: (a new rule, a fixed computation): the store then rebuilds the view at the next start.
    revision: ClassVar[int] = 1

    @abstractmethod
    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        """Apply one event of a tenant's log; ignore what the view does not show."""

    def committed(self, tx: BoundTx) -> None:
        """The transaction `tx` was bound to has committed (views keeping state between batches)."""

    @classmethod
    def tables(cls, generation: int) -> Tables:
        return Tables(cls.name, generation, tuple(cls.schema))

    @classmethod
    def fingerprint(cls) -> str:
        """What the stored rows of a generation depend on: tables, columns, indexes, revision.

        Whitespace in the statements does not count; a generation whose recorded fingerprint
        differs is rebuilt from position 0 when a projector or server starts (ViewStore.reconcile).
        """
        shape = {
            "schema": {table: " ".join(sql.split()) for table, sql in sorted(cls.schema.items())},
            "indexes": [[index.table, " ".join(index.columns.split())] for index in cls.indexes],
            "revision": cls.revision,
        }
        digest = hashlib.sha256(json.dumps(shape, sort_keys=True, ensure_ascii=False).encode())
        return f"r{cls.revision}-{digest.hexdigest()[:16]}"
