"""The intact chain checked in a tight loop: the common case of verification, made cheap.

`tenants.chain.verify` walks any log, however damaged, and names the first bad position. Almost
every log verified is intact, so this loop assumes it is: it hashes the stored bytes page by page
with no per-event objects and the HMAC key's hash states computed once, and gives up (returns None) at the first
thing that is not plain success. The caller then runs `verify` from the start, so a damaged log
gets exactly the report it always got. Same link and seal formulas as tenants/chain.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from uuid import UUID

from tenants.chain import Verdict, genesis

Page = tuple[Sequence[tuple], Sequence[tuple]]
"""Events (position, stream, version, topic, state) and the links (position, hash, seal) of the
same positions."""


def _hmac_pads(key: bytes) -> tuple:
    """HMAC-SHA256 (RFC 2104) as two hash states keyed once: `seal` is outer(inner(message)),
    and copying these costs a third of `hmac.new` or of copying an HMAC object per event."""
    if len(key) > 64:  # the block size: a longer key is hashed first, as hmac does
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return (hashlib.sha256(bytes(b ^ 0x36 for b in key)), hashlib.sha256(bytes(b ^ 0x5C for b in key)))


def verify_intact(tenant_id: str, pages: Iterable[Page], checkpoints: dict[int, str],
                  key: bytes | None = None) -> Verdict | None:
    """The verdict of `tenants.chain.verify` when the log is intact; None when it may not be."""
    sha256 = hashlib.sha256
    inner, outer = _hmac_pads(key) if key is not None else (None, None)
    anchors = dict(checkpoints)
    previous, last, checked = genesis(tenant_id), 0, 0
    anchored_through = unanchored = 0
    unsealed = None
    canonical: dict = {}  # each stream as `link` hashes it: UUID(str(stream)), once per stream
    for events, links in pages:
        if len(events) != len(links):
            return None
        for (position, stream, version, topic, state), (at, stored, stored_seal) in zip(events, links, strict=True):
            if at != position:
                return None
            text = canonical.get(stream)
            if text is None:
                try:
                    text = canonical[stream] = str(UUID(str(stream)))
                except ValueError:  # `verify` meets it too, and says what it says
                    return None
            digest = sha256(f"{previous}\n{position}\n{text}\n{version}\n{topic}\n".encode())
            digest.update(state)
            previous = digest.hexdigest()
            if stored != previous:
                return None
            if inner is not None:
                if stored_seal is None:
                    unsealed = position if unsealed is None else unsealed
                else:
                    sealer = inner.copy()
                    sealer.update(f"{position}\n{previous}".encode())
                    sealed = outer.copy()
                    sealed.update(sealer.digest())
                    if sealed.hexdigest() != stored_seal:
                        return None
            anchor = anchors.pop(position, None) if anchors else None
            if anchor is not None:
                if anchor != previous:
                    return None
                anchored_through, unanchored, unsealed = position, 0, None
            else:
                unanchored += 1
            last = position
            checked += 1
    if anchors or unsealed is not None:
        return None
    return Verdict(True, checked, previous, position=last, anchored_through=anchored_through,
                   unanchored=unanchored)
