"""Signed checkpoints of the installation: every tenant's chain head, in a root log and a witness.

Each checkpoint body is canonical JSON: `seq`, `previous` (sha256 of the previous body), `at`,
`key` (id of the signing key) and `heads` ({tenant: [position, head]} of the chains that moved),
signed with the installation key (Ed25519). The newest one is also written to the witness file,
outside the database: deleting root log entries then shows as a witness the log no longer holds.
Outside parties keep exported copies and check them with the published public key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from services.audit.signing import InstallationKey, key_id, signature_valid
from tenants.root_log import RootEntry, RootLog

FORMAT = "cascade-signed-checkpoint"


def canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def exported(entry: RootEntry) -> dict:
    """A signed checkpoint as handed out: its body as text and its signature in base64."""
    return {"kind": "signed-checkpoint", "seq": entry.seq, "body": entry.body.decode(),
            "signature": base64.b64encode(entry.signature).decode()}


def imported(line: dict) -> RootEntry:
    return RootEntry(int(line["seq"]), line["body"].encode(), base64.b64decode(line["signature"]))


@dataclass
class RootAnchors:
    """What a verified root log anchors: each tenant's heads by position, or why it is not to be trusted."""

    heads: dict[str, dict[int, str]] = field(default_factory=dict)
    problem: str | None = None
    seq: int = 0
    digest: str = ""
    """sha256 of the newest verified body: the next one's `previous`."""

    def failed(self, problem: str) -> RootAnchors:
        return RootAnchors(self.heads, problem, self.seq, self.digest)


def read_root(
    entries: list[RootEntry], public_pem: str, witness: RootEntry | None, start: RootAnchors | None = None
) -> RootAnchors:
    """Check signatures, sequence and links of the root log, and that it still holds the witness.

    With `start` (a prefix verified before), `entries` are those after it.
    """
    start = start or RootAnchors()
    anchors = RootAnchors({t: dict(h) for t, h in start.heads.items()}, None, start.seq, start.digest)
    seen = {start.seq: start.digest}
    for expected, entry in enumerate(entries, start=start.seq + 1):
        if entry.seq != expected:
            return anchors.failed(f"root log: checkpoint {expected} is missing")
        body = json.loads(entry.body)
        if not signature_valid(public_pem, entry.body, entry.signature) or body.get("seq") != entry.seq:
            return anchors.failed(f"root log: checkpoint {entry.seq} is not signed by this installation")
        if body.get("previous") != anchors.digest:
            return anchors.failed(f"root log: checkpoint {entry.seq} does not follow {entry.seq - 1}")
        for tenant, (position, head) in body["heads"].items():
            anchors.heads.setdefault(tenant, {})[int(position)] = head
        anchors.seq, anchors.digest = entry.seq, body_digest(entry.body)
        seen[entry.seq] = anchors.digest
    if witness is not None:
        held = seen.get(witness.seq)
        if witness.seq > anchors.seq or (held is not None and held != body_digest(witness.body)):
            return anchors.failed(f"root log: the witness holds checkpoint {witness.seq}, the log does not")
    return anchors


class Notary:
    """Signs checkpoints into the root log and keeps the newest one in the witness file."""

    def __init__(self, key: InstallationKey, witness: Path) -> None:
        self.key = key
        self.witness = witness
        self._verified = RootAnchors()
        """The prefix of the root log already verified: each round reads only what follows."""
        self._lock = threading.Lock()

    @property
    def public_pem(self) -> str:
        return self.key.public_pem

    def read_witness(self) -> RootEntry | None:
        if not self.witness.exists():
            return None
        return imported(json.loads(self.witness.read_text(encoding="utf-8")))

    def anchors(self, log: RootLog, whole: bool = False) -> RootAnchors:
        """The verified root log: the known prefix (if it is still there, unchanged), then the rest.

        `whole` checks every entry again, as an audit must: an older entry may have been edited since.
        """
        with self._lock:
            start = RootAnchors() if whole else self._verified
            if start.seq:
                held = log.entries(start.seq - 1, 1)
                if not held or held[0].seq != start.seq or body_digest(held[0].body) != start.digest:
                    start = RootAnchors()  # the verified prefix changed: read it all again to say where
            entries: list[RootEntry] = []
            while page := log.entries(entries[-1].seq if entries else start.seq):
                entries.extend(page)
            anchors = read_root(entries, self.public_pem, self.read_witness(), start)
            if anchors.problem is None:
                self._verified = anchors
            return anchors

    def sign(self, log: RootLog, heads: dict[str, tuple[int, str]]) -> RootEntry | None:
        """Append a checkpoint of the moved heads; refused (ValueError) when the log lost its witness."""
        latest, witness = log.latest(), self.read_witness()
        if witness is not None and (latest is None or latest.seq < witness.seq
                                    or (latest.seq == witness.seq and latest.body != witness.body)):
            raise ValueError(f"root log: the witness holds checkpoint {witness.seq}, the log does not")
        if not heads:
            return None
        seq = (latest.seq if latest else 0) + 1
        body = canonical({
            "format": FORMAT, "seq": seq, "previous": body_digest(latest.body) if latest else "",
            "at": datetime.now(UTC).isoformat(), "key": key_id(self.public_pem),
            "heads": {tenant: [position, head] for tenant, (position, head) in sorted(heads.items())},
        })
        entry = RootEntry(seq, body, self.key.sign(body))
        if not log.append(entry):
            return None  # another process signed this seq first; the next round catches up
        self._keep(entry)
        return entry

    def _keep(self, entry: RootEntry) -> None:
        """Write the witness atomically: a crash leaves the old one or the new one, never half."""
        self.witness.parent.mkdir(parents=True, exist_ok=True)
        partial = self.witness.with_suffix(".partial")
        partial.write_text(json.dumps(exported(entry)) + "\n", encoding="utf-8")
        os.replace(partial, self.witness)
