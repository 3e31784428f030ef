"""The `streams` rows of a tenant, parsed, for the length of one transaction of the schedule view.

`_owe` reads every duty-relevant stream of the tenant on each event that may change what is owed;
reading and parsing them from the table each time made a replay quadratic in reads and JSON
decoding (issue 16 goals 4 and 5). Within one transaction (one BoundTx, one batch of events) the
view writes through this memo, so it always equals the table; a new transaction starts it afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

#: The facts as stored (json.dumps text), parsed a few times faster than json.loads does.
_decode = msgspec.json.Decoder().decode

#: (kind, key, school, facts) of a stream.
Stream = tuple[str, str, str, dict[str, Any]]


class StreamsMemo:
    def __init__(self) -> None:
        self.owner: object | None = None
        self.tenants: dict[str, dict[str, Stream]] = {}
        #: tenant -> kind -> stream -> facts with key and school, as `_owe` reads them (never mutated).
        self.flat: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}

    def _own(self, tx: object) -> None:
        if tx is not self.owner:
            self.owner, self.tenants, self.flat = tx, {}, {}

    def by_kind(self, tx: object, tenant: str, load: Callable[[], list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        """Every stream's facts (with `key` and `school`) of the tenant, by kind."""
        self.rows(tx, tenant, load)
        return {kind: list(streams.values()) for kind, streams in self.flat[tenant].items()}

    def has(self, tx: object, tenant: str, kind: str, load: Callable[[], list[dict[str, Any]]]) -> bool:
        """Whether the tenant has a stream of this kind (without listing every kind's)."""
        self.rows(tx, tenant, load)
        return bool(self.flat[tenant].get(kind))

    def _flatten(self, tenant: str, stream: str, row: Stream, before: Stream | None) -> None:
        flat = self.flat.setdefault(tenant, {})
        if before is not None:
            flat.get(before[0], {}).pop(stream, None)
        flat.setdefault(row[0], {})[stream] = {**row[3], "key": row[1], "school": row[2]}

    def rows(self, tx: object, tenant: str, load: Callable[[], list[dict[str, Any]]]) -> dict[str, Stream]:
        """Every stream of the tenant, by stream id (read from the table once per transaction)."""
        self._own(tx)
        if tenant not in self.tenants:
            self.tenants[tenant] = {r["stream"]: (r["kind"], r["key"], r["school"], _decode(r["facts"]))
                                    for r in load()}
            self.flat[tenant] = {}
            for stream, row in self.tenants[tenant].items():
                self._flatten(tenant, stream, row, None)
        return self.tenants[tenant]

    def known(self, tx: object, tenant: str) -> dict[str, Stream] | None:
        """The tenant's streams if already read in this transaction (else ask the table)."""
        self._own(tx)
        return self.tenants.get(tenant)

    def put(self, tx: object, tenant: str, stream: str, kind: str, key: str, school: str, facts: str) -> None:
        """A stream as just written (`facts` as stored: the JSON text)."""
        if (found := self.known(tx, tenant)) is not None:
            before, found[stream] = found.get(stream), (kind, key, school, _decode(facts))
            self._flatten(tenant, stream, found[stream], before)
